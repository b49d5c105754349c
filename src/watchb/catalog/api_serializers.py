"""Read-only serializers of the catalogue API (`/api/movies/`, `/api/people/`).

`average_rating` and `rating_count` are annotations the views add (see `catalog.views`).
"""

from rest_framework import serializers

from .models import Movie, Person


class MovieSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(read_only=True, allow_null=True)
    average_rating = serializers.DecimalField(
        max_digits=3,
        decimal_places=2,
        coerce_to_string=False,
        read_only=True,
        allow_null=True,
        help_text="Mean of the users' ratings, 2 decimals; null when nobody rated it.",
    )
    rating_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Movie
        fields = [
            "id",
            "title",
            "title_en",
            "original_title",
            "year",
            "release_date",
            "tmdb_id",
            "kmdb_id",
            "average_rating",
            "rating_count",
        ]


class MovieDetailSerializer(MovieSerializer):
    genres = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    countries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta(MovieSerializer.Meta):
        fields = [*MovieSerializer.Meta.fields, "runtime", "film_rating", "synopsis", "genres", "countries"]


class PersonSerializer(serializers.ModelSerializer):
    like_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name", "name_en", "photo", "tmdb_id", "kmdb_id", "like_count"]
