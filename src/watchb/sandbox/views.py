"""HTTP for the sandbox: the envelope of each fake API (method, injected faults, key, JSON), around
the pure renderers in `tmdb.py` and `kmdb.py`, and the two image servers (`images.py`)."""

import functools

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from . import faults, images, kmdb, tmdb
from .conf import current_world, today

_JSON = "application/json;charset=utf-8"
_SVG = "image/svg+xml"
# A file's bytes never change (they derive from its path), so caches may keep it for a year.
_IMAGE_CACHE = "public, max-age=31536000, immutable"

# Injected failure -> TMDB status code for the same situation.
_TMDB_FAULT_CODES = {429: 25, 500: 11, 502: 43, 503: 9, 504: 24}
_KMDB_FAULT_MESSAGES = {
    429: "요청 한도를 초과했습니다. (too many requests)",
    500: "서버 오류가 발생했습니다. (internal error)",
    502: "검색 서버에 연결할 수 없습니다. (bad gateway)",
    503: "서비스 점검 중입니다. (service unavailable)",
    504: "검색 서버 응답 시간이 초과되었습니다. (gateway timeout)",
}


def _json(body: dict, status: int = 200, headers: dict | None = None) -> JsonResponse:
    response = JsonResponse(body, status=status, content_type=_JSON, json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _retry_headers(status: int) -> dict:
    return {"Retry-After": str(settings.SANDBOX_RETRY_AFTER)} if status in (429, 503) else {}


def _bearer(request) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def tmdb_endpoint(view):
    """Wrap a view returning a TMDB body: GET only, faults, `api_key` or `Bearer`, TMDB errors."""

    @csrf_exempt
    @functools.wraps(view)
    def endpoint(request, *args, **kwargs):
        try:
            if request.method not in ("GET", "HEAD"):
                raise tmdb.TmdbError(42)
            fault = faults.next_fault()
            if fault:
                raise tmdb.TmdbError(_TMDB_FAULT_CODES[fault], _retry_headers(fault))
            key = request.GET.get("api_key") or _bearer(request)
            if key != settings.SANDBOX_API_KEY:
                raise tmdb.TmdbError(7)
            return _json(view(request, *args, **kwargs))
        except tmdb.TmdbError as error:
            return _json(error.body, error.http_status, error.headers)

    return endpoint


@tmdb_endpoint
def tmdb_discover(request):
    return tmdb.discover(current_world(), request.GET, int(settings.SANDBOX_TMDB_MAX_PAGES))


@tmdb_endpoint
def tmdb_movie(request, movie_id: int):
    movie = tmdb.find_movie(current_world(), movie_id)
    append = tmdb.parse_append(request.GET.get("append_to_response"))
    return tmdb.detail(movie, tmdb.language_of(request.GET.get("language")), append)


@tmdb_endpoint
def tmdb_movie_part(request, movie_id: int, part: str):
    """`/movie/{id}/credits` and its siblings: the appendable parts on their own, with the film id."""
    if part not in tmdb.APPENDABLE:
        raise tmdb.TmdbError(34)
    movie = tmdb.find_movie(current_world(), movie_id)
    return {"id": movie.tmdb_id, **tmdb.APPENDABLE[part](movie, tmdb.language_of(request.GET.get("language")))}


@tmdb_endpoint
def tmdb_changes(request):
    return tmdb.changes(current_world(), request.GET, today())


@tmdb_endpoint
def tmdb_genres(request):
    return tmdb.genre_list(current_world(), tmdb.language_of(request.GET.get("language")))


@tmdb_endpoint
def tmdb_configuration(request):
    return tmdb.configuration(tmdb_image_base_url(request))


@tmdb_endpoint
def tmdb_not_found(request, path: str = ""):
    raise tmdb.TmdbError(34)


@csrf_exempt
def kmdb_search(request):
    """KMDb `search_json2.jsp`. A missing or wrong `ServiceKey` answers 401 with an `Error` message:
    the real service's answer to a bad key is not documented, and a clear failure beats an empty
    result a crawler would take for "no films"."""
    try:
        if request.method not in ("GET", "HEAD", "POST"):
            raise kmdb.KmdbError(405, f"method {request.method} is not allowed")
        params = request.GET if request.method != "POST" else request.POST
        fault = faults.next_fault()
        if fault:
            error = kmdb.KmdbError(fault, _KMDB_FAULT_MESSAGES[fault])
            return _json(error.body, fault, _retry_headers(fault))
        if params.get("ServiceKey") != settings.SANDBOX_API_KEY:
            raise kmdb.KmdbError(401, "인증키가 유효하지 않습니다. (ServiceKey is missing or invalid)")
        return _json(kmdb.search(current_world(), params, kmdb_image_base_url(request)))
    except kmdb.KmdbError as error:
        return _json(error.body, error.http_status)


# --- images -------------------------------------------------------------------------------------


def tmdb_image_base_url(request) -> str:
    """The sandbox's TMDB image base on the host that was asked, e.g.
    "http://127.0.0.1:8000/sandbox/tmdb/image/t/p/": clients add a size and a file path."""
    sample = reverse("sandbox:tmdb-image", kwargs={"size": "original", "file_path": "x"})
    return request.build_absolute_uri(sample.removesuffix("original/x"))


def kmdb_image_base_url(request) -> str:
    """The sandbox's KMDb file server root on the host that was asked, ending in "/"."""
    sample = reverse("sandbox:kmdb-image", kwargs={"name": "x"})
    return request.build_absolute_uri(sample.removesuffix("x"))


def _svg(path: str, image: images.ImageFile, size: tuple[int, int] | tuple[None, None]) -> HttpResponse:
    response = HttpResponse(images.render_svg(path, image, *size), content_type=_SVG)
    response["Cache-Control"] = _IMAGE_CACHE
    response["X-Content-Type-Options"] = "nosniff"
    return response


def tmdb_image(request, size: str, file_path: str):
    """TMDB's image server: `{base}{size}/{file_path}`. No key (the real one needs none) and no
    injected faults (they are for the API). An unknown size answers TMDB's 404 code 34."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if size not in tmdb.ALL_IMAGE_SIZES:
        error = tmdb.TmdbError(34)
        return _json(error.body, error.http_status)
    path = "/" + file_path
    image = images.tmdb_file(current_world(), path)
    return _svg(path, image, images.dimensions(image.shape, size))


def kmdb_image(request, name: str):
    """KMDb's file server: the poster or still `name`, as listed in a record, at its own size."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _svg(name, images.kmdb_file(current_world(), name), (None, None))
