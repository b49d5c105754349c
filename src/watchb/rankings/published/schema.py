"""The OpenAPI pieces every published day's API describes itself with, for /api/schema/ and /api/docs/.

The views check and serve entries in plain Python for speed (see `serializers.py`), so the serializers
built here are never run; they only tell drf-spectacular the shapes.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description=(
        'Each field at fault and its messages, e.g. {"results[3].movieId": ["No movie with id 9 in the catalogue."]}'
    ),
)

DAY = OpenApiParameter("day", OpenApiTypes.DATE, OpenApiParameter.PATH, description="YYYY-MM-DD")


def published_day(name, **fields):
    """A published day as the API serves it: its date, source and publishing time, then `fields`."""
    return inline_serializer(
        name,
        {
            "date": serializers.DateField(),
            "source": serializers.CharField(),
            "published_at": serializers.DateTimeField(),
            **fields,
        },
    )


def entries(name, **fields):
    """A list of entries, each an object of `fields`."""
    return inline_serializer(name, fields, many=True)


def publish_responses(day):
    """The answers to a publish whose stored day is served as `day`."""
    return {201: day, 200: day, 400: ERRORS, 401: None, 403: None}
