"""The recommender as it was before block scoring (issue 12): one Python loop per movie for the
neighbours and one per user for the picks. Kept as the slow reference the vectorised code must agree
with on small data (same picks, same order), and that ``bench/recommend.py`` times beside it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from airflow_movielens.ratings import Ratings
from airflow_movielens.recommend import UserRecommendation, user_weights
from airflow_movielens.similarity import ItemNeighbours, centred, check_neighbourhood

_BLOCK_VALUES = 4_000_000


def slow_item_neighbours(
    ratings: Ratings,
    *,
    similarity: str = "cosine",
    neighbours: int = 100,
    min_support: int = 2,
    shrinkage: float = 0.0,
) -> ItemNeighbours:
    """The per-movie loop ``similarity.item_neighbours`` replaced, kept as the reference it must
    match: the same arguments, the same neighbours, order and scores."""
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


def slow_recommend_for_users(
    model: ItemNeighbours,
    ratings: Ratings,
    *,
    top_n: int = 10,
    users: Iterable[int] | None = None,
    seen_weight: float = 1.0,
) -> list[UserRecommendation]:
    """The per-user loop ``picks.recommend_for_users`` replaced, kept as the reference it must
    match: the same arguments, the same picks, order and scores."""
    if not np.array_equal(model.movie_ids, ratings.movie_ids):
        raise ValueError("the model was built from other ratings (its movies differ)")
    weights = user_weights(ratings, seen_weight)
    # Column j of the similarity matrix lists the movies i that have j as a neighbour: the movies a
    # rating of j speaks for.
    by_neighbour = model.similarity.tocsc()
    ids = ratings.movie_ids
    if users is None:
        rows: Sequence[int] = range(len(ratings.user_ids))
    else:
        wanted = np.unique(np.asarray(list(users), dtype=np.int64))
        positions = np.searchsorted(ratings.user_ids, wanted)
        known = len(ratings.user_ids)
        rows = [int(p) for p, u in zip(positions, wanted, strict=True) if p < known and ratings.user_ids[p] == u]
    result = []
    for row in rows:
        lo, hi = weights.indptr[row], weights.indptr[row + 1]
        seen, seen_weights = weights.indices[lo:hi], weights.data[lo:hi]
        # Every (candidate, rated movie) term sim(candidate, rated) * weight(rated), as flat arrays.
        starts, ends = by_neighbour.indptr[seen], by_neighbour.indptr[seen + 1]
        lengths = ends - starts
        if not lengths.sum():
            continue
        take = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends, strict=False)])
        candidates = by_neighbour.indices[take]
        sources = np.repeat(seen, lengths)
        terms = by_neighbour.data[take] * np.repeat(seen_weights, lengths)
        scores = np.bincount(candidates, weights=terms, minlength=len(ids))
        scores[seen] = 0.0
        (picks,) = np.nonzero(scores > 0)
        if not len(picks):
            continue
        picks = picks[np.lexsort((picks, -scores[picks]))[:top_n]]
        # The largest term of each candidate (on a tie the smaller movie id): its "because".
        order = np.lexsort((sources, -terms, candidates))
        first = np.ones(len(order), dtype=bool)
        first[1:] = candidates[order][1:] != candidates[order][:-1]
        because = dict(zip(candidates[order][first].tolist(), sources[order][first].tolist(), strict=False))
        user_id = int(ratings.user_ids[row])
        for rank, movie in enumerate(picks.tolist(), start=1):
            result.append(
                UserRecommendation(user_id, int(ids[movie]), int(ids[because[movie]]), float(scores[movie]), rank)
            )
    return result
