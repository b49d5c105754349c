"""The one shape of an error body across the API.

A 400 names what was wrong: ``{"field": ["message", ...]}``, with ``non_field_errors`` for a body
that no field explains. Anything else (401, 403, 404, 405, 429...) is ``{"detail": "message"}``.
DRF already answers that way for serializers and its own exceptions; this handler brings every
other ValidationError (a bare string, a list, a dict of strings) to the same shape.
"""

from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def as_field_errors(detail) -> dict:
    """A ValidationError's detail as ``{field: [messages]}``."""
    if isinstance(detail, dict):
        return {
            field: messages if isinstance(messages, list | dict) else [messages] for field, messages in detail.items()
        }
    messages = detail if isinstance(detail, list) else [detail]
    return {api_settings.NON_FIELD_ERRORS_KEY: messages}


def exception_handler(exc, context):
    """DRF's handler, with every ValidationError's body in the shape above."""
    if isinstance(exc, exceptions.ValidationError):
        exc.detail = as_field_errors(exc.detail)
    return drf_exception_handler(exc, context)


def not_found(request, exception):
    """Django's 404 handler: JSON under `/api/` (a path no API route matches, such as
    `/api/movies/0.5/`), the site's 404 page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
