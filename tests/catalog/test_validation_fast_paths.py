"""The ingest serializers' shortcuts through DRF's validation give what DRF's own steps give.

`QuickValidatorsMixin` runs the usual validators as plain tests, `CleanCharField` skips DRF's calls
that only pass a non-blank string on, and `CatalogSerializer` loops over a plain dict's fields with
what DRF looks up per object looked up once. Each test here runs the same input with a shortcut and
without it (DRF's own code) and compares everything that comes out: values, errors with their
codes, and what was dropped.
"""

import copy
import math
import random

import pytest
from django.core.validators import MaxLengthValidator
from django.http import QueryDict
from rest_framework import serializers

from watchb.catalog.ingest import MovieSerializer
from watchb.catalog.ingest.drops import DropLog
from watchb.catalog.ingest.fields import CleanCharField, CleanURLField, QuickIntegerField, QuickValidatorsMixin
from watchb.catalog.ingest.serializers import CatalogSerializer, PersonSerializer


def outcome(run, *args):
    """What `run(*args)` gives: its value, or its error (detail with codes) or exception type."""
    try:
        return ("value", run(*args))
    except serializers.ValidationError as exc:
        return ("invalid", exc.get_full_details())
    except Exception as exc:  # the same exception on both sides is what is compared
        return ("raised", type(exc).__name__)


@pytest.fixture
def drf_only(monkeypatch):
    """Turns every shortcut off: what DRF's own code does with the same fields and serializers."""

    def turn_off():
        monkeypatch.setattr(QuickValidatorsMixin, "run_validators", serializers.Field.run_validators)
        monkeypatch.setattr(CleanCharField, "run_validation", serializers.CharField.run_validation)
        monkeypatch.setattr(CatalogSerializer, "_field_plan", lambda self: None)

    return turn_off


FIELDS = {
    "text of 2 to 5": lambda: CleanCharField(max_length=5, min_length=2),
    "nullable text": lambda: CleanCharField(max_length=5, allow_null=True, allow_blank=True, required=False),
    "integer 0 to 10": lambda: QuickIntegerField(min_value=0, max_value=10),
    "url": lambda: CleanURLField(max_length=40),
}
VALUES = [
    "abc", "abcdef", "a", "", "   ", "\x00", "a\x00b", "기생\ud83d충", "기생충 🎬", " 기생\u200b충 ", "x" * 41,
    "https://example.org/a.jpg", "https://example.org/" + "a" * 30, "not a url", "ftp://example.org/a",
    0, 5, 10, -1, 11, "7", 3.0, 3.5, math.nan, True, None, [], {}, ["a"],
]  # fmt: skip


@pytest.mark.parametrize("kind", FIELDS)
def test_a_field_validates_every_value_as_drf_does(kind, drf_only):
    quick = [outcome(FIELDS[kind]().run_validation, value) for value in VALUES]
    checked = [outcome(FIELDS[kind]().run_validators, value) for value in VALUES]
    drf_only()
    assert [outcome(FIELDS[kind]().run_validation, value) for value in VALUES] == quick
    assert [outcome(FIELDS[kind]().run_validators, value) for value in VALUES] == checked


def refuse(value):
    raise serializers.ValidationError("no", code="refused")


def test_a_validator_without_a_test_still_runs():
    field = CleanCharField(max_length=50)
    field.validators = [*field.validators, refuse]

    with pytest.raises(serializers.ValidationError) as refused:
        field.run_validation("fine")

    assert refused.value.detail == ["no"]


class NamesItsField:
    requires_context = True

    def __call__(self, value, field):
        raise serializers.ValidationError(f"{field.field_name or 'unbound'}: no", code="refused")


def test_a_validator_wanting_its_field_is_given_it():
    field = CleanURLField(max_length=50)
    field.validators = [*field.validators, NamesItsField()]

    with pytest.raises(serializers.ValidationError) as refused:
        field.run_validation("https://example.org/a.jpg")

    assert refused.value.detail == ["unbound: no"]


def test_a_validator_added_after_a_first_value_runs():
    field = CleanCharField(max_length=50)
    assert field.run_validation("fine") == "fine"

    field.validators.append(refuse)

    with pytest.raises(serializers.ValidationError):
        field.run_validation("fine")


def test_validators_replaced_after_a_first_value_are_the_ones_run():
    field = CleanCharField(max_length=50)
    assert field.run_validation("abcdef") == "abcdef"

    field.validators = [MaxLengthValidator(3)]

    with pytest.raises(serializers.ValidationError) as refused:
        field.run_validation("abcdef")
    assert refused.value.detail[0].code == "max_length"


def test_a_form_goes_through_drfs_own_field_loop():
    form = QueryDict("name=%EB%B4%89%EC%A4%80%ED%98%B8&tmdb_id=21684&photo=")
    serializer = PersonSerializer(data=form)

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {"name": "봉준호", "tmdb_id": 21684, "photo": ""}


PARASITE = {
    "tmdb_id": 496243,
    "title": "기생충",
    "title_en": "Parasite",
    "release_date": "2019-05-30",
    "production_year": 2019,
    "runtime": 133,
    "synopsis": "전원백수로 살 길 막막하지만\n사이는 좋은 기택 가족.",
    "genres": [{"tmdb_id": 18, "name": "드라마"}, {"name": "코메디"}],
    "countries": [{"code": "KR"}, {"name": "대한민국"}],
    "credits": [
        {"person": {"tmdb_id": 21684, "name": "봉준호", "photo": "https://example.org/b.jpg"}, "job": "director"},
        {"person": {"tmdb_id": 20738, "name": "송강호"}, "job": "actor", "role_name": "기택", "order": 0},
        {"person": {"film_key": "k:1", "name": "Extra"}, "job": "actor", "order": 7},
    ],
    "posters": [{"url": "https://example.org/p.jpg"}],
    "stills": [{"url": "https://example.org/s.jpg"}],
    "videos": [{"site": "YouTube", "key": "5xH0HfJHsaY", "name": "예고편", "kind": "trailer"}],
}
NASTY = [
    None, "", " ", "\x00", "\x0b", "a\x00b", "\ud800x", "x" * 600, 12, -5, 3.5, True, [], {}, ["a"], {"a": 1},
    "2020-13-45", "1850-01-01", "2999-01-01", "http://", "not a url", 99999999999, " \u3000 ", "0",
]  # fmt: skip


def spoiled(movie, rng):
    """`movie` with some values, items and keys replaced by bad ones or removed, anywhere in it."""
    movie = copy.deepcopy(movie)

    def spoil(node):
        keys = list(node) if isinstance(node, dict) else range(len(node))
        for key in keys:
            roll = rng.random()
            if roll < 0.08:
                node[key] = rng.choice(NASTY)
            elif roll < 0.1 and isinstance(node, dict):
                del node[key]
            elif isinstance(node[key], dict | list):
                spoil(node[key])

    spoil(movie)
    return movie


def validations(movies):
    """What one `MovieSerializer` (as a crawl keeps it) and one made per movie give for each movie."""
    kept = MovieSerializer(context={"source_id_field": "tmdb_id"})
    results = []
    for movie in movies:
        kept.context["drops"] = drops = DropLog()
        result = outcome(kept.run_validation, movie)
        serializer = MovieSerializer(data=movie, context={"drops": DropLog()})
        valid = serializer.is_valid()
        own = (serializer.validated_data if valid else serializer.errors, serializer.context["drops"].entries)
        results.append((result, drops.entries, own))
    return results


def test_spoiled_movies_validate_as_they_do_through_drfs_own_steps(drf_only):
    rng = random.Random(13)
    movies = [PARASITE, *(spoiled(PARASITE, rng) for _ in range(300))]

    quick = validations(movies)
    drf_only()

    assert validations(movies) == quick
    kept = sum(1 for (result, _, _) in quick if result[0] == "value")
    assert 0 < kept < len(movies), "some spoiled movies are kept and some are rejected"


class Titled(CatalogSerializer):
    """A serializer with a default, a required field and optional ones, for absent values."""

    kind = serializers.CharField(default="feature")
    note = serializers.CharField(required=False)

    class Meta:
        model = PersonSerializer.Meta.model
        fields = ["name", "name_en", "kind", "note"]


@pytest.mark.parametrize("partial", [False, True])
@pytest.mark.parametrize("data", [{}, {"name": "봉준호"}, {"name": "봉준호", "note": None}, {"name_en": "Bong"}])
def test_absent_values_get_defaults_errors_or_nothing_as_drf_gives(data, partial, drf_only):
    quick = outcome(Titled(data=data, partial=partial).run_validation, data)
    drf_only()

    assert outcome(Titled(data=data, partial=partial).run_validation, data) == quick
    if not partial and "name" in data and data.get("note", "") is not None:
        assert quick == ("value", {"name": "봉준호", "kind": "feature"})
