"""Read-only serializers of the catalogue API: a movie in a list, a movie in full, a person.

Only catalogue fields: `watchb.ratings.catalogue` extends them with what users add.
"""

from rest_framework import serializers

from watchb.api.fields import OptionalURLField
from watchb.catalog.models import Movie, Person

# A movie in full is a listed movie and these; subclasses keep that order.
MOVIE_DETAIL_FIELDS = ["runtime", "film_rating", "tagline", "synopsis", "genres", "countries"]


class MovieSerializer(serializers.ModelSerializer):
    """A movie in a list; `year` is the release year, else the production year (`Movie.year`)."""

    year = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Movie
        fields = ["id", "title", "title_en", "original_title", "year", "release_date", "tmdb_id", "kmdb_id"]


class MovieDetailSerializer(MovieSerializer):
    """A movie in full: genres by name, countries by code."""

    genres = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    countries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta(MovieSerializer.Meta):
        fields = [*MovieSerializer.Meta.fields, *MOVIE_DETAIL_FIELDS]


class PersonSerializer(serializers.ModelSerializer):
    """A person; `photo` is null when the sources had none."""

    photo = OptionalURLField(read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name", "name_en", "photo", "tmdb_id", "kmdb_id"]
