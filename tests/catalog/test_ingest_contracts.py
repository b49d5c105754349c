"""The contracts the ingestion package states: `Meta.merge_keys`, the drop log in the context, an
instance passed explicitly, matching across sources, and the nested relations it writes itself."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers

from watchb.catalog.ingest import (
    CreateOrMergeMixin,
    CreditSerializer,
    DropLog,
    MovieSerializer,
    PersonSerializer,
    merge_keys,
)
from watchb.catalog.ingest.nested import nested_relations
from watchb.catalog.models import Credit, Movie, Person

# -- Meta.merge_keys ----------------------------------------------------------------------------------


def test_merge_keys_are_read_from_meta_as_tuples_of_field_names():
    assert merge_keys(PersonSerializer) == (("tmdb_id",), ("kmdb_id",), ("film_key",))
    assert merge_keys(MovieSerializer()) == (("tmdb_id",), ("kmdb_id",))


@pytest.mark.parametrize("keys", [None, [], ["tmdb_id"]])
def test_a_serializer_without_usable_merge_keys_is_refused_by_name(keys):
    class Unkeyed(CreateOrMergeMixin, serializers.ModelSerializer):
        class Meta:
            model = Person
            fields = ["name", "tmdb_id"]
            merge_keys = keys

    with pytest.raises(ImproperlyConfigured, match=r"Unkeyed\.Meta\.merge_keys"):
        merge_keys(Unkeyed)


# -- the drop log travels in the context --------------------------------------------------------------


def test_the_drops_of_a_whole_tree_go_to_the_log_the_caller_passes():
    drops = DropLog()
    data = {
        "tmdb_id": 1,
        "title": "기생충",
        "runtime": 0,
        "credits": [
            {"person": {"tmdb_id": 2, "name": "송강호", "photo": "not a url"}, "job": "actor"},
            {"person": {"name": "Nameless Extra"}, "job": "actor"},
        ],
    }

    serializer = MovieSerializer(data=data, context={"drops": drops})

    assert serializer.is_valid(), serializer.errors
    assert [str(d) for d in drops.fields] == ["credits.person.photo (invalid)", "runtime (min_value)"]
    assert [str(d) for d in drops.children] == ["credits (person: require_one_of)"]
    assert serializer.dropped_fields == drops.fields


# -- the instance passed explicitly -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_movie_passed_as_the_instance_is_merged_into_whatever_its_ids():
    kmdb_copy = Movie.objects.create(title="기생충", kmdb_id="K19398", runtime=131)

    serializer = MovieSerializer(kmdb_copy, data={"tmdb_id": 496243, "title": "Parasite", "runtime": 132})
    assert serializer.is_valid(), serializer.errors
    movie = serializer.save()

    assert movie.pk == kmdb_copy.pk and serializer.created is False
    assert (movie.title, movie.runtime, movie.tmdb_id, movie.kmdb_id) == ("기생충", 131, 496243, "K19398")
    assert Movie.objects.count() == 1


@pytest.mark.django_db
def test_without_a_source_in_the_context_the_serializer_matches_by_ids_only():
    kmdb_copy = Movie.objects.create(title="기생충", kmdb_id="K19398", release_date="2019-05-30")
    director = Person.objects.create(name="봉준호", kmdb_id="00004475")
    Credit.objects.create(movie=kmdb_copy, person=director, job="director")
    data = {
        "tmdb_id": 496243,
        "title": "기생충",
        "release_date": "2019-05-30",
        "credits": [{"person": {"tmdb_id": 21684, "name": "봉준호"}, "job": "director"}],
    }

    alone = MovieSerializer(data=data)
    crawled = MovieSerializer(data=data, context={"source_id_field": "tmdb_id"})
    assert alone.is_valid() and crawled.is_valid()

    assert alone.find_existing(alone.validated_data) is None
    assert crawled.find_existing(crawled.validated_data) == kmdb_copy
    assert crawled.validated_data["credits"][0]["person"]["kmdb_id"] == "00004475"  # shared with the row


# -- nested relations, found without drf-writable-nested ----------------------------------------------


def test_nested_lists_are_taken_out_of_the_data_with_their_model_field():
    serializer = MovieSerializer()
    data = {"title": "기생충", "credits": [{"job": "director"}], "genres": [{"name": "드라마"}]}

    relations = nested_relations(serializer, data)

    assert data == {"title": "기생충"}
    assert [(field.name, type(child).__name__, items) for field, child, items in relations] == [
        ("genres", "GenreSerializer", [{"name": "드라마"}]),
        ("movie", "CreditSerializer", [{"job": "director"}]),
    ]


def test_a_nested_object_on_the_object_itself_is_refused():
    class CreditWithPerson(serializers.ModelSerializer):
        person = PersonSerializer()

        class Meta:
            model = Credit
            fields = ["person", "job"]

    with pytest.raises(NotImplementedError, match="CreditWithPerson"):
        nested_relations(CreditWithPerson(), {"person": {"name": "봉준호"}, "job": "director"})


@pytest.mark.django_db
def test_a_credit_saved_on_its_own_merges_its_person_and_creates_the_credit():
    movie = Movie.objects.create(title="기생충", tmdb_id=496243)
    bong = Person.objects.create(name="봉준호", tmdb_id=21684)

    serializer = CreditSerializer(
        data={"person": {"tmdb_id": 21684, "name": "Bong Joon-ho", "name_en": "Bong Joon-ho"}, "job": "director"}
    )
    assert serializer.is_valid(), serializer.errors
    credit = serializer.save(movie=movie)

    assert (credit.movie, credit.person, credit.job) == (movie, bong, "director")
    bong.refresh_from_db()
    assert (bong.name, bong.name_en) == ("봉준호", "Bong Joon-ho") and Person.objects.count() == 1
