"""Predicted ratings: the stars a user would give a movie they have not rated (the "expected rating"
a movie page shows).

A prediction is a baseline plus what the movie's neighbours say about it (the item-oriented
neighbourhood model with baseline estimates of Koren, "Factor in the Neighbors", TKDD 2010, §2):

    r̂(u, i) = b(u, i) + Σ_j s(i, j) · (r(u, j) − b(u, j)) / (Σ_j s(i, j) + damping)

over the movies ``j`` among ``i``'s neighbours (:mod:`airflow_movielens.similarity`) that ``u``
rated, where ``b(u, i) = μ + b_u + b_i`` is the overall mean plus the user's and the movie's
regularised biases (Koren's equations 2 and 3: ``b_i = Σ (r − μ) / (λ_i + n_i)`` over the movie's
raters, then ``b_u = Σ (r − μ − b_i) / (λ_u + n_u)`` over the user's ratings). ``damping`` pulls a
prediction resting on one weak neighbour back to the baseline. Predictions are clipped to the
0.5–5 star scale.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from airflow_movielens.blocks import row_blocks
from airflow_movielens.ratings import Ratings
from airflow_movielens.similarity import ItemNeighbours, neighbour_terms

LOWEST, HIGHEST = 0.5, 5.0


@dataclass(frozen=True)
class Baseline:
    """``mean + user_bias[row] + movie_bias[col]``: a rating before neighbours, per matrix position."""

    mean: float
    user_bias: np.ndarray
    movie_bias: np.ndarray

    def of(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return np.asarray(self.mean + self.user_bias[rows] + self.movie_bias[cols])


def fit_baseline(ratings: Ratings, movie_damping: float = 25.0, user_damping: float = 10.0) -> Baseline:
    """The biases of Koren's baseline (module docstring), with the damping terms λ_i and λ_u."""
    matrix = ratings.matrix
    if not matrix.nnz:
        return Baseline(0.0, np.zeros(matrix.shape[0]), np.zeros(matrix.shape[1]))
    mean = float(matrix.data.mean())
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    cols = matrix.indices
    movie_bias = np.bincount(cols, matrix.data - mean, matrix.shape[1]) / (
        movie_damping + np.bincount(cols, minlength=matrix.shape[1])
    )
    user_bias = np.bincount(rows, matrix.data - mean - movie_bias[cols], matrix.shape[0]) / (
        user_damping + np.diff(matrix.indptr)
    )
    return Baseline(mean, user_bias, movie_bias)


def residuals(ratings: Ratings, baseline: Baseline) -> sp.csr_matrix:
    """Each rating minus its baseline, in the ratings' pattern (sorted indices)."""
    matrix = ratings.matrix.copy()
    matrix.sort_indices()
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    matrix.data = matrix.data - baseline.of(rows, matrix.indices)
    return matrix


def predict_block(
    rows: np.ndarray,
    movies: np.ndarray,
    block_residuals: sp.csr_matrix,
    baseline: Baseline,
    model: ItemNeighbours,
    damping: float = 1.0,
    row_offset: int = 0,
) -> np.ndarray:
    """Predicted ratings of the pairs ``(rows[k], movies[k])``, rows being positions in
    ``block_residuals`` (a block of :func:`residuals`' rows starting at ``row_offset``)."""
    pair, _, sims, values = neighbour_terms(rows, movies, block_residuals, model.similarity)
    weighted = np.bincount(pair, sims * values, len(rows))
    weights = np.bincount(pair, sims, len(rows))
    predicted = baseline.of(rows + row_offset, movies) + weighted / (weights + damping)
    return np.asarray(np.clip(predicted, LOWEST, HIGHEST))


def predict_ratings(
    ratings: Ratings,
    model: ItemNeighbours,
    baseline: Baseline,
    user_ids: np.ndarray,
    movie_ids: np.ndarray,
    damping: float = 1.0,
) -> np.ndarray:
    """Predicted ratings for the pairs ``(user_ids[k], movie_ids[k])`` (ids); a user or movie
    ``ratings`` does not know gets the overall mean plus whichever bias is known."""
    user_ids, movie_ids = np.asarray(user_ids, dtype=np.int64), np.asarray(movie_ids, dtype=np.int64)
    rows = np.minimum(np.searchsorted(ratings.user_ids, user_ids), max(len(ratings.user_ids) - 1, 0))
    cols = np.minimum(np.searchsorted(ratings.movie_ids, movie_ids), max(len(ratings.movie_ids) - 1, 0))
    known_user = len(ratings.user_ids) > 0 and ratings.user_ids[rows] == user_ids
    known_movie = len(ratings.movie_ids) > 0 and ratings.movie_ids[cols] == movie_ids
    known_user = np.asarray(known_user) & np.ones(len(user_ids), dtype=bool)
    known_movie = np.asarray(known_movie) & np.ones(len(movie_ids), dtype=bool)
    predicted = np.full(len(user_ids), baseline.mean)
    predicted[known_user] += baseline.user_bias[rows[known_user]]
    predicted[known_movie] += baseline.movie_bias[cols[known_movie]]
    both = np.nonzero(known_user & known_movie)[0]
    both = both[np.argsort(rows[both], kind="stable")]
    table = residuals(ratings, baseline)
    by_row = rows[both]
    # A pair's work is its movie's neighbours (about 200 by default); a row's, its width (the block
    # of residuals is looked up densely when it is small enough).
    work = np.bincount(by_row, minlength=table.shape[0]) * 200.0 + table.shape[1]
    for start, stop in row_blocks(work):
        chosen = both[np.searchsorted(by_row, start) : np.searchsorted(by_row, stop)]
        if len(chosen):
            predicted[chosen] = predict_block(
                rows[chosen] - start, cols[chosen], table[start:stop], baseline, model, damping, start
            )
    return np.asarray(np.clip(predicted, LOWEST, HIGHEST))
