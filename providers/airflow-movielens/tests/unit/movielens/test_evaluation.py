"""The offline metrics the bench scores the recommender with."""

import math

import pytest

from airflow_movielens.evaluation import (
    evaluate,
    hold_out_latest,
    leave_last_k_out,
    ndcg_at_k,
    popular_movies,
    precision_at_k,
    recall_at_k,
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
    assert scores == {"users": 2, "precision": 0.25, "recall": 0.5, "ndcg": 0.5}


def test_the_latest_fifth_of_each_users_ratings_is_held_out_with_their_stars():
    # User 1: ten ratings at times 0..9; user 2: four (too few to be evaluated).
    rows = [(1, movie, 1.0 + movie % 4, movie) for movie in range(10)] + [(2, m, 3.0, m) for m in range(4)]
    split = hold_out_latest(Ratings.from_arrays(*zip(*rows, strict=True)), share=0.2)

    assert split.held_out == {1: frozenset({8, 9})}
    assert len(split.train) == 12
    assert sorted(zip(split.hidden_movies.tolist(), split.hidden_stars.tolist(), strict=True)) == [(8, 1.0), (9, 2.0)]


def test_timestamp_ties_are_broken_at_random_with_a_fixed_seed_not_by_id():
    # Twenty movies all rated in the same second: which four are "latest" is up to the seed.
    ratings = Ratings.from_arrays([1] * 20, list(range(20)), [4.0] * 20, [100] * 20)

    splits = [hold_out_latest(ratings, seed=seed).held_out[1] for seed in (0, 0, 1, 2)]

    assert splits[0] == splits[1]  # the same seed, the same split
    assert len(set(splits)) > 1  # another seed, another one
    assert all(len(held) == 4 for held in splits)
    assert frozenset(range(16, 20)) not in splits[2:]  # not simply the largest ids


def test_recall_counts_hits_out_of_what_could_be_found():
    assert recall_at_k([1, 2, 3], {2, 9}, k=3) == 0.5
    assert recall_at_k([1, 2], set(range(20)), k=2) == 1.0
    assert evaluate({1: [2]}, {1: frozenset({2})}, k=1)["recall"] == 1.0
