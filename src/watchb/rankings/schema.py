"""OpenAPI descriptions of the rankings API, for /api/schema/ and /api/docs/ only.

The views check and serve entries in plain Python for speed (see `serializers.py`), so these
serializers are never run; they only tell drf-spectacular the shapes.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from .models import MAX_RATING, MIN_RATING

ENTRIES_IN = inline_serializer(
    "RankingEntryIn",
    {
        "movieId": serializers.IntegerField(min_value=1, help_text="catalogue Movie id (the export's movieId)"),
        "avg_rating": serializers.FloatField(min_value=MIN_RATING, max_value=MAX_RATING),
        "num_ratings": serializers.IntegerField(min_value=1),
        "weighted_rating": serializers.FloatField(min_value=MIN_RATING, max_value=MAX_RATING),
        "rank": serializers.IntegerField(min_value=1, help_text="unique within the day; kept as sent"),
    },
    many=True,
)

RANKING_OUT = inline_serializer(
    "DailyRanking",
    {
        "date": serializers.DateField(),
        "source": serializers.CharField(),
        "published_at": serializers.DateTimeField(),
        "total": serializers.IntegerField(help_text="entries of the day, whatever the limit"),
        "results": inline_serializer(
            "RankingEntryOut",
            {
                "movieId": serializers.IntegerField(),
                "title": serializers.CharField(),
                "avg_rating": serializers.FloatField(),
                "num_ratings": serializers.IntegerField(),
                "weighted_rating": serializers.FloatField(),
                "rank": serializers.IntegerField(),
            },
            many=True,
        ),
    },
)

PUBLISHED_DATES = inline_serializer(
    "PublishedDates", {"dates": serializers.ListField(child=serializers.DateField(), help_text="newest first")}
)

ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description=(
        'Each field at fault and its messages, e.g. {"results[3].movieId": ["No movie with id 9 in the catalogue."]}'
    ),
)

DAY = OpenApiParameter("day", OpenApiTypes.DATE, OpenApiParameter.PATH, description="YYYY-MM-DD")
LIMIT = OpenApiParameter("limit", int, description="serve only the top N entries (N ≥ 1); default: the whole ranking")

READ_RESPONSES = {200: RANKING_OUT, 400: ERRORS, 404: None}
PUBLISH_RESPONSES = {201: RANKING_OUT, 200: RANKING_OUT, 400: ERRORS, 401: None, 403: None}
