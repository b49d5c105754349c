"""The API's request-body parsers: DRF's own, with a cap on the body's size.

Django bounds form bodies it reads itself (`DATA_UPLOAD_MAX_MEMORY_SIZE`), but DRF's parsers read
the request stream directly, past that check. These refuse a body whose `Content-Length` is above
`settings.API_MAX_BODY_SIZE` with a 413 before reading a byte of it (under WSGI a body is never
longer than its `Content-Length`), and answer JSON nested too deep for Python's parser with a 400,
not a RecursionError.
"""

from django.conf import settings
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError


class RequestBodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


class BoundedBodyMixin:
    """Refuses (413) a body longer than `settings.API_MAX_BODY_SIZE` bytes, then parses as the parser
    it is mixed into."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        length = request.META.get("CONTENT_LENGTH") if request is not None else None
        try:
            too_large = int(length or 0) > settings.API_MAX_BODY_SIZE
        except ValueError:
            raise ParseError("Content-Length is not a number.") from None
        if too_large:
            raise RequestBodyTooLarge(f"The request body is larger than {settings.API_MAX_BODY_SIZE} bytes.")
        return super().parse(stream, media_type, parser_context)


class JSONParser(BoundedBodyMixin, parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deep.") from None


class FormParser(BoundedBodyMixin, parsers.FormParser):
    pass


class MultiPartParser(BoundedBodyMixin, parsers.MultiPartParser):
    pass
