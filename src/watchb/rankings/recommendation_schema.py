"""OpenAPI descriptions of the recommendations API, for /api/schema/ and /api/docs/ only (the views
check and serve entries in plain Python; see `recommendation_serializers.py`)."""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from .schema import ERRORS

SIMILAR_IN = inline_serializer(
    "SimilarMovieIn",
    {
        "movieId": serializers.IntegerField(min_value=1, help_text="catalogue Movie id"),
        "similarId": serializers.IntegerField(min_value=1, help_text="a movie similar to movieId"),
        "score": serializers.FloatField(help_text="similarity, larger is closer"),
    },
    many=True,
)

USERS_IN = inline_serializer(
    "UserRecommendationIn",
    {
        "userId": serializers.IntegerField(min_value=1, help_text="the export's userId"),
        "movieId": serializers.IntegerField(min_value=1, help_text="the movie recommended"),
        "becauseId": serializers.IntegerField(min_value=1, help_text="the rated movie it comes from"),
        "score": serializers.FloatField(),
    },
    many=True,
)

SUMMARY_OUT = inline_serializer(
    "DailyRecommendations",
    {
        "date": serializers.DateField(),
        "source": serializers.CharField(),
        "published_at": serializers.DateTimeField(),
        "similar": serializers.IntegerField(help_text="number of similar-movie entries"),
        "users": serializers.IntegerField(help_text="number of user recommendations"),
    },
)

SIMILAR_OUT = inline_serializer(
    "SimilarMovies",
    {
        "date": serializers.DateField(allow_null=True, help_text="the day read; null before any publish"),
        "movieId": serializers.IntegerField(),
        "results": inline_serializer(
            "SimilarMovieOut",
            {
                "movieId": serializers.IntegerField(),
                "title": serializers.CharField(),
                "score": serializers.FloatField(),
                "rank": serializers.IntegerField(),
            },
            many=True,
        ),
    },
)

PICKS_OUT = inline_serializer(
    "UserRecommendations",
    {
        "date": serializers.DateField(allow_null=True, help_text="the day read; null before any publish"),
        "userId": serializers.IntegerField(),
        "results": inline_serializer(
            "UserRecommendationOut",
            {
                "movieId": serializers.IntegerField(),
                "title": serializers.CharField(),
                "becauseId": serializers.IntegerField(),
                "becauseTitle": serializers.CharField(),
                "score": serializers.FloatField(),
                "rank": serializers.IntegerField(),
            },
            many=True,
        ),
    },
)

PUBLISH_RESPONSES = {201: SUMMARY_OUT, 200: SUMMARY_OUT, 400: ERRORS, 401: None, 403: None}
