"""EASE, the closed-form item-item model (Steck, "Embarrassingly Shallow Autoencoders for Sparse
Data", WWW 2019): the second model the recommender offers beside item-kNN.

With ``X`` the users × movies matrix of who rated what (1 if rated), ``P = (XᵀX + λI)⁻¹`` and the
weights ``B = I - P · diag(1 / diag(P))`` (so ``diag(B) = 0``: a movie does not recommend itself),
a user's score for a movie is their row of ``X`` times ``B``'s column (Steck's equation 8).

Memory: ``B`` is a dense ``n_movies²`` float32 matrix, computed in place from ``XᵀX``: 4 bytes ×
n² (10,000 movies: 400 MB; 15,000: 900 MB; MovieLens 25M's 62,423: 15.6 GB), and the inversion is
O(n³). :func:`fit_ease` refuses more than ``max_movies`` movies (a ``ValueError``); the recommender
then falls back to item-kNN, whose memory grows with the ratings, not the square of the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg.lapack
import scipy.sparse as sp

from airflow_movielens.blocks import TopEntries, top_per_dense_row
from airflow_movielens.checks import positive_int
from airflow_movielens.gram import mirror_lower, rated_gram
from airflow_movielens.ratings import Ratings

#: The most movies EASE is fitted for by default: 900 MB of weights, and about a minute of inversion
#: on two cores (bench/recommend.py found EASE the best model wherever it fits).
EASE_MAX_MOVIES = 15_000
# Scores are computed for a block of users at a time: about this many values (16 MB of float32).
_BLOCK_VALUES = 4_000_000


@dataclass(frozen=True)
class EaseModel:
    """``weights[j, i]``: how much having rated movie ``j`` speaks for movie ``i`` (both over ``movie_ids``)."""

    movie_ids: np.ndarray
    weights: np.ndarray


def ease_memory(n_movies: int) -> int:
    """Bytes of the dense weights EASE needs for ``n_movies`` movies."""
    return 4 * n_movies * n_movies


def fit_ease(ratings: Ratings, l2: float = 500.0, max_movies: int = EASE_MAX_MOVIES) -> EaseModel:
    """Fit EASE's weights on who rated what in ``ratings``, with L2 regularisation ``l2`` (λ > 0).

    A ``ValueError`` when ``ratings`` has more than ``max_movies`` movies, before any memory is taken.
    """
    check_ease(len(ratings.movie_ids), l2, max_movies)
    return ease_from_gram(ratings.movie_ids, rated_gram(ratings.matrix), l2)


def check_ease(n_movies: int, l2: float, max_movies: int) -> None:
    """A ``ValueError`` when EASE cannot be fitted with ``l2`` on ``n_movies`` movies."""
    positive_int("max_movies", max_movies)
    if not l2 > 0:
        raise ValueError(f"ease_l2 must be > 0, got {l2!r}")
    if n_movies > max_movies:
        raise ValueError(
            f"EASE needs a dense {n_movies:,}² matrix ({ease_memory(n_movies) / 2**30:.1f} GiB) for "
            f"{n_movies:,} movies, more than ease_max_movies={max_movies:,}"
        )


def ease_from_gram(movie_ids: np.ndarray, gram: np.ndarray, l2: float) -> EaseModel:
    """EASE's weights from the co-rater counts ``gram`` (:func:`~airflow_movielens.gram.rated_gram`),
    which are overwritten: the weights take their place, so the fit needs one ``n²`` matrix.

    ``XᵀX + λI`` is symmetric positive definite, so it is inverted through its Cholesky factor
    (LAPACK's ``spotrf`` then ``spotri``: n³ flops, half of a general inverse's), in place on the
    Fortran-order view of the same memory; ``spotri`` leaves one triangle, mirrored to the other."""
    n = gram.shape[0]
    gram[np.diag_indices(n)] += np.float32(l2)
    if n:
        factor, info = scipy.linalg.lapack.spotrf(gram.T, lower=0, clean=0, overwrite_a=1)
        if info == 0:
            factor, info = scipy.linalg.lapack.spotri(factor, lower=0, overwrite_c=1)
        if info != 0:  # not positive definite in float32: cannot happen with λ > 0 short of overflow
            raise ValueError(f"EASE could not invert XᵀX + λI (LAPACK info {info})")
        if not np.shares_memory(factor, gram):
            gram[...] = factor.T
        del factor
        # The upper triangle of the Fortran view is the lower one of gram.
        mirror_lower(gram)
    weights = gram
    weights /= -np.diag(weights)[None, :]
    weights[np.diag_indices(n)] = 0.0
    return EaseModel(movie_ids, weights)


def ease_top_per_user(model: EaseModel, rated: sp.csr_matrix, n: int) -> TopEntries:
    """Each row of ``rated`` (users × the model's movies, 1 where rated) its ``n`` best unseen movies
    by EASE's score, best first, ties to the smaller movie; rows are positions in ``rated``."""
    kept = []
    n_movies = len(model.movie_ids)
    step = max(1, _BLOCK_VALUES // max(n_movies, 1))
    for start in range(0, rated.shape[0], step):
        block = rated[start : start + step]
        scores = np.asarray(block @ model.weights)
        scores[block.nonzero()] = -np.inf  # seen
        kept.append(top_per_dense_row(scores, n, offset=start))
    if not kept:
        empty = np.array([], dtype=np.int64)
        return TopEntries(empty, empty, np.array([], dtype=np.float32), empty, empty)
    return TopEntries(*(np.concatenate(parts) for parts in zip(*kept, strict=True)))
