"""The MovieLens-compatible export, `GET /ratings` and `GET /movies`; the contract is on `RatingsExportView`."""

import json
from datetime import UTC, datetime
from functools import cache

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, IntegerField, Q
from django.db.models.functions import Coalesce, ExtractYear
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer

from watchb.api.params import query_day_start
from watchb.catalog.models import Movie

from .authentication import CanExportRatings, ExportBasicAuthentication
from .expressions import EpochSeconds, JSONDecimal, JSONObjectText
from .models import Rating, whole_second_now
from .pagination import EncodedRecords, OffsetOrCursorPagination

_DATE_PARAMETERS = [
    OpenApiParameter("start_date", OpenApiTypes.DATE, description="First day (UTC), inclusive."),
    OpenApiParameter("end_date", OpenApiTypes.DATE, description="Last day (UTC), exclusive."),
]


class RatingRecordSerializer(serializers.Serializer):
    """A rating as MovieLens clients read it."""

    userId = serializers.IntegerField()
    movieId = serializers.IntegerField()
    rating = serializers.FloatField()
    timestamp = serializers.IntegerField(help_text="Epoch seconds, UTC.")

    class Meta:
        ref_name = "RatingsExportPageRecord"


class MovieRecordSerializer(serializers.Serializer):
    """A catalogue movie as MovieLens clients read it."""

    movieId = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    tmdbId = serializers.IntegerField(allow_null=True)
    kmdbId = serializers.CharField(allow_null=True)

    class Meta:
        ref_name = "MoviesExportPageRecord"


@cache
def record_keys(serializer_class) -> tuple[str, ...]:
    """A record's JSON keys: its serializer's fields, in order (read once per class, not per page)."""
    return tuple(serializer_class().fields)


def rating_record_text() -> JSONObjectText:
    """A rating's record, `{"userId":7,"movieId":42,"rating":4.5,"timestamp":1767571200}`, as the
    JSON text the database writes for it: the serializer's keys, each with its column."""
    columns = ("user_id", "movie_id", JSONDecimal("rating"), EpochSeconds("rated_at"))
    return JSONObjectText(**dict(zip(record_keys(RatingRecordSerializer), columns, strict=True)))


class ExportSchema(AutoSchema):
    """An export answers pages of its view's records (`serializer_class`); a page of `<Name>Record`s
    is named `<Name>` (`RatingsExportPage` holds `RatingsExportPageRecord`s)."""

    def get_response_serializers(self):
        return self.view.get_serializer_class()(many=True)

    def get_paginated_name(self, serializer_name: str) -> str:
        return serializer_name.removesuffix("Record")


class ExportView(GenericAPIView):
    """Shared by the export endpoints: authentication, paging in the client's mode, rows to records.

    Subclasses give `serializer_class` (a record: its fields are the JSON names of the projected
    columns, in order), `get_queryset()` (filtered, ordered, projected with `.values_list()`), and
    for cursor mode `row_position(row)` and `rows_after(queryset, position)` (and `first_rows` if the
    first page bounds what the export covers; `page_rows` if a page's rows are read otherwise than
    by iterating its queryset). The serializer names and documents the keys; records are written
    without one, straight from the rows.
    """

    authentication_classes = [ExportBasicAuthentication]
    permission_classes = [CanExportRatings]
    # A pipeline pages through a big day in thousands of requests: no request rate here. Password
    # guessing still meets the budget of wrong passwords in the authentication.
    throttle_classes = []
    renderer_classes = [JSONRenderer]
    pagination_class = OffsetOrCursorPagination
    schema = ExportSchema()

    def first_rows(self, queryset):
        """The rows a cursor export covers, as its first page reads them: all of `queryset` here."""
        return queryset

    def page_rows(self, queryset) -> list:
        """The rows of one page (`queryset`, sliced by the paginator), as `.values_list()` gives them."""
        return list(queryset)

    def get(self, request):
        rows = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.records(rows))

    def records(self, rows):
        """The page's records: a dict per row, keyed by the serializer's fields."""
        keys = record_keys(self.get_serializer_class())
        return [dict(zip(keys, row, strict=False)) for row in rows]


@extend_schema_view(
    get=extend_schema(
        operation_id="export_ratings", summary="MovieLens-compatible ratings export", parameters=_DATE_PARAMETERS
    )
)
class RatingsExportView(ExportView):
    """`GET /ratings`: the MovieLens-compatible ratings export (DESIGN.md, "MovieLens ratings endpoint").

    `/ratings` and `/movies` answer HTTP basic auth for users holding `ratings.export` (401 with
    `WWW-Authenticate` for no or wrong credentials, 403 without the permission) and page in one of
    two modes, chosen by the client per request:

    Offset mode — the simulated MovieLens API of the Airflow book, unchanged:
        GET /ratings?start_date=2026-01-05&end_date=2026-01-06&offset=0&limit=100
        → {"result": [{"userId": 7, "movieId": 42, "rating": 4.5, "timestamp": 1767571200}, …],
           "offset": 0, "limit": 100, "total": 1234}

    Cursor mode — opt in by sending `cursor` (empty on the first request):
        GET /ratings?start_date=2026-01-05&end_date=2026-01-06&limit=10000&cursor=
        → {"result": […], "limit": 10000, "next": "WzE3Njc1…", "total": 1234}
        GET /ratings?start_date=2026-01-05&end_date=2026-01-06&limit=10000&cursor=WzE3Njc1…
        → {"result": […], "limit": 10000, "next": null, "total": null}
      Send the same `start_date`/`end_date` with every page and `next` as `cursor` until `next` is
      null. `total` is counted on the first page only. A client can tell whether a server offers cursor
      mode from the first answer: it has a `next` key (a server without cursor mode, like the book's,
      ignores `cursor` and answers in offset mode, without `next`). `offset` together with `cursor` is
      a 400. Cursors are opaque; they stay valid as long as the record they point after would sort
      the same, so a client may resume an interrupted export from its last `next`.
      An export is of the ratings made before its first page (`as_of`, carried in every cursor):
      each of them is sent once, except those re-rated or deleted meanwhile, which leave it (see
      `watchb.ratings.pagination` for the exact promise, and offset mode's).

    Parameters: `start_date`, `end_date` — ISO dates (YYYY-MM-DD), UTC midnights, start inclusive,
    end exclusive, both optional; `limit` — 1 or more, default 100, lowered to
    `settings.RATINGS_EXPORT_MAX_LIMIT` when larger (the answer's `limit` is the one used). Anything
    malformed is a 400 whose JSON body names the parameter.

    Records are ordered by `(timestamp, userId, movieId)`, read with `.values_list()` from an index that
    covers that order and the rating, and written to JSON without a serializer object per record.
    `/movies` records are `{"movieId", "title", "year", "tmdbId", "kmdbId"}` ordered by `movieId`;
    the dates are ignored there.
    """

    serializer_class = RatingRecordSerializer
    as_of = None  # an export's moment: set by its first page, read from its cursors

    def records(self, rows):
        """The page's records as a JSON array: each row is its record's JSON text, written by the
        database (`rating_record_text`), so the page is those texts joined, the same text
        `json.dumps` writes for the records as dicts. Converting the values to Python numbers and
        writing them back took most of a 10,000-record page's time in the site."""
        return EncodedRecords("[" + ",".join(rows) + "]")

    def page_rows(self, queryset) -> list[str]:
        """The page's records' texts, read with a plain cursor from the SQL Django writes for
        `queryset`: the one column is text that needs no converting, and Django's iteration of
        10,000 rows cost the site twice what reading them from the driver does."""
        try:
            sql, params = queryset.query.get_compiler(queryset.db).as_sql()
        except EmptyResultSet:  # a filter no row can meet: Django sends no query for it either
            return []
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            return [text for (text,) in cursor.fetchall()]

    def get_queryset(self):
        self.start = query_day_start(self.request, "start_date")
        self.end = query_day_start(self.request, "end_date")
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end_date": "must not be before start_date."})
        return self.ratings_between(self.start, self.end)

    def ratings_between(self, start, end):
        ratings = Rating.objects.all()
        if start:
            ratings = ratings.filter(rated_at__gte=start)
        if end:
            ratings = ratings.filter(rated_at__lt=end)
        return ratings.order_by("rated_at", "user_id", "movie_id").values_list(rating_record_text(), flat=True)

    def first_rows(self, queryset):
        """The window as of now: the ratings made before this second. Later ones (new ratings and
        re-rates, stamped now) belong to the next export, so pages never meet them."""
        self.as_of = whole_second_now()
        return self.ratings_between(self.start, self.until(self.as_of))

    def until(self, as_of):
        return min(self.end, as_of) if self.end else as_of

    def row_position(self, row):
        """The position of the record `row` is the text of, read back from that text: the page's query
        selects nothing besides the records' texts, and only a page's last record is parsed."""
        record = json.loads(row)
        timestamp, user_id, movie_id = record["timestamp"], record["userId"], record["movieId"]
        as_of = int(self.as_of.timestamp()) if self.as_of else None
        return (timestamp, user_id, movie_id) if as_of is None else (as_of, timestamp, user_id, movie_id)

    def rows_after(self, queryset, position):
        """The window's rows after `position`, built afresh rather than by narrowing `queryset`: the
        index range must start at the cursor, and with two lower bounds on `rated_at` (the window's
        and the cursor's) a planner may start from the looser one and walk the whole window.

        A position is `(as_of, timestamp, userId, movieId)`; the `(timestamp, userId, movieId)` of
        cursors issued before exports had an `as_of` still resumes, unbounded."""
        if len(position) == 4:
            as_of, *position = position
            self.as_of = datetime.fromtimestamp(as_of, UTC)
        timestamp, user_id, movie_id = position  # a cursor of another shape is a ValueError
        at = datetime.fromtimestamp(timestamp, UTC)
        start = max(self.start, at) if self.start else at
        end = self.until(self.as_of) if self.as_of else self.end
        # `rated_at >= at` is the index range; this only breaks ties within that one second.
        after = Q(rated_at__gt=at) | Q(user_id__gt=user_id) | Q(user_id=user_id, movie_id__gt=movie_id)
        return self.ratings_between(start, end).filter(after)


@extend_schema_view(get=extend_schema(operation_id="export_movies", summary="MovieLens-compatible movie list"))
class MoviesExportView(ExportView):
    """`GET /movies`: the catalogue for MovieLens clients, ordered by `movieId`, paged like `/ratings`."""

    serializer_class = MovieRecordSerializer

    def get_queryset(self):
        year = Coalesce(ExtractYear("release_date"), F("production_year"), output_field=IntegerField())
        return Movie.objects.order_by("id").values_list("id", "title", year, "tmdb_id", "kmdb_id")

    def row_position(self, row):
        return (row[0],)

    def rows_after(self, queryset, position):
        (movie_id,) = position
        return queryset.filter(id__gt=movie_id)
