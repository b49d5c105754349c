"""Synthetic users and ratings over the catalogue, for development, demos and benchmarks.

The ratings look like real ones where a ranking can tell: a few movies get most of the ratings
(Zipf-like popularity), some users rate far more than others (log-normal activity), each movie has
a quality and each user a bias (some are generous, some harsh), whole stars are commoner than half
stars, and timestamps fall uniformly over each UTC day.

Tastes are planted too, so that "people who liked this also liked" has something to find: each movie
belongs to one of TASTE_GROUPS hidden groups (think genres) and each user favours one group. A
TASTE_SHARE of a user's picks come from their group (still by popularity within it), and they rate
their group's movies TASTE_BONUS stars above what quality and bias alone would give. Without this the
ratings would hold no item-to-item structure at all, and popularity would be the best possible
recommender by construction.

The plan is a pure function of the catalogue's movie ids and the arguments: the same seed over the
same movies gives the same rows, byte for byte. Inserting skips pairs the database already has
(one rating per user and movie), so running the same command again adds nothing, and a run with
another seed adds only the pairs that are still free. A run is one transaction, written in bulk
(`watchb.ratings.bulk`: PostgreSQL's COPY, SQLite's batched inserts) a chunk at a time, so memory
stays bounded whatever the volume and an interrupted run leaves nothing behind.
"""

import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from watchb.catalog.models import Movie
from watchb.ratings.bulk import CHUNK_SIZE, RatingStage
from watchb.ratings.models import HALF_STARS
from watchb.ratings.movielens import unusable_password

SECONDS_PER_DAY = 86_400
ZIPF_EXPONENT = 0.9
MEAN_QUALITY, QUALITY_SPREAD = 3.5, 0.55
USER_BIAS_SPREAD, NOISE_SPREAD = 0.45, 0.8
WHOLE_STAR_SHARE = 0.6
TASTE_GROUPS = 6
TASTE_SHARE = 0.5
TASTE_BONUS = 0.8
# A sampled pair that is already taken is drawn again at most this many times before it is dropped,
# so a catalogue too small for the requested volume ends the plan short instead of looping.
MAX_DRAWS = 50


class NoMoviesError(Exception):
    """The catalogue is empty: there is nothing to rate."""


def username_for(index: int) -> str:
    """The n-th synthetic user: user0001, user0002, … (1-based)."""
    return f"user{index:04d}"


@dataclass(frozen=True)
class PlannedRating:
    user_index: int  # 1-based, see `username_for`
    movie_id: int
    rating: Decimal
    rated_at: datetime


@dataclass(frozen=True)
class GenerationReport:
    users_created: int
    ratings_planned: int
    ratings_inserted: int
    first_day: date
    last_day: date


def plan_ratings(
    movie_ids: Sequence[int], *, users: int, days: int, per_day: int, seed: int, last_day: date
) -> Iterator[PlannedRating]:
    """Yield up to `per_day` ratings for each of the `days` UTC days ending with `last_day`.

    Each user rates a movie at most once over the whole plan; a day ends short only when its
    draws keep hitting taken pairs (a catalogue or user base too small for the volume asked).
    """
    if not movie_ids:
        raise NoMoviesError("no movies: run crawlmovies first")
    rng = random.Random(seed)
    movies = sorted(movie_ids)
    by_popularity = movies[:]
    rng.shuffle(by_popularity)  # popularity independent of the order movies were crawled in
    movie_weights = list(itertools.accumulate(1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(len(movies))))
    quality = {movie_id: rng.gauss(MEAN_QUALITY, QUALITY_SPREAD) for movie_id in movies}
    user_ids = list(range(1, users + 1))
    user_weights = list(itertools.accumulate(rng.lognormvariate(0, 1) for _ in user_ids))
    user_bias = {user: rng.gauss(0, USER_BIAS_SPREAD) for user in user_ids}
    group_of = {movie_id: rng.randrange(TASTE_GROUPS) for movie_id in by_popularity}
    favourite = {user: rng.randrange(TASTE_GROUPS) for user in user_ids}
    # Each group's movies in popularity order with their Zipf weights, for the within-taste draws.
    groups = [[m for m in by_popularity if group_of[m] == g] for g in range(TASTE_GROUPS)]
    group_weights = [
        list(itertools.accumulate(1 / (by_popularity.index(m) + 1) ** ZIPF_EXPONENT for m in group)) for group in groups
    ]
    taken: set[int] = set()
    stride = movies[-1] + 1

    def draw_pair():
        for _ in range(MAX_DRAWS):
            user = rng.choices(user_ids, cum_weights=user_weights)[0]
            group = favourite[user]
            if rng.random() < TASTE_SHARE and groups[group]:
                movie = rng.choices(groups[group], cum_weights=group_weights[group])[0]
            else:
                movie = rng.choices(by_popularity, cum_weights=movie_weights)[0]
            if user * stride + movie not in taken:
                return user, movie
        return None

    def expected(user, movie):
        bonus = TASTE_BONUS if group_of[movie] == favourite[user] else 0.0
        return quality[movie] + user_bias[user] + bonus

    for day_number in range(days):
        day = last_day - timedelta(days=days - 1 - day_number)
        day_start = datetime.combine(day, time.min, tzinfo=UTC)
        seconds = sorted(rng.randrange(SECONDS_PER_DAY) for _ in range(per_day))
        for second in seconds:
            pair = draw_pair()
            if pair is None:
                continue
            user, movie = pair
            taken.add(user * stride + movie)
            yield PlannedRating(user, movie, _stars(rng, expected(user, movie)), day_start + timedelta(seconds=second))


def _stars(rng: random.Random, expected: float) -> Decimal:
    raw = expected + rng.gauss(0, NOISE_SPREAD)
    half_stars = 2 * round(raw) if rng.random() < WHOLE_STAR_SHARE else round(raw * 2)
    return HALF_STARS[min(max(half_stars, 1), 10) - 1]


def ensure_users(count: int) -> dict[int, int]:
    """Create the synthetic users user0001… that don't exist yet (no usable password, so nobody
    logs in as them); return {user index: user id} for all `count` of them."""
    User = get_user_model()
    names = {username_for(i): i for i in range(1, count + 1)}
    existing = dict(User.objects.filter(username__in=names).values_list("username", "id"))
    missing = [User(username=name, password=unusable_password()) for name in names if name not in existing]
    User.objects.bulk_create(missing, batch_size=1000)
    if missing:
        existing = dict(User.objects.filter(username__in=names).values_list("username", "id"))
    return {names[name]: user_id for name, user_id in existing.items()}


def generate_ratings(
    *, users: int, days: int, per_day: int, seed: int, last_day: date, progress=None
) -> GenerationReport:
    """Plan ratings over every catalogue movie and insert those whose (user, movie) is still free,
    all in one transaction.

    `progress`, if given, is called with the number of ratings planned so far after each chunk.
    Raises NoMoviesError when the catalogue is empty.
    """
    movie_ids = list(Movie.objects.values_list("id", flat=True))
    if not movie_ids:
        raise NoMoviesError("no movies: run crawlmovies first")
    plan = plan_ratings(movie_ids, users=users, days=days, per_day=per_day, seed=seed, last_day=last_day)
    with transaction.atomic():
        user_count_before = get_user_model().objects.count()
        user_id_for = ensure_users(users)
        with RatingStage() as stage:
            while chunk := list(itertools.islice(plan, CHUNK_SIZE)):
                stage.add((user_id_for[r.user_index], r.movie_id, r.rating, int(r.rated_at.timestamp())) for r in chunk)
                if progress:
                    progress(stage.staged)
            inserted = stage.insert_new()
        users_created = get_user_model().objects.count() - user_count_before
    return GenerationReport(
        users_created=users_created,
        ratings_planned=stage.staged,
        ratings_inserted=inserted,
        first_day=last_day - timedelta(days=days - 1),
        last_day=last_day,
    )
