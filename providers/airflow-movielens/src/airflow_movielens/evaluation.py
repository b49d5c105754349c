"""Offline evaluation of top-N recommendations: chronological hold-out splits and ranking metrics.

The split hides each user's ``k`` latest ratings (what they went on to watch); a recommender trained
on the rest is scored on how many of the hidden movies its top N names, and how high:

- ``precision@N`` = hits in the top N / N;
- ``recall@N`` = hits in the top N / hidden movies (at most N: a perfect list scores 1);
- ``NDCG@N`` with binary relevance: ``DCG = Σ 1 / log2(rank + 1)`` over the hits' ranks (1-based),
  divided by the DCG of a perfect list (all ``min(N, hidden)`` hidden movies on top).

Both are averaged over the evaluated users. A user with no recommendation scores 0, so a method that
abstains is not rewarded for it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from airflow_movielens.ratings import Ratings


def precision_at_k(recommended: Sequence[int], relevant: set[int] | frozenset[int], k: int = 10) -> float:
    """Share of the first ``k`` recommended movies that are relevant (out of ``k``, not of the list's length)."""
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k!r}")
    return sum(1 for movie in recommended[:k] if movie in relevant) / k


def recall_at_k(recommended: Sequence[int], relevant: set[int] | frozenset[int], k: int = 10) -> float:
    """Share of the relevant movies among the first ``k`` recommended, out of ``min(k, relevant)``."""
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k!r}")
    if not relevant:
        return 0.0
    return sum(1 for movie in recommended[:k] if movie in relevant) / min(k, len(relevant))


def ndcg_at_k(recommended: Sequence[int], relevant: set[int] | frozenset[int], k: int = 10) -> float:
    """Normalised discounted cumulative gain of the first ``k`` recommendations, binary relevance;
    0 when nothing is relevant."""
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k!r}")
    dcg = sum(1 / math.log2(rank + 1) for rank, movie in enumerate(recommended[:k], start=1) if movie in relevant)
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(k, len(relevant)) + 1))
    return dcg / ideal if ideal else 0.0


@dataclass(frozen=True)
class Split:
    """``train`` holds every rating but the held-out ones; ``held_out`` maps a user id to the movie
    ids hidden from training (only users with enough ratings are evaluated)."""

    train: Ratings
    held_out: dict[int, frozenset[int]]


def leave_last_k_out(ratings: Ratings, k: int = 2, min_train: int = 3) -> Split:
    """Hide each user's ``k`` latest ratings (by timestamp, then the larger movie id as the later),
    for users keeping at least ``min_train`` ratings to train on; others stay whole in training."""
    if k < 1 or min_train < 1:
        raise ValueError("k and min_train must be at least 1")
    matrix, stamps = ratings.matrix, ratings.timestamps
    keep_rows, keep_cols, keep_vals, keep_times = [], [], [], []
    held_out: dict[int, frozenset[int]] = {}
    for row in range(matrix.shape[0]):
        lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
        cols, vals, times = matrix.indices[lo:hi], matrix.data[lo:hi], stamps.data[lo:hi]
        order = np.lexsort((cols, times))  # oldest first; movies are columns in id order
        if len(order) >= k + min_train:
            hidden, kept = order[-k:], order[:-k]
            held_out[int(ratings.user_ids[row])] = frozenset(int(ratings.movie_ids[c]) for c in cols[hidden])
        else:
            kept = order
        keep_rows.append(np.full(len(kept), ratings.user_ids[row]))
        keep_cols.append(ratings.movie_ids[cols[kept]])
        keep_vals.append(vals[kept])
        keep_times.append(times[kept])
    if not keep_rows:
        return Split(ratings, held_out)
    train = Ratings.from_arrays(
        np.concatenate(keep_rows), np.concatenate(keep_cols), np.concatenate(keep_vals), np.concatenate(keep_times)
    )
    return Split(train, held_out)


@dataclass(frozen=True)
class RatedSplit(Split):
    """A :class:`Split` that also keeps the hidden ratings, as parallel id and star arrays, to score
    predicted ratings on."""

    hidden_users: np.ndarray
    hidden_movies: np.ndarray
    hidden_stars: np.ndarray


def hold_out_latest(ratings: Ratings, share: float = 0.2, seed: int = 0, min_ratings: int = 5) -> RatedSplit:
    """Hide the latest ``share`` of each user's ratings (``round(share × n)``, at least 1) for users
    with at least ``min_ratings``. Ratings with the same timestamp are ordered at random with a fixed
    ``seed`` (not by id: an id order would leak the catalogue's order into the split)."""
    if not 0 < share < 1 or min_ratings < 2:
        raise ValueError("share must be between 0 and 1 and min_ratings at least 2")
    matrix, stamps = ratings.matrix, ratings.timestamps
    counts = np.diff(matrix.indptr)
    rows = np.repeat(np.arange(matrix.shape[0]), counts)
    ties = np.random.default_rng(seed).random(matrix.nnz)
    order = np.lexsort((ties, stamps.data, rows))  # per user, oldest first
    position = np.empty(matrix.nnz, dtype=np.int64)
    position[order] = np.arange(matrix.nnz) - np.repeat(matrix.indptr[:-1], counts)
    hidden_count = np.where(counts >= min_ratings, np.maximum(1, np.round(share * counts)), 0).astype(np.int64)
    hidden = position >= (counts - hidden_count)[rows]
    user_ids, movie_ids = ratings.user_ids[rows], ratings.movie_ids[matrix.indices]
    kept = ~hidden
    train = Ratings.from_arrays(user_ids[kept], movie_ids[kept], matrix.data[kept], stamps.data[kept])
    held: dict[int, set[int]] = {}
    for user, movie in zip(user_ids[hidden].tolist(), movie_ids[hidden].tolist(), strict=True):
        held.setdefault(user, set()).add(movie)
    held_out = {user: frozenset(movies) for user, movies in held.items()}
    return RatedSplit(train, held_out, user_ids[hidden], movie_ids[hidden], matrix.data[hidden])


def popular_movies(ratings: Ratings, by: str = "count", min_ratings: int = 2) -> list[int]:
    """Movie ids, most popular first: ``by="count"`` most raters; ``by="weighted"`` the Bayesian
    weighted mean of ``ranking.py`` with ``m = min_ratings``. Ties: more raters, then smaller id."""
    matrix = ratings.matrix.tocsc()
    counts = np.diff(matrix.indptr).astype(np.float64)
    sums = np.add.reduceat(matrix.data, matrix.indptr[:-1]) if matrix.nnz else np.zeros(len(counts))
    sums[counts == 0] = 0.0
    if by == "count":
        key = counts
    elif by == "weighted":
        overall = matrix.data.mean() if matrix.nnz else 0.0
        means = np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)
        key = counts / (counts + min_ratings) * means + min_ratings / (counts + min_ratings) * overall
    else:
        raise ValueError(f"by must be 'count' or 'weighted', got {by!r}")
    order = np.lexsort((ratings.movie_ids, -counts, -key))
    return [int(ratings.movie_ids[i]) for i in order if counts[i] > 0]


def evaluate(
    recommended: Mapping[int, Sequence[int]], held_out: Mapping[int, frozenset[int]], k: int = 10
) -> dict[str, float]:
    """Mean ``precision@k``, ``recall@k`` and ``NDCG@k`` over the users in ``held_out`` (a missing
    list counts 0)."""
    if not held_out:
        return {"users": 0, "precision": 0.0, "recall": 0.0, "ndcg": 0.0}
    precision = recall = ndcg = 0.0
    for user, relevant in held_out.items():
        movies = recommended.get(user, ())
        precision += precision_at_k(movies, relevant, k)
        recall += recall_at_k(movies, relevant, k)
        ndcg += ndcg_at_k(movies, relevant, k)
    n = len(held_out)
    return {"users": n, "precision": precision / n, "recall": recall / n, "ndcg": ndcg / n}


def popular_for_users(
    ratings: Ratings, popular: Sequence[int], users: Iterable[int], k: int = 10
) -> dict[int, list[int]]:
    """Per user the first ``k`` movies of ``popular`` they have not rated in ``ratings``: the
    popularity baseline, held to the same "unseen only" rule as the recommender."""
    row_of = {int(user): row for row, user in enumerate(ratings.user_ids)}
    picks = {}
    for user in users:
        row = row_of.get(int(user))
        seen = set() if row is None else set(ratings.movie_ids[ratings.matrix[row].indices].tolist())
        picks[int(user)] = [movie for movie in popular if movie not in seen][:k]
    return picks
