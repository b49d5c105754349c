"""HTTP for the sandbox: the envelope of each fake API (method, injected faults, key, JSON), around
the pure renderers in `tmdb.py` and `kmdb.py`."""

import functools

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from . import faults, kmdb, tmdb
from .conf import current_world, setting, today

_JSON = "application/json;charset=utf-8"

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
    response = JsonResponse(body, status=status, content_type=_JSON,
                            json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _retry_headers(status: int) -> dict:
    return {"Retry-After": str(setting("SANDBOX_RETRY_AFTER"))} if status in (429, 503) else {}


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
            if key != setting("SANDBOX_API_KEY"):
                raise tmdb.TmdbError(7)
            return _json(view(request, *args, **kwargs))
        except tmdb.TmdbError as error:
            return _json(error.body, error.http_status, error.headers)

    return endpoint


@tmdb_endpoint
def tmdb_discover(request):
    return tmdb.discover(current_world(), request.GET, int(setting("SANDBOX_TMDB_MAX_PAGES")))


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
    return {"id": movie.tmdb_id,
            **tmdb.APPENDABLE[part](movie, tmdb.language_of(request.GET.get("language")))}


@tmdb_endpoint
def tmdb_changes(request):
    return tmdb.changes(current_world(), request.GET, today())


@tmdb_endpoint
def tmdb_genres(request):
    return tmdb.genre_list(current_world(), tmdb.language_of(request.GET.get("language")))


@tmdb_endpoint
def tmdb_configuration(request):
    return tmdb.CONFIGURATION


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
        if params.get("ServiceKey") != setting("SANDBOX_API_KEY"):
            raise kmdb.KmdbError(401, "인증키가 유효하지 않습니다. (ServiceKey is missing or invalid)")
        return _json(kmdb.search(current_world(), params))
    except kmdb.KmdbError as error:
        return _json(error.body, error.http_status)
