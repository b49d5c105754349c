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
        user_index, rows = positions_of(users)
        movie_index, cols = positions_of(movies)
        del users, movies
        # One key per (user, movie) pair, in row then column order; a stable sort keeps the arrays'
        # order within a pair (partitions read in order skip it).
        key = rows * np.int64(max(len(movie_index), 1)) + cols
        del rows, cols
        if len(key) > 1 and (key[1:] < key[:-1]).any():
            order = np.argsort(key, kind="stable")
            key, values, stamps = key[order], values[order], stamps[order]
            del order
        keep = latest_of_each_pair(key, stamps)
        if keep is not None:
            key, values, stamps = key[keep], values[keep], stamps[keep]
        n_movies = np.int64(max(len(movie_index), 1))
        rows, cols = np.divmod(key, n_movies)
        del key
        indptr = np.zeros(len(user_index) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(user_index)), out=indptr[1:])
        del rows
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


def positions_of(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(distinct ids ascending, each element's position among them)``: ``np.unique``'s answer,
    through a table of the ids' range instead of a sort when the ids are small non-negative numbers
    (the usual case: MovieLens ids are counters)."""
    if len(ids) and ids.min() >= 0 and ids.max() < 4 * len(ids) + 2**20:
        present = np.zeros(int(ids.max()) + 1, dtype=bool)
        present[ids] = True
        distinct = np.flatnonzero(present)
        position = np.cumsum(present) - 1
        return distinct.astype(np.int64), position[ids]
    distinct, position = np.unique(ids, return_inverse=True)
    return distinct, position.astype(np.int64)


def latest_of_each_pair(key: np.ndarray, stamps: np.ndarray) -> np.ndarray | None:
    """For ``key`` sorted (pairs repeated in the arrays' order), a mask keeping each pair's latest
    rating: the larger timestamp, the later element on a tie; ``None`` when no pair repeats."""
    if len(key) < 2:
        return None
    repeated = key[1:] == key[:-1]
    if not repeated.any():
        return None
    involved = np.zeros(len(key), dtype=bool)
    involved[1:] |= repeated
    involved[:-1] |= repeated
    (at,) = np.nonzero(involved)
    at = at[np.lexsort((at, stamps[at], key[at]))]
    last = np.ones(len(at), dtype=bool)
    last[:-1] = key[at][1:] != key[at][:-1]
    keep = ~involved
    keep[at[last]] = True
    return keep
