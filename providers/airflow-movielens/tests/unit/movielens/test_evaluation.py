"""The offline metrics the bench scores the recommender with."""

import math

import pytest

from airflow_movielens.evaluation import (
    evaluate,
    leave_last_k_out,
    ndcg_at_k,
    popular_movies,
    precision_at_k,
)
from airflow_movielens.ratings import Ratings


def test_precision_counts_hits_out_of_k():
    assert precision_at_k([1, 2, 3, 4], {2, 4, 9}, k=4) == 0.5
    assert precision_at_k([2], {2}, k=10) == 0.1  # a short list is not rewarded for being short


def test_ndcg_rewards_hits_near_the_top():
    assert ndcg_at_k([5, 1, 2], {5}, k=3) == 1.0
    assert ndcg_at_k([1, 5, 2], {5}, k=3) == pytest.approx(1 / math.log2(3))
    # Two relevant movies at ranks 1 and 3: (1 + 1/2) / (1 + 1/log2(3)).
    assert ndcg_at_k([5, 1, 6], {5, 6}, k=3) == pytest.approx(1.5 / (1 + 1 / math.log2(3)))
    assert ndcg_at_k([1, 2], set(), k=10) == 0.0


def test_leave_last_k_out_hides_each_users_latest_ratings():
    # User 1 rated five movies at times 5, 1, 4, 2, 3; user 2 only two (too few to evaluate).
    ratings = Ratings.from_arrays([1, 1, 1, 1, 1, 2, 2], [10, 20, 30, 40, 50, 10, 20], [4.0] * 7, [5, 1, 4, 2, 3, 1, 2])

    split = leave_last_k_out(ratings, k=2, min_train=3)

    assert split.held_out == {1: frozenset({10, 30})}
    assert len(split.train) == 5
    kept = split.train.movie_ids[split.train.matrix[0].indices].tolist()
    assert kept == [20, 40, 50]


def test_popularity_orders_by_raters_or_by_weighted_mean():
    ratings = Ratings.from_arrays([1, 2, 3, 1, 2, 1], [10, 10, 10, 20, 20, 30], [2.0, 2.0, 2.0, 5.0, 5.0, 5.0])
    assert popular_movies(ratings, by="count") == [10, 20, 30]
    assert popular_movies(ratings, by="weighted", min_ratings=1) == [20, 30, 10]


def test_evaluate_averages_over_held_out_users_and_counts_missing_lists_as_zero():
    scores = evaluate({1: [10, 20]}, {1: frozenset({10}), 2: frozenset({30})}, k=2)
    assert scores == {"users": 2, "precision": 0.25, "ndcg": 0.5}
