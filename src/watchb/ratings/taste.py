"""A user's taste, as Watcha Pedia's taste analysis (취향분석) shows it, computed from their ratings.

`taste_of(user)` answers one dict, which the API serves as JSON and the taste page draws:

- ``ratings``: how many, their average, the rating given most, and the distribution over the ten
  half-star values;
- ``genres``, ``countries``, ``directors``, ``actors``: the user's favourites, best first, each with
  the number of their films the user rated and the average rating given;
- ``watched``: the hours of the rated films whose runtime is known (and how many are not), and the
  decades the rated films come from.

A favourite's score weighs both how many of its films the user rated and how highly::

    score = n × (sum + K × m) / (n + K)

with ``n`` the films rated, ``sum`` their ratings, ``m`` the user's own average and ``K`` =
`SHRINKAGE`: the average is pulled towards the user's mean by K imaginary ratings (so one 5-star
film does not outweigh twenty 4-star ones), then multiplied by the count. Watcha does not publish its
formula; this one is ours.

Everything is grouped and scored by the database, a handful of queries whatever the number of
ratings; the favourites are cut to `FAVOURITES` rows in SQL.
"""

from decimal import Decimal

from django.db.models import Count, ExpressionWrapper, F, FloatField, IntegerField, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce, ExtractYear

from watchb.catalog.models import Country, Credit, Genre, Person

from .models import MAX_RATING, MIN_RATING, Rating

# Imaginary ratings at the user's own mean that every favourite's average starts from.
SHRINKAGE = 3
# Favourites shown per kind.
FAVOURITES = 10
# Actors counted: the first billed of each film (a film's lead cast, not its every extra).
LEAD_CAST = 5
# The ten values a rating can take, 0.5 … 5.0.
RATING_VALUES = [MIN_RATING + Decimal("0.5") * step for step in range(int((MAX_RATING - MIN_RATING) * 2) + 1)]


def rating_distribution(counts):
    """`counts` ({rating: n}) as one bucket per rating value: `[{"value", "count", "percent"}]`,
    `percent` being the bar's height relative to the tallest bucket (0–100)."""
    tallest = max(counts.values(), default=0)
    return [
        {
            "value": value,
            "count": counts.get(value, 0),
            "percent": round(100 * counts.get(value, 0) / tallest) if tallest else 0,
        }
        for value in RATING_VALUES
    ]


def taste_of(user):
    """The taste analysis of `user` (see the module docstring for its shape)."""
    ratings = Rating.objects.filter(user=user).order_by()
    counts = dict(ratings.values_list("rating").annotate(n=Count("id")))
    count = sum(counts.values())
    average = float(sum(value * n for value, n in counts.items()) / count) if count else None
    # The rating given most; on a tie, the higher one.
    most_given = max(counts, key=lambda value: (counts[value], value)) if counts else None
    return {
        "ratings": {
            "count": count,
            "average": None if average is None else round(average, 2),
            "most_given": None if most_given is None else float(most_given),
            "distribution": [{**bucket, "value": float(bucket["value"])} for bucket in rating_distribution(counts)],
        },
        "genres": favourites(Genre.objects.filter(movies__ratings__user=user), "movies__ratings", average),
        "countries": favourites(Country.objects.filter(movies__ratings__user=user), "movies__ratings", average),
        "directors": favourites(
            Person.objects.filter(credits__job=Credit.Job.DIRECTOR, credits__movie__ratings__user=user),
            "credits__movie__ratings",
            average,
        ),
        "actors": favourites(
            Person.objects.filter(
                credits__job=Credit.Job.ACTOR, credits__order__lt=LEAD_CAST, credits__movie__ratings__user=user
            ),
            "credits__movie__ratings",
            average,
        ),
        "watched": watched(ratings),
    }


def favourites(rated, ratings_path, user_average):
    """The best `FAVOURITES` of `rated` (genres, countries or people already narrowed to the user's
    ratings through `ratings_path`), scored as the module docstring says, best first:
    `[{"id", "name", "count", "average", "score"}]`."""
    if user_average is None:
        return []
    # No film is counted twice: a person has one credit per job in a film (the catalogue's constraint).
    n = Count(ratings_path)
    total = Cast(Sum(f"{ratings_path}__rating"), FloatField())
    prior = Value(SHRINKAGE * user_average, output_field=FloatField())
    rows = (
        rated.order_by()
        .values("id", "name")
        .annotate(count=n, total=total)
        .annotate(score=F("count") * (F("total") + prior) / (F("count") + Value(float(SHRINKAGE))))
        .order_by("-score", "-count", "name", "id")[:FAVOURITES]
    )
    return [
        {
            "id": row["id"],
            "name": row["name"],
            "count": row["count"],
            "average": round(row["total"] / row["count"], 2),
            "score": round(row["score"], 2),
        }
        for row in rows
    ]


def watched(ratings):
    """Hours of the rated films with a known runtime, how many have none, and films per decade."""
    time = ratings.aggregate(minutes=Sum("movie__runtime"), unknown=Count("id", filter=Q(movie__runtime__isnull=True)))
    # Cast first: PostgreSQL's EXTRACT answers a numeric, which would not divide as an integer.
    year = Coalesce(
        Cast(ExtractYear("movie__release_date"), IntegerField()), Cast("movie__production_year", IntegerField())
    )
    decades = (
        ratings.annotate(decade=ExpressionWrapper(year / 10 * 10, output_field=IntegerField()))
        .filter(decade__isnull=False)
        .values("decade")
        .annotate(count=Count("id"), total=Cast(Sum("rating"), FloatField()))
        .order_by("decade")
    )
    return {
        "hours": round((time["minutes"] or 0) / 60, 1),
        "films_without_runtime": time["unknown"],
        "decades": [
            {"decade": row["decade"], "count": row["count"], "average": round(row["total"] / row["count"], 2)}
            for row in decades
        ],
    }
