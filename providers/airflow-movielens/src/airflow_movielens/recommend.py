"""Item-to-item recommendations from every rating fetched so far: per movie its similar movies, per
user the movies to watch next.

The model is the item-based neighbourhood method (Sarwar et al., 2001; Deshpande and Karypis, 2004):
:mod:`airflow_movielens.similarity` finds each movie's most similar movies; this module turns them
into picks.

A user's score for a movie they have not rated is ``Σ sim(movie, j) * weight(j)`` over the movies
``j`` they rated, where ``weight(j)`` is their rating of ``j`` minus their mean rating plus
``seen_weight``: a movie rated at their average still counts for a little (they chose to watch it),
one they loved for more, one rated more than ``seen_weight`` stars below their average counts against
its neighbours. The single largest term names the movie behind the pick ("Because you rated X").
Only positive scores are recommended.

A user whose ratings are all equal (one rating, or five 4s) would have every rating at their own
mean; their ratings are centred on the mean of all ratings instead, so a lone 5-star rating weighs
more than a lone 2.

Everything is deterministic: inputs are sorted before the matrices are built, and every "top" breaks
ties by the smaller movie id. The computation reads and writes no file:
:mod:`airflow_movielens.partitions` reads its input and :mod:`airflow_movielens.results` writes its
output.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp

from airflow_movielens.blocks import lookup, row_blocks, sparse_entries, top_per_row
from airflow_movielens.checks import positive_int
from airflow_movielens.ratings import Ratings
from airflow_movielens.similarity import (
    ItemNeighbours,
    SimilarMovie,
    check_neighbourhood,
    item_neighbours,
    similar_movies,
)


class UserRecommendation(NamedTuple):
    """``movieId`` is the ``rank``-th pick for ``userId``, mostly because they rated ``becauseId``."""

    userId: int
    movieId: int
    becauseId: int
    score: float
    rank: int


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
    """Each user's ``top_n`` unseen movies (see the module docstring), by user id then rank.

    :param model: from :func:`item_neighbours` over the same ``ratings`` (same movie columns).
    :param seen_weight: what a rating at the user's own mean counts for (stars above it add).
    :param users: the user ids to recommend for; default every user in ``ratings``. Unknown ids are
        skipped (nothing to go on).
    """
    positive_int("top_n", top_n)
    if not np.array_equal(model.movie_ids, ratings.movie_ids):
        raise ValueError("the model was built from other ratings (its movies differ)")
    rows = user_rows(ratings, users)
    weights = user_weights(ratings, seen_weight)[rows]
    weights.sort_indices()
    # Row j of the transposed similarities lists the movies i that have j as a neighbour: the movies a
    # rating of j speaks for. A user's scores are their row of weights times it.
    by_neighbour = model.similarity.T.tocsr()
    by_neighbour.sort_indices()
    rated = weights.copy()
    rated.data = np.ones_like(rated.data)
    work = rated @ np.diff(by_neighbour.indptr).astype(np.float64)
    user_ids, movie_ids = ratings.user_ids[rows], ratings.movie_ids
    result: list[UserRecommendation] = []
    for start, stop in row_blocks(work):
        block = weights[start:stop]
        scores = (block @ by_neighbour).tocsr()
        picked_rows, candidates, values = sparse_entries(scores)
        seen = lookup(picked_rows, candidates, block)[0]
        best = top_per_row(picked_rows, candidates, values, stop - start, top_n, ~seen)
        because = strongest_reason(best.rows, best.cols, block, model.similarity)
        result.extend(
            UserRecommendation(*pick)
            for pick in zip(
                user_ids[start + best.rows].tolist(),
                movie_ids[best.cols].tolist(),
                movie_ids[because].tolist(),
                best.values.tolist(),
                best.rank.tolist(),
                strict=True,
            )
        )
    return result


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
    lengths = np.diff(similarity.indptr)[movies]
    pick = np.repeat(np.arange(len(movies)), lengths)
    firsts = np.cumsum(lengths) - lengths
    positions = np.repeat(similarity.indptr[movies], lengths) + np.arange(len(pick)) - np.repeat(firsts, lengths)
    neighbours = similarity.indices[positions]
    present, weight = lookup(rows[pick], neighbours, weights)
    terms = similarity.data[positions] * weight
    (index,) = np.nonzero(present)
    index = index[np.lexsort((neighbours[index], -terms[index], pick[index]))]
    first = np.ones(len(index), dtype=bool)
    first[1:] = pick[index][1:] != pick[index][:-1]
    reasons = np.empty(len(movies), dtype=np.int64)
    reasons[pick[index][first]] = neighbours[index][first]
    return reasons


@dataclass(frozen=True)
class Recommendations:
    """A day's output: every movie's similar movies and every user's picks."""

    similar: list[SimilarMovie]
    users: list[UserRecommendation]

    def publish_body(self) -> dict[str, list[dict[str, Any]]]:
        """The body of the site's ``PUT /api/recommendations/YYYY-MM-DD/``: per movie and per user
        its entries best first (the site ranks them in the order sent)."""
        return {
            "similar": [{"movieId": s.movieId, "similarId": s.similarId, "score": s.score} for s in self.similar],
            "users": [
                {"userId": u.userId, "movieId": u.movieId, "becauseId": u.becauseId, "score": u.score}
                for u in self.users
            ],
        }


@dataclass(frozen=True)
class RecommendOptions:
    """How :func:`recommend` works; every value is checked when the options are made.

    :ivar top_k: similar movies kept per movie.
    :ivar top_n: recommendations per user.
    :ivar similarity: ``"cosine"`` (who rated) or ``"adjusted_cosine"`` (mean-centred ratings).
    :ivar neighbours: neighbours per movie used to score users' picks (at least ``top_k`` are kept).
    :ivar min_support: co-raters a pair of movies needs to count as similar.
    :ivar shrinkage: damps similarities resting on few co-raters (0 = off).
    :ivar seen_weight: what a rating at the user's own mean counts for.
    """

    top_k: int = 10
    top_n: int = 10
    similarity: str = "cosine"
    neighbours: int = 100
    min_support: int = 2
    shrinkage: float = 0.0
    seen_weight: float = 1.0

    def __post_init__(self) -> None:
        positive_int("top_k", self.top_k)
        positive_int("top_n", self.top_n)
        check_neighbourhood(self.similarity, self.neighbours, self.min_support, self.shrinkage)


def recommend(
    ratings: Ratings, options: RecommendOptions | None = None, *, users: Iterable[int] | None = None
) -> Recommendations:
    """Similar movies (``top_k`` per movie) and user picks (``top_n`` per user, for ``users`` or
    everyone) from ``ratings``, as ``options`` say (the defaults when ``None``)."""
    options = options or RecommendOptions()
    model = item_neighbours(
        ratings,
        similarity=options.similarity,
        neighbours=max(options.neighbours, options.top_k),
        min_support=options.min_support,
        shrinkage=options.shrinkage,
    )
    picks = recommend_for_users(model, ratings, top_n=options.top_n, users=users, seen_weight=options.seen_weight)
    return Recommendations(similar_movies(model, options.top_k), picks)
