"""Predicted ratings: a baseline of biases plus what a movie's neighbours say, against the means."""

import numpy as np
import pytest

from airflow_movielens.predict import fit_baseline, predict_ratings
from airflow_movielens.ratings import Ratings
from airflow_movielens.recommend import RecommendOptions, recommend
from airflow_movielens.similarity import item_neighbours
from unit.movielens.tastes import TASTES, ratings_of


def test_the_baseline_is_the_mean_plus_damped_movie_then_user_biases():
    ratings = ratings_of([(1, 10, 5.0), (1, 20, 3.0), (2, 10, 4.0)])  # mean 4

    baseline = fit_baseline(ratings, movie_damping=1.0, user_damping=1.0)

    # Movie 10: (1 + 0) / (1 + 2); movie 20: -1 / (1 + 1).
    assert baseline.mean == 4.0
    assert baseline.movie_bias == pytest.approx([1 / 3, -1 / 2])
    # User 1: ((5 - 4 - 1/3) + (3 - 4 + 1/2)) / (1 + 2); user 2: (4 - 4 - 1/3) / (1 + 1).
    assert baseline.user_bias == pytest.approx([(2 / 3 - 1 / 2) / 3, -1 / 6])


def test_a_prediction_is_the_baseline_plus_the_neighbours_weighted_residuals():
    ratings = ratings_of(TASTES)
    model = item_neighbours(ratings)
    baseline = fit_baseline(ratings)

    # User 4 rated 10 and 40; 20's neighbours among them: 10 (cosine 0.75; 40 shares one rater only).
    [predicted] = predict_ratings(ratings, model, baseline, [4], [20], damping=1.0)

    u, i, j = 3, 1, 0  # positions of user 4, movie 20, movie 10
    residual = 5.0 - (baseline.mean + baseline.user_bias[u] + baseline.movie_bias[j])
    base = baseline.mean + baseline.user_bias[u] + baseline.movie_bias[i]
    assert predicted == pytest.approx(base + 0.75 * residual / (0.75 + 1.0))


def test_unknown_users_and_movies_get_what_is_known_and_stars_stay_on_the_scale():
    ratings = ratings_of([(1, 10, 5.0), (2, 10, 5.0), (1, 20, 5.0), (2, 20, 5.0), (3, 10, 5.0)])
    baseline = fit_baseline(ratings)

    predicted = predict_ratings(ratings, item_neighbours(ratings), baseline, [3, 99, 3], [20, 10, 99])

    assert predicted[0] == 5.0  # over 5 before clipping
    assert predicted[1] == pytest.approx(baseline.mean + baseline.movie_bias[0])
    assert predicted[2] == pytest.approx(baseline.mean + baseline.user_bias[2])


def planted(seed=3, users=300, movies=60):
    """Ratings = user bias + movie quality + a taste for one of two genres + noise; each user rated
    a third of the movies, and one more that is held out."""
    rng = np.random.default_rng(seed)
    bias, quality = rng.normal(0, 0.5, users), rng.normal(0, 0.7, movies)
    genre, likes = rng.integers(0, 2, movies), rng.integers(0, 2, users)
    rows = []
    for user in range(users):
        for movie in rng.choice(movies, movies // 3 + 1, replace=False):
            taste = 0.8 if genre[movie] == likes[user] else -0.8
            stars = np.clip(np.round((3.4 + bias[user] + quality[movie] + taste + rng.normal(0, 0.4)) * 2) / 2, 0.5, 5)
            rows.append((user + 1, movie + 1, float(stars)))
    return rows


def test_predictions_beat_the_user_mean_and_the_movie_mean_on_held_out_ratings():
    rows = planted()
    held = {}
    for user, movie, stars in rows:
        held[user] = (user, movie, stars)  # each user's last rating
    train = [r for r in rows if held[r[0]] != r]
    ratings = ratings_of(train)
    users, movies, truth = (np.array(c) for c in zip(*held.values(), strict=True))

    predicted = predict_ratings(ratings, item_neighbours(ratings), fit_baseline(ratings), users, movies)

    matrix = ratings.matrix
    user_mean = np.asarray(matrix.sum(axis=1)).ravel() / np.diff(matrix.indptr)
    movie_mean = np.asarray(matrix.sum(axis=0)).ravel() / np.bincount(matrix.indices, minlength=matrix.shape[1])
    rmse = {
        "predicted": np.sqrt(np.mean((predicted - truth) ** 2)),
        "user mean": np.sqrt(np.mean((user_mean[np.searchsorted(ratings.user_ids, users)] - truth) ** 2)),
        "movie mean": np.sqrt(np.mean((movie_mean[np.searchsorted(ratings.movie_ids, movies)] - truth) ** 2)),
    }
    assert rmse["predicted"] < min(rmse["user mean"], rmse["movie mean"]), rmse


def test_each_user_gets_expected_ratings_for_their_best_candidates():
    ratings = ratings_of(planted(users=40))
    result = recommend(ratings, RecommendOptions(top_n=3, expected_n=5))

    per_user = {}
    for entry in result.expected:
        per_user.setdefault(entry.userId, []).append(entry.movieId)
    picks = {}
    for pick in result.users:
        picks.setdefault(pick.userId, []).append(pick.movieId)
    assert all(len(movies) <= 5 for movies in per_user.values())
    assert all(set(picks[user]) <= set(per_user[user]) for user in picks)  # every pick has its stars
    assert all(0.5 <= entry.rating <= 5.0 for entry in result.expected)
    assert recommend(ratings, RecommendOptions(expected_n=0)).expected == []


def test_no_ratings_predict_nothing_but_the_mean():
    empty = Ratings.from_arrays([], [], [])
    assert predict_ratings(empty, item_neighbours(empty), fit_baseline(empty), [1], [2]).tolist() == [0.5]
