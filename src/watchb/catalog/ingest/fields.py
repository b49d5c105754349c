"""Serializer fields that clean open data on the way in.

Open sources send strings with control characters (a stray ``\\x0b`` inside a KMDb title, a NUL in a
biography) and runs of spaces. These fields remove them before any other validation, so a blank that
was only noise is seen as blank and a required field holding only noise fails as blank. What counts
as a control character is defined once, by `watchb.catalog.sources.fields.strip_controls`.
"""

import re

from django.core import validators as django_validators
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from watchb.catalog.sources.fields import strip_controls

# A UTF-16 surrogate, which no text may hold (PostgreSQL refuses it; UTF-8 cannot encode it).
_SURROGATE = re.compile("[\ud800-\udfff]")
# Runs of spaces, no-break spaces and ideographic spaces; a single one of them is left as it is.
_SPACES = re.compile(r"[ \u00a0\u3000]{2,}")


def clean_text(text: str, *, multiline: bool = False) -> str:
    """`text` without control characters, trimmed; tabs and line breaks kept only when `multiline`,
    else made spaces, and runs of spaces made one."""
    if text.isprintable() and "  " not in text:
        # Most text: no control character, line break, tab or wide space is printable, and its
        # only white space is the plain space, so there is nothing to remove but at its ends.
        return text.strip()
    text = strip_controls(text, keep_newlines=multiline)
    if not multiline:
        text = _SPACES.sub(" ", text)
    return text.strip()


def quick_check(validator):
    """A plain test that passes exactly when `validator` would pass a value, or None when we have none
    for it. Each mirrors the validator's own rule (Django's limit validators fail when
    ``compare(clean(value), limit)`` holds); a test that raises counts as failed."""
    kind = type(validator)
    if kind in _LIMIT_TESTS and not callable(validator.limit_value):
        return _LIMIT_TESTS[kind](validator.limit_value)
    if kind is django_validators.ProhibitNullCharactersValidator:
        return lambda value: "\x00" not in str(value)
    if kind is ProhibitSurrogateCharactersValidator:
        # One regular-expression search, not DRF's Python loop over every character (checking the
        # 600,000 characters of a 1,000-film crawl that way was 6% of its validating).
        return lambda value: _SURROGATE.search(str(value)) is None
    return None


_LIMIT_TESTS = {
    django_validators.MaxLengthValidator: lambda limit: lambda value: not len(value) > limit,
    django_validators.MinLengthValidator: lambda limit: lambda value: not len(value) < limit,
    django_validators.MaxValueValidator: lambda limit: lambda value: not value > limit,
    django_validators.MinValueValidator: lambda limit: lambda value: not value < limit,
}


class QuickValidatorsMixin:
    """A field whose usual validators (lengths, bounds, NUL and surrogate refusal) run as plain tests.

    DRF calls each validator in a ``try`` and Django's build a dict of message parameters for every
    value, passing or not; a crawl of 1,000 films runs them on 150,000 values. When the tests of
    the validators that have one (`quick_check`) pass, the others are called as they are (a URL's),
    and when they pass too, the value passes. When anything fails or raises, DRF's own
    `run_validators` runs them all, so the errors, their order and their codes are DRF's.
    """

    def run_validators(self, value):
        made = self.__dict__.get("_quick")
        if made is None or made[0] is not self.__dict__.get("_validators") or made[1] != len(made[0]):
            made = self._plan_validators()
        tests, others = made[2]
        if tests is not None:
            try:
                for test in tests:
                    if not test(value):
                        break
                else:
                    for validator in others:
                        validator(value)
                    return
            except Exception:  # DRF's own run below raises what the value deserves
                pass
        super().run_validators(value)

    def _plan_validators(self):
        # Made again whenever the validators list is another one or another length (a validator
        # added); a deep copy of the field copies the list and its plan together.
        validators = self.validators
        tests = [quick_check(validator) for validator in validators]
        others = [validator for validator, test in zip(validators, tests, strict=True) if test is None]
        if any(getattr(validator, "requires_context", False) for validator in others):
            tests = None  # DRF passes such a validator its field: left to DRF
        else:
            tests = [test for test in tests if test is not None]
        self._quick = (validators, len(validators), (tests, others))
        return self._quick


class QuickIntegerField(QuickValidatorsMixin, serializers.IntegerField):
    """DRF's integer field, its bounds checked as plain tests (`QuickValidatorsMixin`)."""


class CleanCharField(QuickValidatorsMixin, serializers.CharField):
    """A one-line string: control characters removed, line breaks and space runs made one space."""

    multiline = False

    def run_validation(self, data=empty):
        # DRF's steps for a non-blank string of a writable field, less the calls that only pass it
        # on: CharField's blank test, then Field's empty test (neither applies to it).
        if type(data) is str and not self.read_only and data.strip():
            value = self.to_internal_value(data)
            self.run_validators(value)
            return value
        return super().run_validation(data)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = clean_text(data, multiline=self.multiline)
        return super().to_internal_value(data)


class CleanTextField(CleanCharField):
    """A text that keeps its paragraphs: control characters removed, line breaks and tabs kept."""

    multiline = True


class CleanURLField(QuickValidatorsMixin, serializers.URLField):
    """A URL with control characters and surrounding spaces removed before it is checked."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = clean_text(data)
        return super().to_internal_value(data)
