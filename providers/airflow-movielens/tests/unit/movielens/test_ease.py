"""EASE beside item-kNN: Steck's closed form, its memory limit, and picks ranked by it."""

import logging

import numpy as np
import pytest

from airflow_movielens.ease import ease_memory, fit_ease
from airflow_movielens.picks import ease_picks
from airflow_movielens.recommend import RecommendOptions, recommend
from unit.movielens.tastes import TASTES, ratings_of


def test_the_weights_are_steck_s_closed_form_with_a_zero_diagonal():
    ratings = ratings_of(TASTES)
    rated = (ratings.matrix.toarray() > 0).astype(float)
    inverse = np.linalg.inv(rated.T @ rated + 2.0 * np.eye(rated.shape[1]))
    expected = -inverse / np.diag(inverse)  # B = I - P diag(1/diag(P)), diagonal set to 0
    np.fill_diagonal(expected, 0.0)

    model = fit_ease(ratings, l2=2.0)

    assert model.weights.dtype == np.float32
    assert model.weights == pytest.approx(expected, abs=1e-5)


def test_ease_picks_are_unseen_best_first_and_name_a_rated_movie():
    ratings = ratings_of(TASTES)
    model = fit_ease(ratings, l2=1.0)

    picks = ease_picks(model, ratings, top_n=2, rows=np.arange(len(ratings.user_ids))).recommendations(ratings, 2)

    rated = {(u, m) for u, m, _ in TASTES}
    assert picks and all((p.userId, p.movieId) not in rated for p in picks)
    assert all((p.userId, p.becauseId) in rated for p in picks)
    user_4 = [p for p in picks if p.userId == 4]
    assert [p.rank for p in user_4] == list(range(1, len(user_4) + 1))
    assert sorted((p.score for p in user_4), reverse=True) == [p.score for p in user_4]


def test_recommend_with_ease_ranks_the_picks_and_keeps_knn_s_similar_movies():
    knn = recommend(ratings_of(TASTES), RecommendOptions(model="knn"))
    ease = recommend(ratings_of(TASTES), RecommendOptions(model="ease", ease_l2=1.0))

    assert (knn.model, ease.model) == ("knn", "ease")
    assert ease.similar == knn.similar
    assert {(p.userId, p.movieId) for p in ease.users} != {(p.userId, p.movieId) for p in knn.users}


def test_above_its_movie_limit_ease_falls_back_to_knn_and_says_so(caplog):
    # Four movies: 64 bytes of weights, over a limit of three movies.
    assert ease_memory(4) == 64
    with pytest.raises(ValueError, match="more than ease_max_movies=3"):
        fit_ease(ratings_of(TASTES), max_movies=3)

    with caplog.at_level(logging.WARNING):
        result = recommend(ratings_of(TASTES), RecommendOptions(model="ease", ease_max_movies=3))

    assert result.model == "knn"
    assert result.users == recommend(ratings_of(TASTES), RecommendOptions(model="knn")).users
    assert "instead of EASE" in caplog.text


@pytest.mark.parametrize("arguments", [{"model": "svd"}, {"ease_l2": 0.0}, {"ease_max_movies": 0}, {"expected_n": -1}])
def test_bad_model_options_are_errors(arguments):
    with pytest.raises(ValueError, match=next(iter(arguments))):
        RecommendOptions(**arguments)
