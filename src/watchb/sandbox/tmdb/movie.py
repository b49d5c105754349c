"""One film as TMDB shows it: in lists, in `/movie/{id}`, and the parts appended to it.

Dirty kinds marked on a film by the world are applied here, at render time.
"""

from __future__ import annotations

import hashlib

from .. import vocabulary as vocab
from ..world import Movie, World
from .errors import TmdbError


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


def find_movie(world: World, movie_id: int) -> Movie:
    try:
        return world.by_tmdb_id[movie_id]
    except KeyError:
        raise TmdbError(34) from None
