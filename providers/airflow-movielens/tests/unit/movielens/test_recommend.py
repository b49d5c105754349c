"""Item-to-item recommendations on datasets small enough to check by hand."""

import json
import math
import random

import pytest

from airflow_movielens.ratings import Ratings
from airflow_movielens.recommend import RecommendOptions, recommend, recommend_for_users
from airflow_movielens.results import write_recommendations_json
from airflow_movielens.similarity import item_neighbours, similar_movies
from unit.movielens.tastes import TASTES, ratings_of


def reference_similarity(rows, a, b):
    """Adjusted cosine of movies a and b, written out in plain Python."""
    by_user = {}
    for user, movie, rating in rows:
        by_user.setdefault(user, {})[movie] = rating
    centred = {user: {m: r - sum(rs.values()) / len(rs) for m, r in rs.items()} for user, rs in by_user.items()}
    dot = sum(c[a] * c[b] for c in centred.values() if a in c and b in c)
    norm_a = math.sqrt(sum(c[a] ** 2 for c in centred.values() if a in c))
    norm_b = math.sqrt(sum(c[b] ** 2 for c in centred.values() if b in c))
    return dot / (norm_a * norm_b)


def test_the_two_dramas_are_each_others_similar_movie_and_the_horror_film_is_nobodys():
    model = item_neighbours(ratings_of(TASTES), similarity="adjusted_cosine", min_support=2)

    similar = similar_movies(model, top_k=5)

    assert [(s.movieId, s.similarId, s.support, s.rank) for s in similar] == [(10, 20, 3, 1), (20, 10, 3, 1)]
    assert similar[0].score == pytest.approx(reference_similarity(TASTES, 10, 20), abs=1e-12)
    assert similar[0].score == pytest.approx(0.6918349352, abs=1e-9)


def test_the_default_cosine_counts_co_raters_whatever_their_stars():
    # 10 and 20 have four raters each and three in common: 3 / sqrt(4 * 4). So do 10 and 30, whose
    # raters disagree about them: this flavour asks who watched, not who liked.
    similar = similar_movies(item_neighbours(ratings_of(TASTES)), top_k=2)
    assert [(s.similarId, s.score) for s in similar if s.movieId == 10] == [(20, 0.75), (30, 0.75)]


def test_with_the_defaults_a_watched_movie_leads_to_what_its_watchers_also_watched():
    picks = recommend_for_users(item_neighbours(ratings_of(TASTES)), ratings_of(TASTES), users=[4])

    # User 4's 5 stars for 10 weigh 5 - 4.5 + 1; 40's neighbours 20 and 30 have one co-rater only.
    assert [(p.movieId, p.becauseId, p.score) for p in picks] == [(20, 10, 0.75 * 1.5), (30, 10, 0.75 * 1.5)]


def test_min_support_leaves_out_pairs_with_too_few_co_raters():
    # 10 and 20 share three raters: enough for min_support=3, not for 4.
    def pairs(min_support):
        return similar_movies(
            item_neighbours(ratings_of(TASTES), similarity="adjusted_cosine", min_support=min_support)
        )

    assert len(pairs(3)) == 2
    assert pairs(4) == []


def test_shrinkage_damps_a_similarity_by_its_support():
    plain = similar_movies(item_neighbours(ratings_of(TASTES)))[0].score
    shrunk = similar_movies(item_neighbours(ratings_of(TASTES), shrinkage=3.0))[0].score
    # 10 and 20 have three co-raters.
    assert shrunk == pytest.approx(plain * 3 / (3 + 3))


def test_users_get_unseen_movies_because_of_a_movie_they_rated():
    model = item_neighbours(ratings_of(TASTES), similarity="adjusted_cosine")
    picks = recommend_for_users(model, ratings_of(TASTES), top_n=5, seen_weight=0.0)

    # User 4 loved the drama 10 and has not seen 20; user 5 liked 20 and has not seen 10. Users 1-3
    # have seen both dramas: nothing similar is left for them.
    assert [(p.userId, p.movieId, p.becauseId, p.rank) for p in picks] == [(4, 20, 10, 1), (5, 10, 20, 1)]
    # User 4's ratings centred on their mean 4.5: the 5 counts +0.5 times the similarity.
    assert picks[0].score == pytest.approx(0.5 * reference_similarity(TASTES, 10, 20))


def test_a_user_with_a_single_rating_is_centred_on_everyones_mean():
    rows = [*TASTES, (6, 10, 5.0)]
    model = item_neighbours(ratings_of(rows), similarity="adjusted_cosine")
    picks = recommend_for_users(model, ratings_of(rows), users=[6], seen_weight=0.0)
    assert [(p.userId, p.movieId, p.becauseId) for p in picks] == [(6, 20, 10)]


def test_a_movie_rated_well_below_the_users_mean_does_not_lead_to_its_neighbours():
    # User 6 gave 10 one star and 40 four: 10 weighs 1 - 2.5 + seen_weight, negative for the default
    # seen_weight of 1, so 10's neighbour 20 is not picked; with seen_weight 2 watching 10 is enough.
    rows = [*TASTES, (6, 10, 1.0), (6, 40, 4.0)]
    model = item_neighbours(ratings_of(rows))

    assert 20 not in [p.movieId for p in recommend_for_users(model, ratings_of(rows), users=[6])]
    assert 20 in [p.movieId for p in recommend_for_users(model, ratings_of(rows), users=[6], seen_weight=2.0)]


def twins_dataset():
    """Movies 8 and 9 rated identically by everyone: equally similar to 7, to be ordered by id."""
    rows = []
    for user, (liked, other) in enumerate([(5.0, 2.0), (4.0, 1.0), (5.0, 3.0)], start=1):
        rows += [(user, 7, liked), (user, 8, liked), (user, 9, liked), (user, 1, other)]
    rows += [(4, 9, 5.0), (4, 8, 5.0), (4, 1, 1.0)]  # has not seen 7
    return rows


def test_ties_are_broken_by_the_smaller_movie_id_whatever_the_input_order():
    rows = twins_dataset()
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)

    options = RecommendOptions(top_k=2, top_n=3, similarity="adjusted_cosine", model="knn", shrinkage=0.0)
    first = recommend(ratings_of(rows), options)
    second = recommend(ratings_of(shuffled), options)

    assert first == second
    assert [(s.similarId, s.rank) for s in first.similar if s.movieId == 7] == [(8, 1), (9, 2)]
    # User 4's 8 and 9 contribute equally to movie 7: "because" names the smaller id.
    assert [(u.movieId, u.becauseId) for u in first.users if u.userId == 4] == [(7, 8)]


def test_neighbours_keeps_only_the_most_similar_movies():
    model = item_neighbours(ratings_of(twins_dataset()), similarity="adjusted_cosine", neighbours=1)
    # 8 and 9 are closest to each other (user 4 rated both, not 7).
    assert [(s.movieId, s.similarId) for s in similar_movies(model)] == [(7, 8), (8, 9), (9, 8)]


def test_a_changed_rating_replaces_the_earlier_one():
    ratings = Ratings.from_arrays([1, 1, 2], [10, 10, 10], [1.0, 4.5, 3.0], [100, 200, 150])
    assert ratings.matrix.toarray().tolist() == [[4.5], [3.0]]
    assert len(ratings) == 2


@pytest.mark.parametrize(
    "arguments", [{"neighbours": 0}, {"min_support": 0}, {"shrinkage": -1.0}, {"similarity": "pearson"}]
)
def test_bad_parameters_are_errors(arguments):
    with pytest.raises(ValueError, match=next(iter(arguments))):
        item_neighbours(ratings_of(TASTES), **arguments)


@pytest.mark.parametrize(
    "arguments", [{"neighbours": 0}, {"min_support": 0}, {"shrinkage": -1.0}, {"similarity": "pearson"}, {"top_k": 0}]
)
def test_bad_options_are_errors_when_made(arguments):
    with pytest.raises(ValueError, match=next(iter(arguments))):
        RecommendOptions(**arguments)


def test_the_publish_body_lists_entries_best_first(tmp_path):
    output = tmp_path / "recommendations" / "2026-01-05.json"
    count = write_recommendations_json(
        recommend(
            ratings_of(TASTES),
            RecommendOptions(similarity="adjusted_cosine", seen_weight=0.0, shrinkage=0.0, model="knn"),
        ),
        output,
    )

    body = json.loads(output.read_text())
    assert count == 4 + len(body["expected"])
    assert body["similar"][0] == {"movieId": 10, "similarId": 20, "score": pytest.approx(0.6918349352)}
    assert body["users"][0] == {"userId": 4, "movieId": 20, "becauseId": 10, "score": pytest.approx(0.3459174676)}


def test_no_ratings_give_no_recommendations():
    result = recommend(Ratings.from_arrays([], [], []))
    assert result.similar == [] and result.users == []
