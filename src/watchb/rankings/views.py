"""The rankings API: read a day's published ranking, publish one with a token.

    GET  /api/rankings/                  the latest published day
    POST /api/rankings/                  publish the day named by "date" in the body
    GET  /api/rankings/dates/            the published dates, newest first
    GET  /api/rankings/YYYY-MM-DD/       that day
    PUT  /api/rankings/YYYY-MM-DD/       publish that day ("date" in the body optional, must agree)

Every one of them takes `?window=1|7|30`: the ranking of that many days ending with the date (the
pipeline ranks the last 7 and 30 days together, as a single day is often too sparse to rank). 1, the
day alone, is the default, so clients from before windows read and publish what they always did.

Reads, publishing (token, permission, 201 or 200) and errors are every published day's (see
`published.views`). Every answer with a ranking takes `?limit=N` (N ≥ 1) to serve only the top N;
without it the whole ranking is served, because it is the day's published result and the pipeline's
checks compare it whole (10,000 entries are about 1 MB of JSON).
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from watchb.api.params import LARGEST_INTEGER, query_integer, query_limit

from .models import DailyRanking
from .published.schema import DAY, ERRORS
from .published.views import DayView, LatestDayView, PublishedDayAPIView
from .publishing import publish_ranking
from .schema import LIMIT, PUBLISH_RESPONSES, PUBLISHED_DATES, READ_RESPONSES, WINDOW
from .serializers import PublishRankingSerializer, ranking_payload


class RankingDays:
    """The rankings' side of the published-day views: a DailyRanking, served in rank order."""

    day_model = DailyRanking
    publish_serializer = PublishRankingSerializer
    body_keys = "date and results"
    nothing_published = "No ranking has been published yet."
    not_published = "No ranking has been published for {day}."

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Read before the handler runs: a publish with a bad ?limit= stores nothing. A publisher may
        # not want 10,000 entries echoed back, so the limit cuts a publish's answer as it does a read's.
        self.limit = query_limit(request, default=None, maximum=LARGEST_INTEGER)
        self.window = query_window(request)

    def published(self):
        return DailyRanking.objects.filter(window=self.window)

    def served(self, ranking):
        return ranking_payload(ranking, self.limit)

    def store(self, checked):
        return publish_ranking(checked["date"], checked["results"], checked["source"], window=self.window)


def query_window(request):
    """The `?window=` of a request: 1 (the default), 7 or 30; a 400 naming `window` otherwise."""
    window = query_integer(request, "window", default=DailyRanking.Window.DAY, minimum=1)
    if window not in DailyRanking.Window.values:
        raise ValidationError({"window": [f"must be one of {DailyRanking.Window.values}, not {window}."]})
    return window


def documented(operation_id, description, parameters, publishes=False):
    """How /api/docs/ describes a rankings operation: a read, or a publish when `publishes`."""
    return extend_schema(
        tags=["rankings"],
        operation_id=operation_id,
        description=description,
        parameters=parameters,
        request=PublishRankingSerializer if publishes else None,
        responses=PUBLISH_RESPONSES if publishes else READ_RESPONSES,
    )


@extend_schema_view(
    get=documented("rankings_latest", "The latest published day's ranking, in rank order.", [WINDOW, LIMIT])
)
class LatestRankingView(RankingDays, LatestDayView):
    @documented(
        "rankings_publish",
        "Publish the ranking of the day named by `date` in the body (replacing it if published).",
        [WINDOW, LIMIT],
        publishes=True,
    )
    def post(self, request):
        return self.publish(self.request_body())


@extend_schema_view(
    get=documented("rankings_day", "The ranking published for `day`, in rank order.", [DAY, WINDOW, LIMIT]),
    put=documented(
        "rankings_publish_day",
        "Publish the ranking of `day`, replacing an earlier publish of it whole.",
        [DAY, WINDOW, LIMIT],
        publishes=True,
    ),
)
class DailyRankingView(RankingDays, DayView):
    pass


class PublishedDatesView(PublishedDayAPIView):
    @extend_schema(
        tags=["rankings"],
        operation_id="rankings_dates",
        parameters=[WINDOW],
        responses={200: PUBLISHED_DATES, 400: ERRORS},
    )
    def get(self, request):
        """`{"dates": ["YYYY-MM-DD", ...]}`: every day published for the window, newest first."""
        window = query_window(request)
        dates = DailyRanking.objects.filter(window=window).order_by("-date").values_list("date", flat=True)
        return Response({"dates": [date.isoformat() for date in dates]})
