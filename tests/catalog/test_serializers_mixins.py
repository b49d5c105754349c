"""Each serializer mixin's rule, on small dicts and small serializers built for the test.

Every test compares the mixin's serializer with the same serializer without the mixin, so it fails
if the rule goes away.
"""

import pytest
from rest_framework import serializers

from watchb.catalog.ingest import (
    CreateOrMergeMixin,
    RequireOneOfMixin,
    SkipInvalidChildrenMixin,
    SkipInvalidOptionalFieldsMixin,
)
from watchb.catalog.models import Genre, Person

pytestmark = pytest.mark.django_db


class PlainPerson(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["name", "name_en", "biography", "photo", "tmdb_id", "kmdb_id"]


class MergingPerson(CreateOrMergeMixin, PlainPerson):
    class Meta(PlainPerson.Meta):
        merge_keys = [("tmdb_id",), ("kmdb_id",)]


class PlainGenre(serializers.ModelSerializer):
    class Meta:
        model = Genre
        fields = ["name", "tmdb_id"]


class MergingGenre(CreateOrMergeMixin, PlainGenre):
    class Meta(PlainGenre.Meta):
        merge_keys = [("tmdb_id",), ("name",)]


def save(serializer_class, data, **kwargs):
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.save(), serializer


# -- CreateOrMergeMixin ---------------------------------------------------------------------------


def test_a_person_met_again_is_merged_blanks_filled_and_filled_fields_kept():
    first, _ = save(MergingPerson, {"tmdb_id": 21684, "name": "봉준호", "biography": ""})

    again, serializer = save(
        MergingPerson, {"tmdb_id": 21684, "name": "Bong Joon-ho", "name_en": "Bong Joon-ho", "biography": ""}
    )

    assert again.pk == first.pk and Person.objects.count() == 1
    assert serializer.created is False
    assert (again.name, again.name_en) == ("봉준호", "Bong Joon-ho")


def test_without_the_mixin_a_person_met_again_is_refused_as_a_duplicate():
    save(PlainPerson, {"tmdb_id": 21684, "name": "봉준호"})

    serializer = PlainPerson(data={"tmdb_id": 21684, "name": "봉준호"})

    assert not serializer.is_valid()
    assert serializer.errors["tmdb_id"][0].code == "unique"


def test_a_merge_never_blanks_a_filled_field():
    save(MergingPerson, {"kmdb_id": "00004475", "name": "봉준호", "biography": "Director of Parasite."})

    person, _ = save(MergingPerson, {"kmdb_id": "00004475", "name": "봉준호", "biography": "", "photo": ""})

    assert person.biography == "Director of Parasite."


def test_the_row_is_found_by_the_next_key_when_the_first_is_unknown_and_gains_the_new_key():
    existing, _ = save(MergingGenre, {"name": "드라마"})  # KMDb knows genres by name only

    genre, serializer = save(MergingGenre, {"name": "드라마", "tmdb_id": 18})

    assert genre.pk == existing.pk and serializer.created is False
    assert Genre.objects.get().tmdb_id == 18


def test_a_refresh_lets_new_non_blank_values_replace_filled_ones():
    save(MergingPerson, {"tmdb_id": 7, "name": "Old Name", "biography": "Kept"})

    person, _ = save(MergingPerson, {"tmdb_id": 7, "name": "New Name", "biography": ""}, context={"refresh": True})

    assert (person.name, person.biography) == ("New Name", "Kept")


# -- SkipInvalidOptionalFieldsMixin ---------------------------------------------------------------


class ForgivingPerson(SkipInvalidOptionalFieldsMixin, PlainPerson):
    pass


def test_an_invalid_optional_field_is_dropped_and_recorded():
    serializer = ForgivingPerson(data={"tmdb_id": 1, "name": "Jane Roe", "photo": "not a url", "name_en": "Jane"})

    assert serializer.is_valid(), serializer.errors
    assert "photo" not in serializer.validated_data
    assert serializer.validated_data["name_en"] == "Jane"
    assert [(d.path, d.reason) for d in serializer.dropped_fields] == [("photo", "invalid")]


def test_without_the_mixin_an_invalid_optional_field_fails_the_object():
    assert not PlainPerson(data={"tmdb_id": 1, "name": "Jane Roe", "photo": "not a url"}).is_valid()


def test_an_invalid_required_field_still_fails_and_only_it_is_reported():
    serializer = ForgivingPerson(data={"tmdb_id": 1, "name": "", "photo": "not a url"})

    assert not serializer.is_valid()
    assert set(serializer.errors) == {"name"}


# -- SkipInvalidChildrenMixin ---------------------------------------------------------------------


class Cast(serializers.Serializer):
    title = serializers.CharField()
    people = PlainPerson(many=True)


class ForgivingCast(SkipInvalidChildrenMixin, Cast):
    pass


CAST = {
    "title": "기생충",
    "people": [
        {"tmdb_id": 20738, "name": "송강호"},
        {"tmdb_id": -1, "name": "Bad Actor"},
        {"tmdb_id": 1, "name": "Jane Roe"},
    ],
}


def test_one_invalid_child_is_dropped_and_recorded_not_the_parent():
    serializer = ForgivingCast(data=CAST)

    assert serializer.is_valid(), serializer.errors
    assert [p["name"] for p in serializer.validated_data["people"]] == ["송강호", "Jane Roe"]
    assert [(d.path, d.reason) for d in serializer.dropped_children] == [("people", "tmdb_id: min_value")]


def test_without_the_mixin_one_invalid_child_fails_the_parent():
    serializer = Cast(data=CAST)

    assert not serializer.is_valid()
    assert "people" in serializer.errors


def test_a_value_that_is_not_a_list_still_fails_its_field():
    serializer = ForgivingCast(data={"title": "기생충", "people": {"name": "not a list"}})

    assert not serializer.is_valid()
    assert "people" in serializer.errors


# -- RequireOneOfMixin ----------------------------------------------------------------------------


class IdentifiedPerson(RequireOneOfMixin, PlainPerson):
    class Meta(PlainPerson.Meta):
        require_one_of = ("tmdb_id", "kmdb_id")


def test_an_object_with_neither_id_fails_with_an_error_naming_both():
    serializer = IdentifiedPerson(data={"name": "Nameless Extra", "tmdb_id": None, "kmdb_id": ""})

    assert not serializer.is_valid()
    [error] = serializer.errors["non_field_errors"]
    assert error.code == "require_one_of"
    assert "tmdb_id" in error and "kmdb_id" in error


def test_without_the_mixin_an_object_with_neither_id_passes_validation():
    assert PlainPerson(data={"name": "Nameless Extra"}).is_valid()


@pytest.mark.parametrize("ids", [{"tmdb_id": 3}, {"kmdb_id": "00004475"}])
def test_either_id_is_enough(ids):
    assert IdentifiedPerson(data={"name": "Someone", **ids}).is_valid()


def test_an_update_counts_the_id_the_instance_already_has():
    person = Person.objects.create(name="Someone", tmdb_id=3)

    assert IdentifiedPerson(person, data={"name": "Someone Else"}, partial=True).is_valid()
