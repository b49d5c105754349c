"""Serializer fields that clean open data on the way in.

Open sources send strings with control characters (a stray ``\\x0b`` inside a KMDb title, a NUL in a
biography) and runs of spaces. These fields remove them before any other validation, so a blank that
was only noise is seen as blank and a required field holding only noise fails as blank.
"""

import re

from rest_framework import serializers

# C0 and C1 control characters, DEL, and the invisible marks that only break comparisons.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\ufeff]")
_LINE_BREAKS = re.compile(r"[\t\n\r]+")
_SPACES = re.compile(r"[ \u00a0\u3000]{2,}")


def strip_control_characters(text: str, *, multiline: bool = False) -> str:
    """`text` without control characters; tabs and line breaks kept only when `multiline`."""
    text = _CONTROL.sub("", text)
    if not multiline:
        text = _SPACES.sub(" ", _LINE_BREAKS.sub(" ", text))
    return text.strip()


class CleanCharField(serializers.CharField):
    """A one-line string: control characters removed, line breaks and space runs made one space."""

    multiline = False

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = strip_control_characters(data, multiline=self.multiline)
        return super().to_internal_value(data)


class CleanTextField(CleanCharField):
    """A text that keeps its paragraphs: control characters removed, line breaks and tabs kept."""

    multiline = True


class CleanURLField(serializers.URLField):
    """A URL with control characters and surrounding spaces removed before it is checked."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = strip_control_characters(data)
        return super().to_internal_value(data)
