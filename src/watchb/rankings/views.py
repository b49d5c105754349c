"""The rankings API: read a day's published ranking, publish one with a token.

    GET  /api/rankings/                  the latest published day
    POST /api/rankings/                  publish the day named by "date" in the body
    GET  /api/rankings/dates/            the published dates, newest first
    GET  /api/rankings/YYYY-MM-DD/       that day
    PUT  /api/rankings/YYYY-MM-DD/       publish that day ("date" in the body optional, must agree)

Reads are open to anyone. Every answer with a ranking takes `?limit=N` (N ≥ 1) to serve only the
top N; without it the whole ranking is served, because it is the day's published result and the
pipeline's checks compare it whole (10,000 entries are about 1 MB of JSON). Publishing needs
`Authorization: Token <key>` of a user with `rankings.publish` (see the
`createpublisher` command): 201 when the day is new, 200 when it replaced an earlier publish, the
stored ranking in both cases. Every error is JSON; a 400 names the field (`results[3].movieId`).
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import DailyRanking
from .permissions import CanPublishOrReadOnly
from .publishing import publish_ranking
from .schema import DAY, LIMIT, PUBLISH_RESPONSES, PUBLISHED_DATES, READ_RESPONSES
from .serializers import PublishRankingSerializer, flatten_errors, ranking_payload


class BadRequest(serializers.ValidationError):
    """A 400 whose body is already the flat `{field: [messages]}` dict."""


class RankingAPIView(APIView):
    # Token first: an anonymous write is then answered 401 with `WWW-Authenticate: Token`, which
    # tells a client what to send (with session auth first DRF would answer 403).
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [CanPublishOrReadOnly]
    # JSON only: a form body cannot carry the list of entries, and would parse to lists of strings.
    parser_classes = [JSONParser]

    def parse_limit(self):
        raw = self.request.query_params.get("limit")
        if raw is None or raw == "":
            return None
        try:
            limit = int(raw)
        except ValueError:
            raise BadRequest({"limit": [f"Must be a positive integer, not {raw!r}."]}) from None
        if limit < 1:
            raise BadRequest({"limit": ["Must be at least 1."]})
        return limit

    def served(self, ranking):
        return Response(ranking_payload(ranking, self.parse_limit()))

    def publish(self, data):
        """Check `data` as a publish body, store it, and answer with the stored ranking.

        `?limit=N` cuts the answer as it does a read's (a publisher may not want 10,000 entries
        echoed back); it is checked before anything is stored.
        """
        limit = self.parse_limit()
        serializer = PublishRankingSerializer(data=data)
        if not serializer.is_valid():
            raise BadRequest(flatten_errors(serializer.errors))
        checked = serializer.validated_data
        ranking, created = publish_ranking(checked["date"], checked["results"], checked["source"])
        return Response(
            ranking_payload(ranking, limit), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


def parse_day(text):
    """The date in a URL, or a 400 naming `date`."""
    try:
        return serializers.DateField(input_formats=["iso-8601"]).to_internal_value(text)
    except serializers.ValidationError as error:
        raise BadRequest({"date": error.detail}) from None


def request_body(request):
    """The JSON body as a dict; anything else is a 400 (the serializer cannot name a field in it)."""
    if not isinstance(request.data, dict):
        raise BadRequest({"non_field_errors": ["Expected a JSON object with date and results."]})
    return dict(request.data)


class LatestRankingView(RankingAPIView):
    @extend_schema(
        tags=["rankings"],
        operation_id="rankings_latest",
        parameters=[LIMIT],
        responses=READ_RESPONSES,
    )
    def get(self, request):
        """The latest published day's ranking, in rank order."""
        try:
            ranking = DailyRanking.objects.latest()
        except DailyRanking.DoesNotExist:
            raise Http404("No ranking has been published yet.") from None
        return self.served(ranking)

    @extend_schema(
        tags=["rankings"],
        operation_id="rankings_publish",
        parameters=[LIMIT],
        request=PublishRankingSerializer,
        responses=PUBLISH_RESPONSES,
    )
    def post(self, request):
        """Publish the ranking of the day named by `date` in the body (replacing it if published)."""
        return self.publish(request_body(request))


class DailyRankingView(RankingAPIView):
    @extend_schema(
        tags=["rankings"],
        operation_id="rankings_day",
        parameters=[DAY, LIMIT],
        responses=READ_RESPONSES,
    )
    def get(self, request, day):
        """The ranking published for `day`, in rank order."""
        try:
            ranking = DailyRanking.objects.get(date=parse_day(day))
        except DailyRanking.DoesNotExist:
            raise Http404(f"No ranking has been published for {day}.") from None
        return self.served(ranking)

    @extend_schema(
        tags=["rankings"],
        operation_id="rankings_publish_day",
        parameters=[DAY, LIMIT],
        request=PublishRankingSerializer,
        responses=PUBLISH_RESPONSES,
    )
    def put(self, request, day):
        """Publish the ranking of `day`, replacing an earlier publish of it whole."""
        date = parse_day(day)
        data = request_body(request)
        if data.get("date") not in (None, "", day, date.isoformat()):
            raise BadRequest({"date": [f"The body's date {data['date']!r} differs from the URL's {day}."]})
        data["date"] = date.isoformat()
        return self.publish(data)


class PublishedDatesView(RankingAPIView):
    @extend_schema(
        tags=["rankings"],
        operation_id="rankings_dates",
        responses=PUBLISHED_DATES,
    )
    def get(self, request):
        """`{"dates": ["YYYY-MM-DD", ...]}`: every published day, newest first."""
        dates = DailyRanking.objects.order_by("-date").values_list("date", flat=True)
        return Response({"dates": [date.isoformat() for date in dates]})
