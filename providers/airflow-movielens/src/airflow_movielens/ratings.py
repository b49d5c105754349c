"""The users × movies matrix of ratings that the recommender and its evaluation work on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp


@dataclass(frozen=True)
class Ratings:
    """A users × movies matrix of ratings, rows and columns in id order.

    Built from parallel arrays (:meth:`from_arrays`), e.g. the columns
    :func:`airflow_movielens.partitions.read_ratings` reads: ``Ratings.from_arrays(*read_ratings(paths))``.

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
        user_ids: Sequence[int] | np.ndarray,
        movie_ids: Sequence[int] | np.ndarray,
        ratings: Sequence[float] | np.ndarray,
        timestamps: Sequence[int] | np.ndarray | None = None,
    ) -> Ratings:
        """Build from parallel arrays, one element per rating; a repeated (user, movie) pair keeps its
        latest rating (the larger timestamp; the later one in the arrays on a tie). If a user rated a
        movie more than once across partitions (a changed rating is exported again on the day it
        changed), the latest rating wins."""
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
        return int(self.matrix.nnz)
