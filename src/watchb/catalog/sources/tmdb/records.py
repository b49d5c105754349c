"""The records we keep from TMDB's answers, parsed forgivingly.

Missing keys and nulls become "" / None / [], because TMDB is edited by its users and its answers are
as dirty as any open data; judging the values is left to the mapper's caller (validation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..fields import integer, mapping, objects, text
from ..records import JsonRecord, json_field

DEFAULT_IMAGE_BASE_URL = "https://image.tmdb.org/t/p/"


@dataclass(frozen=True)
class TmdbPage:
    """One page of ``/discover/movie`` or ``/movie/changes``: the movie ids on it and the totals."""

    page: int
    total_pages: int
    total_results: int
    ids: list[int]

    @classmethod
    def from_json(cls, data: Any, *, skip_adult: bool = False) -> TmdbPage:
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
class TmdbMovie(JsonRecord):
    """A ``/movie/{id}`` answer with ``credits,release_dates,images,videos`` appended, fields we keep."""

    tmdb_id: int | None = json_field("id", integer)
    title: str
    original_title: str
    original_language: str
    release_date: str
    runtime: int | None = json_field("runtime", integer)
    overview: str
    poster_path: str
    genres: list[TmdbGenre] = field(default_factory=list)
    production_countries: list[TmdbCountry] = field(default_factory=list)
    cast: list[TmdbCredit] = field(default_factory=list)
    crew: list[TmdbCredit] = field(default_factory=list)
    releases: list[TmdbRelease] = field(default_factory=list)
    poster_paths: list[str] = field(default_factory=list)
    backdrop_paths: list[str] = field(default_factory=list)
    videos: list[TmdbVideo] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: Any, **given: Any) -> TmdbMovie:
        data = mapping(data)
        credits = mapping(data.get("credits"))
        images = mapping(data.get("images"))
        nested = {
            "genres": [TmdbGenre.from_json(item) for item in objects(data.get("genres"))],
            "production_countries": [TmdbCountry.from_json(item) for item in objects(data.get("production_countries"))],
            "cast": [TmdbCredit.from_json(item) for item in objects(credits.get("cast"))],
            "crew": [TmdbCredit.from_json(item) for item in objects(credits.get("crew"))],
            "releases": [
                TmdbRelease.from_json(release, country=text(by_country.get("iso_3166_1")))
                for by_country in objects(mapping(data.get("release_dates")).get("results"))
                for release in objects(by_country.get("release_dates"))
            ],
            "poster_paths": _file_paths(images.get("posters")),
            "backdrop_paths": _file_paths(images.get("backdrops")),
            "videos": [TmdbVideo.from_json(item) for item in objects(mapping(data.get("videos")).get("results"))],
        }
        return super().from_json(data, **nested, **given)


def _file_paths(images: Any) -> list[str]:
    return [path for item in objects(images) if (path := text(item.get("file_path")))]


@dataclass(frozen=True)
class TmdbGenre(JsonRecord):
    """A genre, as a movie's ``genres`` and ``/genre/movie/list`` name it."""

    tmdb_id: int | None = json_field("id", integer)
    name: str


@dataclass(frozen=True)
class TmdbCredit(JsonRecord):
    """An entry of ``credits.cast`` (with the character played and the billing order) or of
    ``credits.crew`` (with the job and its department: "Screenplay", "Writing"). The person's name
    is in English, and in their own script as ``original_name``."""

    name: str
    original_name: str
    tmdb_id: int | None = json_field("id", integer)
    profile_path: str
    character: str
    order: int | None = json_field("order", integer)
    job: str
    department: str


@dataclass(frozen=True)
class TmdbRelease(JsonRecord):
    """One dated release in one country (given: it is the key of the list holding it), with the
    certification it had there."""

    country: str
    certification: str
    type: int | None = json_field("type", integer)
    date: str = json_field("release_date")


@dataclass(frozen=True)
class TmdbVideo(JsonRecord):
    """An entry of ``videos.results``: where it is hosted, its key there, its name and type."""

    site: str
    key: str
    name: str
    type: str


@dataclass(frozen=True)
class TmdbConfiguration:
    """What ``/configuration`` tells us about building image URLs."""

    image_base_url: str
    poster_sizes: list[str]
    profile_sizes: list[str]

    @classmethod
    def from_json(cls, data: Any) -> TmdbConfiguration:
        images = mapping(mapping(data).get("images"))
        base = text(images.get("secure_base_url")) or text(images.get("base_url")) or DEFAULT_IMAGE_BASE_URL
        return cls(
            image_base_url=base if base.endswith("/") else base + "/",
            poster_sizes=_sizes(images.get("poster_sizes")),
            profile_sizes=_sizes(images.get("profile_sizes")),
        )


def _sizes(value: Any) -> list[str]:
    return [text(size) for size in value or [] if text(size)]


@dataclass(frozen=True)
class TmdbCountry(JsonRecord):
    """A production country: its ISO 3166-1 code and TMDB's English name.

    The code is kept as sent; the mapper trims and upper-cases it, and validation judges it.
    """

    code: str = json_field("iso_3166_1")
    name: str
