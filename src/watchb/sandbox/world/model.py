"""The sandbox world's records: films, people, genres and countries as they truly are.

A `Movie` holds no source's quirks: `tmdb.py` and `kmdb.py` render it, with their dirt applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Genre:
    tmdb_id: int
    name_en: str
    name_ko: str
    kmdb_name: str  # "" when KMDb has no such genre (TV Movie)


@dataclass(frozen=True)
class Country:
    code: str
    name_en: str
    name_ko: str


@dataclass(frozen=True)
class Person:
    """Someone credited on films; known to both sources under their own ids."""

    tmdb_id: int
    kmdb_id: str  # 8 digits, as KMDb's directorId/actorId/staffId
    name_ko: str  # Korean name, or KMDb's Korean transliteration of a foreign name
    name_en: str  # "Bong Joon-ho" (TMDB `name`); KMDb shows Korean family names upper-cased
    korean: bool
    department: str  # TMDB known_for_department
    gender: int  # TMDB: 0 not set, 1 female, 2 male
    profile_path: str | None
    popularity: float

    @property
    def original_name(self) -> str:
        """TMDB `original_name`: the name in the person's own script."""
        return self.name_ko if self.korean else self.name_en

    @property
    def kmdb_name_en(self) -> str:
        """KMDb's English name: "BONG Joon-ho" for Koreans, as written for others."""
        if not self.korean:
            return self.name_en
        family, _, given = self.name_en.partition(" ")
        return f"{family.upper()} {given}"


@dataclass(frozen=True)
class CastMember:
    person: Person
    character_ko: str
    character_en: str
    credit_id: str


@dataclass(frozen=True)
class CrewMember:
    person: Person
    job: str  # TMDB job: Director, Screenplay, Writer, Director of Photography, ...
    department: str  # TMDB department
    kmdb_role_group: str  # KMDb staffRoleGroup: 감독, 각본, 촬영, ...
    credit_id: str


@dataclass(frozen=True)
class Movie:
    """One film as it truly is; the sources render it, with their own quirks and dirt."""

    key: int
    tmdb_id: int | None
    kmdb_id: str | None  # KMDb DOCID: "K" (Korean) or "F" (foreign) + movieSeq
    korean: bool
    title_ko: str
    title_en: str
    original_title: str
    original_language: str
    release_date: date
    production_year: int
    runtime: int
    overview_ko: str
    overview_en: str
    rating: tuple[str, str, str]  # (KMDb rating, TMDB KR certification, TMDB US certification)
    genres: tuple[Genre, ...]
    countries: tuple[Country, ...]
    company: str
    cast: tuple[CastMember, ...]
    crew: tuple[CrewMember, ...]
    imdb_id: str | None
    popularity: float
    vote_average: float
    vote_count: int
    poster_paths: tuple[str, ...]  # TMDB file paths; the first is poster_path
    backdrop_paths: tuple[str, ...]
    videos: tuple[tuple[str, str, str], ...]  # (YouTube key, name, type)
    # Files on KMDb's image server, relative to its root ("thm/02/00/17/36/tn_DPK017282.jpg"):
    # `kmdb.py` joins them to an image base, the real host's or the sandbox's own.
    kmdb_posters: tuple[str, ...]
    kmdb_stills: tuple[str, ...]
    kmdb_vods: tuple[tuple[str, str], ...]  # (vodClass, vodUrl)
    keywords: tuple[str, ...]
    changed_days_ago: int | None  # when TMDB last changed it, in days before "today"
    kmdb_marked_title: bool  # KMDb shows the title wrapped in !HS/!HE markers
    kmdb_plot_missing: bool  # KMDb's plots is one object of empty strings (valid, common)
    tmdb_ko_overview_missing: bool  # TMDB has no Korean translation: overview "" with ko-KR
    tmdb_dirt: frozenset[str] = field(default_factory=frozenset)
    kmdb_dirt: frozenset[str] = field(default_factory=frozenset)

    @property
    def movie_id(self) -> str:
        """KMDb `movieId` (the DOCID's letter)."""
        return self.kmdb_id[0] if self.kmdb_id else ""

    @property
    def movie_seq(self) -> str:
        """KMDb `movieSeq` (the DOCID's digits)."""
        return self.kmdb_id[1:] if self.kmdb_id else ""

    @property
    def directors(self) -> tuple[Person, ...]:
        return tuple(c.person for c in self.crew if c.job == "Director")

    @property
    def in_both(self) -> bool:
        return self.tmdb_id is not None and self.kmdb_id is not None


@dataclass(frozen=True)
class World:
    seed: int
    size: int
    movies: tuple[Movie, ...]
    people: tuple[Person, ...]
    genres: tuple[Genre, ...]
    countries: tuple[Country, ...]
    tmdb_movies: tuple[Movie, ...]  # ordered by TMDB id
    kmdb_movies: tuple[Movie, ...]  # ordered by DOCID
    by_tmdb_id: Mapping[int, Movie]
    by_kmdb_id: Mapping[str, Movie]
    shared: tuple[Movie, ...]  # in both sources, clean title, director and date on both sides
    dirty: Mapping[str, tuple]  # dirty kind -> TMDB ids or KMDb DOCIDs carrying it
    deleted_tmdb_ids: tuple[int, ...]  # listed by /movie/changes but answer 404 (deleted upstream)
    deleted_changed_days_ago: Mapping[int, int]
    quirks: Mapping[str, tuple]  # realistic but valid oddities, e.g. titles with !HS/!HE markers
