"""The models rank only the most-rated movies (``max_movies``), from one count of co-raters shared by
item-kNN and EASE; the count, its dense and sparse routes, and the ratings matrix built without a
sort when the partitions come sorted."""

import numpy as np
import pytest

from airflow_movielens import blocks, gram
from airflow_movielens.ease import ease_from_gram
from airflow_movielens.picks import ease_picks
from airflow_movielens.ratings import Ratings
from airflow_movielens.recommend import MAX_MOVIES, RecommendOptions, recommend
from airflow_movielens.similarity import gram_neighbours, item_neighbours, similar_movies
from unit.movielens.test_block_scoring import random_ratings


def who_rated(ratings):
    return (ratings.matrix.toarray() != 0).astype(np.float64)


@pytest.mark.parametrize("dense_share", [1e-9, 1 / 16, 0.3, 2.0])  # every user dense … every user sparse
def test_the_co_rater_counts_are_x_transpose_x_by_either_route(monkeypatch, dense_share):
    monkeypatch.setattr(gram, "DENSE_SHARE", dense_share)
    monkeypatch.setattr(gram, "_DENSE_VALUES", 7 * 40)  # blocks of 7 users
    monkeypatch.setattr(gram, "_SPARSE_VALUES", 3 * 40)  # blocks of 3 movies, bands of 3 rows
    ratings = random_ratings(7, users=60, movies=40, count=900)
    rated = who_rated(ratings)

    counts = gram.rated_gram(ratings.matrix)

    assert counts.dtype == np.float32 and counts.flags.c_contiguous
    assert np.array_equal(counts, rated.T @ rated)


def test_ease_from_the_counts_is_the_closed_form_inverse():
    ratings = random_ratings(8, users=60, movies=40, count=900)
    rated = who_rated(ratings)
    inverse = np.linalg.inv(rated.T @ rated + 30.0 * np.eye(rated.shape[1]))
    expected = -inverse / np.diag(inverse)
    np.fill_diagonal(expected, 0.0)

    model = ease_from_gram(ratings.movie_ids, gram.rated_gram(ratings.matrix), 30.0)

    assert model.weights == pytest.approx(expected, abs=1e-5)


@pytest.mark.parametrize(
    "settings",
    [
        {"neighbours": 100, "min_support": 2, "shrinkage": 0.0},
        {"neighbours": 5, "min_support": 1, "shrinkage": 10.0},
        {"neighbours": 3, "min_support": 3, "shrinkage": 2.5},
    ],
)
@pytest.mark.parametrize("seed", [1, 2])
def test_neighbours_from_the_counts_are_item_knn_s(monkeypatch, seed, settings):
    monkeypatch.setattr(blocks, "BLOCK_WORK", 300)
    ratings = random_ratings(seed)

    fast = gram_neighbours(ratings.movie_ids, gram.rated_gram(ratings.matrix), **settings)
    usual = item_neighbours(ratings, similarity="cosine", **settings)

    assert similar_movies(fast, 4) == similar_movies(usual, 4)
    assert (fast.similarity != usual.similarity).nnz == 0
    assert (fast.support != usual.support).nnz == 0


def test_the_head_is_the_most_rated_movies_ties_to_the_smaller_id():
    # Movie 30 has three ratings, 10 and 20 two each, 40 one.
    ratings = Ratings.from_arrays([1, 1, 2, 2, 3, 3, 4, 4], [30, 20, 30, 10, 30, 20, 10, 40], [4.0] * 8)

    head = ratings.head(2)

    assert head.movie_ids.tolist() == [10, 30]
    assert head.user_ids.tolist() == [1, 2, 3, 4]  # every user keeps their row
    assert head.matrix.toarray().tolist() == [[0, 4], [4, 4], [0, 4], [4, 0]]
    assert ratings.head(4) is ratings


@pytest.mark.parametrize("model", ["knn", "ease"])
def test_movies_outside_the_head_are_never_picked_similar_or_expected(model):
    ratings = random_ratings(3, users=80, movies=40, count=1200)
    counts = np.bincount(ratings.matrix.indices, minlength=len(ratings.movie_ids))
    head = set(ratings.movie_ids[np.argsort(-counts, kind="stable")[:15]].tolist())

    result = recommend(ratings, RecommendOptions(model=model, max_movies=15, ease_l2=10.0))

    assert result.users and result.similar and result.expected
    assert {p.movieId for p in result.users} <= head and {p.becauseId for p in result.users} <= head
    assert {s.movieId for s in result.similar} | {s.similarId for s in result.similar} <= head
    assert {e.movieId for e in result.expected} <= head


@pytest.mark.parametrize("model", ["knn", "ease"])
def test_a_cap_at_or_above_the_catalogue_changes_nothing(model):
    ratings = random_ratings(4, users=80, movies=40, count=1200)
    n_movies = len(ratings.movie_ids)
    options = RecommendOptions(model=model, ease_l2=10.0, max_movies=10**9)

    assert recommend(ratings, RecommendOptions(model=model, ease_l2=10.0, max_movies=n_movies)) == recommend(
        ratings, options
    )


def test_ease_and_item_knn_from_one_count_give_what_each_gives_alone(monkeypatch):
    ratings = random_ratings(5, users=80, movies=40, count=1200)
    together = recommend(ratings, RecommendOptions(model="ease", ease_l2=10.0))
    # adjusted cosine takes the separate route: item-kNN's own products, then EASE fitted alone.
    apart = recommend(ratings, RecommendOptions(model="ease", ease_l2=10.0, similarity="adjusted_cosine"))
    knn = recommend(ratings, RecommendOptions(model="knn"))

    assert together.model == apart.model == "ease"
    assert together.similar == knn.similar
    assert [(p.userId, p.movieId, p.becauseId, p.rank) for p in together.users] == [
        (p.userId, p.movieId, p.becauseId, p.rank) for p in apart.users
    ]


@pytest.mark.parametrize("value", [0, -1, 2.5, True, "10"])
def test_a_bad_cap_is_an_error_naming_it(value):
    with pytest.raises(ValueError, match="max_movies must be a positive integer"):
        RecommendOptions(max_movies=value)
    assert RecommendOptions().max_movies == MAX_MOVIES


def test_the_latest_of_a_repeated_pair_wins_the_later_one_on_a_tie():
    ratings = Ratings.from_arrays([7, 7, 7, 7, 3], [2, 2, 2, 5, 2], [1.0, 4.0, 3.0, 2.0, 5.0], [10, 30, 30, 5, 1])
    assert ratings.matrix.toarray().tolist() == [[5.0, 0.0], [3.0, 2.0]]
    assert ratings.timestamps.toarray().tolist() == [[1, 0], [30, 5]]


@pytest.mark.parametrize("offset", [0, -(10**12), 10**12])  # ids counted from 1, or far from 0 (no table)
def test_ratings_read_in_order_make_the_same_matrix_as_shuffled_ones(offset):
    rng = np.random.default_rng(9)
    users, movies = rng.integers(1, 30, 500) + offset, rng.integers(1, 50, 500) * 1000 + offset
    stars, stamps = rng.integers(1, 11, 500) / 2, rng.integers(0, 20, 500)  # repeated pairs, tied stamps
    order = np.lexsort((np.arange(500), stamps, movies, users))

    shuffled = Ratings.from_arrays(users, movies, stars, stamps)
    in_order = Ratings.from_arrays(users[order], movies[order], stars[order], stamps[order])

    assert np.array_equal(shuffled.user_ids, in_order.user_ids)
    assert np.array_equal(shuffled.movie_ids, in_order.movie_ids)
    assert (shuffled.matrix != in_order.matrix).nnz == 0 and (shuffled.timestamps != in_order.timestamps).nnz == 0
    assert shuffled.matrix.has_sorted_indices and in_order.matrix.has_sorted_indices


@pytest.mark.parametrize("budget", [1, 700])
def test_ease_picks_a_block_of_users_at_a_time_are_the_picks_of_one_block(monkeypatch, budget):
    ratings = random_ratings(6, users=80, movies=40, count=1200)
    model = ease_from_gram(ratings.movie_ids, gram.rated_gram(ratings.matrix), 10.0)
    everyone = np.arange(len(ratings.user_ids))
    whole = ease_picks(model, ratings, top_n=5, rows=everyone)

    monkeypatch.setattr(blocks, "BLOCK_WORK", budget)  # one user per block, or a few
    in_blocks = ease_picks(model, ratings, top_n=5, rows=everyone)

    assert len(whole.rows) and all(np.array_equal(a, b) for a, b in zip(whole, in_blocks, strict=True))
    assert (whole.because >= 0).all()
