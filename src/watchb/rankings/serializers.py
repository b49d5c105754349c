"""What a publisher sends and what a reader gets back.

A publish body is `{"date": "YYYY-MM-DD", "source": "...", "results": [entry, ...]}` where each
entry is `{"movieId", "avg_rating", "num_ratings", "weighted_rating", "rank"}` (other keys are
ignored). `movieId` is the catalogue Movie's primary key, which is what the MovieLens-compatible
export serves as `movieId`.

Errors name the field the way a reader of the body would point at it: `date`, `results`,
`results[3].movieId`. The entries are checked in plain Python rather than with one nested
serializer per entry: a ranking of 10,000 movies is checked in about 50 ms instead of a quarter of
a second.
"""

import math

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from watchb.catalog.models import Movie

from .models import MAX_RATING, MIN_RATING
from .publishing import max_query_params
from .schema import ENTRIES_IN

# How many entry errors one 400 answer lists; a body that is wrong throughout would otherwise
# answer with tens of thousands of messages that all say the same thing.
MAX_REPORTED_ERRORS = 20


def check_positive_integer(value):
    """Return `value` as an int of at least 1, or raise ValueError saying why not.

    JSON numbers like `12.0` (pandas writes counts that way once a column held a NaN) are accepted;
    booleans, strings and fractions are not.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("Must be an integer.")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError("Must be an integer.")
    if value < 1:
        raise ValueError("Must be at least 1.")
    return int(value)


def check_rating(value):
    """Return `value` as a float between MIN_RATING and MAX_RATING, or raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError("Must be a number.")
    if not MIN_RATING <= value <= MAX_RATING:
        raise ValueError(f"Must be between {MIN_RATING} and {MAX_RATING}.")
    return float(value)


# Each entry key, the model field it fills, and how it is checked.
ENTRY_FIELDS = [
    ("movieId", "movie_id", check_positive_integer),
    ("avg_rating", "avg_rating", check_rating),
    ("num_ratings", "num_ratings", check_positive_integer),
    ("weighted_rating", "weighted_rating", check_rating),
    ("rank", "rank", check_positive_integer),
]


@extend_schema_field(ENTRIES_IN)
class RankingResultsField(serializers.Field):
    """A list of ranking entries, each checked alone and then against the others and the catalogue.

    Gives a list of dicts keyed by RankingEntry field names (`movie_id`, `rank`, ...), in the order
    sent. Ranks are kept as sent (they need not start at 1 or be contiguous) but must be unique, as
    must movies; every movieId must exist in the catalogue. An empty list is a valid ranking: a day
    on which no movie had enough raters.

    Errors are a dict keyed by the entry's place, `"[3].movieId"`; `flatten_errors` prefixes the
    field name.
    """

    default_error_messages = {"not_a_list": 'Expected a list of entries, not "{kind}".'}

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", kind=type(data).__name__)
        errors = {}
        entries = [self.check_entry(index, item, errors) for index, item in enumerate(data)]
        self.check_unique(entries, "rank", "rank", "Rank {value} is already given to results[{first}].", errors)
        self.check_unique(
            entries, "movie_id", "movieId", "Movie {value} is already ranked at results[{first}].", errors
        )
        self.check_movies_exist(entries, errors)
        if errors:
            raise serializers.ValidationError(self.first_errors(errors, len(data)))
        return entries

    def to_representation(self, value):
        return value

    @staticmethod
    def check_entry(index, item, errors):
        """The entry's valid values as model fields (all of them when it has no error recorded),
        or None when it is not even an object."""
        if not isinstance(item, dict):
            keys = ", ".join(key for key, _, _ in ENTRY_FIELDS)
            errors[f"[{index}]"] = [f"Expected an object with {keys}."]
            return None
        entry = {}
        for key, field, check in ENTRY_FIELDS:
            if key not in item or item[key] is None:
                errors[f"[{index}].{key}"] = ["This field is required."]
                continue
            try:
                entry[field] = check(item[key])
            except ValueError as error:
                errors[f"[{index}].{key}"] = [str(error)]
        return entry

    @staticmethod
    def check_unique(entries, field, key, message, errors):
        """Record an error on each entry whose `field` repeats an earlier entry's."""
        first_index = {}
        for index, entry in enumerate(entries):
            if entry is None or field not in entry:
                continue
            value = entry[field]
            if value in first_index:
                errors[f"[{index}].{key}"] = [message.format(value=value, first=first_index[value])]
            else:
                first_index[value] = index

    @staticmethod
    def check_movies_exist(entries, errors):
        """Record an error on each entry whose movie is not in the catalogue (one query per chunk)."""
        wanted = sorted({entry["movie_id"] for entry in entries if entry and "movie_id" in entry})
        known = set()
        chunk_size = max_query_params()
        for start in range(0, len(wanted), chunk_size):
            chunk = wanted[start : start + chunk_size]
            known.update(Movie.objects.filter(pk__in=chunk).values_list("pk", flat=True))
        for index, entry in enumerate(entries):
            if entry and "movie_id" in entry and entry["movie_id"] not in known:
                errors.setdefault(f"[{index}].movieId", []).append(
                    f"No movie with id {entry['movie_id']} in the catalogue."
                )

    @staticmethod
    def first_errors(errors, count):
        """The first MAX_REPORTED_ERRORS errors in body order, and a note when there were more."""

        def position(key):
            return int(key[1 : key.index("]")])

        keys = sorted(errors, key=position)
        shown = {key: errors[key] for key in keys[:MAX_REPORTED_ERRORS]}
        if len(keys) > MAX_REPORTED_ERRORS:
            note = f"{len(keys)} errors in {count} entries; the first {MAX_REPORTED_ERRORS} are shown."
            shown[""] = [note]
        return shown


class PublishRankingSerializer(serializers.Serializer):
    """A day's ranking as the pipeline publishes it (see the module docstring for the shape)."""

    date = serializers.DateField(input_formats=["iso-8601"])
    source = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    results = RankingResultsField()


def flatten_errors(detail, prefix=""):
    """DRF error details as one flat dict from field path to messages.

    `{"results": {"[3].movieId": [...]}}` becomes `{"results[3].movieId": [...]}`; a list of
    messages stays a list; a message not tied to a field keeps the parent's name.
    """
    if isinstance(detail, dict):
        flat = {}
        for key, value in detail.items():
            key = str(key)
            if not prefix:
                path = key
            elif not key:
                path = prefix
            elif key.startswith("["):
                path = prefix + key
            else:
                path = f"{prefix}.{key}"
            for sub_path, messages in flatten_errors(value, path).items():
                flat.setdefault(sub_path, []).extend(messages)
        return flat
    if isinstance(detail, list):
        return {prefix: [str(message) for message in detail]}
    return {prefix: [str(detail)]}


# The keys of a served entry, in the order of the columns `ranking_payload` reads.
SERVED_ENTRY_KEYS = ("movieId", "title", "avg_rating", "num_ratings", "weighted_rating", "rank")


def ranking_payload(ranking, limit=None):
    """A stored ranking as the API serves it, entries in rank order, at most `limit` of them.

    `{"date", "source", "published_at", "total", "results": [{"movieId", "title", "avg_rating",
    "num_ratings", "weighted_rating", "rank"}, ...]}`; `total` counts all the day's entries, so a
    reader can tell when `limit` cut the list. Rows are read as tuples, not model instances: a
    ranking of 10,000 movies is served in one query without building 20,000 objects.
    """
    rows = ranking.entries.order_by("rank").values_list(
        "movie_id", "movie__title", "avg_rating", "num_ratings", "weighted_rating", "rank"
    )
    if limit is not None:
        rows = rows[:limit]
    results = [dict(zip(SERVED_ENTRY_KEYS, row, strict=False)) for row in rows]
    total = len(results) if limit is None or len(results) < limit else ranking.entries.count()
    return {
        "date": ranking.date.isoformat(),
        "source": ranking.source,
        "published_at": serializers.DateTimeField().to_representation(ranking.published_at),
        "total": total,
        "results": results,
    }
