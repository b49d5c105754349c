"""What a ranking's publisher sends and what a reader gets back.

A publish body is `{"date": "YYYY-MM-DD", "source": "...", "results": [entry, ...]}` where each
entry is `{"movieId", "avg_rating", "num_ratings", "weighted_rating", "rank"}` (other keys are
ignored). `movieId` is the catalogue Movie's primary key, which is what the MovieLens-compatible
export serves as `movieId`. The entries are checked as every published day's are (see
`published.serializers`); errors name the entry: `results[3].movieId`.
"""

import math

from drf_spectacular.utils import extend_schema_field

from .models import MAX_RATING, MIN_RATING
from .published.serializers import (
    EntriesField,
    Exists,
    Key,
    PublishDaySerializer,
    positive_count,
    positive_integer,
    served_day,
)
from .schema import ENTRIES_IN

IN_CATALOGUE = Exists("catalog.Movie", "No movie with id {id} in the catalogue.")


def check_rating(value):
    """Return `value` as a float between MIN_RATING and MAX_RATING, or raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError("Must be a number.")
    if not MIN_RATING <= value <= MAX_RATING:
        raise ValueError(f"Must be between {MIN_RATING} and {MAX_RATING}.")
    return float(value)


@extend_schema_field(ENTRIES_IN)
class RankingResultsField(EntriesField):
    """A day's ranked movies.

    Ranks are kept as sent (they need not start at 1 or be contiguous) but each is given once, as is
    each movie; every movieId must exist in the catalogue. An empty list is a valid ranking: a day on
    which no movie had enough raters.
    """

    keys = (
        Key("movieId", "movie_id", positive_integer, IN_CATALOGUE),
        Key("avg_rating", "avg_rating", check_rating),
        Key("num_ratings", "num_ratings", positive_count),
        Key("weighted_rating", "weighted_rating", check_rating),
        Key("rank", "rank", positive_count),
    )

    def check_together(self, entries, errors):
        self.record_repeats(entries, ["rank"], "Rank {rank} is already given to results[{first}].", errors)
        self.record_repeats(entries, ["movie_id"], "Movie {movie_id} is already ranked at results[{first}].", errors)


class PublishRankingSerializer(PublishDaySerializer):
    """A day's ranking as the pipeline publishes it (see the module docstring for the shape)."""

    results = RankingResultsField()


# The keys of a served entry, in the order of the columns `ranking_payload` reads.
SERVED_ENTRY_KEYS = ("movieId", "title", "avg_rating", "num_ratings", "weighted_rating", "rank")


def ranking_payload(ranking, limit=None):
    """A stored ranking as the API serves it, entries in rank order, at most `limit` of them.

    `{"date", "source", "published_at", "window", "total", "results": [{"movieId", "title", "avg_rating",
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
    return served_day(ranking, window=ranking.window, total=total, results=results)
