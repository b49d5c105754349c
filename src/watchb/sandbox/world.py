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
"""

from __future__ import annotations

import functools
import random
import string
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from types import MappingProxyType

from . import vocabulary as vocab

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

FIRST_YEAR, LAST_YEAR = 1950, 2026
MAX_SIZE = 90_000  # KMDb movieSeq has five digits
_BASE62 = string.ascii_letters + string.digits
_YOUTUBE_ALPHABET = string.ascii_letters + string.digits + "-_"
_GIVEN_NAMES_BY_GENDER = {g: tuple(n for n in vocab.FOREIGN_GIVEN_NAMES if n[2] == g) for g in (1, 2)}


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


@functools.lru_cache(maxsize=8)
def build_world(seed: int, size: int) -> World:
    """Generate the world of `size` films for `seed`; the same arguments give the same world."""
    if not 1 <= size <= MAX_SIZE:
        raise ValueError(f"a sandbox world holds 1 to {MAX_SIZE} movies, not {size}")
    return _WorldBuilder(random.Random(seed), size).build(seed)


class _WorldBuilder:
    """Holds the generator's state; `build` draws people, films, membership and dirt in order."""

    def __init__(self, rng: random.Random, size: int):
        self.rng = rng
        self.size = size
        self.genres = tuple(Genre(*g) for g in vocab.GENRES)
        self.countries = tuple(Country(*c) for c in vocab.COUNTRIES)
        self.country_by_code = {c.code: c for c in self.countries}
        self.genre_by_id = {g.tmdb_id: g for g in self.genres}
        self.genre_ids = [g.tmdb_id for g in self.genres]
        self.genre_weights = [vocab.GENRE_WEIGHTS[g] for g in self.genre_ids]

    # --- small random helpers -------------------------------------------------------------------

    def token(self, alphabet: str, length: int) -> str:
        # Random bytes mapped through a table: image paths are drawn by the tens of thousands.
        return self.rng.randbytes(length).translate(_byte_table(alphabet)).decode("ascii")

    def image_path(self) -> str:
        return f"/{self.token(_BASE62, 27)}.jpg"

    def hex_id(self) -> str:
        return f"{self.rng.getrandbits(96):024x}"

    def korean_name(self) -> tuple[str, str]:
        """A Korean full name and its romanisation, e.g. ("봉준호", "Bong Joon-ho")."""
        rng = self.rng
        family_ko, family_en = rng.choice(vocab.KOREAN_SURNAMES)
        (a_ko, a_en), (b_ko, b_en) = rng.choice(vocab.KOREAN_SYLLABLES), rng.choice(vocab.KOREAN_SYLLABLES)
        return f"{family_ko}{a_ko}{b_ko}", f"{family_en} {a_en.capitalize()}-{b_en}"

    def foreign_name(self, gender: int = 0) -> tuple[str, str, int]:
        """KMDb's Korean transliteration of a foreign name, the name and its gender, e.g.
        ("제임스 스미스", "James Smith", 2); `gender` 1 or 2 asks for a given name of that gender."""
        names = _GIVEN_NAMES_BY_GENDER.get(gender, vocab.FOREIGN_GIVEN_NAMES)
        given_ko, given_en, given_gender = self.rng.choice(names)
        family_ko, family_en = self.rng.choice(vocab.FOREIGN_FAMILY_NAMES)
        return f"{given_ko} {family_ko}", f"{given_en} {family_en}", given_gender

    # --- people -------------------------------------------------------------------------------

    def build_people(self) -> dict[tuple[bool, str], list[Person]]:
        """Pools of people by (korean, department), sized so that people recur across films."""
        rng, n = self.rng, self.size
        plan = {"Directing": max(12, n // 4), "Writing": max(12, n // 4), "Acting": max(40, n), "Crew": max(8, n // 8)}
        total = sum(plan.values()) * 2
        tmdb_ids = rng.sample(range(1_000, 5_000_000), total)
        kmdb_ids = rng.sample(range(1, 400_000), total)
        pools: dict[tuple[bool, str], list[Person]] = {}
        i = 0
        for korean in (True, False):
            for department, count in plan.items():
                pool = []
                for _ in range(count):
                    if korean:
                        (name_ko, name_en), gender = self.korean_name(), rng.choice((1, 2))
                    else:
                        name_ko, name_en, gender = self.foreign_name()
                    if department != "Acting" and rng.random() < 0.2:
                        gender = 0  # TMDB often has no gender for crew
                    pool.append(
                        Person(
                            tmdb_id=tmdb_ids[i],
                            kmdb_id=f"{kmdb_ids[i]:08d}",
                            name_ko=name_ko,
                            name_en=name_en,
                            korean=korean,
                            department=department
                            if department != "Crew"
                            else rng.choice(("Camera", "Sound", "Editing")),
                            gender=gender,
                            profile_path=self.image_path() if rng.random() < 0.8 else None,
                            popularity=round(rng.lognormvariate(0.5, 0.9), 3),
                        )
                    )
                    i += 1
                pools[(korean, department)] = pool
        return pools

    # --- films ----------------------------------------------------------------------------------

    def title(self) -> tuple[str, str]:
        """A Korean title and its English translation."""
        rng = self.rng
        noun_ko, noun_en = rng.choice(vocab.TITLE_NOUNS)
        shape = rng.random()
        if shape < 0.3:
            return noun_ko, f"The {noun_en}" if rng.random() < 0.5 else noun_en
        if shape < 0.6:
            adj_ko, adj_en = rng.choice(vocab.TITLE_ADJECTIVES)
            return f"{adj_ko} {noun_ko}", f"The {adj_en} {noun_en}"
        other_ko, other_en = rng.choice(vocab.TITLE_NOUNS)
        if shape < 0.85:
            return f"{other_ko}의 {noun_ko}", f"The {noun_en} of the {other_en}"
        if shape < 0.95:
            return f"{other_ko} 그리고 {noun_ko}", f"{other_en} and {noun_en}"
        return f"{noun_ko} {rng.randint(2, 4)}", f"{noun_en} {rng.randint(2, 4)}"

    def overview(self, hero_ko: str, hero_en: str) -> tuple[str, str]:
        rng = self.rng
        role_ko, role_en = rng.choice(vocab.SYNOPSIS_ROLES)
        place_ko, place_en = rng.choice(vocab.SYNOPSIS_PLACES)
        event_ko, event_en = rng.choice(vocab.SYNOPSIS_EVENTS)
        outcome_ko, outcome_en = rng.choice(vocab.SYNOPSIS_OUTCOMES)
        korean = f"{place_ko}의 {role_ko} {hero_ko}{_topic_particle(hero_ko)} 어느 날 {event_ko}. 그리고 {outcome_ko}."
        english = f"{hero_en}, {role_en} in {place_en}, {event_en} one day. Then {outcome_en}."
        return korean, english

    def release_date(self) -> date:
        # rng.random() ** 0.6 leans towards 1: more recent years have more films, as in real data.
        year = FIRST_YEAR + int((LAST_YEAR - FIRST_YEAR + 1) * self.rng.random() ** 0.6)
        return date(year, 1, 1) + timedelta(days=self.rng.randrange(365))

    def film_genres(self) -> tuple[Genre, ...]:
        count = self.rng.choice((1, 1, 2, 2, 2, 3))
        picked: list[int] = []
        for _ in range(count * 3):
            gid = self.rng.choices(self.genre_ids, self.genre_weights)[0]
            if gid not in picked:
                picked.append(gid)
            if len(picked) == count:
                break
        return tuple(self.genre_by_id[g] for g in picked)

    def build_movie(self, key: int, korean: bool, pools) -> Movie:
        rng = self.rng
        genres = self.film_genres()
        genre_ids = {g.tmdb_id for g in genres}
        title_ko, title_en = self.title()
        if korean:
            origin, language = "KR", "ko"
            original_title = title_ko
        else:
            origins = vocab.FOREIGN_ORIGINS
            origin, language, _ = rng.choices(origins, [w for _, _, w in origins])[0]
            original_title = title_en
        countries = [self.country_by_code[origin]]
        if rng.random() < 0.15:
            other = rng.choice(self.countries)
            if other not in countries:
                countries.append(other)

        released = self.release_date()
        short = bool(genre_ids & {16, 99})
        runtime = int(rng.gauss(88, 12) if short else rng.gauss(110, 17))
        runtime = min(max(runtime, 62), 195)
        if 27 in genre_ids or 53 in genre_ids:
            rating = rng.choice(vocab.FILM_RATINGS[2:])
        elif genre_ids & {16, 10751}:
            rating = rng.choice(vocab.FILM_RATINGS[:2])
        else:
            rating = rng.choice(vocab.FILM_RATINGS)

        def pick(department: str, k: int) -> list[Person]:
            # Mostly people of the film's own country; now and then someone from abroad.
            own = korean if rng.random() < 0.95 else not korean
            return rng.sample(pools[(own, department)], k)

        crew: list[CrewMember] = []
        directors = pick("Directing", 1 if rng.random() < 0.9 else 2)
        for person in directors:
            crew.append(CrewMember(person, "Director", "Directing", "감독", self.hex_id()))
        writers: list[Person] = []
        if rng.random() < 0.45:
            writers.append(directors[0])  # the auteur writes the script
        writers += pick("Writing", rng.choice((0, 1, 1, 2)))
        for i, person in enumerate(writers):
            crew.append(CrewMember(person, "Screenplay" if i == 0 else "Writer", "Writing", "각본", self.hex_id()))
        for person in pick("Crew", rng.randint(1, 3)):
            job, department, group = next((j, d, g) for j, d, g in vocab.EXTRA_CREW if d == person.department)
            crew.append(CrewMember(person, job, department, group, self.hex_id()))

        cast = []
        for person in pick("Acting", rng.randint(4, 10)):
            if korean:
                character_ko, character_en = self.korean_name()
            else:  # foreign films: a character of the actor's own gender
                character_ko, character_en, _ = self.foreign_name(person.gender)
            cast.append(CastMember(person, character_ko, character_en, self.hex_id()))

        overview_ko, overview_en = self.overview(cast[0].character_ko, cast[0].character_en)

        seq = rng.randrange(10_000, 99_999)
        posters = tuple(self.image_path() for _ in range(rng.choice((0, 1, 1, 2, 3))))
        backdrops = tuple(self.image_path() for _ in range(rng.choice((0, 1, 2, 3))))
        videos = tuple(
            (self.token(_YOUTUBE_ALPHABET, 11), name, kind)
            for name, kind in (("공식 예고편", "Trailer"), ("티저 예고편", "Teaser"))[: rng.choice((0, 1, 1, 2))]
        )
        kmdb_posters = tuple(
            f"thm/02/00/{rng.randrange(100):02d}/{rng.randrange(100):02d}/"
            f"tn_DP{'K' if korean else 'F'}{seq + i:06d}.jpg"
            for i in range(rng.choice((0, 1, 1, 2, 3)))
        )
        kmdb_stills = tuple(
            f"thm/01/copy/00/{rng.randrange(100):02d}/{rng.randrange(100):02d}/tn_DST{seq * 10 + i:07d}.jpg"
            for i in range(rng.choice((0, 2, 4, 8)))
        )
        kmdb_vods = tuple(
            (label, f"https://www.kmdb.or.kr/trailerPlayPop?pFileNm=MK{seq:06d}_P0{i + 1}.mp4")
            for i, label in enumerate(
                (f"{title_ko} 메인 예고편", f"{title_ko} 티저 예고편")[: rng.choice((0, 0, 1, 2))]
            )
        )
        return Movie(
            key=key,
            tmdb_id=None,
            kmdb_id=None,
            korean=korean,
            title_ko=title_ko,
            title_en=title_en,
            original_title=original_title,
            original_language=language,
            release_date=released,
            production_year=released.year - (1 if rng.random() < 0.3 else 0),
            runtime=runtime,
            overview_ko=overview_ko,
            overview_en=overview_en,
            rating=rating,
            genres=genres,
            countries=tuple(countries),
            company=rng.choice(vocab.COMPANIES_KO if korean else vocab.COMPANIES_FOREIGN),
            cast=tuple(cast),
            crew=tuple(crew),
            imdb_id=f"tt{rng.randrange(100_000, 30_000_000):07d}" if rng.random() < 0.8 else None,
            popularity=round(rng.lognormvariate(1.5, 1.1), 3),
            vote_average=round(rng.uniform(3.0, 9.0), 1) if rng.random() < 0.95 else 0.0,
            vote_count=int(rng.lognormvariate(4, 2)),
            poster_paths=posters,
            backdrop_paths=backdrops,
            videos=videos,
            kmdb_posters=kmdb_posters,
            kmdb_stills=kmdb_stills,
            kmdb_vods=kmdb_vods,
            keywords=tuple(rng.sample([n for n, _ in vocab.TITLE_NOUNS], rng.randint(0, 4))),
            changed_days_ago=rng.randrange(30) if rng.random() < 0.35 else None,
            kmdb_marked_title=rng.random() < 0.15,
            kmdb_plot_missing=rng.random() < 0.05,
            tmdb_ko_overview_missing=not korean and rng.random() < 0.1,
        )

    # --- membership, ids and dirt ---------------------------------------------------------------

    def assign_sources(self, movies: list[Movie]) -> list[Movie]:
        """Put each film in TMDB, KMDb or both, and give it the ids of the sources that hold it."""
        rng = self.rng
        places = []
        for movie in movies:
            # KMDb is a Korean archive (Korean films, and foreign films released in Korea).
            both, kmdb_only = (0.45, 0.35) if movie.korean else (0.15, 0.15)
            roll = rng.random()
            places.append("both" if roll < both else "kmdb" if roll < both + kmdb_only else "tmdb")
        tmdb_ids = iter(sorted(rng.sample(range(2_000, 1_400_000), len(movies))))
        seqs = iter(rng.sample(range(1, 99_999), len(movies)))
        # TMDB ids grow with time: hand them out in release order, with some noise.
        order = sorted(
            range(len(movies)), key=lambda i: movies[i].release_date.toordinal() + rng.randrange(-3000, 3000)
        )
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

    def assign_dirt(self, movies: list[Movie]) -> list[Movie]:
        """Mark a seeded share of each source's records with each dirty kind, distinct records
        per kind where possible; identity-breaking kinds stay off films held by both sources."""
        rng = self.rng
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
                eligible = (
                    set(held) if kind not in IDENTITY_DIRT else {m.key for m in movies if holds(m) and not m.in_both}
                )
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

    def build(self, seed: int) -> World:
        pools = self.build_people()
        movies = [self.build_movie(key, self.rng.random() < 0.5, pools) for key in range(self.size)]
        movies = self.assign_dirt(self.assign_sources(movies))

        tmdb_movies = tuple(sorted((m for m in movies if m.tmdb_id is not None), key=lambda m: m.tmdb_id))
        kmdb_movies = tuple(sorted((m for m in movies if m.kmdb_id is not None), key=lambda m: m.kmdb_id))
        taken = {m.tmdb_id for m in tmdb_movies}
        deleted = []
        while len(deleted) < max(1, len(tmdb_movies) // 100):
            candidate = self.rng.randrange(2_000, 1_400_000)
            if candidate not in taken:
                taken.add(candidate)
                deleted.append(candidate)
        dirty: dict[str, list] = {kind: [] for kind in (*TMDB_DIRT, *KMDB_DIRT)}
        for m in tmdb_movies:
            for kind in m.tmdb_dirt:
                dirty[kind].append(m.tmdb_id)
        for m in kmdb_movies:
            for kind in m.kmdb_dirt:
                dirty[kind].append(m.kmdb_id)
        people = tuple(p for pool in pools.values() for p in pool)
        return World(
            seed=seed,
            size=self.size,
            movies=tuple(movies),
            people=people,
            genres=self.genres,
            countries=self.countries,
            tmdb_movies=tmdb_movies,
            kmdb_movies=kmdb_movies,
            by_tmdb_id=MappingProxyType({m.tmdb_id: m for m in tmdb_movies}),
            by_kmdb_id=MappingProxyType({m.kmdb_id: m for m in kmdb_movies}),
            shared=tuple(m for m in movies if m.in_both),
            dirty=MappingProxyType({k: tuple(v) for k, v in dirty.items()}),
            deleted_tmdb_ids=tuple(sorted(deleted)),
            deleted_changed_days_ago=MappingProxyType({i: self.rng.randrange(30) for i in sorted(deleted)}),
            quirks=MappingProxyType(
                {
                    "kmdb_marked_title": tuple(
                        m.kmdb_id for m in kmdb_movies if m.kmdb_marked_title and "kmdb_blank_title" not in m.kmdb_dirt
                    ),
                    "kmdb_empty_plots": tuple(m.kmdb_id for m in kmdb_movies if m.kmdb_plot_missing),
                    "kmdb_empty_vods": tuple(m.kmdb_id for m in kmdb_movies if not m.kmdb_vods),
                    "tmdb_missing_ko_overview": tuple(m.tmdb_id for m in tmdb_movies if m.tmdb_ko_overview_missing),
                    "tmdb_no_poster": tuple(m.tmdb_id for m in tmdb_movies if not m.poster_paths),
                }
            ),
        )


@functools.lru_cache(maxsize=4)
def _byte_table(alphabet: str) -> bytes:
    """A bytes.translate table sending each byte value to a character of `alphabet` (ASCII)."""
    return bytes(ord(alphabet[b % len(alphabet)]) for b in range(256))


def _topic_particle(word: str) -> str:
    """은 after a final consonant, 는 after a vowel (Korean topic marker)."""
    last = word[-1]
    if "가" <= last <= "힣":
        return "은" if (ord(last) - 0xAC00) % 28 else "는"
    return "은(는)"
