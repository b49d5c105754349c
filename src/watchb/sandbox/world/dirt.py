"""The dirty kinds a seeded share of records carries, and how they are handed out.

The world only *marks* a film with its dirty kinds; `tmdb.py` and `kmdb.py` apply them when they
render JSON. Every kind is present at the default size of 300.
"""

from __future__ import annotations

import random
from dataclasses import replace
from types import MappingProxyType

from .. import vocabulary as vocab
from .model import Movie

# Dirty kinds, by the source whose JSON carries them. Values are the doc line reported to tests.
TMDB_DIRT = MappingProxyType(
    {
        "tmdb_impossible_date": 'release_date is a day that does not exist, e.g. "2019-02-30"',
        "tmdb_bad_runtime": "runtime is 0 or negative",
        "tmdb_person_without_id": "the last cast member has id null",
        "tmdb_duplicate_cast": "the first cast member is listed twice",
        "tmdb_unknown_country": 'production_countries and origin_country include the unknown code "XX"',
        "tmdb_blank_title": 'title and original_title are "" (the movie has no usable title)',
    }
)
KMDB_DIRT = MappingProxyType(
    {
        "kmdb_partial_date": 'repRlsDate has day 00, e.g. "20180400"',
        "kmdb_empty_date": 'repRlsDate is ""',
        "kmdb_impossible_date": 'repRlsDate is a day that does not exist, e.g. "20190230"',
        "kmdb_bad_runtime": 'runtime is "0" or negative, e.g. "-95"',
        "kmdb_person_without_id": 'the last actor has actorId "" (and staffId "", no English name)',
        "kmdb_duplicate_actor": "the first actor is listed twice (actors and staffs)",
        "kmdb_unknown_nation": f'nation includes the unknown name "{vocab.UNKNOWN_NATION_NAME}"',
        "kmdb_control_char": "plotText contains a control character (\\x0b)",
        "kmdb_empty_actor_list": 'actors is one object of empty strings: {"actor": [{"actorNm": "", ...}]}',
        "kmdb_blank_title": 'title is blank (" ") and titleEng/titleOrg are "" (no usable title)',
    }
)
# Kinds that would break matching on title, director and date; shared films never carry them.
IDENTITY_DIRT = frozenset(
    {
        "tmdb_impossible_date",
        "tmdb_blank_title",
        "kmdb_partial_date",
        "kmdb_empty_date",
        "kmdb_impossible_date",
        "kmdb_blank_title",
    }
)
# Share of each source's records that carries each kind (at least one record per kind).
TMDB_DIRT_RATE = 0.01
KMDB_DIRT_RATE = 0.008


def assign_dirt(rng: random.Random, movies: list[Movie]) -> list[Movie]:
    """Mark a seeded share of each source's records with each dirty kind, distinct records
    per kind where possible; identity-breaking kinds stay off films held by both sources."""
    tmdb_dirt: dict[int, set[str]] = {}
    kmdb_dirt: dict[int, set[str]] = {}
    for kinds, rate, holds, marks in (
        (TMDB_DIRT, TMDB_DIRT_RATE, lambda m: m.tmdb_id is not None, tmdb_dirt),
        (KMDB_DIRT, KMDB_DIRT_RATE, lambda m: m.kmdb_id is not None, kmdb_dirt),
    ):
        held = [m.key for m in movies if holds(m)]
        count = max(1, round(rate * len(held)))
        unused = held[:]
        rng.shuffle(unused)
        for kind in kinds:
            eligible = set(held) if kind not in IDENTITY_DIRT else {m.key for m in movies if holds(m) and not m.in_both}
            chosen = [k for k in unused if k in eligible][:count]
            if len(chosen) < count:  # tiny worlds: reuse records rather than skip a kind
                spare = sorted(eligible - set(chosen))
                chosen += rng.sample(spare, min(count - len(chosen), len(spare)))
            for k in chosen:
                marks.setdefault(k, set()).add(kind)
            taken = set(chosen)
            unused = [k for k in unused if k not in taken]
    return [
        replace(m, tmdb_dirt=frozenset(tmdb_dirt.get(m.key, ())), kmdb_dirt=frozenset(kmdb_dirt.get(m.key, ())))
        if m.key in tmdb_dirt or m.key in kmdb_dirt
        else m  # clean films keep their empty sets
        for m in movies
    ]


def dirty_ids(tmdb_movies: tuple[Movie, ...], kmdb_movies: tuple[Movie, ...]) -> MappingProxyType:
    """Each dirty kind mapped to the ids of the records that carry it: TMDB ids or KMDb DOCIDs."""
    dirty: dict[str, list] = {kind: [] for kind in (*TMDB_DIRT, *KMDB_DIRT)}
    for movies, kinds_of, id_of in (
        (tmdb_movies, lambda m: m.tmdb_dirt, lambda m: m.tmdb_id),
        (kmdb_movies, lambda m: m.kmdb_dirt, lambda m: m.kmdb_id),
    ):
        for movie in movies:
            for kind in kinds_of(movie):
                dirty[kind].append(id_of(movie))
    return MappingProxyType({kind: tuple(ids) for kind, ids in dirty.items()})
