"""Co-rater counts: the dense movies × movies matrix ``XᵀX`` of who rated what, which both models
start from (item-kNN's cosine is ``XᵀX[i, j] / sqrt(XᵀX[i, i] · XᵀX[j, j])``; EASE inverts
``XᵀX + λI``).

``X`` is the users × movies matrix with 1 where a user rated a movie. A user with ``c`` ratings adds
``c²`` terms to ``XᵀX``, so the work is ``Σ c²`` over users: about 1.5e10 for MovieLens 25M, whose
heaviest users rated thousands of movies. Light users go through a sparse product (``c²``
multiply-adds each); users with a sizeable share of the catalogue are densified a block at a time and
added with BLAS's ``ssyrk`` (``n²/2`` multiply-adds each, but at the machine's full speed, on every
core): the dense route wins once ``c`` passes a fraction of ``n`` (:data:`DENSE_SHARE`).

Counts are float32, exact up to 2²⁴ (16.7 million) co-raters.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg.blas
import scipy.sparse as sp

#: A user with at least this share of the catalogue rated is added through the dense route.
DENSE_SHARE = 1 / 25
# Values per dense block (users × movies, float32: 256 MB) and per block of the sparse product.
_DENSE_VALUES = 64_000_000
_SPARSE_VALUES = 8_000_000


def rated_gram(rated: sp.csr_matrix) -> np.ndarray:
    """``XᵀX`` (float32, C order, n × n) of a users × movies CSR matrix whose stored entries mean
    "rated" (their values are ignored)."""
    n = rated.shape[1]
    gram = np.zeros((n, n), dtype=np.float32)
    if n == 0 or rated.nnz == 0:
        return gram
    counts = np.diff(rated.indptr)
    heavy = np.flatnonzero(counts >= max(1.0, n * DENSE_SHARE))
    light = np.flatnonzero((counts > 0) & (counts < max(1.0, n * DENSE_SHARE)))
    ones = sp.csr_matrix((np.ones(rated.nnz, dtype=np.float32), rated.indices, rated.indptr), shape=rated.shape)
    if len(light):
        add_sparse(gram, ones[light])
    if len(heavy):
        add_dense(gram, ones[heavy])
    return gram


def add_sparse(gram: np.ndarray, rated: sp.csr_matrix) -> None:
    """``gram += XᵀX`` through sparse products, a block of columns at a time (the whole product
    held sparse would take more memory than the dense result)."""
    by_movie = rated.T.tocsr()
    n = gram.shape[1]
    step = max(1, _SPARSE_VALUES // n)
    for start in range(0, n, step):
        gram[:, start : start + step] += (by_movie @ rated[:, start : start + step]).toarray()


def add_dense(gram: np.ndarray, rated: sp.csr_matrix) -> None:
    """``gram += XᵀX`` a block of users at a time, densified, through ``ssyrk``, which adds to one
    triangle only; the other is mirrored from it at the end (so ``gram`` must be symmetric before)."""
    n = gram.shape[1]
    step = max(1, _DENSE_VALUES // n)
    # gram.T is the same symmetric matrix in the Fortran order BLAS writes in place; ssyrk with
    # trans=1 adds AᵀA for A the users × movies block (given as its Fortran-order transpose, movies × users).
    target = gram.T
    for start in range(0, rated.shape[0], step):
        block = rated[start : start + step].toarray().T  # movies × users, Fortran order
        # lower=0: the upper triangle of the Fortran view, which is gram's lower triangle.
        target = scipy.linalg.blas.ssyrk(1.0, block, beta=1.0, c=target, trans=0, lower=0, overwrite_c=1)
    mirror_lower(gram)


def mirror_lower(matrix: np.ndarray) -> None:
    """Copy the strict lower triangle of ``matrix`` (where ``ssyrk`` added) over its upper triangle,
    in place, a band of rows at a time."""
    n = matrix.shape[0]
    step = max(1, _SPARSE_VALUES // max(n, 1))
    for start in range(0, n, step):
        stop = min(start + step, n)
        matrix[start:stop, stop:] = matrix[stop:, start:stop].T
        corner = matrix[start:stop, start:stop]
        upper = np.triu_indices(stop - start, 1)
        corner[upper] = corner.T[upper]
