"""The contracts the ingestion package states: `Meta.merge_keys`, and the nested relations it writes itself."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers

from watchb.catalog.ingest import CreateOrMergeMixin, MovieSerializer, PersonSerializer, merge_keys
from watchb.catalog.ingest.nested import nested_relations
from watchb.catalog.models import Credit, Person

# -- Meta.merge_keys ----------------------------------------------------------------------------------


def test_merge_keys_are_read_from_meta_as_tuples_of_field_names():
    assert merge_keys(PersonSerializer) == (("tmdb_id",), ("kmdb_id",))
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
