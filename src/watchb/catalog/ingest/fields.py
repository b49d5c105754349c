"""Serializer fields that clean open data on the way in.

Open sources send strings with control characters (a stray ``\\x0b`` inside a KMDb title, a NUL in a
biography) and runs of spaces. These fields remove them before any other validation, so a blank that
was only noise is seen as blank and a required field holding only noise fails as blank. What counts
as a control character is defined once, by `watchb.catalog.sources.fields.strip_controls`.
"""

import re

from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from watchb.catalog.sources.fields import strip_controls

# A UTF-16 surrogate, which no text may hold (PostgreSQL refuses it; UTF-8 cannot encode it).
_SURROGATE = re.compile("[\ud800-\udfff]")
# Runs of spaces, no-break spaces and ideographic spaces; a single one of them is left as it is.
_SPACES = re.compile(r"[ \u00a0\u3000]{2,}")


def clean_text(text: str, *, multiline: bool = False) -> str:
    """`text` without control characters, trimmed; tabs and line breaks kept only when `multiline`,
    else made spaces, and runs of spaces made one."""
    text = strip_controls(text, keep_newlines=multiline)
    if not multiline:
        text = _SPACES.sub(" ", text)
    return text.strip()


class ProhibitSurrogates(ProhibitSurrogateCharactersValidator):
    """DRF's refusal of surrogates (same message and code) by one regular-expression search rather
    than a Python loop over every character: checking the 600,000 characters of a 1,000-film crawl
    that way was 6% of its validating."""

    def __call__(self, value):
        found = _SURROGATE.search(str(value))
        if found:
            raise ValidationError(self.message.format(code_point=ord(found.group())), code=self.code)


def with_fast_surrogate_check(validators):
    return [ProhibitSurrogates() if type(v) is ProhibitSurrogateCharactersValidator else v for v in validators]


class CleanCharField(serializers.CharField):
    """A one-line string: control characters removed, line breaks and space runs made one space."""

    multiline = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = with_fast_surrogate_check(self.validators)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = clean_text(data, multiline=self.multiline)
        return super().to_internal_value(data)


class CleanTextField(CleanCharField):
    """A text that keeps its paragraphs: control characters removed, line breaks and tabs kept."""

    multiline = True


class CleanURLField(serializers.URLField):
    """A URL with control characters and surrounding spaces removed before it is checked."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = with_fast_surrogate_check(self.validators)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = clean_text(data)
        return super().to_internal_value(data)
