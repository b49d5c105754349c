"""JsonRecord: a record declares its JSON keys once and reads them forgivingly."""

from dataclasses import dataclass, field

from watchb.catalog.sources.fields import integer
from watchb.catalog.sources.records import JsonRecord, json_field


@dataclass(frozen=True)
class Film(JsonRecord):
    tmdb_id: int | None = json_field("id", integer)
    title: str
    country: str
    genres: list[str] = field(default_factory=list)


def test_fields_are_read_from_their_key_by_their_reader_or_as_text_of_their_own_name():
    film = Film.from_json({"id": "42", "title": "기생충", "country": "KR", "genres": ["ignored"]})

    assert film == Film(tmdb_id=42, title="기생충", country="KR", genres=[])


def test_missing_keys_nulls_and_odd_types_read_as_neutral_values():
    assert Film.from_json({"id": "x", "title": None, "country": ["KR"]}) == Film(None, "", "")
    assert Film.from_json("not an object") == Film(None, "", "")


def test_given_fields_are_taken_as_given():
    film = Film.from_json({"id": 1, "title": "t", "country": "FR"}, country="KR", genres=["드라마"])

    assert (film.country, film.genres) == ("KR", ["드라마"])
