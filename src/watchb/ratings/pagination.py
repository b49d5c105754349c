"""The two ways of paging through the MovieLens export, one DRF paginator each, and the client's choice.

Each is a DRF `BasePagination`, so a `GenericAPIView` uses it the usual way and drf-spectacular
takes the query parameters and the answer's schema from it:

    rows = paginator.paginate_queryset(queryset, request, view)   # a list of rows (view.page_rows)
    response = paginator.get_paginated_response(records)          # a list of dicts, or EncodedRecords

`queryset` is filtered, ordered and already projected with `.values_list()`; the view turns rows
into records and the paginator wraps them in the answer. The answer is serialised with `json.dumps`
straight into an `HttpResponse`: no serializer object per record, which is what makes a page of
10,000 records cost milliseconds.

Offset mode (`OffsetExportPagination`) is the simulated MovieLens API of the Airflow book:
`offset` and `limit` in, `{"result", "offset", "limit", "total"}` out. Page n costs O(offset).

Cursor mode (`CursorExportPagination`) is keyset paging on the export's ordering: the cursor holds
the ordering key of the last record sent, and the next page starts right after it using the index,
so every page costs the same at any depth. The view supplies the keyset through three methods:

    view.first_rows(queryset) -> queryset            # the first page's rows (e.g. bounded to a snapshot)
    view.row_position(row) -> tuple[int, ...]        # ordering key of a row, as ints
    view.rows_after(queryset, position) -> queryset  # the view's rows strictly after that key

What each mode promises while ratings are written during an export:

- Cursor mode: an export is of the ratings made before its first page. The first page fixes that
  moment (`as_of`, a whole second) and every cursor carries it, so each page reads the window up to
  it: a rating made or re-rated during the export (stamped "now", at or after `as_of`) is the next
  export's, never this one's. Within it, no record is sent twice and none is skipped: every rating
  with a timestamp before `as_of` that is not changed during the export is sent exactly once, in
  `(timestamp, userId, movieId)` order. A rating re-rated or deleted during the export leaves it: it
  was sent once (with the value it had then) if its page came before the change, and is not sent
  otherwise (a re-rate is in the export that covers its new timestamp). The one thing outside the
  promise is a write stamped in the past during the export (`loadmovielens`, `generateratings`):
  the site stamps every rating it takes with the moment it is made. A closed day (every day of the
  daily pipeline) is already complete, so `as_of` changes nothing there.
- Offset mode (the book's): each page is an independent query, so a rating added or removed before
  the offset between two pages shifts the later ones: a record may then be sent twice or skipped.
  It holds for a window no one writes to (a closed day); use cursor mode for any other.

`OffsetOrCursorPagination` is what the export views use: the client picks the mode per request.
"""

import base64
import binascii
import json
import re

from django.conf import settings
from django.http import HttpResponse
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination

from watchb.api.params import LARGEST_INTEGER, query_integer, query_limit

DEFAULT_LIMIT = 100


class EncodedRecords(str):
    """A page's records already written as a JSON array (see `RatingsExportView.records`): the
    answer takes the text as it is instead of encoding a dict per record."""


def json_response(payload: dict) -> HttpResponse:
    """`payload` as compact JSON; its `result` (the first key) may be `EncodedRecords`."""
    result = payload["result"]
    if isinstance(result, EncodedRecords):
        rest = json.dumps({key: value for key, value in payload.items() if key != "result"}, separators=(",", ":"))
        body = '{"result":' + result + ("," + rest[1:] if len(rest) > 2 else "}")
    else:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, content_type="application/json")


def export_limit(request) -> int:
    """The page size: `limit` (default 100), lowered to `settings.RATINGS_EXPORT_MAX_LIMIT`."""
    return query_limit(request, default=DEFAULT_LIMIT, maximum=settings.RATINGS_EXPORT_MAX_LIMIT)


def _query_parameter(name: str, type_: str, description: str) -> dict:
    return {"in": "query", "name": name, "schema": {"type": type_}, "description": description}


LIMIT_PARAMETER = _query_parameter("limit", "integer", "Page size, 1 or more (default 100; capped by the server).")
# The keys an answer may have besides `result`; each mode's answer has some of them.
ANSWER_PROPERTIES = {
    "offset": {"type": "integer", "description": "Offset mode only."},
    "limit": {"type": "integer"},
    "total": {"type": "integer", "nullable": True, "description": "Null on cursor pages after the first."},
    "next": {"type": "string", "nullable": True, "description": "Cursor mode only."},
}


class ExportPagination(BasePagination):
    """What both modes share: the schema of their answer, built from `answer_keys` (its keys besides
    `result`, all of them always present) and `parameters` (its query parameters)."""

    answer_keys: tuple[str, ...] = ()
    parameters: tuple[dict, ...] = ()

    def get_schema_operation_parameters(self, view):
        return list(self.parameters)

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "properties": {"result": schema, **{key: ANSWER_PROPERTIES[key] for key in self.answer_keys}},
            "required": sorted(["result", *self.answer_keys]),
        }


class OffsetExportPagination(ExportPagination):
    """`offset` (≥0, default 0) and `limit` paging with the `total` of the filtered set."""

    answer_keys = ("offset", "limit", "total")
    parameters = (
        _query_parameter("offset", "integer", "Offset mode: records to skip (≥0, default 0)."),
        LIMIT_PARAMETER,
    )

    def paginate_queryset(self, queryset, request, view=None):
        self.limit = export_limit(request)
        self.offset = query_integer(request, "offset", default=0)
        self.total = queryset.count()
        return view.page_rows(queryset[self.offset : self.offset + self.limit])

    def get_paginated_response(self, records):
        return json_response({"result": records, "offset": self.offset, "limit": self.limit, "total": self.total})


# A cursor is the base64 of a flat JSON list of at most a few integers, `[1767571200,7,42]`; a longer
# token, or any other text inside, is not one of ours. Read with a regular expression, not `json.loads`:
# a token nested 2,000 lists deep must be a 400, not a RecursionError.
CURSOR_MAX_LENGTH = 128
_CURSOR_TEXT = re.compile(r"\[(-?[0-9]{1,19})(?:,(-?[0-9]{1,19})){0,3}\]")
_CURSOR_INTEGER = re.compile(r"-?[0-9]{1,19}")


def encode_cursor(position: tuple[int, ...]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(position), separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(token: str) -> tuple[int, ...]:
    """The position in `token`; a 400 naming `cursor` if this server could not have issued it."""
    try:
        if len(token) > CURSOR_MAX_LENGTH:
            raise ValueError
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
        if not _CURSOR_TEXT.fullmatch(text):
            raise ValueError
        position = tuple(int(number) for number in _CURSOR_INTEGER.findall(text))
        if not all(abs(v) <= LARGEST_INTEGER for v in position):
            raise ValueError
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValidationError({"cursor": "is not a cursor this server issued."}) from None
    return position


class CursorExportPagination(ExportPagination):
    """Keyset paging: `cursor` ("" for the first page, then the previous answer's `next`) and `limit`.

    The answer is `{"result", "limit", "next", "total"}`. `next` is the cursor of the following page,
    null on the last one. `total` (the size of the filtered set) is counted on the first page only,
    because counting is the one part of a page whose cost grows with the day; later pages carry
    `total: null`. Pages see the ratings as the module says (the view's `first_rows` fixes what
    the export covers; its cursors carry that along): none is sent twice or skipped.
    """

    answer_keys = ("limit", "next", "total")
    parameters = (
        _query_parameter(
            "cursor", "string", "Cursor mode: empty for the first page, then the previous answer's `next`."
        ),
        LIMIT_PARAMETER,
    )

    def paginate_queryset(self, queryset, request, view=None):
        if "offset" in request.query_params:
            raise ValidationError({"offset": "offset and cursor are two ways of paging; send one."})
        self.limit = export_limit(request)
        token = request.query_params.get("cursor", "")
        if token:
            try:
                queryset = view.rows_after(queryset, decode_cursor(token))
            except (ValueError, OverflowError, OSError):  # wrong shape; a timestamp out of range
                raise ValidationError({"cursor": "is not a cursor this server issued."}) from None
            self.total = None
        else:
            queryset = view.first_rows(queryset)
            self.total = queryset.count()
        rows = view.page_rows(queryset[: self.limit + 1])
        self.next = encode_cursor(view.row_position(rows[self.limit - 1])) if len(rows) > self.limit else None
        return rows[: self.limit]

    def get_paginated_response(self, records):
        return json_response({"result": records, "limit": self.limit, "next": self.next, "total": self.total})


class OffsetOrCursorPagination(BasePagination):
    """The mode the client chooses per request: sending `cursor` at all (even empty) opts into cursor
    mode, anything else is offset mode. The schema describes both: every parameter of either, every
    key of either answer, required where both answers have it."""

    modes = (OffsetExportPagination, CursorExportPagination)

    def paginate_queryset(self, queryset, request, view=None):
        offset_mode, cursor_mode = self.modes
        self.mode = cursor_mode() if "cursor" in request.query_params else offset_mode()
        return self.mode.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return self.mode.get_paginated_response(data)

    def get_schema_operation_parameters(self, view):
        by_name = {p["name"]: p for mode in self.modes for p in mode().get_schema_operation_parameters(view)}
        return list(by_name.values())

    def get_paginated_response_schema(self, schema):
        answers = [mode().get_paginated_response_schema(schema) for mode in self.modes]
        properties = {}
        for answer in answers:
            properties.update(answer["properties"])
        required = set.intersection(*(set(answer["required"]) for answer in answers))
        return {"type": "object", "properties": properties, "required": sorted(required)}
