"""`build_world(seed, size)`: the whole sandbox world, drawn in one fixed order from one seed."""

from __future__ import annotations

import functools
import random
from dataclasses import replace
from types import MappingProxyType

from .dirt import assign_dirt, dirty_ids
from .draw import Draw
from .films import FilmMaker
from .habits import quirks as kmdb_habits
from .model import Movie, World

MAX_SIZE = 90_000  # KMDb movieSeq has five digits


@functools.lru_cache(maxsize=8)
def build_world(seed: int, size: int) -> World:
    """Generate the world of `size` films for `seed`; the same arguments give the same world."""
    if not 1 <= size <= MAX_SIZE:
        raise ValueError(f"a sandbox world holds 1 to {MAX_SIZE} movies, not {size}")
    rng = random.Random(seed)
    maker = FilmMaker(Draw(rng), size)
    pools = maker.build_people()
    movies = [maker.build_movie(key, rng.random() < 0.5, pools) for key in range(size)]
    movies = assign_dirt(rng, _assign_sources(rng, movies))

    tmdb_movies = tuple(sorted((m for m in movies if m.tmdb_id is not None), key=lambda m: m.tmdb_id))
    kmdb_movies = tuple(sorted((m for m in movies if m.kmdb_id is not None), key=lambda m: m.kmdb_id))
    deleted = _deleted_tmdb_ids(rng, tmdb_movies)
    return World(
        seed=seed,
        size=size,
        movies=tuple(movies),
        people=tuple(p for pool in pools.values() for p in pool),
        genres=maker.genres,
        countries=maker.countries,
        tmdb_movies=tmdb_movies,
        kmdb_movies=kmdb_movies,
        by_tmdb_id=MappingProxyType({m.tmdb_id: m for m in tmdb_movies}),
        by_kmdb_id=MappingProxyType({m.kmdb_id: m for m in kmdb_movies}),
        shared=tuple(m for m in movies if m.in_both),
        dirty=dirty_ids(tmdb_movies, kmdb_movies),
        deleted_tmdb_ids=deleted,
        deleted_changed_days_ago=MappingProxyType({i: rng.randrange(30) for i in deleted}),
        quirks=_quirks(tmdb_movies, kmdb_movies),
    )


def _assign_sources(rng: random.Random, movies: list[Movie]) -> list[Movie]:
    """Put each film in TMDB, KMDb or both, and give it the ids of the sources that hold it."""
    places = []
    for movie in movies:
        # KMDb is a Korean archive (Korean films, and foreign films released in Korea).
        both, kmdb_only = (0.45, 0.35) if movie.korean else (0.15, 0.15)
        roll = rng.random()
        places.append("both" if roll < both else "kmdb" if roll < both + kmdb_only else "tmdb")
    tmdb_ids = iter(sorted(rng.sample(range(2_000, 1_400_000), len(movies))))
    seqs = iter(rng.sample(range(1, 99_999), len(movies)))
    # TMDB ids grow with time: hand them out in release order, with some noise.
    order = sorted(range(len(movies)), key=lambda i: movies[i].release_date.toordinal() + rng.randrange(-3000, 3000))
    tmdb_of = {}
    for i in order:
        if places[i] != "kmdb":
            tmdb_of[i] = next(tmdb_ids)
    result = []
    for i, movie in enumerate(movies):
        kmdb_id = None
        if places[i] != "tmdb":
            kmdb_id = f"{'K' if movie.korean else 'F'}{next(seqs):05d}"
        result.append(replace(movie, tmdb_id=tmdb_of.get(i), kmdb_id=kmdb_id))
    return result


def _deleted_tmdb_ids(rng: random.Random, tmdb_movies: tuple[Movie, ...]) -> tuple[int, ...]:
    """About 1% more TMDB ids, of films deleted upstream: listed as changed, but 404."""
    taken = {m.tmdb_id for m in tmdb_movies}
    deleted = []
    while len(deleted) < max(1, len(tmdb_movies) // 100):
        candidate = rng.randrange(2_000, 1_400_000)
        if candidate not in taken:
            taken.add(candidate)
            deleted.append(candidate)
    return tuple(sorted(deleted))


def _quirks(tmdb_movies: tuple[Movie, ...], kmdb_movies: tuple[Movie, ...]) -> MappingProxyType:
    """Realistic but valid oddities, by kind: the ids of the records that show them."""
    return MappingProxyType(
        {
            "kmdb_marked_title": tuple(
                m.kmdb_id for m in kmdb_movies if m.kmdb_marked_title and "kmdb_blank_title" not in m.kmdb_dirt
            ),
            "kmdb_empty_plots": tuple(m.kmdb_id for m in kmdb_movies if m.kmdb_plot_missing),
            "kmdb_empty_vods": tuple(m.kmdb_id for m in kmdb_movies if not m.kmdb_vods),
            "tmdb_missing_ko_overview": tuple(m.tmdb_id for m in tmdb_movies if m.tmdb_ko_overview_missing),
            "tmdb_no_poster": tuple(m.tmdb_id for m in tmdb_movies if not m.poster_paths),
            **kmdb_habits(kmdb_movies),
        }
    )
