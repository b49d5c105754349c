"""TMDB v3 as JSON: pure functions from the sandbox world and request parameters to response bodies.

The shapes, field names and error bodies are those of the real service
(https://developer.themoviedb.org/reference), so a client written for TMDB works against the sandbox
unchanged. Dirty kinds marked on a film by `world.py` are applied here, at render time.

Nothing here touches HTTP: `views.py` parses nothing but the envelope, calls these functions and turns
`TmdbError` into the error answer TMDB would send.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import math
from datetime import date, timedelta

from . import vocabulary as vocab
from .world import Movie, World, build_world

PAGE_SIZE = 20
CHANGES_PAGE_SIZE = 100
MAX_APPENDS = 20
MAX_CHANGES_DAYS = 14

# TMDB's documented status codes: code -> (HTTP status, status_message).
STATUS = {
    5: (422, "Invalid parameters: Your request parameters are incorrect."),
    7: (401, "Invalid API key: You must be granted a valid key."),
    9: (503, "Service offline: This service is temporarily offline, try again later."),
    11: (500, "Internal error: Something went wrong, contact TMDB."),
    20: (422, "Invalid date range: Should be a range no longer than 14 days."),
    22: (400, "Invalid page: Pages start at 1 and max at 500. They are expected to be an integer."),
    23: (400, "Invalid date: Format needs to be YYYY-MM-DD."),
    24: (504, "Your request to the backend server timed out. Try again."),
    25: (429, "Your request count (#) is over the allowed limit of (40)."),
    27: (400, "Too many append to response objects: The maximum number of remote calls is 20."),
    34: (404, "The resource you requested could not be found."),
    42: (405, "This resource does not support this request method."),
    43: (502, "Couldn't connect to the backend server."),
}

# sort_by field -> key on a film (ties are broken by id, so pages never overlap).
SORT_KEYS = {
    "popularity": lambda m, lang: m.popularity,
    "primary_release_date": lambda m, lang: m.release_date,
    "release_date": lambda m, lang: m.release_date,
    "vote_average": lambda m, lang: m.vote_average,
    "vote_count": lambda m, lang: m.vote_count,
    "original_title": lambda m, lang: m.original_title,
    "title": lambda m, lang: title(m, lang),
}

# Where real TMDB serves images; the sandbox's views pass their own base instead.
TMDB_IMAGE_BASE_URL = "https://image.tmdb.org/t/p/"
IMAGE_SIZES = {
    "backdrop_sizes": ["w300", "w780", "w1280", "original"],
    "logo_sizes": ["w45", "w92", "w154", "w185", "w300", "w500", "original"],
    "poster_sizes": ["w92", "w154", "w185", "w342", "w500", "w780", "original"],
    "profile_sizes": ["w45", "w185", "h632", "original"],
    "still_sizes": ["w92", "w185", "w300", "original"],
}
# Every size name the image server answers; others are 404, as on TMDB.
ALL_IMAGE_SIZES = frozenset(size for sizes in IMAGE_SIZES.values() for size in sizes)
CHANGE_KEYS = (
    "adult",
    "alternative_titles",
    "budget",
    "cast",
    "crew",
    "genres",
    "homepage",
    "images",
    "imdb_id",
    "original_language",
    "original_title",
    "overview",
    "poster",
    "production_companies",
    "production_countries",
    "release_dates",
    "revenue",
    "runtime",
    "spoken_languages",
    "status",
    "tagline",
    "title",
    "translations",
    "videos",
)


def configuration(image_base_url: str = TMDB_IMAGE_BASE_URL) -> dict:
    """`/configuration`: image URLs are `image_base_url` + a size name + a file path.

    TMDB gives an http `base_url` and an https `secure_base_url`; a base of the sandbox's own (on
    whatever host was asked) is given as both, since it is served with the request's scheme.
    """
    if image_base_url == TMDB_IMAGE_BASE_URL:
        plain = "http://" + image_base_url.removeprefix("https://")
    else:
        plain = image_base_url
    return {
        "change_keys": list(CHANGE_KEYS),
        "images": {
            "base_url": plain,
            "secure_base_url": image_base_url,
            **{kind: list(sizes) for kind, sizes in IMAGE_SIZES.items()},
        },
    }


class TmdbError(Exception):
    """An answer TMDB gives instead of data: `{"success": false, "status_code", "status_message"}`."""

    def __init__(self, code: int, headers: dict[str, str] | None = None):
        self.code = code
        self.http_status, self.message = STATUS[code]
        self.headers = headers or {}
        super().__init__(f"{self.http_status} {self.message}")

    @property
    def body(self) -> dict:
        return {"success": False, "status_code": self.code, "status_message": self.message}


# --- parameters -----------------------------------------------------------------------------------


def language_of(value: str | None) -> str:
    """ "ko" for a Korean `language` (ko, ko-KR), "en" for anything else, as TMDB falls back."""
    return "ko" if (value or "").lower().split("-")[0] == "ko" else "en"


def parse_page(value: str | None, max_page: int) -> int:
    if value in (None, ""):
        return 1
    try:
        page = int(value)
    except ValueError:
        raise TmdbError(22) from None
    if not 1 <= page <= max_page:
        raise TmdbError(22)
    return page


def parse_date(value: str | None) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise TmdbError(23) from None


# --- one film ---------------------------------------------------------------------------------------


def title(movie: Movie, lang: str) -> str:
    if "tmdb_blank_title" in movie.tmdb_dirt:
        return ""
    return movie.title_ko if lang == "ko" else movie.title_en


def original_title(movie: Movie) -> str:
    return "" if "tmdb_blank_title" in movie.tmdb_dirt else movie.original_title


def release_date(movie: Movie) -> str:
    if "tmdb_impossible_date" in movie.tmdb_dirt:
        return f"{movie.release_date.year}-02-30"
    return movie.release_date.isoformat()


def overview(movie: Movie, lang: str) -> str:
    if lang == "ko":
        return "" if movie.tmdb_ko_overview_missing else movie.overview_ko
    return movie.overview_en


def summary(movie: Movie, lang: str) -> dict:
    """A film as list endpoints (`/discover/movie`) show it."""
    return {
        "adult": False,
        "backdrop_path": movie.backdrop_paths[0] if movie.backdrop_paths else None,
        "genre_ids": [g.tmdb_id for g in movie.genres],
        "id": movie.tmdb_id,
        "original_language": movie.original_language,
        "original_title": original_title(movie),
        "overview": overview(movie, lang),
        "popularity": movie.popularity,
        "poster_path": movie.poster_paths[0] if movie.poster_paths else None,
        "release_date": release_date(movie),
        "title": title(movie, lang),
        "video": False,
        "vote_average": movie.vote_average,
        "vote_count": movie.vote_count,
    }


def detail(movie: Movie, lang: str, append: list[str]) -> dict:
    """`/movie/{id}`, with each name in `append` (credits, release_dates, images, videos) added."""
    runtime = (0 if movie.key % 2 else -movie.runtime) if "tmdb_bad_runtime" in movie.tmdb_dirt else movie.runtime
    countries = [{"iso_3166_1": c.code, "name": c.name_en} for c in movie.countries]
    origin = [movie.countries[0].code]
    if "tmdb_unknown_country" in movie.tmdb_dirt:
        code, name = vocab.UNKNOWN_COUNTRY_CODE
        countries.append({"iso_3166_1": code, "name": name})
        origin.append(code)
    english_name, native_name = vocab.LANGUAGE_NAMES[movie.original_language]
    body = {
        "adult": False,
        "backdrop_path": movie.backdrop_paths[0] if movie.backdrop_paths else None,
        "belongs_to_collection": None,
        "budget": 0,
        "genres": [{"id": g.tmdb_id, "name": g.name_ko if lang == "ko" else g.name_en} for g in movie.genres],
        "homepage": "",
        "id": movie.tmdb_id,
        "imdb_id": movie.imdb_id,
        "origin_country": origin,
        "original_language": movie.original_language,
        "original_title": original_title(movie),
        "overview": overview(movie, lang),
        "popularity": movie.popularity,
        "poster_path": movie.poster_paths[0] if movie.poster_paths else None,
        "production_companies": [
            {
                "id": 1000 + sum(movie.company.encode()) % 9000,
                "logo_path": None,
                "name": movie.company,
                "origin_country": movie.countries[0].code,
            }
        ],
        "production_countries": countries,
        "release_date": release_date(movie),
        "revenue": 0,
        "runtime": runtime,
        "spoken_languages": [{"english_name": english_name, "iso_639_1": movie.original_language, "name": native_name}],
        "status": "Released",
        "tagline": "",
        "title": title(movie, lang),
        "video": False,
        "vote_average": movie.vote_average,
        "vote_count": movie.vote_count,
    }
    for name in append:
        if name in APPENDABLE:
            body[name] = APPENDABLE[name](movie, lang)
    return body


def person_fields(person) -> dict:
    """The fields TMDB repeats for a person in every cast and crew entry."""
    return {
        "adult": False,
        "gender": person.gender,
        "id": person.tmdb_id,
        "known_for_department": person.department,
        "name": person.name_en,
        "original_name": person.original_name,
        "popularity": person.popularity,
        "profile_path": person.profile_path,
    }


def credits(movie: Movie, lang: str = "en") -> dict:
    cast = [
        {
            **person_fields(c.person),
            "cast_id": order + 1,
            "character": c.character_en,
            "credit_id": c.credit_id,
            "order": order,
        }
        for order, c in enumerate(movie.cast)
    ]
    if "tmdb_person_without_id" in movie.tmdb_dirt:
        cast[-1]["id"] = None
    if "tmdb_duplicate_cast" in movie.tmdb_dirt:
        cast.append({**cast[0], "cast_id": len(cast) + 1, "order": len(cast)})
    crew = [
        {
            **person_fields(c.person),
            "credit_id": c.credit_id,
            "department": c.department,
            "job": c.job,
        }
        for c in movie.crew
    ]
    return {"cast": cast, "crew": crew}


def release_dates(movie: Movie, lang: str = "en") -> dict:
    _, kr_certification, us_certification = movie.rating
    stamp = f"{movie.release_date.isoformat()}T00:00:00.000Z"
    results = [
        {
            "iso_3166_1": "KR",
            "release_dates": [
                {
                    "certification": kr_certification,
                    "descriptors": [],
                    "iso_639_1": "",
                    "note": "",
                    "release_date": stamp,
                    "type": 3,
                }
            ],
        }
    ]
    if not movie.korean:
        results.append(
            {
                "iso_3166_1": "US",
                "release_dates": [
                    {
                        "certification": us_certification,
                        "descriptors": [],
                        "iso_639_1": "",
                        "note": "",
                        "release_date": stamp,
                        "type": 3,
                    }
                ],
            }
        )
    return {"results": results}


def images(movie: Movie, lang: str = "en") -> dict:
    poster_lang = "ko" if movie.korean else "en"
    return {
        "backdrops": [
            {
                "aspect_ratio": 1.778,
                "height": 1080,
                "iso_639_1": None,
                "file_path": path,
                "vote_average": 5.3,
                "vote_count": 2,
                "width": 1920,
            }
            for path in movie.backdrop_paths
        ],
        "logos": [],
        "posters": [
            {
                "aspect_ratio": 0.667,
                "height": 3000,
                "iso_639_1": poster_lang,
                "file_path": path,
                "vote_average": 5.3,
                "vote_count": 2,
                "width": 2000,
            }
            for path in movie.poster_paths
        ],
    }


def videos(movie: Movie, lang: str = "en") -> dict:
    return {
        "results": [
            {
                "iso_639_1": "ko",
                "iso_3166_1": "KR",
                "name": name,
                "key": key,
                "site": "YouTube",
                "size": 1080,
                "type": kind,
                "official": True,
                "published_at": f"{movie.release_date.isoformat()}T09:00:00.000Z",
                "id": hashlib.md5(key.encode()).hexdigest()[:24],
            }
            for key, name, kind in movie.videos
        ]
    }


APPENDABLE = {"credits": credits, "release_dates": release_dates, "images": images, "videos": videos}


def parse_append(value: str | None) -> list[str]:
    names = [n.strip() for n in (value or "").split(",") if n.strip()]
    if len(names) > MAX_APPENDS:
        raise TmdbError(27)
    return names


def find_movie(world: World, movie_id: int) -> Movie:
    try:
        return world.by_tmdb_id[movie_id]
    except KeyError:
        raise TmdbError(34) from None


# --- lists ----------------------------------------------------------------------------------------


def discover(world: World, params, max_pages: int) -> dict:
    """`/discover/movie`: 20 films a page, filtered and sorted as asked.

    `total_pages` and `total_results` count everything that matches, even past the last page a client
    may ask for (`max_pages`, 500 on TMDB): that is why a full crawl must split by release dates.
    `world` must come from `build_world` (the matches are cached by its seed and size).
    """
    lang = language_of(params.get("language"))
    page = parse_page(params.get("page"), max_pages)
    gte = parse_date(params.get("primary_release_date.gte") or params.get("release_date.gte"))
    lte = parse_date(params.get("primary_release_date.lte") or params.get("release_date.lte"))
    field, _, direction = (params.get("sort_by") or "popularity.desc").partition(".")
    if field not in SORT_KEYS or direction not in ("asc", "desc"):
        raise TmdbError(5)
    genres = params.get("with_genres") or ""
    original_language = params.get("with_original_language") or ""
    matches = _discover_matches(
        world.seed,
        world.size,
        gte,
        lte,
        genres,
        original_language,
        field,
        direction == "desc",
        lang if field == "title" else "",
    )
    start = (page - 1) * PAGE_SIZE
    return {
        "page": page,
        "results": [summary(m, lang) for m in matches[start : start + PAGE_SIZE]],
        "total_pages": math.ceil(len(matches) / PAGE_SIZE),
        "total_results": len(matches),
    }


@functools.lru_cache(maxsize=256)
def _discover_matches(seed, size, gte, lte, genres, original_language, field, descending, lang):
    """The films one discover query pages through, in order; cached, so paging costs O(page)."""
    by_date, ordinals = _by_release_date(seed, size)
    lo = 0 if gte is None else bisect.bisect_left(ordinals, gte.toordinal())
    hi = len(ordinals) if lte is None else bisect.bisect_right(ordinals, lte.toordinal())
    films = by_date[lo:hi]
    if original_language:
        films = [m for m in films if m.original_language == original_language]
    if genres:
        # TMDB: "," means all of these genres, "|" means any of them.
        if "|" in genres:
            wanted = {int(g) for g in genres.split("|") if g.strip().isdigit()}
            films = [m for m in films if wanted & {g.tmdb_id for g in m.genres}]
        else:
            wanted = {int(g) for g in genres.split(",") if g.strip().isdigit()}
            films = [m for m in films if wanted <= {g.tmdb_id for g in m.genres}]
    key = SORT_KEYS[field]
    ordered = sorted(films, key=lambda m: m.tmdb_id)  # ties break by id, in either direction
    ordered.sort(key=lambda m: key(m, lang), reverse=descending)
    return tuple(ordered)


@functools.lru_cache(maxsize=8)
def _by_release_date(seed: int, size: int):
    world = build_world(seed, size)
    films = tuple(sorted(world.tmdb_movies, key=lambda m: (m.release_date, m.tmdb_id)))
    return films, [m.release_date.toordinal() for m in films]


def changes(world: World, params, today: date) -> dict:
    """`/movie/changes`: ids changed between `start_date` and `end_date` (default: the last day),
    100 a page; ranges over 14 days are refused as TMDB does. Deleted films are listed too, and
    answer 404 on `/movie/{id}`."""
    end = parse_date(params.get("end_date")) or today
    start = parse_date(params.get("start_date")) or end - timedelta(days=1)
    if end < start or (end - start).days > MAX_CHANGES_DAYS:
        raise TmdbError(20)
    page = parse_page(params.get("page"), max_page=10**9)
    first, last = (today - start).days, (today - end).days  # days ago, first >= last

    ids = [
        m.tmdb_id for m in world.tmdb_movies if m.changed_days_ago is not None and last <= m.changed_days_ago <= first
    ]
    ids += [i for i, ago in world.deleted_changed_days_ago.items() if last <= ago <= first]
    ids.sort()
    begin = (page - 1) * CHANGES_PAGE_SIZE
    return {
        "results": [{"id": i, "adult": False} for i in ids[begin : begin + CHANGES_PAGE_SIZE]],
        "page": page,
        "total_pages": math.ceil(len(ids) / CHANGES_PAGE_SIZE),
        "total_results": len(ids),
    }


def genre_list(world: World, lang: str) -> dict:
    return {"genres": [{"id": g.tmdb_id, "name": g.name_ko if lang == "ko" else g.name_en} for g in world.genres]}
