"""KMDb (the Korean Film Archive's movie database): the client, its records, and the mapper.

    client = KmdbClient()                     # settings.KMDB_API_URL / KMDB_SERVICE_KEY
    for movie in client.iter_movies(release_dts="20240101", release_dte="20240131"):
        data = movie_to_model_dict(movie)     # the shape documented in watchb.catalog.sources

KMDb's JSON has habits the records and the mapper undo:

- every value is a string, counts included (``"TotalCount": "39"``);
- search hits are wrapped in ``!HS`` … ``!HE`` markers, and titles carry stray spaces;
- lists are objects holding a list (``"directors": {"director": [...]}``), and an empty list is sent
  as one object of empty strings (``[{"directorNm": "", "directorId": ""}]``);
- several values are joined into one string: ``nation`` and ``genre`` with ",", ``posters`` and
  ``stlls`` with "|";
- dates are ``YYYYMMDD``, sometimes ``""`` or partial (``"20180400"``).
"""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

from watchb.catalog.countries import code_for_name, country_name_en, country_name_ko

from .fields import integer, mapping, objects, one_line, paragraphs, text, without_blanks
from .http import JsonHttpClient, SourceError

COLLECTION = "kmdb_new2"
MAX_LIST_COUNT = 500
#: Staff role groups whose people wrote the film (각본 screenplay, 각색 adaptation).
WRITER_GROUPS = frozenset({"각본", "각색"})
#: The role group of the cast in ``staffs``; its ``staffRole`` is the character played.
CAST_GROUP = "출연"
#: Role groups (or ``staffEtc`` values) that say how large a part is: kept as the credit's cameo type.
CAMEO_GROUPS = frozenset({"주연", "조연", "단역", "특별출연", "우정출연", "카메오"})
PREFERRED_PLOT_LANGUAGE = "한국어"

_MARKERS = re.compile(r"!H[SE]")
_BRACKETED = re.compile(r"\[([^\]]+)\]")


# -- records ------------------------------------------------------------------------------------


def _present(items: list[Mapping]) -> list[Mapping]:
    """The objects that hold something: KMDb sends an empty list as one object of empty strings."""
    return [item for item in items if any(text(value).strip() for value in item.values())]


def _listed(container: Any, key: str) -> list[Mapping]:
    """The objects of a KMDb list, ``{"director": [...]}`` read as ``[...]``, empty placeholders left out."""
    return _present(objects(mapping(container).get(key)))


@dataclass(frozen=True)
class KmdbPerson:
    """A director or an actor as ``directors.director[]`` / ``actors.actor[]`` list them."""

    name: str
    name_en: str
    kmdb_id: str


@dataclass(frozen=True)
class KmdbStaff:
    """One line of ``staffs.staff[]``: a person, the group of their role (감독, 각본, 출연…) and the role."""

    name: str
    name_en: str
    kmdb_id: str
    role_group: str
    role: str
    etc: str

    @classmethod
    def from_json(cls, data: Mapping) -> "KmdbStaff":
        return cls(
            name=text(data.get("staffNm")),
            name_en=text(data.get("staffEnNm")),
            kmdb_id=text(data.get("staffId")),
            role_group=text(data.get("staffRoleGroup")),
            role=text(data.get("staffRole")),
            etc=text(data.get("staffEtc")),
        )


@dataclass(frozen=True)
class KmdbPlot:
    language: str
    text: str


@dataclass(frozen=True)
class KmdbVod:
    label: str
    url: str


@dataclass(frozen=True)
class KmdbMovie:
    """One search result (``detail=Y``), the fields we keep, strings as KMDb sent them."""

    docid: str
    movie_id: str
    movie_seq: str
    title: str
    title_eng: str
    title_org: str
    prod_year: str
    nation: str
    genre: str
    runtime: str
    rating: str
    rep_rls_date: str
    posters: str
    stlls: str
    directors: list[KmdbPerson] = field(default_factory=list)
    actors: list[KmdbPerson] = field(default_factory=list)
    staffs: list[KmdbStaff] = field(default_factory=list)
    plots: list[KmdbPlot] = field(default_factory=list)
    vods: list[KmdbVod] = field(default_factory=list)
    main_rating_grade: str = ""

    @classmethod
    def from_json(cls, data: Any) -> "KmdbMovie":
        data = mapping(data)
        ratings = _listed(data.get("ratings"), "rating")
        main_rating = next((item for item in ratings if text(item.get("ratingMain")) == "Y"), None)
        return cls(
            docid=text(data.get("DOCID")),
            movie_id=text(data.get("movieId")),
            movie_seq=text(data.get("movieSeq")),
            title=text(data.get("title")),
            title_eng=text(data.get("titleEng")),
            title_org=text(data.get("titleOrg")),
            prod_year=text(data.get("prodYear")),
            nation=text(data.get("nation")),
            genre=text(data.get("genre")),
            runtime=text(data.get("runtime")),
            rating=text(data.get("rating")),
            rep_rls_date=text(data.get("repRlsDate")),
            posters=text(data.get("posters")),
            stlls=text(data.get("stlls")),
            directors=[
                KmdbPerson(text(item.get("directorNm")), text(item.get("directorEnNm")), text(item.get("directorId")))
                for item in _listed(data.get("directors"), "director")
            ],
            actors=[
                KmdbPerson(text(item.get("actorNm")), text(item.get("actorEnNm")), text(item.get("actorId")))
                for item in _listed(data.get("actors"), "actor")
            ],
            staffs=[KmdbStaff.from_json(item) for item in _listed(data.get("staffs"), "staff")],
            plots=[
                KmdbPlot(text(item.get("plotLang")), text(item.get("plotText")))
                for item in _listed(data.get("plots"), "plot")
            ],
            vods=[
                KmdbVod(text(item.get("vodClass")), text(item.get("vodUrl")))
                for item in _listed(data.get("vods"), "vod")
            ],
            main_rating_grade=text(main_rating.get("ratingGrade")) if main_rating else "",
        )


@dataclass(frozen=True)
class KmdbPage:
    """One search answer: the movies on it, where it started, and how many match in all."""

    total_count: int
    start_count: int
    movies: list[KmdbMovie]

    @classmethod
    def from_json(cls, data: Any, *, start_count: int = 0) -> "KmdbPage":
        data = mapping(data)
        collections = objects(data.get("Data"))
        collection = next(
            (item for item in collections if text(item.get("CollName")) == COLLECTION),
            collections[0] if collections else {},
        )
        total = integer(collection.get("TotalCount"))
        if total is None:
            total = integer(data.get("TotalCount")) or 0
        movies = [KmdbMovie.from_json(item) for item in objects(collection.get("Result"))]
        return cls(total_count=total, start_count=start_count, movies=movies)


# -- client -------------------------------------------------------------------------------------


class KmdbClient(JsonHttpClient):
    """A KMDb ``search_json2.jsp`` client.

    :param api_url: the full ``search_json2.jsp`` address; ``settings.KMDB_API_URL`` when None.
    :param service_key: the ``ServiceKey``; ``settings.KMDB_SERVICE_KEY`` when None.
    :param options: the retry and timeout options of :class:`JsonHttpClient`.
    """

    secret_params = frozenset({"ServiceKey"})

    def __init__(self, api_url: str | None = None, service_key: str | None = None, **options):
        if api_url is None or service_key is None:
            from django.conf import settings

            api_url = api_url if api_url is not None else settings.KMDB_API_URL
            service_key = service_key if service_key is not None else settings.KMDB_SERVICE_KEY
        super().__init__(api_url, **options)
        self._service_key = service_key or ""

    def auth_params(self) -> dict[str, str]:
        return {"ServiceKey": self._service_key}

    def search(
        self,
        *,
        release_dts: date | str | None = None,
        release_dte: date | str | None = None,
        title: str | None = None,
        director: str | None = None,
        start_count: int = 0,
        list_count: int = 100,
    ) -> KmdbPage:
        """One page of the search, movies ``start_count`` (0-based) to ``start_count + list_count - 1``.

        Release dates are days (a ``date``, ``"YYYY-MM-DD"`` or ``"YYYYMMDD"``), both ends included.
        """
        if isinstance(start_count, bool) or not isinstance(start_count, int) or start_count < 0:
            raise ValueError(f"start_count must be an integer of 0 or more, not {start_count!r}")
        if isinstance(list_count, bool) or not isinstance(list_count, int) or not 1 <= list_count <= MAX_LIST_COUNT:
            raise ValueError(f"list_count must be an integer from 1 to {MAX_LIST_COUNT}, not {list_count!r}")
        data = self.get_json(
            "",
            {
                "collection": COLLECTION,
                "detail": "Y",
                "releaseDts": _yyyymmdd(release_dts),
                "releaseDte": _yyyymmdd(release_dte),
                "title": title,
                "director": director,
                "startCount": start_count,
                "listCount": list_count,
            },
        )
        if not isinstance(data, Mapping) or "Data" not in data:
            raise SourceError(
                f"{self.base_url} answered without a Data list: not a KMDb search answer", url=self.base_url
            )
        return KmdbPage.from_json(data, start_count=start_count)

    def iter_movies(self, *, list_count: int = 100, limit: int | None = None, **criteria) -> Iterator[KmdbMovie]:
        """Every movie the search finds, page after page, up to ``limit`` movies.

        Advances by the number of movies received, not by ``list_count``, so a server that sends
        fewer than asked loses nothing; an empty page ends the search early.
        """
        start = 0
        while limit is None or start < limit:
            page = self.search(start_count=start, list_count=list_count, **criteria)
            movies = page.movies if limit is None else page.movies[: limit - start]
            yield from movies
            start += len(page.movies)
            if not page.movies or start >= page.total_count:
                return

    def to_model_dict(self, movie: KmdbMovie) -> dict:
        """:func:`movie_to_model_dict`, offered here too so crawlers treat both clients alike."""
        return movie_to_model_dict(movie)


def _yyyymmdd(value: date | str | None) -> str | None:
    """A day as KMDb wants it: a ``date``, an ISO "2024-01-31" or "20240131" all become "20240131"."""
    if isinstance(value, date):
        return value.strftime("%Y%m%d")
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return value.strip().replace("-", "")
    return value


# -- mapper -------------------------------------------------------------------------------------


def clean(value: str) -> str:
    """A KMDb string without its ``!HS``/``!HE`` markers, control characters and stray spaces."""
    return one_line(_MARKERS.sub("", value))


def iso_date(value: str) -> str | None:
    """``"20240131"`` → ``"2024-01-31"``; ``""`` → None; a partial or odd value passed on for validation.

    A partial date keeps its zeros (``"20180400"`` → ``"2018-04-00"``) so validation rejects it as
    the impossible date it is rather than this guessing a day.
    """
    value = clean(value)
    if not value:
        return None
    if re.fullmatch(r"\d{8}", value):
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    return value


def number_or_text(value: str) -> int | str | None:
    """An all-digit string as an int, "" as None, anything else passed on as text for validation."""
    value = clean(value)
    if not value:
        return None
    number = integer(value)
    return number if number is not None else value


def movie_to_model_dict(movie: KmdbMovie) -> dict:
    """The model dict (see :mod:`watchb.catalog.sources`) of one KMDb movie.

    Blank optional values are left out, so a merge with TMDB's record never blanks a field.
    """
    data = {
        "kmdb_id": clean(movie.docid) or clean(movie.movie_id + movie.movie_seq) or None,
        "title": clean(movie.title),
        "title_en": clean(movie.title_eng),
        "original_title": clean(movie.title_org),
        "release_date": iso_date(movie.rep_rls_date),
        "production_year": number_or_text(movie.prod_year),
        "runtime": number_or_text(movie.runtime),
        "synopsis": synopsis(movie.plots),
        "film_rating": clean(movie.rating) or clean(movie.main_rating_grade),
        "genres": [{"name": name} for name in _split(movie.genre, ",")],
        "countries": [_country(name) for name in _split(movie.nation, ",")],
        "credits": _credits(movie),
        "posters": [{"url": url} for url in _split(movie.posters, "|")],
        "stills": [{"url": url} for url in _split(movie.stlls, "|")],
        "videos": [video for vod in movie.vods if (video := _video(vod))],
    }
    return without_blanks(data, keep=("kmdb_id", "title"))


def synopsis(plots: list[KmdbPlot]) -> str:
    """The Korean plot when there is one, else the first plot with text."""
    texts = [(plot.language.strip(), paragraphs(_MARKERS.sub("", plot.text))) for plot in plots]
    texts = [(language, body) for language, body in texts if body]
    for language, body in texts:
        if language == PREFERRED_PLOT_LANGUAGE:
            return body
    return texts[0][1] if texts else ""


def _split(value: str, separator: str) -> list[str]:
    return list(dict.fromkeys(part for part in (clean(piece) for piece in value.split(separator)) if part))


def _country(name: str) -> dict:
    code = code_for_name(name)
    if code is None:
        # Kept with a blank code, so validation drops it and counts the name it did not know.
        return {"code": "", "name": name}
    return without_blanks(
        {"code": code, "name": country_name_ko(code) or name, "name_en": country_name_en(code)}, keep=("code",)
    )


def _person(name: str, name_en: str, kmdb_id: str) -> dict:
    return without_blanks(
        {"kmdb_id": clean(kmdb_id) or None, "name": clean(name), "name_en": clean(name_en)}, keep=("kmdb_id", "name")
    )


def _credits(movie: KmdbMovie) -> list[dict]:
    """Directors, writers (staffs 각본/각색) and actors, one credit per person and job.

    The cast comes from ``actors`` in billing order; ``staffs`` lines of the cast give each actor
    the character played (``staffRole``) and the size of the part (``staffEtc``, or a role group
    such as 주연 or 특별출연), and add cast members ``actors`` left out.
    """
    credits: list[dict] = []
    by_id: dict[tuple[str, str], dict] = {}
    by_name: dict[tuple[str, str], dict] = {}

    def known(job: str, person: dict) -> dict | None:
        """The credit already made for this person in this job: same id, or same name when one has no id."""
        if person["kmdb_id"] and (job, person["kmdb_id"]) in by_id:
            return by_id[job, person["kmdb_id"]]
        credit = by_name.get((job, person["name"]))
        if credit is not None and not (person["kmdb_id"] and credit["person"]["kmdb_id"]):
            return credit
        return None

    def add(job: str, person: dict, role_name: str = "", cameo_type: str = "") -> None:
        credit = known(job, person)
        if credit is None:
            # Billing order among the distinct people of this job, as KMDb lists them.
            order = sum(1 for credit in credits if credit["job"] == job)
            credit = {"person": person, "job": job, "role_name": role_name, "cameo_type": cameo_type, "order": order}
            credits.append(credit)
        else:
            # Met again (a duplicated line, or the staffs line of an actor): fill what is still blank.
            for name, value in (("role_name", role_name), ("cameo_type", cameo_type)):
                credit[name] = credit[name] or value
            for name, value in person.items():
                credit["person"][name] = credit["person"].get(name) or value
        if credit["person"]["kmdb_id"]:
            by_id[job, credit["person"]["kmdb_id"]] = credit
        by_name.setdefault((job, credit["person"]["name"]), credit)

    for director in movie.directors:
        add("director", _person(director.name, director.name_en, director.kmdb_id))
    for staff in movie.staffs:
        if clean(staff.role_group) in WRITER_GROUPS:
            add("writer", _person(staff.name, staff.name_en, staff.kmdb_id))
    for actor in movie.actors:
        add("actor", _person(actor.name, actor.name_en, actor.kmdb_id))
    for staff in movie.staffs:
        group = clean(staff.role_group)
        if group == CAST_GROUP or group in CAMEO_GROUPS:
            cameo_type = clean(staff.etc) or (group if group in CAMEO_GROUPS else "")
            add("actor", _person(staff.name, staff.name_en, staff.kmdb_id), clean(staff.role), cameo_type)

    return [without_blanks(credit, keep=("person", "job", "order")) for credit in credits]


def _video(vod: KmdbVod) -> dict | None:
    """A KMDb trailer as a video: site "KMDb", key the file name (``pFileNm``) or the URL.

    The page that plays it is ``https://www.kmdb.or.kr/trailer/trailerPlayPop?pFileNm=<key>``. The
    kind is the bracketed label in ``vodClass`` ("이마 베프 [메인예고편]" → "메인예고편").
    """
    url = clean(vod.url)
    if not url:
        return None
    key = parse_qs(urlsplit(url).query).get("pFileNm", [url])[0]
    label = clean(vod.label)
    kind = _BRACKETED.search(label)
    return without_blanks(
        {"site": "KMDb", "key": key, "name": label, "kind": kind.group(1) if kind else ""}, keep=("site", "key")
    )
