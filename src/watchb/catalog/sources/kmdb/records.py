"""The records we keep from KMDb's search answers, every value a string as KMDb sent it.

KMDb's lists are objects holding a list (``"directors": {"director": [...]}``), and an empty list is
sent as one object of empty strings (``[{"directorNm": "", "directorId": ""}]``): the records read
both as the list of what is really there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..fields import integer, mapping, objects, text
from ..records import JsonRecord, json_field

COLLECTION = "kmdb_new2"
#: What joins the values of several ratings packed into one ``ratings.rating[]`` line.
PACKED = "||"


def _present(items: list[Mapping]) -> list[Mapping]:
    """The objects that hold something: KMDb sends an empty list as one object of empty strings."""
    return [item for item in items if any(text(value).strip() for value in item.values())]


def listed(container: Any, key: str) -> list[Mapping]:
    """The objects of a KMDb list, ``{"director": [...]}`` read as ``[...]``, empty placeholders left out."""
    return _present(objects(mapping(container).get(key)))


@dataclass(frozen=True)
class KmdbPage:
    """One search answer: the movies on it, where it started, and how many match in all."""

    total_count: int
    start_count: int
    movies: list[KmdbMovie]

    @classmethod
    def from_json(cls, data: Any, *, start_count: int = 0) -> KmdbPage:
        data = mapping(data)
        collections = objects(data.get("Data"))
        collection = next(
            (item for item in collections if text(item.get("CollName")) == COLLECTION),
            collections[0] if collections else {},
        )
        total = integer(collection.get("TotalCount"))
        if total is None:
            total = integer(data.get("TotalCount")) or 0
        movies = [KmdbMovie.from_json(item) for item in objects(collection.get("Result"))]
        return cls(total_count=total, start_count=start_count, movies=movies)


@dataclass(frozen=True)
class KmdbMovie(JsonRecord):
    """One search result (``detail=Y``), the fields we keep, strings as KMDb sent them."""

    docid: str = json_field("DOCID")
    movie_id: str = json_field("movieId")
    movie_seq: str = json_field("movieSeq")
    title: str
    title_eng: str = json_field("titleEng")
    title_org: str = json_field("titleOrg")
    title_etc: str = json_field("titleEtc")
    prod_year: str = json_field("prodYear")
    nation: str
    genre: str
    runtime: str
    rating: str
    use: str
    rep_rls_date: str = json_field("repRlsDate")
    posters: str
    stlls: str
    directors: list[KmdbPerson] = field(default_factory=list)
    actors: list[KmdbPerson] = field(default_factory=list)
    staffs: list[KmdbStaff] = field(default_factory=list)
    main_rating_grade: str = ""  # from ``ratings.rating[]``, the value marked ``ratingMain`` (see `main_rating`)
    plots: list[KmdbPlot] = field(default_factory=list)
    vods: list[KmdbVod] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: Any, **given: Any) -> KmdbMovie:
        data = mapping(data)
        ratings = listed(data.get("ratings"), "rating")
        nested = {
            "directors": [KmdbPerson.from_json(item, "director") for item in listed(data.get("directors"), "director")],
            "actors": [KmdbPerson.from_json(item, "actor") for item in listed(data.get("actors"), "actor")],
            "staffs": [
                KmdbStaff.from_json(item, person=KmdbPerson.from_json(item, "staff"))
                for item in listed(data.get("staffs"), "staff")
            ],
            "plots": [KmdbPlot.from_json(item) for item in listed(data.get("plots"), "plot")],
            "vods": [KmdbVod.from_json(item) for item in listed(data.get("vods"), "vod")],
            "main_rating_grade": main_rating(ratings),
        }
        return super().from_json(data, **nested, **given)


def main_rating(ratings: list[Mapping]) -> str:
    """The ``ratingGrade`` marked main among ``ratings.rating[]`` lines, "" when none is.

    A line may pack several ratings, each field's values joined by "||" in the same order:
    ``{"ratingMain": "N||Y", "ratingGrade": "12세관람가||15세관람가"}`` has 15세관람가 as its main rating.
    """
    for line in ratings:
        grades = text(line.get("ratingGrade")).split(PACKED)
        for position, main in enumerate(text(line.get("ratingMain")).split(PACKED)):
            if main.strip() == "Y" and position < len(grades):
                return grades[position].strip()
    return ""


@dataclass(frozen=True)
class KmdbStaff(JsonRecord):
    """One line of ``staffs.staff[]``: a person, the group of their role (감독, 각본, 출연…) and the role."""

    person: KmdbPerson
    role_group: str = json_field("staffRoleGroup")
    role: str = json_field("staffRole")
    etc: str = json_field("staffEtc")


@dataclass(frozen=True)
class KmdbPerson:
    """A person as KMDb lists them, under keys that share a prefix (``director``, ``actor``,
    ``staff``): ``directorNm``, ``directorEnNm``, ``directorId``."""

    name: str
    name_en: str
    kmdb_id: str

    @classmethod
    def from_json(cls, data: Mapping, prefix: str) -> KmdbPerson:
        return cls(*(text(data.get(prefix + suffix)) for suffix in ("Nm", "EnNm", "Id")))


@dataclass(frozen=True)
class KmdbPlot(JsonRecord):
    """A line of ``plots.plot[]``: the synopsis in one language (한국어, 영어), with control
    characters as KMDb sent them (the mapper strips them)."""

    language: str = json_field("plotLang")
    text: str = json_field("plotText")


@dataclass(frozen=True)
class KmdbVod(JsonRecord):
    """A line of ``vods.vod[]``: a trailer's label ("이마 베프 [메인예고편]", "예고편(메인예고편)") and its
    player's URL (with the file as ``pFileNm``, or an ``.../own/videoData`` address without one)."""

    label: str = json_field("vodClass")
    url: str = json_field("vodUrl")
