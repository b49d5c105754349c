"""MovieLens-25M-shaped ratings, generated straight to daily Parquet partitions in bounded memory.

The shape follows the MovieLens 25M release's summary (its README: 25,000,095 ratings, 62,423
movies, 162,541 users, every user with at least 20 ratings, half-star ratings from 0.5 to 5):

- ``--scale N`` ratings; users scale with N (162,541 at 25M) and movies with its square root (62,423
  at 25M), so smaller scales keep the per-user activity and a denser catalogue;
- movie popularity is Zipf-like (weight ``1 / rank ** 0.8``), as rating counts per movie are;
- per-user activity is log-normal with a median of about a third of the mean (MovieLens' ratings per
  user: median 71, mean 154), at least 20;
- tastes: each movie belongs to one of 20 genres, each user prefers a few (Dirichlet(0.3) weights);
  a rating is ``3.2 + movie quality + user bias + how much the user likes the genre + noise``, in
  half stars. The genres are what a recommender can learn beyond popularity;
- time: users arrive uniformly over the history and stay a log-normal number of days (median 3,
  a long tail of years); the history is ``N / 10,000`` days long (10,000 ratings a day), so a
  window of days holds the same number of ratings at every scale.

Ratings are generated a block of users at a time into numpy arrays (never Python objects), then
written a day at a time as ``{folder}/{day}.parquet`` with the provider's partition schema.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from airflow_movielens.partitions import RATING_FIELDS

SCALES = {"100K": 100_000, "1M": 1_000_000, "5M": 5_000_000, "25M": 25_000_000}
ML25M_USERS, ML25M_MOVIES, ML25M_RATINGS = 162_541, 62_423, 25_000_095
RATINGS_PER_DAY = 10_000
GENRES = 20
LAST_DAY = dt.date(2026, 1, 10)


@dataclass(frozen=True)
class Shape:
    ratings: int
    users: int
    movies: int
    days: int

    @classmethod
    def of(cls, ratings: int) -> Shape:
        share = ratings / ML25M_RATINGS
        return cls(
            ratings,
            max(50, round(ML25M_USERS * share)),
            max(100, round(ML25M_MOVIES * share**0.5)),
            max(1, ratings // RATINGS_PER_DAY),
        )

    @property
    def first_day(self) -> dt.date:
        return LAST_DAY - dt.timedelta(days=self.days - 1)


def generate(shape: Shape, seed: int = 42, users_per_block: int = 20_000) -> dict[str, np.ndarray]:
    """Every rating of ``shape`` as compact numpy columns (user, movie, rating, timestamp)."""
    rng = np.random.default_rng(seed)
    movies = np.arange(1, shape.movies + 1)
    genre = rng.integers(0, GENRES, shape.movies)
    quality = rng.normal(0.0, 0.5, shape.movies)
    weight = 1.0 / rng.permutation(np.arange(1, shape.movies + 1)) ** 0.8
    # Movies grouped by genre, with the cumulative popularity within each genre: a rating's movie is
    # drawn by one search into the cumulative weights of its genre's range.
    by_genre = np.argsort(genre, kind="stable")
    cumulative = np.cumsum(weight[by_genre])
    bounds = np.searchsorted(genre[by_genre], np.arange(GENRES + 1))
    low = np.concatenate([[0.0], cumulative])[bounds[:-1]]
    mass = np.concatenate([[0.0], cumulative])[bounds[1:]] - low

    activity = np.maximum(20, rng.lognormal(np.log(71), 1.2, shape.users))
    counts = np.maximum(20, np.round(activity * shape.ratings / activity.sum())).astype(np.int64)
    arrival = rng.uniform(0, shape.days, shape.users)
    stay = np.minimum(rng.lognormal(np.log(3), 2.0, shape.users), shape.days)
    bias = rng.normal(0.0, 0.4, shape.users)
    start_seconds = int(dt.datetime.combine(shape.first_day, dt.time(), dt.UTC).timestamp())

    columns: dict[str, list[np.ndarray]] = {"userId": [], "movieId": [], "rating": [], "timestamp": []}
    for first in range(0, shape.users, users_per_block):
        users = np.arange(first, min(first + users_per_block, shape.users))
        taste = rng.dirichlet(np.full(GENRES, 0.3), len(users))
        # Draw half as many again and drop repeats: a user rates a movie once.
        n = np.ceil(counts[users] * 1.5).astype(np.int64)
        row = np.repeat(np.arange(len(users)), n)
        # A genre per rating from the user's tastes: row r's cumulative tastes shifted by r, searched at once.
        shifted = (np.cumsum(taste, axis=1) + np.arange(len(users))[:, None]).ravel()
        found = np.searchsorted(shifted, row + rng.random(len(row)) * 0.999999)
        picked_genre = np.minimum(found - row * GENRES, GENRES - 1)
        draw = low[picked_genre] + rng.random(len(row)) * mass[picked_genre]
        movie = by_genre[np.minimum(np.searchsorted(cumulative, draw), shape.movies - 1)]
        _, first_draw = np.unique(row * np.int64(shape.movies) + movie, return_index=True)
        first_draw.sort()
        row, movie, picked_genre = row[first_draw], movie[first_draw], picked_genre[first_draw]
        wanted = np.arange(len(row)) - np.searchsorted(row, row) < counts[users][row]
        row, movie, picked_genre = row[wanted], movie[wanted], picked_genre[wanted]
        user = users[row]
        liking = (taste[row, genre[movie]] * GENRES - 1.0) * 0.25
        stars = 3.2 + quality[movie] + bias[user] + np.clip(liking, -1.0, 1.5) + rng.normal(0.0, 0.7, len(user))
        stars = np.clip(np.round(stars * 2) / 2, 0.5, 5.0)
        when = arrival[user] + rng.random(len(user)) * np.minimum(stay[user], shape.days - arrival[user])
        when = np.minimum(when, shape.days - 1e-6)
        columns["userId"].append((user + 1).astype(np.int32))
        columns["movieId"].append(movies[movie].astype(np.int32))
        columns["rating"].append(stars.astype(np.float32))
        columns["timestamp"].append((start_seconds + when * 86_400).astype(np.int64))
    return {name: np.concatenate(parts) for name, parts in columns.items()}


def write_partitions(shape: Shape, folder: Path, seed: int = 42) -> int:
    """Generate ``shape`` and write one Parquet partition per day into ``folder``; return the count."""
    data = generate(shape, seed)
    order = np.argsort(data["timestamp"], kind="stable")
    for name in data:
        data[name] = data[name][order]
    start_seconds = int(dt.datetime.combine(shape.first_day, dt.time(), dt.UTC).timestamp())
    day_of = (data["timestamp"] - start_seconds) // 86_400
    edges = np.searchsorted(day_of, np.arange(shape.days + 1))
    arrow_types = {"BIGINT": pa.int64(), "DOUBLE": pa.float64()}
    schema = pa.schema([(field.name, arrow_types[field.sql_type]) for field in RATING_FIELDS])
    folder.mkdir(parents=True, exist_ok=True)
    for day in range(shape.days):
        lo, hi = edges[day], edges[day + 1]
        table = pa.Table.from_arrays(
            [
                pa.array(data[field.name][lo:hi].astype(np.float64 if field.sql_type == "DOUBLE" else np.int64))
                for field in RATING_FIELDS
            ],
            schema=schema,
        )
        pq.write_table(table, folder / f"{shape.first_day + dt.timedelta(days=day)}.parquet")
    return len(order)
