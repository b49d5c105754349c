"""The people and films of a sandbox world, drawn one after another from the world's `Draw`.

The order of the draws is the world: change it and every seed gives other films.
"""

from __future__ import annotations

from datetime import date

from .. import vocabulary as vocab
from .draw import YOUTUBE_ALPHABET, Draw
from .model import CastMember, Country, CrewMember, Genre, Movie, Person

Pools = dict[tuple[bool, str], list[Person]]


class FilmMaker:
    """Draws people (`build_people`) and then films (`build_movie`) for a world of `size` films."""

    def __init__(self, draw: Draw, size: int):
        self.draw = draw
        self.rng = draw.rng
        self.size = size
        self.genres = tuple(Genre(*g) for g in vocab.GENRES)
        self.countries = tuple(Country(*c) for c in vocab.COUNTRIES)
        self.country_by_code = {c.code: c for c in self.countries}
        self.genre_by_id = {g.tmdb_id: g for g in self.genres}
        self.genre_ids = [g.tmdb_id for g in self.genres]
        self.genre_weights = [vocab.GENRE_WEIGHTS[g] for g in self.genre_ids]

    def build_people(self) -> Pools:
        """Pools of people by (korean, department), sized so that people recur across films."""
        rng, n = self.rng, self.size
        plan = {"Directing": max(12, n // 4), "Writing": max(12, n // 4), "Acting": max(40, n), "Crew": max(8, n // 8)}
        total = sum(plan.values()) * 2
        tmdb_ids = rng.sample(range(1_000, 5_000_000), total)
        kmdb_ids = rng.sample(range(1, 400_000), total)
        pools: Pools = {}
        i = 0
        for korean in (True, False):
            for department, count in plan.items():
                pool = []
                for _ in range(count):
                    if korean:
                        (name_ko, name_en), gender = self.draw.korean_name(), rng.choice((1, 2))
                    else:
                        name_ko, name_en, gender = self.draw.foreign_name()
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
                            profile_path=self.draw.image_path() if rng.random() < 0.8 else None,
                            popularity=round(rng.lognormvariate(0.5, 0.9), 3),
                        )
                    )
                    i += 1
                pools[(korean, department)] = pool
        return pools

    def build_movie(self, key: int, korean: bool, pools: Pools) -> Movie:
        """Film number `key`; its ids are given later, by the sources that hold it."""
        genres = self.film_genres()
        story = self._story(korean, genres)
        crew, cast = self._credits(korean, pools)
        overview_ko, overview_en = self.draw.overview(cast[0].character_ko, cast[0].character_en)
        return Movie(
            key=key,
            tmdb_id=None,
            kmdb_id=None,
            korean=korean,
            cast=tuple(cast),
            crew=tuple(crew),
            genres=genres,
            overview_ko=overview_ko,
            overview_en=overview_en,
            **story,
            **self._media(korean, story["title_ko"]),
            **self._facts(korean, story["release_date"]),
        )

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

    def _story(self, korean: bool, genres: tuple[Genre, ...]) -> dict:
        """Titles, origin, release date, runtime and rating, which the genres lean."""
        rng = self.rng
        genre_ids = {g.tmdb_id for g in genres}
        title_ko, title_en = self.draw.title()
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

        released = self.draw.release_date()
        short = bool(genre_ids & {16, 99})
        runtime = int(rng.gauss(88, 12) if short else rng.gauss(110, 17))
        if 27 in genre_ids or 53 in genre_ids:
            rating = rng.choice(vocab.FILM_RATINGS[2:])
        elif genre_ids & {16, 10751}:
            rating = rng.choice(vocab.FILM_RATINGS[:2])
        else:
            rating = rng.choice(vocab.FILM_RATINGS)
        return {
            "title_ko": title_ko,
            "title_en": title_en,
            "original_title": original_title,
            "original_language": language,
            "countries": tuple(countries),
            "release_date": released,
            "runtime": min(max(runtime, 62), 195),
            "rating": rating,
        }

    def _credits(self, korean: bool, pools: Pools) -> tuple[list[CrewMember], list[CastMember]]:
        """Directors, writers, a few other crew, and the cast, mostly of the film's own country."""
        rng = self.rng

        def pick(department: str, k: int) -> list[Person]:
            # Mostly people of the film's own country; now and then someone from abroad.
            own = korean if rng.random() < 0.95 else not korean
            return rng.sample(pools[(own, department)], k)

        crew: list[CrewMember] = []
        directors = pick("Directing", 1 if rng.random() < 0.9 else 2)
        for person in directors:
            crew.append(CrewMember(person, "Director", "Directing", "감독", self.draw.hex_id()))
        writers: list[Person] = []
        if rng.random() < 0.45:
            writers.append(directors[0])  # the auteur writes the script
        writers += pick("Writing", rng.choice((0, 1, 1, 2)))
        for i, person in enumerate(writers):
            crew.append(CrewMember(person, "Screenplay" if i == 0 else "Writer", "Writing", "각본", self.draw.hex_id()))
        for person in pick("Crew", rng.randint(1, 3)):
            job, department, group = next((j, d, g) for j, d, g in vocab.EXTRA_CREW if d == person.department)
            crew.append(CrewMember(person, job, department, group, self.draw.hex_id()))

        cast = []
        for person in pick("Acting", rng.randint(4, 10)):
            if korean:
                character_ko, character_en = self.draw.korean_name()
            else:  # foreign films: a character of the actor's own gender
                character_ko, character_en, _ = self.draw.foreign_name(person.gender)
            cast.append(CastMember(person, character_ko, character_en, self.draw.hex_id()))
        return crew, cast

    def _media(self, korean: bool, title_ko: str) -> dict:
        """Posters, stills and trailers: TMDB's file paths and KMDb's files, numbered after one seq."""
        rng, draw = self.rng, self.draw
        seq = rng.randrange(10_000, 99_999)
        posters = tuple(draw.image_path() for _ in range(rng.choice((0, 1, 1, 2, 3))))
        backdrops = tuple(draw.image_path() for _ in range(rng.choice((0, 1, 2, 3))))
        videos = tuple(
            (draw.token(YOUTUBE_ALPHABET, 11), name, kind)
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
        return {
            "poster_paths": posters,
            "backdrop_paths": backdrops,
            "videos": videos,
            "kmdb_posters": kmdb_posters,
            "kmdb_stills": kmdb_stills,
            "kmdb_vods": kmdb_vods,
        }

    def _facts(self, korean: bool, released: date) -> dict:
        """The rest, drawn in this order: year, company, ids, scores, keywords, change day, quirks."""
        rng = self.rng
        return {
            "production_year": released.year - (1 if rng.random() < 0.3 else 0),
            "company": rng.choice(vocab.COMPANIES_KO if korean else vocab.COMPANIES_FOREIGN),
            "imdb_id": f"tt{rng.randrange(100_000, 30_000_000):07d}" if rng.random() < 0.8 else None,
            "popularity": round(rng.lognormvariate(1.5, 1.1), 3),
            "vote_average": round(rng.uniform(3.0, 9.0), 1) if rng.random() < 0.95 else 0.0,
            "vote_count": int(rng.lognormvariate(4, 2)),
            "keywords": tuple(rng.sample([n for n, _ in vocab.TITLE_NOUNS], rng.randint(0, 4))),
            "changed_days_ago": rng.randrange(30) if rng.random() < 0.35 else None,
            "kmdb_marked_title": rng.random() < 0.15,
            "kmdb_plot_missing": rng.random() < 0.05,
            "tmdb_ko_overview_missing": not korean and rng.random() < 0.1,
        }
