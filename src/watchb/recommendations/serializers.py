"""What a recommendations publisher sends, checked as every published day's entries are, and the
summary of a day a reader gets back.

A publish body is::

    {"date": "YYYY-MM-DD",            # optional in a PUT to /api/recommendations/YYYY-MM-DD/
     "source": "...",                 # optional
     "similar": [{"movieId", "similarId", "score"}, ...],
     "users":   [{"userId", "movieId", "becauseId", "score"}, ...],
     "expected": [{"userId", "movieId", "rating"}, ...]}   # optional

`similar` and `users` are required (a publish replaces the whole day, so a forgotten list would
erase it) and may be empty; `expected` (the stars each user is expected to give their best
candidates, 0.5 to 5) may be left out by a publisher that computes none. Entries of one movie (in
`similar`) or of one user (in `users`) are sent best first: the site ranks them 1, 2, 3… in the
order sent, so ranks cannot collide. `movieId`, `similarId` and
`becauseId` are catalogue Movie ids and `userId` a user id, as the MovieLens-compatible export
serves them; each must exist. A movie is not its own similar movie, a pick is not its own reason,
and a pair (movie and similar movie; user and pick; user and expected movie) appears once. Errors
name the entry: `similar[3].similarId`, `users[0].userId`, `expected[2].rating`.
"""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field

from watchb.rankings.published.serializers import (
    EntriesField,
    Exists,
    Key,
    PublishDaySerializer,
    finite_number,
    positive_integer,
    served_day,
)

from .schema import EXPECTED_IN, SIMILAR_IN, USERS_IN

MOVIE = Exists("catalog.Movie", "No movie in the catalogue with id {id}.")
USER = Exists(settings.AUTH_USER_MODEL, "No user with id {id}.")
SCORE = Key("score", "score", finite_number)


def movie_key(name, field):
    """An entry key naming a catalogue movie."""
    return Key(name, field, positive_integer, MOVIE)


class PicksField(EntriesField):
    """Movies picked for owners (movies, users), each owner's sent best first.

    Subclasses name the model fields of the `owner` and of the movie picked (`item`), the field the
    item must differ from (`distinct_from`), and the message for an item listed twice for one owner
    (`repeated`, formatted as `record_repeats` does). Each entry gets its `rank` within its owner's,
    1, 2, 3… in the order sent.
    """

    owner = item = distinct_from = repeated = None

    def to_internal_value(self, data):
        entries = super().to_internal_value(data)
        ranks = {}
        for entry in entries:
            ranks[entry[self.owner]] = entry["rank"] = ranks.get(entry[self.owner], 0) + 1
        return entries

    def check_together(self, entries, errors):
        """A movie is not picked as similar to, or because of, itself; an owner gets each movie once."""
        for index, entry in enumerate(entries):
            if entry and self.item in entry and entry.get(self.distinct_from) == entry[self.item]:
                errors.setdefault(f"[{index}].{self.key_of(self.item)}", []).append(
                    f"Must differ from {self.key_of(self.distinct_from)} ({entry[self.item]})."
                )
        self.record_repeats(entries, [self.owner, self.item], self.repeated, errors)


@extend_schema_field(SIMILAR_IN)
class SimilarEntriesField(PicksField):
    """Per movie, the movies most like it."""

    keys = (movie_key("movieId", "movie_id"), movie_key("similarId", "similar_id"), SCORE)
    owner, item, distinct_from = "movie_id", "similar_id", "movie_id"
    repeated = "Movie {similar_id} is already listed for movieId {movie_id} at [{first}]."


@extend_schema_field(USERS_IN)
class UserEntriesField(PicksField):
    """Per user, the movies they have not rated that they may like, each with the rated one it comes from."""

    keys = (
        Key("userId", "user_id", positive_integer, USER),
        movie_key("movieId", "movie_id"),
        movie_key("becauseId", "because_id"),
        SCORE,
    )
    owner, item, distinct_from = "user_id", "movie_id", "because_id"
    repeated = "Movie {movie_id} is already listed for userId {user_id} at [{first}]."


def stars(value):
    """Return `value` as a float on the rating scale (0.5 to 5), or raise ValueError."""
    value = finite_number(value)
    if not 0.5 <= value <= 5.0:
        raise ValueError("Must be between 0.5 and 5.")
    return value


@extend_schema_field(EXPECTED_IN)
class ExpectedEntriesField(EntriesField):
    """Per user, the stars they are expected to give movies they have not rated; a pair once."""

    keys = (
        Key("userId", "user_id", positive_integer, USER),
        movie_key("movieId", "movie_id"),
        Key("rating", "rating", stars),
    )

    repeated = "Movie {movie_id} already has an expected rating for userId {user_id} at [{first}]."

    def check_together(self, entries, errors):
        self.record_repeats(entries, ["user_id", "movie_id"], self.repeated, errors)


class PublishRecommendationsSerializer(PublishDaySerializer):
    """A day's recommendations as the pipeline publishes them (see the module docstring)."""

    similar = SimilarEntriesField()
    users = UserEntriesField()
    expected = ExpectedEntriesField(required=False, default=list)


def recommendations_summary(day):
    """A published day as the API serves it: `{"date", "source", "published_at", "similar", "users",
    "expected"}`, the last three being the numbers of entries (the entries themselves are read per
    movie or per user)."""
    return served_day(
        day,
        similar=day.similar_movies.count(),
        users=day.user_recommendations.count(),
        expected=day.expected_ratings.count(),
    )
