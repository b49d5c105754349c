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

from airflow_movielens import blocks
from airflow_movielens.blocks import (
    TopEntries,
    is_dense,
    lookup,
    row_blocks,
    sparse_entries,
    top_per_dense_row,
    top_per_row,
)
from airflow_movielens.checks import one_of, positive_int
from airflow_movielens.ratings import Ratings

SIMILARITIES = ("cosine", "adjusted_cosine")


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
    rated = ratings.matrix.tocsc()
    rated.data = np.ones_like(rated.data)
    values = centred(ratings).tocsc() if similarity == "adjusted_cosine" else rated
    norms = np.sqrt(np.asarray(values.multiply(values).sum(axis=0)).ravel())
    by_user, rated_by_user = values.tocsr(), rated.tocsr()
    # A movie's block row costs one multiply-add per rating of each of its raters.
    work = rated.T @ np.diff(ratings.matrix.indptr).astype(np.float64)
    kept: list[TopEntries] = []
    supports = []
    for start, stop in row_blocks(work):
        dots = (values[:, start:stop].T @ by_user).tocsr()
        # Over who rated, the dot products count the co-raters.
        co_raters = dots if similarity == "cosine" else (rated[:, start:stop].T @ rated_by_user).tocsr()
        if is_dense(dots):
            best, support = dense_neighbours(dots, co_raters, norms, start, neighbours, min_support, shrinkage)
        else:
            best, support = sparse_neighbours(dots, co_raters, norms, start, neighbours, min_support, shrinkage)
        supports.append(support)
        kept.append(best._replace(rows=best.rows + start))
    return assembled(ratings.movie_ids, kept, supports)


def gram_neighbours(
    movie_ids: np.ndarray, gram: np.ndarray, *, neighbours: int = 100, min_support: int = 2, shrinkage: float = 0.0
) -> ItemNeighbours:
    """:func:`item_neighbours` with ``similarity="cosine"``, from the co-rater counts ``gram``
    (:func:`~airflow_movielens.gram.rated_gram` of the same ratings, over ``movie_ids``): the same
    neighbours, without a second pass over the ratings when EASE has the counts already."""
    check_neighbourhood("cosine", neighbours, min_support, shrinkage)
    n_movies = len(movie_ids)
    norms = np.sqrt(np.diag(gram).astype(np.float64))
    kept: list[TopEntries] = []
    supports = []
    step = max(1, blocks.BLOCK_WORK // max(n_movies, 1))
    for start in range(0, n_movies, step):
        counts = gram[start : start + step].astype(np.float64)
        best, support = dense_block_neighbours(counts.copy(), counts, norms, start, neighbours, min_support, shrinkage)
        supports.append(support)
        kept.append(best._replace(rows=best.rows + start))
    return assembled(movie_ids, kept, supports)


def assembled(movie_ids: np.ndarray, kept: list[TopEntries], supports: list[np.ndarray]) -> ItemNeighbours:
    """The neighbours kept per block of movies (rows over ``movie_ids``) as one model."""
    shape = (len(movie_ids), len(movie_ids))
    if kept:
        rows, cols = np.concatenate([k.rows for k in kept]), np.concatenate([k.cols for k in kept])
        similarity_matrix = sp.csr_matrix((np.concatenate([k.values for k in kept]), (rows, cols)), shape=shape)
        support_matrix = sp.csr_matrix((np.concatenate(supports).astype(np.int64), (rows, cols)), shape=shape)
    else:
        similarity_matrix, support_matrix = sp.csr_matrix(shape), sp.csr_matrix(shape, dtype=np.int64)
    return ItemNeighbours(movie_ids, similarity_matrix, support_matrix)


def dense_neighbours(
    dots: sp.csr_matrix,
    co_raters: sp.csr_matrix,
    norms: np.ndarray,
    start: int,
    neighbours: int,
    min_support: int,
    shrinkage: float,
) -> tuple[TopEntries, np.ndarray]:
    """A block of movies' neighbours (rows from 0) and their supports, through dense arrays."""
    cosine = dots.toarray()
    support = cosine.copy() if co_raters is dots else co_raters.toarray()
    return dense_block_neighbours(cosine, support, norms, start, neighbours, min_support, shrinkage)


def dense_block_neighbours(
    cosine: np.ndarray,
    support: np.ndarray,
    norms: np.ndarray,
    start: int,
    neighbours: int,
    min_support: int,
    shrinkage: float,
) -> tuple[TopEntries, np.ndarray]:
    """:func:`dense_neighbours` of dense blocks: ``cosine`` holds the dot products (overwritten),
    ``support`` the co-rater counts."""
    with np.errstate(divide="ignore", invalid="ignore"):
        cosine /= np.outer(norms[start : start + cosine.shape[0]], norms)
        if shrinkage:
            cosine *= support / (support + shrinkage)
    # A pair needs min_support co-raters; a movie is not its own neighbour.
    cosine[(support < min_support) | ~np.isfinite(cosine)] = 0.0
    cosine[np.arange(cosine.shape[0]), np.arange(start, start + cosine.shape[0])] = 0.0
    best = top_per_dense_row(cosine, neighbours)
    return best, support.ravel()[best.positions]


def sparse_neighbours(
    dots: sp.csr_matrix,
    co_raters: sp.csr_matrix,
    norms: np.ndarray,
    start: int,
    neighbours: int,
    min_support: int,
    shrinkage: float,
) -> tuple[TopEntries, np.ndarray]:
    """A block of movies' neighbours (rows from 0) and their supports, over the stored entries."""
    rows, cols, products = sparse_entries(dots)
    if co_raters is dots:
        support = products
    else:
        co_raters.sort_indices()
        support = lookup(rows, cols, co_raters)[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        cosine = products / (norms[start + rows] * norms[cols])
    if shrinkage:
        cosine *= support / (support + shrinkage)
    keep = (support >= min_support) & (cols != start + rows)
    best = top_per_row(rows, cols, cosine, dots.shape[0], neighbours, keep)
    return best, support[best.positions]


def similar_movies(model: ItemNeighbours, top_k: int = 10) -> list[SimilarMovie]:
    """Each movie's ``top_k`` most similar movies, by movie id then rank (1 = most similar)."""
    positive_int("top_k", top_k)
    sim, ids = model.similarity, model.movie_ids
    best = top_per_row(*sparse_entries(sim), sim.shape[0], top_k)
    supports = model.support.data[best.positions]  # the two matrices share their pattern and its order
    return [
        SimilarMovie(*entry)
        for entry in zip(
            ids[best.rows].tolist(),
            ids[best.cols].tolist(),
            best.values.tolist(),
            supports.tolist(),
            best.rank.tolist(),
            strict=True,
        )
    ]


def neighbour_terms(
    rows: np.ndarray, movies: np.ndarray, values: sp.csr_matrix, similarity: sp.csr_matrix
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For each pair ``(rows[k], movies[k])``, every neighbour ``j`` of the movie that the row has a
    value for in ``values``: ``(pair, j, s(movie, j), values[row, j])``, flat."""
    lengths = np.diff(similarity.indptr)[movies]
    pair = np.repeat(np.arange(len(movies)), lengths)
    firsts = np.cumsum(lengths) - lengths
    positions = np.repeat(similarity.indptr[movies], lengths) + np.arange(len(pair)) - np.repeat(firsts, lengths)
    neighbours = similarity.indices[positions]
    if values.shape[0] * values.shape[1] <= 2 * blocks.BLOCK_WORK:
        # A small block is looked up densely: one gather instead of a binary search per term.
        table = np.full(values.shape, np.nan)
        table[sparse_entries(values)[:2]] = values.data
        value = table[rows[pair], neighbours]
        present = ~np.isnan(value)
    else:
        present, value = lookup(rows[pair], neighbours, values)
    return pair[present], neighbours[present], similarity.data[positions][present], value[present]
