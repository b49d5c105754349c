"""Per user the movies to watch next, scored a block of users at a time.

A user's item-kNN score for a movie they have not rated is ``Σ sim(movie, j) * weight(j)`` over the
movies ``j`` they rated, where ``weight(j)`` is their rating of ``j`` minus their mean rating plus
``seen_weight``: a movie rated at their average still counts for a little (they chose to watch it),
one they loved for more, one rated more than ``seen_weight`` stars below their average counts against
its neighbours. The single largest term names the movie behind the pick ("Because you rated X").
Only positive scores are recommended. With EASE (:mod:`airflow_movielens.ease`) the score is EASE's
and the reason the rated movie with the largest EASE weight towards the pick.

A user whose ratings are all equal (one rating, or five 4s) would have every rating at their own
mean; their ratings are centred on the mean of all ratings instead, so a lone 5-star rating weighs
more than a lone 2.

Scores are the sparse product of a block of users' weights and the transposed similarities (no loop
per user); every "top" breaks ties by the smaller movie id.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from airflow_movielens.blocks import (
    TopEntries,
    is_dense,
    lookup,
    row_blocks,
    sparse_entries,
    top_per_dense_row,
    top_per_row,
)
from airflow_movielens.checks import positive_int
from airflow_movielens.ease import EaseModel, ease_top_per_user
from airflow_movielens.ratings import Ratings
from airflow_movielens.similarity import ItemNeighbours, neighbour_terms


class UserRecommendation(NamedTuple):
    """``movieId`` is the ``rank``-th pick for ``userId``, mostly because they rated ``becauseId``."""

    userId: int
    movieId: int
    becauseId: int
    score: float
    rank: int


class UserPicks(NamedTuple):
    """Picks as columns over matrix positions: user ``rows``, movie ``cols``, the ``because`` column,
    ``scores`` and ``rank`` (from 1), by row then rank."""

    rows: np.ndarray
    cols: np.ndarray
    because: np.ndarray
    scores: np.ndarray
    rank: np.ndarray

    def recommendations(self, ratings: Ratings, top_n: int) -> list[UserRecommendation]:
        """The first ``top_n`` picks of each user, with ids."""
        first = self.rank <= top_n
        user_ids, movie_ids = ratings.user_ids, ratings.movie_ids
        return [
            UserRecommendation(*pick)
            for pick in zip(
                user_ids[self.rows[first]].tolist(),
                movie_ids[self.cols[first]].tolist(),
                movie_ids[self.because[first]].tolist(),
                self.scores[first].tolist(),
                self.rank[first].tolist(),
                strict=True,
            )
        ]


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


def recommend_for_users(
    model: ItemNeighbours,
    ratings: Ratings,
    *,
    top_n: int = 10,
    users: Iterable[int] | None = None,
    seen_weight: float = 1.0,
) -> list[UserRecommendation]:
    """Each user's ``top_n`` unseen movies by item-kNN (see the module docstring), by user id then rank.

    :param model: from :func:`item_neighbours` over the same ``ratings`` (same movie columns).
    :param seen_weight: what a rating at the user's own mean counts for (stars above it add).
    :param users: the user ids to recommend for; default every user in ``ratings``. Unknown ids are
        skipped (nothing to go on).
    """
    picks = knn_picks(model, ratings, top_n=top_n, rows=user_rows(ratings, users), seen_weight=seen_weight)
    return picks.recommendations(ratings, top_n)


def knn_picks(
    model: ItemNeighbours, ratings: Ratings, *, top_n: int, rows: np.ndarray, seen_weight: float
) -> UserPicks:
    """The ``top_n`` item-kNN picks of the users at ``rows`` (matrix positions, ascending)."""
    positive_int("top_n", top_n)
    if not np.array_equal(model.movie_ids, ratings.movie_ids):
        raise ValueError("the model was built from other ratings (its movies differ)")
    weights = user_weights(ratings, seen_weight)[rows]
    weights.sort_indices()
    # Row j of the transposed similarities lists the movies i that have j as a neighbour: the movies a
    # rating of j speaks for. A user's scores are their row of weights times it.
    by_neighbour = model.similarity.T.tocsr()
    by_neighbour.sort_indices()
    rated = weights.copy()
    rated.data = np.ones_like(rated.data)
    work = rated @ np.diff(by_neighbour.indptr).astype(np.float64)
    kept = []
    for start, stop in row_blocks(work):
        block = weights[start:stop]
        scores = (block @ by_neighbour).tocsr()
        if is_dense(scores):
            dense = scores.toarray()
            seen_rows, seen_cols, _ = sparse_entries(block)  # the pattern: a weight may be 0
            dense[seen_rows, seen_cols] = 0.0
            best = top_per_dense_row(dense, top_n)
        else:
            candidate_rows, candidates, values = sparse_entries(scores)
            seen = lookup(candidate_rows, candidates, block)[0]
            best = top_per_row(candidate_rows, candidates, values, stop - start, top_n, ~seen)
        because = strongest_reason(best.rows, best.cols, block, model.similarity)
        kept.append(UserPicks(rows[start + best.rows], best.cols, because, best.values, best.rank))
    return joined(kept)


def ease_picks(model: EaseModel, ratings: Ratings, *, top_n: int, rows: np.ndarray) -> UserPicks:
    """The ``top_n`` EASE picks of the users at ``rows``, each because of the rated movie with the
    largest EASE weight towards it (on a tie the smaller id); a block of users at a time, so the
    reasons (a term per pick and rated movie) take bounded memory."""
    positive_int("top_n", top_n)
    if not np.array_equal(model.movie_ids, ratings.movie_ids):
        raise ValueError("the model was built from other ratings (its movies differ)")
    rated = ratings.matrix[rows].astype(np.float32)
    rated.data[:] = 1.0
    rated.sort_indices()
    # A user's block row holds a score per movie, and a reason term per pick and rated movie.
    work = np.diff(rated.indptr) * float(top_n) + len(model.movie_ids)
    kept = []
    for start, stop in row_blocks(work):
        block = rated[start:stop]
        best: TopEntries = ease_top_per_user(model, block, top_n)
        because = ease_reasons(model, block, best)
        kept.append(UserPicks(rows[start + best.rows], best.cols, because, best.values.astype(np.float64), best.rank))
    return joined(kept)


def ease_reasons(model: EaseModel, rated: sp.csr_matrix, best: TopEntries) -> np.ndarray:
    """Per pick of ``best`` (rows of ``rated``) the rated movie with the largest EASE weight towards it."""
    lengths = np.diff(rated.indptr)[best.rows]
    pick = np.repeat(np.arange(len(best.rows)), lengths)
    firsts = np.cumsum(lengths) - lengths
    positions = np.repeat(rated.indptr[best.rows], lengths) + np.arange(len(pick)) - np.repeat(firsts, lengths)
    sources = rated.indices[positions]
    terms = model.weights[sources, best.cols[pick]]
    return first_per_pick(pick, sources, terms, len(best.rows))


def joined(parts: list[UserPicks]) -> UserPicks:
    if not parts:
        empty = np.array([], dtype=np.int64)
        return UserPicks(empty, empty, empty, np.array([], dtype=np.float64), empty)
    return UserPicks(*(np.concatenate(column) for column in zip(*parts, strict=True)))


def user_rows(ratings: Ratings, users: Iterable[int] | None) -> np.ndarray:
    """The rows of ``users`` (ids) in ``ratings``, ascending; every row when ``None``; unknown ids skipped."""
    if users is None:
        return np.arange(len(ratings.user_ids))
    wanted = np.unique(np.asarray(list(users), dtype=np.int64))
    positions = np.searchsorted(ratings.user_ids, wanted)
    known = positions < len(ratings.user_ids)
    known[known] = ratings.user_ids[positions[known]] == wanted[known]
    return positions[known]


def strongest_reason(
    rows: np.ndarray, movies: np.ndarray, weights: sp.csr_matrix, similarity: sp.csr_matrix
) -> np.ndarray:
    """For each pick (a row of ``weights``, a movie column), the rated movie ``j`` with the largest
    term ``similarity[movie, j] * weights[row, j]`` of its score; on a tie the smaller ``j``."""
    pick, neighbours, sims, values = neighbour_terms(rows, movies, weights, similarity)
    return first_per_pick(pick, neighbours, sims * values, len(movies))


def first_per_pick(pick: np.ndarray, sources: np.ndarray, terms: np.ndarray, n_picks: int) -> np.ndarray:
    """Per pick the source with the largest term, on a tie the smaller source (-1 where none).

    One pass over the terms grouped by pick (a stable sort only when they do not come grouped): the
    largest term of each group, then the smallest source among those reaching it."""
    reasons = np.full(n_picks, -1, dtype=np.int64)
    if not len(pick):
        return reasons
    if (np.diff(pick) < 0).any():
        order = np.argsort(pick, kind="stable")
        pick, sources, terms = pick[order], sources[order], terms[order]
    starts = np.flatnonzero(np.concatenate([[True], pick[1:] != pick[:-1]]))
    group = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(pick))))
    largest = np.maximum.reduceat(terms, starts)
    reaching = np.where(terms == largest[group], sources.astype(np.int64), np.iinfo(np.int64).max)
    reasons[pick[starts]] = np.minimum.reduceat(reaching, starts)
    return reasons
