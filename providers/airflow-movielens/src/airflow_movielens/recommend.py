"""Item-to-item recommendations from every rating fetched so far: similar movies and per-user picks.

The model is the item-based neighbourhood method (Sarwar et al., 2001; Deshpande and Karypis, 2004):

- The similarity of two movies is a cosine between their columns of the users × movies matrix,
  computed over all users, in one of two flavours:

  ``"cosine"`` (the default)
      over *who rated* them (1 if rated, else 0): ``co-raters / sqrt(raters_i * raters_j)``. Two
      movies are similar when the same people watch both, whatever the stars.
  ``"adjusted_cosine"``
      over the ratings centred on each user's mean: two movies are similar when the same people
      like (or dislike) both, relative to how they rate in general.

  The bench (``bench/recommend.py``) found the first better at predicting what people rate next,
  as is usual for leave-out evaluations; the second is the textbook rating-prediction choice.
- A pair needs at least ``min_support`` co-raters; with ``shrinkage`` > 0 the similarity is
  multiplied by ``support / (support + shrinkage)`` so that a high cosine resting on three people
  counts for less than one resting on three hundred. Only positive similarities are kept, and per
  movie only its ``neighbours`` most similar movies.
- A user's score for a movie they have not rated is ``Σ sim(movie, j) * weight(j)`` over the movies
  ``j`` they rated, where ``weight(j)`` is their rating of ``j`` minus their mean rating plus
  ``seen_weight``: a movie rated at their average still counts for a little (they chose to watch
  it), one they loved for more, one rated more than ``seen_weight`` stars below their average
  counts against its neighbours. The single largest term names the movie behind the pick
  ("Because you rated X"). Only positive scores are recommended.

A user whose ratings are all equal (one rating, or five 4s) would have every rating at their own
mean; their ratings are centred on the mean of all ratings instead, so a lone 5-star rating weighs
more than a lone 2.

Everything is deterministic: inputs are sorted before the matrices are built, and every "top"
breaks ties by the smaller movie id. If a user rated a movie more than once across partitions (a
changed rating is exported again on the day it changed), the latest rating wins.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import duckdb
import numpy as np
import scipy.sparse as sp

from airflow_movielens.storage import atomic_writer

# DuckDB reads a JSON partition with exactly these columns and types (as ranking.py does).
_JSON_COLUMNS = "{'userId': 'BIGINT', 'movieId': 'BIGINT', 'rating': 'DOUBLE', 'timestamp': 'BIGINT'}"
PARTITION_SUFFIXES = (".json", ".parquet")
# Similarities are computed a block of movies at a time against all movies; the block is sized so a
# dense block holds about this many values (32 MB of float64), whatever the catalogue's size.
_BLOCK_VALUES = 4_000_000


class SimilarMovie(NamedTuple):
    """Movie ``similarId`` is the ``rank``-th most similar to ``movieId``; ``support`` users rated both."""

    movieId: int
    similarId: int
    score: float
    support: int
    rank: int


class UserRecommendation(NamedTuple):
    """``movieId`` is the ``rank``-th pick for ``userId``, mostly because they rated ``becauseId``."""

    userId: int
    movieId: int
    becauseId: int
    score: float
    rank: int


@dataclass(frozen=True)
class Ratings:
    """A users × movies matrix of ratings, rows and columns in id order.

    :ivar user_ids: the users, ascending; row ``u`` is ``user_ids[u]``.
    :ivar movie_ids: the movies, ascending; column ``i`` is ``movie_ids[i]``.
    :ivar matrix: CSR, ``matrix[u, i]`` the rating (0.5…5), absent when not rated.
    :ivar timestamps: CSR of the same shape and pattern, epoch seconds of each rating.
    """

    user_ids: np.ndarray
    movie_ids: np.ndarray
    matrix: sp.csr_matrix
    timestamps: sp.csr_matrix

    @classmethod
    def from_arrays(
        cls,
        user_ids: Sequence[int],
        movie_ids: Sequence[int],
        ratings: Sequence[float],
        timestamps: Sequence[int] | None = None,
    ) -> Ratings:
        """Build from parallel arrays, one element per rating; a repeated (user, movie) pair keeps its
        latest rating (the larger timestamp; the later one in the arrays on a tie)."""
        users = np.asarray(user_ids, dtype=np.int64)
        movies = np.asarray(movie_ids, dtype=np.int64)
        values = np.asarray(ratings, dtype=np.float64)
        stamps = np.zeros(len(users), dtype=np.int64) if timestamps is None else np.asarray(timestamps, dtype=np.int64)
        if not len(users) == len(movies) == len(values) == len(stamps):
            raise ValueError("user_ids, movie_ids, ratings and timestamps must have the same length")
        if len(values) and not np.isfinite(values).all():
            raise ValueError("ratings must be finite numbers")
        # Sort by (user, movie, timestamp, position): the last row of each pair is the one to keep.
        order = np.lexsort((np.arange(len(users)), stamps, movies, users))
        users, movies, values, stamps = users[order], movies[order], values[order], stamps[order]
        last = np.ones(len(users), dtype=bool)
        last[:-1] = (users[1:] != users[:-1]) | (movies[1:] != movies[:-1])
        users, movies, values, stamps = users[last], movies[last], values[last], stamps[last]
        user_index, rows = np.unique(users, return_inverse=True)
        movie_index, cols = np.unique(movies, return_inverse=True)
        shape = (len(user_index), len(movie_index))
        matrix = sp.csr_matrix((values, (rows, cols)), shape=shape)
        times = sp.csr_matrix((stamps, (rows, cols)), shape=shape)
        return cls(user_index, movie_index, matrix, times)

    def __len__(self) -> int:
        return self.matrix.nnz


def partitions_up_to(folder: str | os.PathLike, day: str | None = None) -> list[Path]:
    """The ratings partitions in ``folder`` (``YYYY-MM-DD.json`` / ``.parquet``) named ``day`` or
    earlier, oldest first; all of them when ``day`` is None. A missing folder has none."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = [
        p for p in folder.iterdir() if p.is_file() and p.suffix in PARTITION_SUFFIXES and not p.name.startswith(".")
    ]
    if day is not None:
        found = [p for p in found if p.stem <= day]
    return sorted(found, key=lambda p: (p.stem, p.suffix))


def read_partitions(paths: Iterable[str | os.PathLike]) -> Ratings:
    """Read ratings partitions (JSON arrays or Parquet, as the fetch operator writes them) into one
    :class:`Ratings`. A missing file or a column of the wrong type is an error."""
    paths = [Path(p) for p in paths]
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(f"ratings partition not found: {path}")
        if path.suffix not in PARTITION_SUFFIXES:
            raise ValueError(f"unsupported partition format {path.suffix!r}: expected .json or .parquet")
    sources = []
    for suffix in PARTITION_SUFFIXES:
        listed = [str(p) for p in paths if p.suffix == suffix]
        if not listed:
            continue
        quoted = "[" + ", ".join("'" + name.replace("'", "''") + "'" for name in listed) + "]"
        reader = (
            f"read_json({quoted}, format='array', columns={_JSON_COLUMNS})"
            if suffix == ".json"
            else f"read_parquet({quoted})"
        )
        sources.append(f"SELECT userId, movieId, rating, timestamp FROM {reader}")
    if not sources:
        return Ratings.from_arrays([], [], [])
    with duckdb.connect(":memory:") as con:
        columns = con.execute(" UNION ALL ".join(sources) + " ORDER BY userId, movieId, timestamp").fetchnumpy()
    return Ratings.from_arrays(columns["userId"], columns["movieId"], columns["rating"], columns["timestamp"])


def user_weights(ratings: Ratings, seen_weight: float = 0.0) -> sp.csr_matrix:
    """Each rating minus its user's mean (or the overall mean, for a user whose ratings are all
    equal), plus ``seen_weight``."""
    matrix = ratings.matrix
    if matrix.nnz == 0:
        return matrix.copy()
    counts = np.diff(matrix.indptr)
    rows = np.repeat(np.arange(matrix.shape[0]), counts)
    sums = np.bincount(rows, weights=matrix.data, minlength=matrix.shape[0])
    means = sums / np.maximum(counts, 1)
    highs = np.maximum.reduceat(matrix.data, matrix.indptr[:-1][counts > 0])
    lows = np.minimum.reduceat(matrix.data, matrix.indptr[:-1][counts > 0])
    flat = np.zeros(matrix.shape[0], dtype=bool)
    flat[counts > 0] = highs == lows
    means[flat] = matrix.data.mean()
    weights = matrix.copy()
    weights.data = matrix.data - means[rows] + seen_weight
    return weights


def centred(ratings: Ratings) -> sp.csr_matrix:
    """Each rating minus its user's mean: the input of the adjusted cosine."""
    matrix = ratings.matrix
    counts = np.diff(matrix.indptr)
    rows = np.repeat(np.arange(matrix.shape[0]), counts)
    means = np.bincount(rows, weights=matrix.data, minlength=matrix.shape[0]) / np.maximum(counts, 1)
    result = matrix.copy()
    result.data = matrix.data - means[rows]
    return result


@dataclass(frozen=True)
class ItemNeighbours:
    """Per movie its most similar movies, as row-sorted sparse matrices over ``movie_ids``.

    ``similarity[i, j]`` (> 0) is how similar movie ``j`` is to movie ``i``, for the ``neighbours``
    best ``j`` of each ``i``; ``support[i, j]`` is the number of users who rated both.
    """

    movie_ids: np.ndarray
    similarity: sp.csr_matrix
    support: sp.csr_matrix


SIMILARITIES = ("cosine", "adjusted_cosine")


def item_neighbours(
    ratings: Ratings,
    *,
    similarity: str = "cosine",
    neighbours: int = 100,
    min_support: int = 2,
    shrinkage: float = 0.0,
) -> ItemNeighbours:
    """Compute each movie's ``neighbours`` most similar movies (see the module docstring).

    :param similarity: ``"cosine"`` over who rated each movie, or ``"adjusted_cosine"`` over the
        mean-centred ratings.
    :param neighbours: how many similar movies to keep per movie (≥ 1). The default of 100 did
        better than 20 or 50 on every generated week ``bench/recommend.py`` was run on (5 seeds): a
        user's score then hears from more of what they rated.
    :param min_support: a pair needs at least this many co-raters (≥ 1).
    :param shrinkage: ``support / (support + shrinkage)`` damps pairs with few co-raters (≥ 0).
    """
    if isinstance(neighbours, bool) or not isinstance(neighbours, int) or neighbours < 1:
        raise ValueError(f"neighbours must be a positive integer, got {neighbours!r}")
    if isinstance(min_support, bool) or not isinstance(min_support, int) or min_support < 1:
        raise ValueError(f"min_support must be a positive integer, got {min_support!r}")
    if not shrinkage >= 0:
        raise ValueError(f"shrinkage must be >= 0, got {shrinkage!r}")
    if similarity not in SIMILARITIES:
        raise ValueError(f"similarity must be one of {SIMILARITIES}, got {similarity!r}")
    n_movies = len(ratings.movie_ids)
    rated = ratings.matrix.tocsc()
    rated.data = np.ones_like(rated.data)
    values = centred(ratings).tocsc() if similarity == "adjusted_cosine" else rated
    norms = np.sqrt(np.asarray(values.multiply(values).sum(axis=0)).ravel())
    sim_rows, sim_cols, sim_vals, sup_vals = [], [], [], []
    block = max(1, _BLOCK_VALUES // max(n_movies, 1))
    for start in range(0, n_movies, block):
        stop = min(start + block, n_movies)
        dots = (values[:, start:stop].T @ values).toarray()
        support = (rated[:, start:stop].T @ rated).toarray()
        with np.errstate(divide="ignore", invalid="ignore"):
            cosine = dots / np.outer(norms[start:stop], norms)
        if shrinkage:
            cosine *= support / (support + shrinkage)
        keep = (support >= min_support) & (cosine > 0) & np.isfinite(cosine)
        keep[np.arange(stop - start), np.arange(start, stop)] = False  # a movie is not its own neighbour
        for offset in range(stop - start):
            (candidates,) = np.nonzero(keep[offset])
            if not len(candidates):
                continue
            scores = cosine[offset, candidates]
            # Highest similarity first; on a tie the smaller movie id (columns are in id order).
            best = candidates[np.lexsort((candidates, -scores))[:neighbours]]
            sim_rows.append(np.full(len(best), start + offset))
            sim_cols.append(best)
            sim_vals.append(cosine[offset, best])
            sup_vals.append(support[offset, best])
    shape = (n_movies, n_movies)
    if sim_rows:
        rows, cols = np.concatenate(sim_rows), np.concatenate(sim_cols)
        similarity = sp.csr_matrix((np.concatenate(sim_vals), (rows, cols)), shape=shape)
        support_matrix = sp.csr_matrix((np.concatenate(sup_vals).astype(np.int64), (rows, cols)), shape=shape)
    else:
        similarity, support_matrix = sp.csr_matrix(shape), sp.csr_matrix(shape, dtype=np.int64)
    return ItemNeighbours(ratings.movie_ids, similarity, support_matrix)


def similar_movies(model: ItemNeighbours, top_k: int = 10) -> list[SimilarMovie]:
    """Each movie's ``top_k`` most similar movies, by movie id then rank (1 = most similar)."""
    if isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 1:
        raise ValueError(f"top_k must be a positive integer, got {top_k!r}")
    result = []
    sim, sup, ids = model.similarity, model.support, model.movie_ids
    for i in range(sim.shape[0]):
        lo, hi = sim.indptr[i], sim.indptr[i + 1]
        cols, scores, supports = sim.indices[lo:hi], sim.data[lo:hi], sup.data[sup.indptr[i] : sup.indptr[i + 1]]
        order = np.lexsort((cols, -scores))[:top_k]
        for rank, k in enumerate(order, start=1):
            result.append(SimilarMovie(int(ids[i]), int(ids[cols[k]]), float(scores[k]), int(supports[k]), rank))
    return result


def recommend_for_users(
    model: ItemNeighbours,
    ratings: Ratings,
    *,
    top_n: int = 10,
    users: Iterable[int] | None = None,
    seen_weight: float = 1.0,
) -> list[UserRecommendation]:
    """Each user's ``top_n`` unseen movies (see the module docstring), by user id then rank.

    :param model: from :func:`item_neighbours` over the same ``ratings`` (same movie columns).
    :param seen_weight: what a rating at the user's own mean counts for (stars above it add).
    :param users: the user ids to recommend for; default every user in ``ratings``. Unknown ids are
        skipped (nothing to go on).
    """
    if isinstance(top_n, bool) or not isinstance(top_n, int) or top_n < 1:
        raise ValueError(f"top_n must be a positive integer, got {top_n!r}")
    if not np.array_equal(model.movie_ids, ratings.movie_ids):
        raise ValueError("the model was built from other ratings (its movies differ)")
    weights = user_weights(ratings, seen_weight)
    # Column j of the similarity matrix lists the movies i that have j as a neighbour: the movies a
    # rating of j speaks for.
    by_neighbour = model.similarity.tocsc()
    ids = ratings.movie_ids
    if users is None:
        rows = range(len(ratings.user_ids))
    else:
        wanted = np.unique(np.asarray(list(users), dtype=np.int64))
        positions = np.searchsorted(ratings.user_ids, wanted)
        known = len(ratings.user_ids)
        rows = [int(p) for p, u in zip(positions, wanted, strict=True) if p < known and ratings.user_ids[p] == u]
    result = []
    for row in rows:
        lo, hi = weights.indptr[row], weights.indptr[row + 1]
        seen, seen_weights = weights.indices[lo:hi], weights.data[lo:hi]
        # Every (candidate, rated movie) term sim(candidate, rated) * weight(rated), as flat arrays.
        starts, ends = by_neighbour.indptr[seen], by_neighbour.indptr[seen + 1]
        lengths = ends - starts
        if not lengths.sum():
            continue
        take = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends, strict=False)])
        candidates = by_neighbour.indices[take]
        sources = np.repeat(seen, lengths)
        terms = by_neighbour.data[take] * np.repeat(seen_weights, lengths)
        scores = np.bincount(candidates, weights=terms, minlength=len(ids))
        scores[seen] = 0.0
        (picks,) = np.nonzero(scores > 0)
        if not len(picks):
            continue
        picks = picks[np.lexsort((picks, -scores[picks]))[:top_n]]
        # The largest term of each candidate (on a tie the smaller movie id): its "because".
        order = np.lexsort((sources, -terms, candidates))
        first = np.ones(len(order), dtype=bool)
        first[1:] = candidates[order][1:] != candidates[order][:-1]
        because = dict(zip(candidates[order][first].tolist(), sources[order][first].tolist(), strict=False))
        user_id = int(ratings.user_ids[row])
        for rank, movie in enumerate(picks.tolist(), start=1):
            result.append(
                UserRecommendation(user_id, int(ids[movie]), int(ids[because[movie]]), float(scores[movie]), rank)
            )
    return result


@dataclass(frozen=True)
class Recommendations:
    """A day's output: every movie's similar movies and every user's picks."""

    similar: list[SimilarMovie]
    users: list[UserRecommendation]

    def publish_body(self) -> dict[str, list[dict]]:
        """The body of the site's ``PUT /api/recommendations/YYYY-MM-DD/``: per movie and per user
        its entries best first (the site ranks them in the order sent)."""
        return {
            "similar": [{"movieId": s.movieId, "similarId": s.similarId, "score": s.score} for s in self.similar],
            "users": [
                {"userId": u.userId, "movieId": u.movieId, "becauseId": u.becauseId, "score": u.score}
                for u in self.users
            ],
        }


def recommend(
    ratings: Ratings,
    *,
    top_k: int = 10,
    top_n: int = 10,
    similarity: str = "cosine",
    neighbours: int = 100,
    min_support: int = 2,
    shrinkage: float = 0.0,
    seen_weight: float = 1.0,
    users: Iterable[int] | None = None,
) -> Recommendations:
    """Similar movies (``top_k`` per movie) and user picks (``top_n`` per user) from ``ratings``;
    the other parameters are :func:`item_neighbours`' and :func:`recommend_for_users`'."""
    model = item_neighbours(
        ratings, similarity=similarity, neighbours=max(neighbours, top_k), min_support=min_support, shrinkage=shrinkage
    )
    picks = recommend_for_users(model, ratings, top_n=top_n, users=users, seen_weight=seen_weight)
    return Recommendations(similar_movies(model, top_k), picks)


def write_recommendations_json(recommendations: Recommendations, output_path: str | os.PathLike) -> int:
    """Write the publish body to ``output_path`` atomically (floats in shortest round-trip form);
    return the number of entries written."""
    body = recommendations.publish_body()
    with atomic_writer(output_path, "w", encoding="utf-8") as out:
        json.dump(body, out, separators=(",", ":"))
        out.write("\n")
    return len(body["similar"]) + len(body["users"])
