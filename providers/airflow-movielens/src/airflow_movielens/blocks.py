"""Top-N per row of sparse score blocks, and the blocks themselves: how the recommender scores all
movies or all users without a Python loop per movie or per user, in bounded memory.

Scores are sparse matrix products computed a block of rows at a time (:func:`row_blocks` sizes the
blocks by the work each row will take, so a block holds about the same number of values whatever the
data's shape); :func:`top_per_row` then keeps each row's best entries with one sort over the block's
entries. Every "top" here is the largest value first and, on a tie, the smaller column: the order the
rest of the provider promises.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

# The work (multiply-adds, which bound the entries of a product's block) a block is sized for: about
# 50 MB of scores and their indices at the most.
BLOCK_WORK = 4_000_000


def is_dense(block: sp.csr_matrix) -> bool:
    """Whether a product's block is better handled as a dense array: a quarter of it or more filled."""
    return bool(block.nnz * 4 >= block.shape[0] * block.shape[1])


class TopEntries(NamedTuple):
    """The kept entries of a block, row by row, each row's best first: ``rank`` counts from 1, and
    ``positions`` is each entry's position in the arrays given (to pick parallel arrays with)."""

    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    rank: np.ndarray
    positions: np.ndarray


def row_blocks(work: np.ndarray, budget: int | None = None) -> Iterator[tuple[int, int]]:
    """``(start, stop)`` ranges of rows whose ``work`` adds up to about ``budget`` each (default
    :data:`BLOCK_WORK`; one row at least per block, however much work it takes)."""
    budget = BLOCK_WORK if budget is None else budget
    total = np.cumsum(np.asarray(work, dtype=np.float64))
    start, n = 0, len(total)
    while start < n:
        done = total[start - 1] if start else 0.0
        stop = int(np.searchsorted(total, done + budget, side="right"))
        stop = min(max(stop, start + 1), n)
        yield start, stop
        start = stop


def lookup(rows: np.ndarray, cols: np.ndarray, matrix: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """``(present, values)``: whether ``matrix`` (CSR, sorted indices) stores ``(rows[k], cols[k])``,
    and the value stored there (0 where absent)."""
    width = np.int64(matrix.shape[1])
    keys = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr)) * width + matrix.indices
    wanted = rows.astype(np.int64) * width + cols
    found = np.searchsorted(keys, wanted)
    found[found == len(keys)] = 0
    present = keys[found] == wanted if len(keys) else np.zeros(len(wanted), dtype=bool)
    values = np.where(present, matrix.data[found] if len(keys) else 0.0, 0.0)
    return present, values


def rank_within_rows(rows: np.ndarray, n_rows: int) -> np.ndarray:
    """For entries sorted by row, each one's position within its row, from 1."""
    firsts = np.searchsorted(rows, np.arange(n_rows))
    return np.asarray(np.arange(1, len(rows) + 1) - firsts[rows])


def top_per_row(
    rows: np.ndarray, cols: np.ndarray, values: np.ndarray, n_rows: int, n: int, keep: np.ndarray | None = None
) -> TopEntries:
    """Each row's ``n`` largest positive finite ``values`` (entries given as parallel arrays, in any
    order), largest first and on a tie the smaller column; ``keep`` (a mask) leaves entries out first."""
    usable = (values > 0) & np.isfinite(values)
    if keep is not None:
        usable &= keep
    (index,) = np.nonzero(usable)
    index = index[np.lexsort((cols[index], -values[index], rows[index]))]
    rank = rank_within_rows(rows[index], n_rows)
    best = rank <= n
    index = index[best]
    return TopEntries(rows[index], cols[index], values[index], rank[best], index)


def top_per_dense_row(scores: np.ndarray, n: int, offset: int = 0) -> TopEntries:
    """:func:`top_per_row` of a dense block (``positions`` are flat indices into it): a partial
    sort per row finds each row's ``n``-th value; only the entries at or above it are sorted. No NaN
    (use ``-inf`` for what must not be picked); ``offset`` is added to the rows."""
    if n < scores.shape[1]:
        nth = np.partition(scores, scores.shape[1] - n, axis=1)[:, scores.shape[1] - n]
        rows, cols = np.nonzero(scores >= nth[:, None])
    else:
        rows, cols = np.nonzero(np.isfinite(scores))
    best = top_per_row(rows, cols, scores[rows, cols], scores.shape[0], n)
    return best._replace(rows=best.rows + offset, positions=best.rows * scores.shape[1] + best.cols)


def sparse_entries(block: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A CSR block's stored entries as ``(rows, cols, values)``."""
    rows = np.repeat(np.arange(block.shape[0]), np.diff(block.indptr))
    return rows, block.indices, block.data
