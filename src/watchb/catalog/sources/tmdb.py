"""TMDB v3: the client, the records we keep from its answers, and the mapper to model dicts.

    client = TmdbClient()                     # settings.TMDB_API_URL / TMDB_API_KEY, language ko-KR
    page = client.discover(page=1, release_date_gte="2024-01-01", release_date_lte="2024-01-31")
    for tmdb_id in page.ids:
        movie = client.movie(tmdb_id)         # one call: credits, release dates, images, videos
        data = client.to_model_dict(movie)    # the shape documented in watchb.catalog.sources

Records are parsed forgivingly (missing keys and nulls become "" / None / []), because TMDB is edited by
its users and its answers are as dirty as any open data. The mapper reshapes, it does not judge: a
negative runtime or an impossible date goes on to validation, which drops and counts it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from watchb.catalog.countries import country_name_ko

from .fields import integer, is_hangul, is_latin, mapping, objects, one_line, paragraphs, text, without_blanks
from .http import JsonHttpClient

DEFAULT_IMAGE_BASE_URL = "https://image.tmdb.org/t/p/"
POSTER_SIZE = "w500"
PROFILE_SIZE = "w185"
STILL_SIZE = "w780"
MAX_POSTERS = 10
MAX_STILLS = 10

#: Writing-department jobs that make someone a writer of the film. Authors of the source material
#: ("Novel", "Characters", "Comic Book") are left out: they did not write this film.
WRITER_JOBS = frozenset(
    {
        "Screenplay",
        "Writer",
        "Story",
        "Original Story",
        "Co-Writer",
        "Dialogue",
        "Adaptation",
        "Scenario Writer",
        "Script",
        "Original Screenplay",
        "Teleplay",
        "Screenstory",
    }
)
#: Video hosts a page can embed from a key.
VIDEO_SITES = frozenset({"YouTube", "Vimeo"})
#: Where a film rating is read from, in order of preference.
RATING_COUNTRIES = ("KR", "US")


# -- records ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TmdbPage:
    """One page of ``/discover/movie`` or ``/movie/changes``: the movie ids on it and the totals."""

    page: int
    total_pages: int
    total_results: int
    ids: list[int]

    @classmethod
    def from_json(cls, data: Any, *, skip_adult: bool = False) -> "TmdbPage":
        data = mapping(data)
        ids = [
            tmdb_id
            for item in objects(data.get("results"))
            if (tmdb_id := integer(item.get("id"))) is not None and not (skip_adult and item.get("adult"))
        ]
        return cls(
            page=integer(data.get("page")) or 1,
            total_pages=integer(data.get("total_pages")) or 0,
            total_results=integer(data.get("total_results")) or 0,
            ids=ids,
        )


@dataclass(frozen=True)
class TmdbGenre:
    tmdb_id: int | None
    name: str

    @classmethod
    def from_json(cls, data: Mapping) -> "TmdbGenre":
        return cls(tmdb_id=integer(data.get("id")), name=text(data.get("name")))


@dataclass(frozen=True)
class TmdbCountry:
    code: str
    name: str

    @classmethod
    def from_json(cls, data: Mapping) -> "TmdbCountry":
        return cls(code=text(data.get("iso_3166_1")), name=text(data.get("name")))


@dataclass(frozen=True)
class TmdbCastMember:
    tmdb_id: int | None
    name: str
    original_name: str
    character: str
    order: int | None
    profile_path: str

    @classmethod
    def from_json(cls, data: Mapping) -> "TmdbCastMember":
        return cls(
            tmdb_id=integer(data.get("id")),
            name=text(data.get("name")),
            original_name=text(data.get("original_name")),
            character=text(data.get("character")),
            order=integer(data.get("order")),
            profile_path=text(data.get("profile_path")),
        )


@dataclass(frozen=True)
class TmdbCrewMember:
    tmdb_id: int | None
    name: str
    original_name: str
    job: str
    department: str
    profile_path: str

    @classmethod
    def from_json(cls, data: Mapping) -> "TmdbCrewMember":
        return cls(
            tmdb_id=integer(data.get("id")),
            name=text(data.get("name")),
            original_name=text(data.get("original_name")),
            job=text(data.get("job")),
            department=text(data.get("department")),
            profile_path=text(data.get("profile_path")),
        )


@dataclass(frozen=True)
class TmdbRelease:
    """One dated release in one country, with the certification it had there."""

    country: str
    certification: str
    type: int | None
    date: str


@dataclass(frozen=True)
class TmdbVideo:
    site: str
    key: str
    name: str
    type: str

    @classmethod
    def from_json(cls, data: Mapping) -> "TmdbVideo":
        return cls(
            site=text(data.get("site")),
            key=text(data.get("key")),
            name=text(data.get("name")),
            type=text(data.get("type")),
        )


@dataclass(frozen=True)
class TmdbMovie:
    """A ``/movie/{id}`` answer with ``credits,release_dates,images,videos`` appended, fields we keep."""

    tmdb_id: int | None
    title: str
    original_title: str
    original_language: str
    release_date: str
    runtime: int | None
    overview: str
    poster_path: str
    genres: list[TmdbGenre] = field(default_factory=list)
    production_countries: list[TmdbCountry] = field(default_factory=list)
    cast: list[TmdbCastMember] = field(default_factory=list)
    crew: list[TmdbCrewMember] = field(default_factory=list)
    releases: list[TmdbRelease] = field(default_factory=list)
    poster_paths: list[str] = field(default_factory=list)
    backdrop_paths: list[str] = field(default_factory=list)
    videos: list[TmdbVideo] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: Any) -> "TmdbMovie":
        data = mapping(data)
        credits = mapping(data.get("credits"))
        images = mapping(data.get("images"))
        releases = [
            TmdbRelease(
                country=text(by_country.get("iso_3166_1")),
                certification=text(release.get("certification")),
                type=integer(release.get("type")),
                date=text(release.get("release_date")),
            )
            for by_country in objects(mapping(data.get("release_dates")).get("results"))
            for release in objects(by_country.get("release_dates"))
        ]
        return cls(
            tmdb_id=integer(data.get("id")),
            title=text(data.get("title")),
            original_title=text(data.get("original_title")),
            original_language=text(data.get("original_language")),
            release_date=text(data.get("release_date")),
            runtime=integer(data.get("runtime")),
            overview=text(data.get("overview")),
            poster_path=text(data.get("poster_path")),
            genres=[TmdbGenre.from_json(item) for item in objects(data.get("genres"))],
            production_countries=[TmdbCountry.from_json(item) for item in objects(data.get("production_countries"))],
            cast=[TmdbCastMember.from_json(item) for item in objects(credits.get("cast"))],
            crew=[TmdbCrewMember.from_json(item) for item in objects(credits.get("crew"))],
            releases=releases,
            poster_paths=[path for item in objects(images.get("posters")) if (path := text(item.get("file_path")))],
            backdrop_paths=[path for item in objects(images.get("backdrops")) if (path := text(item.get("file_path")))],
            videos=[TmdbVideo.from_json(item) for item in objects(mapping(data.get("videos")).get("results"))],
        )


@dataclass(frozen=True)
class TmdbConfiguration:
    """What ``/configuration`` tells us about building image URLs."""

    image_base_url: str
    poster_sizes: list[str]
    profile_sizes: list[str]

    @classmethod
    def from_json(cls, data: Any) -> "TmdbConfiguration":
        images = mapping(mapping(data).get("images"))
        base = text(images.get("secure_base_url")) or text(images.get("base_url")) or DEFAULT_IMAGE_BASE_URL
        return cls(
            image_base_url=base if base.endswith("/") else base + "/",
            poster_sizes=[text(size) for size in images.get("poster_sizes") or [] if text(size)],
            profile_sizes=[text(size) for size in images.get("profile_sizes") or [] if text(size)],
        )


# -- client -------------------------------------------------------------------------------------


class TmdbClient(JsonHttpClient):
    """A TMDB v3 client.

    :param api_url: the base ending in ``/3``; ``settings.TMDB_API_URL`` when None.
    :param api_key: a v3 API key (sent as the ``api_key`` parameter) or a v4 read-access token (a JWT,
        starting "eyJ", sent as ``Authorization: Bearer``); ``settings.TMDB_API_KEY`` when None.
    :param language: the language of titles, overviews and genre names.
    :param options: the retry and timeout options of :class:`JsonHttpClient`.
    """

    secret_params = frozenset({"api_key"})

    def __init__(self, api_url: str | None = None, api_key: str | None = None, *, language: str = "ko-KR", **options):
        if api_url is None or api_key is None:
            from django.conf import settings

            api_url = api_url if api_url is not None else settings.TMDB_API_URL
            api_key = api_key if api_key is not None else settings.TMDB_API_KEY
        super().__init__(api_url, **options)
        self.language = language
        self._api_key = api_key or ""
        self._bearer = self._api_key.startswith("eyJ")
        if self._bearer:
            self.session.headers["Authorization"] = f"Bearer {self._api_key}"
        self._configuration: TmdbConfiguration | None = None

    def auth_params(self) -> dict[str, str]:
        return {"api_key": self._api_key} if self._api_key and not self._bearer else {}

    def discover(
        self,
        page: int = 1,
        release_date_gte: date | str | None = None,
        release_date_lte: date | str | None = None,
        sort_by: str = "primary_release_date.asc",
    ) -> TmdbPage:
        """One page (1–500, 20 movies each) of ``/discover/movie`` between two release dates.

        TMDB serves at most 500 pages of one query, so a full catalogue is read in date ranges small
        enough to fit. The default order is by release date because popularity shifts while a crawl
        pages through it, which would skip some movies and repeat others.
        """
        _check_page(page, maximum=500)
        data = self.get_json(
            "discover/movie",
            {
                "page": page,
                "primary_release_date.gte": _iso(release_date_gte),
                "primary_release_date.lte": _iso(release_date_lte),
                "sort_by": sort_by,
                "include_adult": "false",
                "include_video": "false",
                "language": self.language,
            },
        )
        return TmdbPage.from_json(data)

    def movie(self, tmdb_id: int) -> TmdbMovie:
        """A movie's details with its credits, release dates, images and videos, in one request.

        Images and videos are asked for in Korean, English and no language, since the language
        filter would otherwise hide most posters. Raises SourceNotFound for a deleted movie.
        """
        data = self.get_json(
            f"movie/{int(tmdb_id)}",
            {
                "append_to_response": "credits,release_dates,images,videos",
                "language": self.language,
                "include_image_language": "ko,en,null",
                "include_video_language": "ko,en,null",
            },
        )
        return TmdbMovie.from_json(data)

    def changes(
        self, start_date: date | str | None = None, end_date: date | str | None = None, page: int = 1
    ) -> TmdbPage:
        """One page (100 ids) of movies changed between two dates (TMDB allows at most 14 days).

        Adult titles are left out, as ``discover`` leaves them out.
        """
        _check_page(page, maximum=1000)
        data = self.get_json(
            "movie/changes",
            {
                "start_date": _iso(start_date),
                "end_date": _iso(end_date),
                "page": page,
            },
        )
        return TmdbPage.from_json(data, skip_adult=True)

    def genres(self) -> list[TmdbGenre]:
        """The movie genres, named in the client's language."""
        data = self.get_json("genre/movie/list", {"language": self.language})
        return [TmdbGenre.from_json(item) for item in objects(mapping(data).get("genres"))]

    def configuration(self) -> TmdbConfiguration:
        """The image configuration, fetched once per client."""
        if self._configuration is None:
            self._configuration = TmdbConfiguration.from_json(self.get_json("configuration"))
        return self._configuration

    def to_model_dict(self, movie: TmdbMovie) -> dict:
        """:func:`movie_to_model_dict` with this source's image base URL."""
        return movie_to_model_dict(movie, image_base_url=self.configuration().image_base_url)


def _check_page(page: int, *, maximum: int) -> None:
    if isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= maximum:
        raise ValueError(f"page must be an integer from 1 to {maximum}, not {page!r}")


def _iso(value: date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


# -- mapper -------------------------------------------------------------------------------------


def movie_to_model_dict(movie: TmdbMovie, *, image_base_url: str = DEFAULT_IMAGE_BASE_URL) -> dict:
    """The model dict (see :mod:`watchb.catalog.sources`) of one TMDB movie.

    Blank optional values are left out, so a merge with KMDb's record never blanks a field. People
    met twice in the same job (an actor credited for two characters, a writer of both story and
    screenplay, a duplicated entry) become one credit, the character names joined with " / ",
    because a movie holds one credit per person and job.
    """
    base = image_base_url if image_base_url.endswith("/") else image_base_url + "/"
    data = {
        "tmdb_id": movie.tmdb_id,
        "title": one_line(movie.title),
        "original_title": one_line(movie.original_title),
        "title_en": one_line(movie.original_title) if movie.original_language == "en" else "",
        "release_date": movie.release_date.strip() or None,
        # 0 is TMDB's "unknown"; other values, negative ones included, are for validation to judge.
        "runtime": movie.runtime or None,
        "synopsis": paragraphs(movie.overview),
        "film_rating": film_rating(movie.releases),
        # Children that say nothing at all are skipped; half-broken ones go on to be judged and counted.
        "genres": [_genre(genre) for genre in movie.genres if genre.name.strip() or genre.tmdb_id is not None],
        "countries": [
            _country(country) for country in movie.production_countries if country.code.strip() or country.name.strip()
        ],
        "credits": _credits(movie, base),
        "posters": [{"url": url} for url in _image_urls(movie, base)],
        "stills": [{"url": base + STILL_SIZE + path} for path in _unique(movie.backdrop_paths)[:MAX_STILLS]],
        "videos": [
            {"site": video.site, "key": video.key.strip(), "name": one_line(video.name), "kind": video.type}
            for video in movie.videos
            if video.site in VIDEO_SITES and video.key.strip()
        ],
    }
    return without_blanks(data, keep=("tmdb_id", "title"))


def film_rating(releases: list[TmdbRelease]) -> str:
    """The Korean certification, else the American one, else ""."""
    for country in RATING_COUNTRIES:
        for release in releases:
            if release.country == country and release.certification.strip():
                return release.certification.strip()
    return ""


def _genre(genre: TmdbGenre) -> dict:
    return {"name": one_line(genre.name), "tmdb_id": genre.tmdb_id}


def _country(country: TmdbCountry) -> dict:
    code = country.code.strip().upper()
    return without_blanks(
        {"code": code, "name": country_name_ko(code), "name_en": one_line(country.name)}, keep=("code",)
    )


def _credits(movie: TmdbMovie, image_base: str) -> list[dict]:
    credits: dict[tuple, dict] = {}

    def add(member, job: str, order: int, role_name: str = "") -> None:
        person = _person(member, image_base)
        key = (job, member.tmdb_id if member.tmdb_id is not None else person["name"])
        if key in credits:
            known = credits[key]
            if role_name and role_name not in known["role_name"].split(" / "):
                known["role_name"] = " / ".join(filter(None, (known["role_name"], role_name)))
            return
        credits[key] = {"person": person, "job": job, "role_name": role_name, "order": order}

    def next_order(job: str) -> int:
        return sum(1 for credit_job, _ in credits if credit_job == job)

    for member in movie.crew:
        if member.job == "Director":
            add(member, "director", next_order("director"))
    for member in movie.crew:
        if member.department == "Writing" and member.job in WRITER_JOBS:
            add(member, "writer", next_order("writer"))
    for position, member in enumerate(sorted(movie.cast, key=_cast_order)):
        add(
            member,
            "actor",
            member.order if member.order is not None and member.order >= 0 else position,
            one_line(member.character),
        )
    return [without_blanks(credit, keep=("person", "job", "order")) for credit in credits.values()]


def _cast_order(member: TmdbCastMember) -> tuple:
    return (member.order is None, member.order if member.order is not None else 0)


def _person(member: TmdbCastMember | TmdbCrewMember, image_base: str) -> dict:
    """A credited person. TMDB names people in English ("Song Kang-ho") whatever the language asked,
    with the name in their own script as ``original_name`` ("송강호"); a Korean catalogue shows the
    Hangul one and keeps the Latin one as the English name."""
    name, original = one_line(member.name), one_line(member.original_name)
    if not name or (is_hangul(original) and not is_hangul(name)):
        name = original or name
    latin = next((candidate for candidate in (one_line(member.name), original) if is_latin(candidate)), "")
    path = member.profile_path.strip()
    return without_blanks(
        {
            "tmdb_id": member.tmdb_id,
            "name": name,
            "name_en": latin,
            "photo": image_base + PROFILE_SIZE + path if path else "",
        },
        keep=("tmdb_id", "name"),
    )


def _image_urls(movie: TmdbMovie, base: str) -> list[str]:
    paths = _unique([movie.poster_path.strip(), *movie.poster_paths])[:MAX_POSTERS]
    return [base + POSTER_SIZE + path for path in paths]


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))
