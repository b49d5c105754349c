"""OpenAPI descriptions of the recommendations API, for /api/schema/ and /api/docs/ only (the views
check and serve entries in plain Python; see `serializers.py`)."""

from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers

from watchb.rankings.published.schema import entries, publish_responses, published_day

SIMILAR_IN = entries(
    "SimilarMovieIn",
    movieId=serializers.IntegerField(min_value=1, help_text="catalogue Movie id"),
    similarId=serializers.IntegerField(min_value=1, help_text="a movie similar to movieId"),
    score=serializers.FloatField(help_text="similarity, larger is closer"),
)

USERS_IN = entries(
    "UserRecommendationIn",
    userId=serializers.IntegerField(min_value=1, help_text="the export's userId"),
    movieId=serializers.IntegerField(min_value=1, help_text="the movie recommended"),
    becauseId=serializers.IntegerField(min_value=1, help_text="the rated movie it comes from"),
    score=serializers.FloatField(),
)

EXPECTED_IN = entries(
    "ExpectedRatingIn",
    userId=serializers.IntegerField(min_value=1, help_text="the export's userId"),
    movieId=serializers.IntegerField(min_value=1, help_text="a movie the user has not rated"),
    rating=serializers.FloatField(min_value=0.5, max_value=5.0, help_text="the stars the user is expected to give"),
)

EXPECTED_OUT = inline_serializer(
    "ExpectedRatingOut",
    {
        "date": serializers.DateField(allow_null=True, help_text="the day read; null before any publish"),
        "movieId": serializers.IntegerField(),
        "userId": serializers.IntegerField(),
        "rating": serializers.FloatField(
            allow_null=True, help_text="expected stars (0.5–5); null when none was published or the user rated it"
        ),
    },
)

SUMMARY_OUT = published_day(
    "DailyRecommendations",
    similar=serializers.IntegerField(help_text="number of similar-movie entries"),
    users=serializers.IntegerField(help_text="number of user recommendations"),
    expected=serializers.IntegerField(help_text="number of expected ratings"),
)


def latest_picks(name, owner_key, pick_name, **pick_fields):
    """The latest day's picks for one owner (a movie, a user) as the API serves them: each a movie with
    its title, `pick_fields`, score and rank."""
    picks = entries(
        pick_name,
        movieId=serializers.IntegerField(),
        title=serializers.CharField(),
        **pick_fields,
        score=serializers.FloatField(),
        rank=serializers.IntegerField(),
    )
    return inline_serializer(
        name,
        {
            "date": serializers.DateField(allow_null=True, help_text="the day read; null before any publish"),
            owner_key: serializers.IntegerField(),
            "results": picks,
        },
    )


SIMILAR_OUT = latest_picks("SimilarMovies", "movieId", "SimilarMovieOut")
PICKS_OUT = latest_picks(
    "UserRecommendations",
    "userId",
    "UserRecommendationOut",
    becauseId=serializers.IntegerField(),
    becauseTitle=serializers.CharField(),
)

LIMIT = OpenApiParameter("limit", int, description="serve only the N best (N ≥ 1); default: 10")

PUBLISH_RESPONSES = publish_responses(SUMMARY_OUT)
