"""The catalogue's read API as the site's users see it: `/api/movies/` and `/api/people/`.

`watchb.catalog.api` serves movies and people as the catalogue knows them; this adds what users
make of them. Each movie carries its users' `average_rating` (2 decimals, null when unrated) and
`rating_count`; each person the number of users who like them (`like_count`). The classes keep the
catalogue's names, so the API and its schema read the same.
"""

from django.db.models import Count, Value
from django.db.models.functions import Coalesce
from rest_framework import serializers

from watchb.catalog.api import serializers as catalogue
from watchb.catalog.api import views as catalogue_views

from .expressions import SummaryAverage

RATING_SUMMARY_FIELDS = ["average_rating", "rating_count"]


def with_rating_summary(movies):
    """`movies` annotated with `average_rating` and `rating_count`, read from each movie's maintained
    summary (`MovieRatingSummary`, one joined row) rather than counted from its ratings."""
    return movies.annotate(
        average_rating=SummaryAverage("rating_summary__rating_total", "rating_summary__rating_count"),
        rating_count=Coalesce("rating_summary__rating_count", Value(0)),
    )


class MovieSerializer(catalogue.MovieSerializer):
    average_rating = serializers.DecimalField(
        max_digits=3,
        decimal_places=2,
        coerce_to_string=False,
        read_only=True,
        allow_null=True,
        help_text="Mean of the users' ratings, 2 decimals; null when nobody rated it.",
    )
    rating_count = serializers.IntegerField(read_only=True)

    class Meta(catalogue.MovieSerializer.Meta):
        fields = [*catalogue.MovieSerializer.Meta.fields, *RATING_SUMMARY_FIELDS]


class MovieDetailSerializer(MovieSerializer, catalogue.MovieDetailSerializer):
    class Meta(catalogue.MovieDetailSerializer.Meta):
        fields = [*MovieSerializer.Meta.fields, *catalogue.MOVIE_DETAIL_FIELDS]


class PersonSerializer(catalogue.PersonSerializer):
    like_count = serializers.IntegerField(read_only=True)

    class Meta(catalogue.PersonSerializer.Meta):
        fields = [*catalogue.PersonSerializer.Meta.fields, "like_count"]


class MovieViewSet(catalogue_views.MovieViewSet):
    """Movies with `average_rating` (2 decimals, null when unrated) and `rating_count`;
    `?search=` matches the title in Korean or English, or the original title."""

    serializer_class = MovieSerializer
    detail_serializer_class = MovieDetailSerializer
    # Among equally good matches of `?search=`, the most rated first.
    search_popularity = "rating_summary__rating_count"

    def get_queryset(self):
        return with_rating_summary(super().get_queryset())


class PersonViewSet(catalogue_views.PersonViewSet):
    """People of the catalogue with the number of users who like them; `?search=` matches names."""

    serializer_class = PersonSerializer

    def get_queryset(self):
        # `likes` is the reverse name of PersonLike.person.
        return super().get_queryset().annotate(like_count=Count("likes"))
