"""What a recommendations publisher sends, checked in plain Python as the ranking's entries are.

A publish body is::

    {"date": "YYYY-MM-DD",            # optional in a PUT to /api/recommendations/YYYY-MM-DD/
     "source": "...",                 # optional
     "similar": [{"movieId", "similarId", "score"}, ...],
     "users":   [{"userId", "movieId", "becauseId", "score"}, ...]}

Both lists are required (a publish replaces the whole day, so a forgotten list would erase it) and
may be empty. Entries of one movie (in `similar`) or of one user (in `users`) are sent best first:
the site ranks them 1, 2, 3… in the order sent, so ranks cannot collide. `movieId`, `similarId` and
`becauseId` are catalogue Movie ids and `userId` a user id, as the MovieLens-compatible export
serves them; each must exist. A movie is not its own similar movie, a pick is not its own reason,
and a pair (movie and similar movie; user and pick) appears once. Errors name the entry:
`similar[3].similarId`, `users[0].userId`.
"""

import math

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from watchb.catalog.models import Movie

from .publishing import max_query_params
from .recommendation_schema import SIMILAR_IN, USERS_IN
from .serializers import RankingResultsField, check_positive_integer


def check_score(value):
    """Return `value` as a finite float, or raise ValueError (scores have no fixed range)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError("Must be a finite number.")
    return float(value)


class RecommendationEntriesField(serializers.Field):
    """A list of entries grouped by an owner (a movie, a user), each group best first.

    Subclasses say the entry keys (`entry_fields`: key, model field, check), which field groups the
    entries (`owner`) and which names the recommended movie (`item`), which field must differ from
    the item (`distinct_from_item`), and which fields must name existing rows (`references`). Gives
    a list of dicts keyed by model field names, each with its `rank` within its group.
    """

    entry_fields = ()
    owner = item = distinct_from_item = None
    references = ()  # (model field, body key, model getter, noun)
    default_error_messages = {"not_a_list": 'Expected a list of entries, not "{kind}".'}

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", kind=type(data).__name__)
        errors = {}
        entries = [self.check_entry(index, item, errors) for index, item in enumerate(data)]
        self.check_distinct(entries, errors)
        self.check_unique_pairs(entries, errors)
        for field, key, get_model, noun in self.references:
            self.check_exist(entries, field, key, get_model(), noun, errors)
        if errors:
            raise serializers.ValidationError(RankingResultsField.first_errors(errors, len(data)))
        ranks = {}
        for entry in entries:
            ranks[entry[self.owner]] = entry["rank"] = ranks.get(entry[self.owner], 0) + 1
        return entries

    def to_representation(self, value):
        return value

    def check_entry(self, index, item, errors):
        if not isinstance(item, dict):
            keys = ", ".join(key for key, _, _ in self.entry_fields)
            errors[f"[{index}]"] = [f"Expected an object with {keys}."]
            return None
        entry = {}
        for key, field, check in self.entry_fields:
            if key not in item or item[key] is None:
                errors[f"[{index}].{key}"] = ["This field is required."]
                continue
            try:
                entry[field] = check(item[key])
            except ValueError as error:
                errors[f"[{index}].{key}"] = [str(error)]
        return entry

    def key_of(self, field):
        return next(key for key, name, _ in self.entry_fields if name == field)

    def check_distinct(self, entries, errors):
        """A movie is not recommended because of (or as similar to) itself."""
        field, item_key = self.distinct_from_item, self.key_of(self.item)
        for index, entry in enumerate(entries):
            if entry and field in entry and self.item in entry and entry[field] == entry[self.item]:
                errors.setdefault(f"[{index}].{item_key}", []).append(
                    f"Must differ from {self.key_of(field)} ({entry[field]})."
                )

    def check_unique_pairs(self, entries, errors):
        """Each (owner, item) pair once: the second mention is the error."""
        first = {}
        item_key, owner_key = self.key_of(self.item), self.key_of(self.owner)
        for index, entry in enumerate(entries):
            if not entry or self.owner not in entry or self.item not in entry:
                continue
            pair = (entry[self.owner], entry[self.item])
            if pair in first:
                errors.setdefault(f"[{index}].{item_key}", []).append(
                    f"Movie {pair[1]} is already listed for {owner_key} {pair[0]} at [{first[pair]}]."
                )
            else:
                first[pair] = index

    @staticmethod
    def check_exist(entries, field, key, model, noun, errors):
        """Record an error on each entry whose `field` names no row of `model` (one query per chunk)."""
        wanted = sorted({entry[field] for entry in entries if entry and field in entry})
        known = set()
        chunk_size = max_query_params()
        for start in range(0, len(wanted), chunk_size):
            known.update(model.objects.filter(pk__in=wanted[start : start + chunk_size]).values_list("pk", flat=True))
        for index, entry in enumerate(entries):
            if entry and field in entry and entry[field] not in known:
                errors.setdefault(f"[{index}].{key}", []).append(f"No {noun} with id {entry[field]}.")


def _movie():
    return Movie


@extend_schema_field(SIMILAR_IN)
class SimilarEntriesField(RecommendationEntriesField):
    entry_fields = (
        ("movieId", "movie_id", check_positive_integer),
        ("similarId", "similar_id", check_positive_integer),
        ("score", "score", check_score),
    )
    owner, item, distinct_from_item = "movie_id", "similar_id", "movie_id"
    references = (
        ("movie_id", "movieId", _movie, "movie in the catalogue"),
        ("similar_id", "similarId", _movie, "movie in the catalogue"),
    )


@extend_schema_field(USERS_IN)
class UserEntriesField(RecommendationEntriesField):
    entry_fields = (
        ("userId", "user_id", check_positive_integer),
        ("movieId", "movie_id", check_positive_integer),
        ("becauseId", "because_id", check_positive_integer),
        ("score", "score", check_score),
    )
    owner, item, distinct_from_item = "user_id", "movie_id", "because_id"
    references = (
        ("user_id", "userId", get_user_model, "user"),
        ("movie_id", "movieId", _movie, "movie in the catalogue"),
        ("because_id", "becauseId", _movie, "movie in the catalogue"),
    )


class PublishRecommendationsSerializer(serializers.Serializer):
    """A day's recommendations as the pipeline publishes them (see the module docstring)."""

    date = serializers.DateField(input_formats=["iso-8601"])
    source = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    similar = SimilarEntriesField()
    users = UserEntriesField()


def recommendations_summary(day):
    """A published day as the API serves it: `{"date", "source", "published_at", "similar", "users"}`,
    the last two being the numbers of entries (the entries themselves are read per movie or per user)."""
    return {
        "date": day.date.isoformat(),
        "source": day.source,
        "published_at": serializers.DateTimeField().to_representation(day.published_at),
        "similar": day.similar_movies.count(),
        "users": day.user_recommendations.count(),
    }
