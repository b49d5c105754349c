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
        # Partitions read in that order (read_ratings) skip the sort.
        if not in_order(users, movies, stamps):
            order = np.lexsort((np.arange(len(users)), stamps, movies, users))
            users, movies, values, stamps = users[order], movies[order], values[order], stamps[order]
        last = np.ones(len(users), dtype=bool)
        last[:-1] = (users[1:] != users[:-1]) | (movies[1:] != movies[:-1])
        if not last.all():
            users, movies, values, stamps = users[last], movies[last], values[last], stamps[last]
        del last
        # Users come sorted: a row starts where the user id changes.
        starts = np.flatnonzero(np.diff(users)) + 1 if len(users) else np.array([], dtype=np.int64)
        user_index = users[np.concatenate([[0], starts])] if len(users) else users
        indptr = np.concatenate([[0], starts, [len(users)]]) if len(users) else np.zeros(1, dtype=np.int64)
        del users
        movie_index, cols = np.unique(movies, return_inverse=True)
        del movies
        # Within a row the columns follow the movie ids, ascending: a CSR matrix with sorted indices.
        cols = cols.astype(np.int32 if len(movie_index) < 2**31 else np.int64)
        shape = (len(user_index), len(movie_index))
        matrix = sp.csr_matrix((values, cols, indptr), shape=shape)
        times = sp.csr_matrix((stamps, cols, indptr), shape=shape)
        return cls(user_index, movie_index, matrix, times)

    def head(self, max_movies: int) -> Ratings:
        """Only the ``max_movies`` movies with the most ratings (on a tie the smaller id), with every
        user kept (rows stay the same); ``self`` when it has no more movies than that."""
        if len(self.movie_ids) <= max_movies:
            return self
        counts = np.bincount(self.matrix.indices, minlength=len(self.movie_ids))
        # Stable sort of the counts, largest first: equal counts keep the id order.
        kept = np.sort(np.argsort(-counts, kind="stable")[:max_movies])
        return Ratings(self.user_ids, self.movie_ids[kept], self.matrix[:, kept], self.timestamps[:, kept])

    def __len__(self) -> int:
        return int(self.matrix.nnz)


def in_order(users: np.ndarray, movies: np.ndarray, stamps: np.ndarray) -> bool:
    """Whether the rows are sorted by user, then movie, then timestamp."""
    if len(users) < 2:
        return True
    user_step, movie_step = np.diff(users), np.diff(movies)
    if (user_step < 0).any():
        return False
    same_user = user_step == 0
    if (movie_step[same_user] < 0).any():
        return False
    same_pair = same_user & (movie_step == 0)
    return not bool((stamps[1:][same_pair] < stamps[:-1][same_pair]).any())
