"""The sandbox world: a seeded, immutable catalogue of films and people that both fake APIs serve.

`build_world(seed, size)` returns a `World` of `size` films. The same seed and size always give the
same world (one `random.Random(seed)`, never the global generator, no clock), and worlds are cached
per `(seed, size)`, so views pay for generation once per process.

Each film is in TMDB, in KMDb, or in both (`World.shared`, about 30%). A shared film has the same
Korean title (TMDB with `language=ko-KR`), the same director and the same release date on both sides,
and none of the dirty kinds that break those three, so cross-source matching can be tested on it.

A seeded share of records is dirty the way open data is (see `TMDB_DIRT` and `KMDB_DIRT`). The world
only *marks* a film with its dirty kinds; `tmdb.py` and `kmdb.py` apply them when they render JSON.
`World.dirty` maps each kind to the ids (TMDB ids or KMDb DOCIDs) of the records that carry it, so
tests elsewhere can count what validation should drop or reject. Every kind is present at the
default size of 300.

The package: `model.py` (the records), `draw.py` (the random draws), `films.py` (people and films),
`dirt.py` (the dirty kinds and who carries them), `habits.py` (KMDb's everyday
quirks at realistic rates), `build.py` (`build_world`, in one fixed order).
"""

from .build import MAX_SIZE, build_world
from .dirt import IDENTITY_DIRT, KMDB_DIRT, TMDB_DIRT
from .model import CastMember, Country, CrewMember, Genre, Movie, Person, World

__all__ = [
    "IDENTITY_DIRT",
    "KMDB_DIRT",
    "MAX_SIZE",
    "TMDB_DIRT",
    "CastMember",
    "Country",
    "CrewMember",
    "Genre",
    "Movie",
    "Person",
    "World",
    "build_world",
]
