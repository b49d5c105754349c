"""What a publisher of a day sends, checked in plain Python, and the head of what a reader gets back.

A publish body is `{"date": "YYYY-MM-DD", "source": "...", <list>: [entry, ...], ...}`: each app
names its lists and their keys. Each entry is a JSON object checked key by key (`Key`), then against
the other entries (`EntriesField.check_together`) and the database (`Exists`, one query per chunk of
ids). A nested serializer per entry would do the same several times slower: a ranking of 10,000
movies is checked in about 50 ms instead of a quarter of a second.

Errors name the field the way a reader of the body would point at it: `date`, `results`,
`results[3].movieId`. A body wrong throughout is answered with its first MAX_REPORTED_ERRORS errors
and how many there were, not with tens of thousands of messages that all say the same thing.
"""

import math
from collections.abc import Callable
from typing import NamedTuple

from django.apps import apps
from rest_framework import serializers

from watchb.api.params import LARGEST_INTEGER

from .storing import max_query_params

# The largest value every database keeps in a PositiveIntegerField (PostgreSQL's `integer`).
LARGEST_COUNT = 2**31 - 1

MAX_REPORTED_ERRORS = 20


def positive_integer(value, maximum=LARGEST_INTEGER):
    """Return `value` as an int from 1 to `maximum` (by default an id's, 64 bits), or raise
    ValueError saying why not.

    JSON numbers like `12.0` (pandas writes counts that way once a column held a NaN) are accepted;
    booleans, strings and fractions are not.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("Must be an integer.")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError("Must be an integer.")
    if value < 1:
        raise ValueError("Must be at least 1.")
    if value > maximum:
        raise ValueError(f"Must be at most {maximum}.")
    return int(value)


def positive_count(value):
    """`positive_integer` within a `PositiveIntegerField` (a rank, a number of raters): 2**31 - 1 at most."""
    return positive_integer(value, maximum=LARGEST_COUNT)


def finite_number(value):
    """Return `value` as a finite float, or raise ValueError (scores have no fixed range)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError("Must be a finite number.")
    return float(value)


class Exists(NamedTuple):
    """Ids that must name a row of `model` ("app_label.Model"); `message` says one does not (`{id}`)."""

    model: str
    message: str


class Key(NamedTuple):
    """One key of an entry: its `name` in the body, the model `field` it fills, the `check` that
    returns its value converted or raises ValueError saying why not, and the rows it must name."""

    name: str
    field: str
    check: Callable
    exists: Exists | None = None


class EntriesField(serializers.Field):
    """A list of entries, each checked alone, then against the others and the database.

    Subclasses declare their `keys` (in body order) and add the rules that take more than one entry
    to see in `check_together` (`record_repeats` is the usual one). Gives a list of dicts keyed by
    model field names, in the order sent. Errors are keyed by the entry's place, `"[3].movieId"`;
    `PublishDaySerializer` puts the list's name in front.
    """

    keys = ()
    default_error_messages = {"not_a_list": 'Expected a list of entries, not "{kind}".'}

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", kind=type(data).__name__)
        errors = {}
        entries = [self.check_entry(index, item, errors) for index, item in enumerate(data)]
        self.check_together(entries, errors)
        for key in self.keys:
            if key.exists:
                self.check_exist(entries, key, errors)
        if errors:
            raise serializers.ValidationError(first_errors(errors, len(data)))
        return entries

    def to_representation(self, value):
        return value

    def check_entry(self, index, item, errors):
        """The entry's valid values by model field (all of them when it has no error recorded), or
        None when it is not even an object."""
        if not isinstance(item, dict):
            errors[f"[{index}]"] = [f"Expected an object with {', '.join(key.name for key in self.keys)}."]
            return None
        entry = {}
        for key in self.keys:
            if item.get(key.name) is None:
                errors[f"[{index}].{key.name}"] = ["This field is required."]
                continue
            try:
                entry[key.field] = key.check(item[key.name])
            except ValueError as error:
                errors[f"[{index}].{key.name}"] = [str(error)]
        return entry

    def check_together(self, entries, errors):
        """Record the errors that take more than one entry to see; none unless a subclass says so."""

    def key_of(self, field):
        """The body key that fills the model field `field`."""
        return next(key.name for key in self.keys if key.field == field)

    def record_repeats(self, entries, fields, message, errors):
        """Record an error on each entry whose values of `fields` repeat an earlier entry's.

        The error goes to the last of `fields`; `message` is formatted with the entry's values (by
        model field name) and `first`, the place of the earlier entry.
        """
        first = {}
        for index, entry in enumerate(entries):
            if entry is None or any(field not in entry for field in fields):
                continue
            values = tuple(entry[field] for field in fields)
            if values in first:
                errors.setdefault(f"[{index}].{self.key_of(fields[-1])}", []).append(
                    message.format(**entry, first=first[values])
                )
            else:
                first[values] = index

    @staticmethod
    def check_exist(entries, key, errors):
        """Record an error on each entry whose `key` names no row (one query per chunk of ids)."""
        model = apps.get_model(key.exists.model)
        wanted = sorted({entry[key.field] for entry in entries if entry and key.field in entry})
        known = set()
        chunk_size = max_query_params()
        for start in range(0, len(wanted), chunk_size):
            known.update(model.objects.filter(pk__in=wanted[start : start + chunk_size]).values_list("pk", flat=True))
        for index, entry in enumerate(entries):
            if entry and key.field in entry and entry[key.field] not in known:
                errors.setdefault(f"[{index}].{key.name}", []).append(key.exists.message.format(id=entry[key.field]))


def first_errors(errors, count):
    """The first MAX_REPORTED_ERRORS of `errors` in body order, and a note (key "") when there were more."""

    def position(place):
        return int(place[1 : place.index("]")])

    places = sorted(errors, key=position)
    shown = {place: errors[place] for place in places[:MAX_REPORTED_ERRORS]}
    if len(places) > MAX_REPORTED_ERRORS:
        shown[""] = [f"{len(places)} errors in {count} entries; the first {MAX_REPORTED_ERRORS} are shown."]
    return shown


class PublishDaySerializer(serializers.Serializer):
    """A day as the pipeline publishes it: its date, what produced it, and the entry lists a
    subclass declares (`EntriesField`s).

    An entry list's errors come flat, under the list's name: `{"results[3].movieId": [...]}`, and
    the note on a body wrong throughout under the name alone: `{"results": ["149 errors in ..."]}`.
    """

    date = serializers.DateField(input_formats=["iso-8601"])
    source = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError(flat_errors(error.detail)) from None


def flat_errors(detail):
    """`{"results": {"[3].movieId": [...], "": [...]}}` as `{"results[3].movieId": [...], "results": [...]}`."""
    flat = {}
    for name, errors in detail.items():
        if isinstance(errors, dict):
            flat.update({name + place: messages for place, messages in errors.items()})
        else:
            flat[name] = errors
    return flat


def served_day(day, **fields):
    """A published day as the API serves it: `{"date", "source", "published_at"}`, then `fields`."""
    return {
        "date": day.date.isoformat(),
        "source": day.source,
        "published_at": serializers.DateTimeField().to_representation(day.published_at),
        **fields,
    }
