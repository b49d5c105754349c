"""Serializer fields the API shares.

A text the database stores blank when there is none (a person's photo, a user's e-mail) is served
as `null`, never `""`: an empty string is no URL or address, and a client that checks the schema's
`format` would reject it. `null` is also accepted in for blank, so a client may send back what it read.
"""

from rest_framework import serializers


class BlankAsNullMixin:
    """Serves a blank value as `null` and takes `null` in as blank; the schema says `nullable`."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, allow_blank=True, **kwargs)

    def to_representation(self, value):
        return super().to_representation(value) if value else None

    def run_validation(self, data=serializers.empty):
        return super().run_validation("" if data is None else data)


class OptionalURLField(BlankAsNullMixin, serializers.URLField):
    """A URL that may be missing."""


class OptionalEmailField(BlankAsNullMixin, serializers.EmailField):
    """An e-mail address that may be missing."""
