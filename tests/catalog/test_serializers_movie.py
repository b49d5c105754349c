"""MovieSerializer on real-shaped model dicts (from the sources' mappers and fixtures), clean and dirty."""

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from watchb.catalog.ingest import MovieSerializer, describe_errors
from watchb.catalog.models import Country, Credit, Genre, Movie, Person, Poster, Video
from watchb.catalog.sources import kmdb, tmdb

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "sources" / "fixtures"


def fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def tmdb_dict(name):
    return tmdb.movie_to_model_dict(tmdb.TmdbMovie.from_json(fixture(name)))


def kmdb_dicts():
    return [
        kmdb.movie_to_model_dict(kmdb.KmdbMovie.from_json(r)) for r in fixture("kmdb_search.json")["Data"][0]["Result"]
    ]


def save(data, **kwargs):
    serializer = MovieSerializer(data=data, **kwargs)
    assert serializer.is_valid(), serializer.errors
    return serializer.save(), serializer


def minimal(**fields):
    return {"tmdb_id": 1, "title": "기생충", **fields}


def test_a_clean_tmdb_movie_is_saved_with_all_its_children():
    data = tmdb_dict("tmdb_movie_parasite.json")

    movie, serializer = save(data)

    assert (movie.title, str(movie.release_date), movie.runtime, movie.tmdb_id) == ("기생충", "2019-05-30", 133, 496243)
    assert sorted(movie.genres.values_list("name", flat=True)) == ["드라마", "스릴러", "코미디"]
    assert list(movie.countries.values_list("code", flat=True)) == ["KR"]
    assert movie.credits.filter(job="director").get().person.name == "봉준호"
    assert movie.credits.count() == len(data["credits"])
    assert movie.posters.count() == len(data["posters"]) and movie.videos.count() == 2
    assert serializer.created is True and serializer.dropped_fields == [] and serializer.dropped_children == []


def test_a_new_movie_costs_a_fixed_number_of_queries_whatever_its_cast():
    data = tmdb_dict("tmdb_movie_parasite.json")
    big = dict(
        data,
        tmdb_id=1,
        credits=data["credits"]
        + [{"person": {"tmdb_id": 9000 + n, "name": f"Extra {n}"}, "job": "actor", "order": 10 + n} for n in range(40)],
    )
    serializer = MovieSerializer(data=big)
    assert serializer.is_valid()

    with CaptureQueriesContext(connection) as queries:
        serializer.save()

    # movie lookup + insert; per kind: one read of known rows, one bulk insert (+ links for genres, countries)
    assert len(queries) <= 16
    assert Credit.objects.count() == len(data["credits"]) + 40


def test_a_dirty_tmdb_movie_is_kept_with_its_bad_values_and_children_dropped_and_recorded():
    movie, serializer = save(tmdb_dict("tmdb_movie_dirty.json"))

    assert movie.release_date is None and movie.runtime is None
    assert {(d.path, d.reason) for d in serializer.dropped_fields} == {
        ("release_date", "invalid"),
        ("runtime", "min_value"),
    }
    assert {(d.path, d.reason) for d in serializer.dropped_children} == {
        ("countries", "code: unknown_country"),
    }
    assert list(movie.countries.values_list("code", flat=True)) == ["US"]
    nameless = movie.credits.get(person__name="Nameless Extra").person  # listed with id null: kept
    assert (nameless.tmdb_id, nameless.kmdb_id, nameless.film_key) == (
        None,
        None,
        "tmdb:900001:nameless extra:nameless extra",
    )


def test_a_dirty_kmdb_movie_loses_its_impossible_values_and_its_unknown_nation():
    _, dirty = kmdb_dicts()

    movie, serializer = save(dirty)

    assert (movie.title, movie.kmdb_id) == ("더러운 영화", "F99001")
    assert (movie.release_date, movie.production_year, movie.runtime) == (None, None, None)
    assert {d.path for d in serializer.dropped_fields} == {"release_date", "production_year", "runtime"}
    assert [str(d) for d in serializer.dropped_children if d.path == "countries"] == [
        "countries (code: unknown_country)"
    ]
    assert sorted(movie.countries.values_list("code", flat=True)) == ["KR", "US"]


def test_a_country_given_by_name_only_is_found_by_its_name():
    movie, _ = save(minimal(countries=[{"code": "", "name": "대한민국"}, {"name_en": "Japan"}]))

    assert sorted(movie.countries.values_list("code", "name_en")) == [("JP", "Japan"), ("KR", "South Korea")]


def test_control_characters_and_stray_spaces_are_stripped_from_strings():
    movie, _ = save(minimal(title=" 기생\x0b충\x00  ", synopsis="첫 줄\x07\n둘째 줄", film_rating="15\tyears"))

    assert (movie.title, movie.synopsis, movie.film_rating) == ("기생충", "첫 줄\n둘째 줄", "15 years")


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("release_date", "2019-02-30", "invalid"),
        ("release_date", "0001-01-01", "implausible"),
        ("runtime", 0, "min_value"),
        ("runtime", 1501, "max_value"),
        ("production_year", 1500, "min_value"),
        ("production_year", 2999, "max_value"),
        ("production_year", "19xx", "invalid"),
    ],
)
def test_out_of_range_optional_values_are_dropped_with_their_reason(field, value, reason):
    movie, serializer = save(minimal(**{field: value}))

    assert getattr(movie, field) is None
    assert [(d.path, d.reason) for d in serializer.dropped_fields] == [(field, reason)]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (minimal(title=" \x0b "), "title: blank"),
        ({"tmdb_id": 1}, "title: required"),
        ({"title": "기생충", "tmdb_id": None}, "require_one_of"),
        (minimal(tmdb_id="abc", kmdb_id=None), "require_one_of"),
    ],
)
def test_a_movie_without_a_usable_title_or_any_id_is_rejected_with_its_reason(data, reason):
    serializer = MovieSerializer(data=data)

    assert not serializer.is_valid()
    assert describe_errors(serializer.errors) == reason
    assert Movie.objects.count() == 0


def test_a_blank_title_is_stood_in_for_by_the_original_title():
    movie, _ = save(minimal(title="", original_title="Parasite"))

    assert movie.title == "Parasite"


def test_duplicated_cast_entries_collapse_into_one_credit():
    actor = {"person": {"tmdb_id": 20738, "name": "송강호"}, "job": "actor", "role_name": "기택"}

    movie, _ = save(minimal(credits=[actor, dict(actor, role_name=""), dict(actor, job="writer", role_name="")]))

    assert Person.objects.count() == 1
    assert sorted(movie.credits.values_list("job", "role_name")) == [("actor", "기택"), ("writer", "")]


def test_the_same_movie_saved_again_is_merged_and_nothing_is_duplicated():
    data = tmdb_dict("tmdb_movie_parasite.json")
    first, _ = save(data)
    counts = [model.objects.count() for model in (Movie, Person, Credit, Genre, Country, Poster, Video)]

    again, serializer = save(tmdb_dict("tmdb_movie_parasite.json"))

    assert again.pk == first.pk and serializer.created is False
    assert [model.objects.count() for model in (Movie, Person, Credit, Genre, Country, Poster, Video)] == counts


def test_merging_a_second_source_fills_blanks_keeps_filled_fields_and_adds_children():
    tmdb_parasite = tmdb_dict("tmdb_movie_parasite.json")
    kmdb_parasite = kmdb_dicts()[0]
    movie, _ = save(kmdb_parasite)
    credits_before = movie.credits.count()

    # The crawler finds the counterpart; here the KMDb id is given so the serializer finds it.
    merged, serializer = save(dict(tmdb_parasite, kmdb_id=kmdb_parasite["kmdb_id"]))

    assert merged.pk == movie.pk and serializer.created is False
    assert (merged.tmdb_id, merged.kmdb_id) == (496243, "K19398")
    assert merged.runtime == 131  # KMDb's, kept: a filled field is not overwritten
    assert merged.title_en == "Parasite"
    assert merged.film_rating == "15세관람가"
    assert merged.credits.count() > credits_before
    assert merged.videos.count() == 3
    assert Genre.objects.get(name="드라마").tmdb_id == 18  # KMDb's genre gained TMDB's id


def test_a_refresh_replaces_the_movie_values_the_source_changed():
    save(minimal(runtime=120, synopsis="Old."))

    movie, _ = save(minimal(runtime=132), context={"refresh": True})

    assert (movie.runtime, movie.synopsis) == (132, "Old.")


def test_a_bad_field_inside_a_child_is_dropped_with_its_path_and_the_child_kept():
    actor = {"person": {"tmdb_id": 20738, "name": "송강호", "photo": "javascript:alert(1)"}, "job": "actor"}

    movie, serializer = save(minimal(credits=[actor]))

    assert movie.credits.get().person.photo == ""
    assert [str(d) for d in serializer.dropped_fields] == ["credits.person.photo (invalid)"]
