"""How similar two movies are, from who rated them: the item neighbourhoods the recommender uses.

The similarity of two movies is a cosine between their columns of the users × movies matrix,
computed over all users, in one of two flavours:

``"cosine"`` (the default)
    over *who rated* them (1 if rated, else 0): ``co-raters / sqrt(raters_i * raters_j)``. Two
    movies are similar when the same people watch both, whatever the stars.
``"adjusted_cosine"``
    over the ratings centred on each user's mean: two movies are similar when the same people
    like (or dislike) both, relative to how they rate in general.

The bench (``bench/recommend.py``) found the first better at predicting what people rate next, as is
usual for leave-out evaluations; the second is the textbook rating-prediction choice.

A pair needs at least ``min_support`` co-raters; with ``shrinkage`` > 0 the similarity is multiplied
by ``support / (support + shrinkage)`` so that a high cosine resting on three people counts for less
than one resting on three hundred. Only positive similarities are kept, and per movie only its
``neighbours`` most similar movies. Every "top" breaks ties by the smaller movie id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from airflow_movielens.checks import one_of, positive_int
from airflow_movielens.ratings import Ratings

SIMILARITIES = ("cosine", "adjusted_cosine")
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


def check_neighbourhood(similarity: str, neighbours: int, min_support: int, shrinkage: float) -> None:
    """A ``ValueError`` naming the first of :func:`item_neighbours`' parameters that is unusable."""
    positive_int("neighbours", neighbours)
    positive_int("min_support", min_support)
    if not shrinkage >= 0:
        raise ValueError(f"shrinkage must be >= 0, got {shrinkage!r}")
    one_of("similarity", similarity, SIMILARITIES)


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
    check_neighbourhood(similarity, neighbours, min_support, shrinkage)
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
    positive_int("top_k", top_k)
    result = []
    sim, sup, ids = model.similarity, model.support, model.movie_ids
    for i in range(sim.shape[0]):
        lo, hi = sim.indptr[i], sim.indptr[i + 1]
        cols, scores, supports = sim.indices[lo:hi], sim.data[lo:hi], sup.data[sup.indptr[i] : sup.indptr[i + 1]]
        order = np.lexsort((cols, -scores))[:top_k]
        for rank, k in enumerate(order, start=1):
            result.append(SimilarMovie(int(ids[i]), int(ids[cols[k]]), float(scores[k]), int(supports[k]), rank))
    return result
