"""Model serializers for the catalogue: what a valid movie dict is, and how it is written.

A crawler validates one model dict (see `watchb.catalog.sources`) with `MovieSerializer` and saves
it: the movie is created or merged into the row with the same `tmdb_id`/`kmdb_id` (or, in a crawl,
into the other source's copy of the film), and its genres, countries, credits (with their people),
posters, stills and videos are merged into what it has. Bad optional values and bad children are
dropped and recorded in ``context["drops"]``; a movie without a usable title or without any source
id is rejected. Each serializer names the keys that identify its rows in ``Meta.merge_keys``.
"""

import copy
import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from drf_writable_nested.mixins import NestedCreateMixin
from rest_framework import serializers
from rest_framework.fields import SkipField, empty, get_error_detail

from watchb.catalog.countries import code_for_name, country_name_en, country_name_ko, is_country_code
from watchb.catalog.genres import canonical_genre
from watchb.catalog.models import Country, Credit, Genre, Movie, Person, Poster, Still, Video

from .fields import CleanCharField, CleanTextField, CleanURLField, QuickIntegerField, clean_text
from .matching import find_counterpart, identify_people, share_people
from .mixins import CreateOrMergeMixin, RequireOneOfMixin, SkipInvalidChildrenMixin, SkipInvalidOptionalFieldsMixin
from .nested import MergeNestedMixin

# The first films are from the late 1880s; a date past this horizon is a typo, not an announcement.
EARLIEST_YEAR = 1870
YEARS_AHEAD = 10


class CatalogSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose string fields strip control characters (see `fields`).

    Its fields are built from the model once per class and copied for each instance: a crawl makes
    a serializer tree per movie, and building fields by model introspection was 40% of validating.
    (The fields depend on nothing but the class: no context, no instance.)
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: CleanCharField,
        models.TextField: CleanTextField,
        models.URLField: CleanURLField,
        **{
            field: QuickIntegerField
            for field, serializer_field in serializers.ModelSerializer.serializer_field_mapping.items()
            if serializer_field is serializers.IntegerField
        },
    }
    _built_fields: dict = {}

    def get_fields(self):
        cls = type(self)
        if cls not in CatalogSerializer._built_fields:
            CatalogSerializer._built_fields[cls] = super().get_fields()
        return copy.deepcopy(CatalogSerializer._built_fields[cls])

    def to_internal_value(self, data):
        """DRF's field loop (each writable field's value validated, then its ``validate_<name>``;
        errors gathered per field), with what it looks up for every object looked up once: a
        crawl validates 36,000 objects. Only for a plain dict, where a field's value is
        ``data.get(name)``; anything else (a form's QueryDict) goes through DRF's own."""
        plan = self._field_plan()
        if type(data) is not dict or plan is None:
            return super().to_internal_value(data)
        validated, errors = {}, {}
        for field, name, validate_method, source, skipped_when_absent in plan:
            if skipped_when_absent and name not in data and not field.required:
                continue  # what DRF's steps end in, by a SkipField raised and caught
            try:
                value = field.run_validation(data.get(name, empty))
                if validate_method is not None:
                    value = validate_method(value)
            except serializers.ValidationError as exc:
                errors[name] = exc.detail
            except DjangoValidationError as exc:
                errors[name] = get_error_detail(exc)
            except SkipField:
                pass
            else:
                if source is None:
                    self.set_value(validated, field.source_attrs, value)
                else:
                    validated[source] = value
        if errors:
            raise serializers.ValidationError(errors)
        return validated

    def _field_plan(self):
        """``(field, name, validate_<name> method, source, skipped when absent)`` per writable field,
        once per serializer; None when a field reads its value its own way (then DRF's loop runs).
        `source` is the key the value goes under, None for a dotted source (DRF's `set_value` nests
        it). A field is skipped when absent where DRF's steps would skip it whenever it is not
        required: it has no default, and its class validates a missing value DRF's way (a third of a
        crawl's fields are missing, and DRF raises an exception to skip each)."""
        if "_plan" not in self.__dict__:
            plan = [] if type(self).set_value is serializers.Serializer.set_value else None
            for field in self._writable_fields if plan is not None else ():
                if type(field).get_value not in _PLAIN_GET_VALUE:
                    plan = None
                    break
                source = field.source_attrs[0] if len(field.source_attrs) == 1 else None
                validate_method = getattr(self, f"validate_{field.field_name}", None)
                plan.append((field, field.field_name, validate_method, source, _skipped_when_absent(field)))
            self.__dict__["_plan"] = plan
        return self.__dict__["_plan"]

    def run_validators(self, value):
        # DRF adds the read-only fields' defaults to the object before running its validators; with
        # no validator (none of ours has one) that work is for nothing, and it was done per object.
        if self.validators:
            super().run_validators(value)

    @property
    def _writable_fields(self):
        """The fields DRF validates, listed once per serializer: DRF walks `fields` (a mapping whose
        iteration goes through `collections.abc`) again for every object, 8% of a crawl's validating.
        They do not change once bound (the mixins change a field's `required`, never `read_only`)."""
        writable = self.__dict__.get("_writable_field_list")
        if writable is None:
            writable = self.__dict__["_writable_field_list"] = [f for f in self.fields.values() if not f.read_only]
        return writable


# The `get_value` methods that read a plain dict as ``data.get(field_name, empty)``.
_PLAIN_GET_VALUE = (
    serializers.Field.get_value,
    serializers.Serializer.get_value,
    serializers.ListSerializer.get_value,
)


def _skipped_when_absent(field) -> bool:
    """Whether DRF skips `field` when its value is absent and it is not required: its validation
    starts with DRF's `validate_empty_values`, and there is no default to give instead."""
    kind = type(field)
    return (
        field.default is empty
        and kind.run_validation in _RUN_VALIDATION_FROM_EMPTY_CHECK
        and kind.validate_empty_values is serializers.Field.validate_empty_values
        and kind.get_default is serializers.Field.get_default
    )


# The `run_validation` methods whose first step for an absent value is `validate_empty_values`
# (CharField's tests for a blank string first, which an absent value is not).
_RUN_VALIDATION_FROM_EMPTY_CHECK = (
    serializers.Field.run_validation,
    serializers.CharField.run_validation,
    CleanCharField.run_validation,
    serializers.Serializer.run_validation,
    serializers.ListSerializer.run_validation,
)


class GenreSerializer(SkipInvalidOptionalFieldsMixin, CreateOrMergeMixin, CatalogSerializer):
    """A genre, made canonical (`watchb.catalog.genres`: KMDb's ``코메디`` is TMDB's 35, 코미디), then
    merged by TMDB id, then by name, so one meaning is one row whichever source named it."""

    class Meta:
        model = Genre
        fields = ["id", "name", "tmdb_id"]
        merge_keys = [("tmdb_id",), ("name",)]

    def validate(self, attrs):
        return {**super().validate(attrs), **canonical_genre(attrs.get("name", ""), attrs.get("tmdb_id"))}


class CountrySerializer(SkipInvalidOptionalFieldsMixin, CreateOrMergeMixin, CatalogSerializer):
    """A country by its ISO 3166-1 alpha-2 code; names left blank are filled from our country table.

    Without a code, the name is looked up (``"대한민국"`` → KR); a country we cannot name by a current
    code (``"소련"``, ``"XX"``) fails with code ``unknown_country``.
    """

    class Meta:
        model = Country
        fields = ["id", "code", "name", "name_en"]
        merge_keys = [("code",)]
        extra_kwargs = {"code": {"allow_blank": True, "required": False}}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        code = attrs.get("code", "").upper() or code_for_name(attrs.get("name") or attrs.get("name_en") or "")
        if not is_country_code(code):
            named = attrs.get("code") or attrs.get("name") or attrs.get("name_en") or ""
            raise serializers.ValidationError(
                {"code": [f"{named!r} is not a country with an ISO 3166-1 alpha-2 code."]}, code="unknown_country"
            )
        attrs["code"] = code
        attrs["name"] = attrs.get("name") or country_name_ko(code) or country_name_en(code)
        attrs["name_en"] = attrs.get("name_en") or country_name_en(code)
        return attrs


class PersonSerializer(SkipInvalidOptionalFieldsMixin, RequireOneOfMixin, CreateOrMergeMixin, CatalogSerializer):
    """A person, merged by TMDB id, then by KMDb id, then by `film_key` (where a source listed them).

    One of the three is required: a person a source lists without an id is kept, identified by the
    film and names they are listed under (README, "What identifies a person").
    """

    class Meta:
        model = Person
        fields = ["id", "name", "name_en", "biography", "photo", "tmdb_id", "kmdb_id", "film_key"]
        merge_keys = [("tmdb_id",), ("kmdb_id",), ("film_key",)]
        require_one_of = ("tmdb_id", "kmdb_id", "film_key")


class CreditSerializer(SkipInvalidOptionalFieldsMixin, NestedCreateMixin, CatalogSerializer):
    """A person's job in a movie; within a movie, one credit per person and job.

    Nested in `MovieSerializer` it is merged with the movie's other credits. On its own,
    ``CreditSerializer(data=...).save(movie=movie)`` merges the person and creates the credit
    (drf-writable-nested's direct-relation write).
    """

    person = PersonSerializer()

    class Meta:
        model = Credit
        fields = ["id", "person", "job", "role_name", "cameo_type", "order"]
        merge_keys = [("person", "job")]


class PosterSerializer(CatalogSerializer):
    class Meta:
        model = Poster
        fields = ["id", "url"]
        merge_keys = [("url",)]


class StillSerializer(CatalogSerializer):
    class Meta:
        model = Still
        fields = ["id", "url"]
        merge_keys = [("url",)]


class VideoSerializer(SkipInvalidOptionalFieldsMixin, CatalogSerializer):
    """A trailer or clip at a video site, identified there by `key`."""

    class Meta:
        model = Video
        fields = ["id", "site", "key", "name", "kind"]
        merge_keys = [("site", "key")]


class MovieSerializer(
    SkipInvalidChildrenMixin,
    SkipInvalidOptionalFieldsMixin,
    RequireOneOfMixin,
    MergeNestedMixin,
    CreateOrMergeMixin,
    CatalogSerializer,
):
    """A movie with its genres, countries, credits, posters, stills and videos, created or merged.

    Accepts a model dict. Saving without an instance merges into the movie `find_existing` finds, if
    there is one. Rejected (ValidationError): no usable title (when `title` is blank
    the original or English title stands in), neither source id. Dropped and recorded: an invalid
    optional field (an impossible `release_date`, a `runtime` outside 1–1500, a `production_year`
    before 1870 or too far ahead, a bad URL) and an invalid child.
    """

    genres = GenreSerializer(many=True, required=False)
    countries = CountrySerializer(many=True, required=False)
    credits = CreditSerializer(many=True, required=False)
    posters = PosterSerializer(many=True, required=False)
    stills = StillSerializer(many=True, required=False)
    videos = VideoSerializer(many=True, required=False)

    class Meta:
        model = Movie
        # The movie's own fields, then the nested children declared above.
        fields = [
            *("id", "title", "title_en", "original_title", "release_date", "production_year", "runtime"),
            *("synopsis", "tagline", "film_rating", "tmdb_id", "kmdb_id"),
            *("genres", "countries", "credits", "posters", "stills", "videos"),
        ]
        merge_keys = [("tmdb_id",), ("kmdb_id",)]
        require_one_of = ("tmdb_id", "kmdb_id")

    def to_internal_value(self, data):
        if isinstance(data, Mapping) and not _has_text(data.get("title")):
            stand_in = next((data[n] for n in ("original_title", "title_en") if _has_text(data.get(n))), None)
            if stand_in is not None:
                data = {**data, "title": stand_in}
        return super().to_internal_value(data)

    def find_existing(self, validated_data):
        """The movie with the same `tmdb_id` or `kmdb_id`, else, in a crawl, the other source's copy.

        A crawl says which source the data came from by passing that source's id field as
        ``context["source_id_field"]``; then a movie no id matches is looked for as the same film
        another source brought (`matching.find_counterpart`), and when found, the people both sources
        name get one row each (`matching.share_people` adds the ids they miss to `validated_data`).
        People listed without an id are then found among the film's own (`matching.identify_people`).
        """
        movie = super().find_existing(validated_data)
        id_field = self.context.get("source_id_field")
        if movie is None and id_field:
            movie = find_counterpart(validated_data, id_field)
            if movie is not None:
                share_people(movie, validated_data, id_field)
        if movie is not None:
            identify_people(movie, validated_data)
        return movie

    def validate_release_date(self, value):
        if value is not None and not _plausible_year(value.year):
            raise serializers.ValidationError(f"{value} is not a plausible release date.", code="implausible")
        return value

    def validate_production_year(self, value):
        if value is not None and not _plausible_year(value):
            raise serializers.ValidationError(f"{value} is not a plausible production year.", code="implausible")
        return value


def _has_text(value) -> bool:
    return isinstance(value, str) and bool(clean_text(value))


def _plausible_year(year: int) -> bool:
    return EARLIEST_YEAR <= year <= datetime.date.today().year + YEARS_AHEAD
