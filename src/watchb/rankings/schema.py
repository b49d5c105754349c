"""OpenAPI descriptions of the rankings API, for /api/schema/ and /api/docs/ only (the views check
and serve entries in plain Python; see `serializers.py`)."""

from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers

from .models import MAX_RATING, MIN_RATING, DailyRanking
from .published.schema import ERRORS, entries, publish_responses, published_day

ENTRIES_IN = entries(
    "RankingEntryIn",
    movieId=serializers.IntegerField(min_value=1, help_text="catalogue Movie id (the export's movieId)"),
    avg_rating=serializers.FloatField(min_value=MIN_RATING, max_value=MAX_RATING),
    num_ratings=serializers.IntegerField(min_value=1),
    weighted_rating=serializers.FloatField(min_value=MIN_RATING, max_value=MAX_RATING),
    rank=serializers.IntegerField(min_value=1, help_text="unique within the day; kept as sent"),
)

RANKING_OUT = published_day(
    "DailyRanking",
    window=serializers.ChoiceField(
        choices=DailyRanking.Window.values, help_text="the days ranked together, ending with the date"
    ),
    total=serializers.IntegerField(help_text="entries of the day, whatever the limit"),
    results=entries(
        "RankingEntryOut",
        movieId=serializers.IntegerField(),
        title=serializers.CharField(),
        avg_rating=serializers.FloatField(),
        num_ratings=serializers.IntegerField(),
        weighted_rating=serializers.FloatField(),
        rank=serializers.IntegerField(),
    ),
)

PUBLISHED_DATES = inline_serializer(
    "PublishedDates", {"dates": serializers.ListField(child=serializers.DateField(), help_text="newest first")}
)

WINDOW = OpenApiParameter(
    "window",
    int,
    enum=DailyRanking.Window.values,
    description="the days ranked together, ending with the date: 1 (the day alone, the default), 7 or 30",
)
LIMIT = OpenApiParameter("limit", int, description="serve only the top N entries (N ≥ 1); default: the whole ranking")

READ_RESPONSES = {200: RANKING_OUT, 400: ERRORS, 404: None}
PUBLISH_RESPONSES = publish_responses(RANKING_OUT)
