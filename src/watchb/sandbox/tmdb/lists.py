"""TMDB's lists: `/discover/movie`, `/movie/changes` and `/genre/movie/list`."""

from __future__ import annotations

import bisect
import functools
import math
from datetime import date, timedelta

from ..world import World, build_world
from .errors import TmdbError
from .movie import summary, title
from .params import language_of, parse_date, parse_page

PAGE_SIZE = 20
CHANGES_PAGE_SIZE = 100
MAX_CHANGES_DAYS = 14

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
