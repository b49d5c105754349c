"""Block scoring (sparse products over blocks of users or movies, top-N by one sort per block) gives
what the per-user and per-movie loops it replaced gave: the same picks, in the same order, with the
same scores, on data small enough for the loops."""

import numpy as np
import pytest

from airflow_movielens import blocks
from airflow_movielens.ratings import Ratings
from airflow_movielens.recommend import recommend_for_users
from airflow_movielens.similarity import item_neighbours, similar_movies
from unit.movielens.reference import slow_item_neighbours, slow_recommend_for_users


def random_ratings(seed, users=60, movies=40, count=700):
    """Skewed popularity, half-star ratings, many ties (coarse ratings, duplicated tastes)."""
    rng = np.random.default_rng(seed)
    popularity = 1 / np.arange(1, movies + 1) ** 0.8
    return Ratings.from_arrays(
        rng.integers(1, users + 1, count) * 3,
        rng.choice(np.arange(1, movies + 1) * 7, count, p=popularity / popularity.sum()),
        rng.integers(1, 11, count) / 2,
        rng.integers(0, 1000, count),
    )


SETTINGS = [
    {"similarity": "cosine", "neighbours": 100, "min_support": 2, "shrinkage": 0.0},
    {"similarity": "cosine", "neighbours": 5, "min_support": 1, "shrinkage": 10.0},
    {"similarity": "adjusted_cosine", "neighbours": 8, "min_support": 2, "shrinkage": 0.0},
    {"similarity": "adjusted_cosine", "neighbours": 3, "min_support": 3, "shrinkage": 2.5},
]


@pytest.mark.parametrize("settings", SETTINGS)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_neighbours_are_the_per_movie_loops(seed, settings, monkeypatch):
    monkeypatch.setattr(blocks, "BLOCK_WORK", 300)  # many blocks, even on small data
    ratings = random_ratings(seed)

    fast, slow = item_neighbours(ratings, **settings), slow_item_neighbours(ratings, **settings)

    assert similar_movies(fast, 4) == similar_movies(slow, 4)
    assert (fast.similarity != slow.similarity).nnz == 0
    assert (fast.support != slow.support).nnz == 0


@pytest.mark.parametrize("settings", SETTINGS)
@pytest.mark.parametrize("seed", [4, 5, 6])
@pytest.mark.parametrize("budget", [1, 500, 10**9])
def test_the_picks_are_the_per_user_loops(seed, settings, budget):
    ratings = random_ratings(seed)
    model = slow_item_neighbours(ratings, **settings)
    users = [3, 6, 9, 30, 99, 120, 123456]  # some unknown

    for everyone in (None, users):
        for seen_weight in (0.0, 1.0):
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(blocks, "BLOCK_WORK", budget)
                picks = recommend_for_users(model, ratings, top_n=6, users=everyone, seen_weight=seen_weight)
            expected = slow_recommend_for_users(model, ratings, top_n=6, users=everyone, seen_weight=seen_weight)
            assert picks == expected
            assert picks  # something was recommended
