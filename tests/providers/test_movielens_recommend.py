"""The recommender against the sandbox's ratings generator: the bench's headline, kept honest.

It lives here rather than with the provider's tests because the generator is WatchB's (Django) code.
"""

import datetime as dt

from airflow_movielens.evaluation import evaluate, leave_last_k_out, popular_for_users, popular_movies
from airflow_movielens.ratings import Ratings
from airflow_movielens.recommend import recommend_for_users
from airflow_movielens.similarity import item_neighbours


def test_on_the_generators_planted_tastes_it_beats_popularity():
    """The bench's headline, kept honest: the sandbox's default week (generateratings' defaults over
    the sandbox's 300 films), each user's last two ratings held out."""
    from watchb.sandbox.ratings_generator import plan_ratings

    plan = list(plan_ratings(range(1, 301), users=200, days=7, per_day=2000, seed=42, last_day=dt.date(2026, 1, 11)))
    ratings = Ratings.from_arrays(
        [r.user_index for r in plan],
        [r.movie_id for r in plan],
        [float(r.rating) for r in plan],
        [int(r.rated_at.timestamp()) for r in plan],
    )
    split = leave_last_k_out(ratings, k=2)
    users = sorted(split.held_out)

    picks = {}
    for pick in recommend_for_users(item_neighbours(split.train), split.train, users=users):
        picks.setdefault(pick.userId, []).append(pick.movieId)
    popular = popular_for_users(split.train, popular_movies(split.train), users)

    ours, baseline = evaluate(picks, split.held_out), evaluate(popular, split.held_out)
    assert ours["users"] == baseline["users"] > 150
    assert ours["precision"] > 1.2 * baseline["precision"]
    assert ours["ndcg"] > baseline["ndcg"]
