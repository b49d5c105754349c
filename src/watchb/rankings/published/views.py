"""The API of a published day, as rankings and recommendations both serve theirs.

    GET  <prefix>/                the latest published day        (LatestDayView)
    GET  <prefix>/YYYY-MM-DD/     that day                        (DayView)
    PUT  <prefix>/YYYY-MM-DD/     publish that day, replacing it  (DayView; "date" in the body
                                  optional, and must agree)

Reads are open to anyone. Publishing needs `Authorization: Token <key>` of a user with
`rankings.publish` (see the `createpublisher` command): 201 when the day is new, 200 when it replaced
an earlier publish, the stored day in both cases. Every error is JSON; a 400 names the field
(`date`, `results[3].movieId`). An app says what it serves by setting the `PublishedDayAPIView`
attributes and `served`/`store` in a mixin it puts before these views.
"""

from django.http import Http404
from rest_framework import status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from watchb.api.params import parse_date

from ..permissions import CanPublishOrReadOnly


class PublishedDayAPIView(APIView):
    """What every view of a published day shares: who may read and write it, and how it is published."""

    # Token first: an anonymous write is then answered 401 with `WWW-Authenticate: Token`, which
    # tells a client what to send (with session auth first DRF would answer 403).
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [CanPublishOrReadOnly]
    # JSON only: a form body cannot carry lists of entries, and would parse to lists of strings.
    parser_classes = [JSONParser]

    day_model = None  # a PublishedDay subclass
    publish_serializer = None  # a PublishDaySerializer subclass
    body_keys = ""  # what a body holds, for the 400 of a body that is not an object: "date and results"
    nothing_published = ""  # the 404 of the latest day before any publish
    not_published = ""  # the 404 of a day never published; "{day}" is the date

    def published(self):
        """The published days this view reads from (an app keeping several per date narrows them)."""
        return self.day_model.objects.all()

    def served(self, day):
        """The day as the API serves it."""
        raise NotImplementedError

    def store(self, checked):
        """Store the checked publish body; returns `(day, created)` as `storing.publish_day` does."""
        raise NotImplementedError

    def publish(self, data):
        """Check `data` as a publish body, store it, and answer with the stored day (201 or 200)."""
        serializer = self.publish_serializer(data=data)
        serializer.is_valid(raise_exception=True)
        day, created = self.store(serializer.validated_data)
        return Response(self.served(day), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def request_body(self):
        """The JSON body as a dict; anything else is a 400 (the serializer cannot name a field in it)."""
        if not isinstance(self.request.data, dict):
            raise ValidationError({"non_field_errors": [f"Expected a JSON object with {self.body_keys}."]})
        return dict(self.request.data)


class LatestDayView(PublishedDayAPIView):
    def get(self, request):
        """The latest published day."""
        day = self.published().order_by("-date").first()
        if day is None:
            raise Http404(self.nothing_published)
        return Response(self.served(day))


class DayView(PublishedDayAPIView):
    def get(self, request, day):
        """The day published for the date in the URL."""
        date = parse_date(day, "date")
        try:
            published = self.published().get(date=date)
        except self.day_model.DoesNotExist:
            raise Http404(self.not_published.format(day=date.isoformat())) from None
        return Response(self.served(published))

    def put(self, request, day):
        """Publish the day in the URL, replacing an earlier publish of it whole."""
        parse_date(day, "date")  # a 400 naming the date unless the URL holds one (then it reads as `day`)
        data = self.request_body()
        if data.get("date") not in (None, "", day):
            raise ValidationError({"date": [f"The body's date {data['date']!r} differs from the URL's {day}."]})
        data["date"] = day
        return self.publish(data)
