"""Item-to-item recommendations on datasets small enough to check by hand, and the offline metrics."""

import datetime as dt
import json
import math
import random

import pytest
import responses

from airflow_movielens.evaluation import (
    evaluate,
    leave_last_k_out,
    ndcg_at_k,
    popular_for_users,
    popular_movies,
    precision_at_k,
)
from airflow_movielens.operators import (
    MovielensPublishRecommendationsOperator,
    MovielensRecommendOperator,
    write_ratings_json,
    write_ratings_parquet,
)
from airflow_movielens.recommend import (
    Ratings,
    item_neighbours,
    partitions_up_to,
    read_partitions,
    recommend,
    recommend_for_users,
    similar_movies,
    write_recommendations_json,
)

# Three fans of the two dramas 10 and 20 who dislike the horror film 30 (and one who is the other way
# round), and two users who have each seen only part of it.
TASTES = [
    (1, 10, 5.0),
    (1, 20, 5.0),
    (1, 30, 1.0),
    (2, 10, 4.0),
    (2, 20, 5.0),
    (2, 30, 2.0),
    (2, 40, 3.0),
    (3, 10, 1.0),
    (3, 20, 2.0),
    (3, 30, 5.0),
    (4, 10, 5.0),
    (4, 40, 4.0),
    (5, 20, 4.5),
    (5, 30, 2.5),
]


def ratings_of(rows):
    return Ratings.from_arrays(*zip(*rows, strict=False))


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

    first = recommend(ratings_of(rows), top_k=2, top_n=3, similarity="adjusted_cosine")
    second = recommend(ratings_of(shuffled), top_k=2, top_n=3, similarity="adjusted_cosine")

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


def test_partitions_up_to_a_day_in_both_formats_are_read_together(tmp_path):
    records = [
        {"userId": u, "movieId": m, "rating": r, "timestamp": 1_767_571_200 + i} for i, (u, m, r) in enumerate(TASTES)
    ]
    write_ratings_json(records[:7], tmp_path / "2026-01-05.json")
    write_ratings_parquet(records[7:], tmp_path / "2026-01-06.parquet")
    write_ratings_json(
        [{"userId": 9, "movieId": 10, "rating": 5.0, "timestamp": 1_767_830_400}], tmp_path / "2026-01-08.json"
    )
    (tmp_path / "notes.txt").write_text("not a partition")

    paths = partitions_up_to(tmp_path, "2026-01-07")

    assert [p.name for p in paths] == ["2026-01-05.json", "2026-01-06.parquet"]
    assert read_partitions(paths).matrix.toarray().tolist() == ratings_of(TASTES).matrix.toarray().tolist()
    assert partitions_up_to(tmp_path / "missing", "2026-01-07") == []
    with pytest.raises(FileNotFoundError):
        read_partitions([tmp_path / "2026-01-09.json"])


def test_the_publish_body_lists_entries_best_first(tmp_path):
    output = tmp_path / "recommendations" / "2026-01-05.json"
    count = write_recommendations_json(
        recommend(ratings_of(TASTES), similarity="adjusted_cosine", seen_weight=0.0), output
    )

    body = json.loads(output.read_text())
    assert count == 4
    assert body["similar"][0] == {"movieId": 10, "similarId": 20, "score": pytest.approx(0.6918349352)}
    assert body["users"][0] == {"userId": 4, "movieId": 20, "becauseId": 10, "score": pytest.approx(0.3459174676)}


def test_no_ratings_give_no_recommendations():
    result = recommend(Ratings.from_arrays([], [], []))
    assert result.similar == [] and result.users == []


# --- offline metrics -------------------------------------------------------------------------


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


# --- the operators ---------------------------------------------------------------------------


def test_the_recommend_operator_reads_the_partitions_up_to_its_day(tmp_path):
    records = [
        {"userId": u, "movieId": m, "rating": r, "timestamp": 1_767_571_200 + i} for i, (u, m, r) in enumerate(TASTES)
    ]
    write_ratings_json(records[:7], tmp_path / "ratings" / "2026-01-05.json")
    write_ratings_json(records[7:], tmp_path / "ratings" / "2026-01-06.json")
    # A later day, fetched already, is not part of 2026-01-06's recommendations.
    write_ratings_json(
        [{"userId": 4, "movieId": 20, "rating": 5.0, "timestamp": 1_767_744_000}],
        tmp_path / "ratings" / "2026-01-07.json",
    )

    written = MovielensRecommendOperator(
        task_id="recommend_movies",
        ratings_folder=str(tmp_path / "ratings"),
        output_path=str(tmp_path / "recommendations" / "2026-01-06.json"),
        day="2026-01-06",
    ).execute(context={})

    body = json.loads((tmp_path / "recommendations" / "2026-01-06.json").read_text())
    assert written == str(tmp_path / "recommendations" / "2026-01-06.json")
    assert body == json.loads(json.dumps(recommend(ratings_of(TASTES)).publish_body()))
    assert {"userId": 4, "movieId": 20, "becauseId": 10, "score": 1.125} in body["users"]


def test_the_recommend_operator_without_partitions_fails(tmp_path):
    operator = MovielensRecommendOperator(
        task_id="r", ratings_folder=str(tmp_path), output_path=str(tmp_path / "out.json"), day="2026-01-05"
    )
    with pytest.raises(FileNotFoundError, match="no ratings partitions up to 2026-01-05"):
        operator.execute(context={})
    assert not (tmp_path / "out.json").exists()


def test_the_recommend_operators_parameters_are_checked_when_the_dag_is_parsed():
    with pytest.raises(ValueError, match="top_k"):
        MovielensRecommendOperator(task_id="r", ratings_folder="r", output_path="o.json", top_k=0)
    with pytest.raises(ValueError, match="similarity"):
        MovielensRecommendOperator(task_id="r", ratings_folder="r", output_path="o.json", similarity="pearson")
    assert MovielensRecommendOperator.template_fields == ("ratings_folder", "output_path", "day")


def test_publishing_puts_the_day_to_the_site_with_the_token(tmp_path, monkeypatch):
    monkeypatch.setenv(
        "AIRFLOW_CONN_WATCHB",
        json.dumps({"conn_type": "watchb", "host": "watchb.test", "port": 8000, "password": "s3cret"}),
    )
    body = recommend(ratings_of(TASTES)).publish_body()
    (tmp_path / "r.json").write_text(json.dumps(body))

    with responses.RequestsMock() as site:
        site.put("http://watchb.test:8000/api/recommendations/2026-01-05/", json={"date": "2026-01-05"}, status=201)
        sent = MovielensPublishRecommendationsOperator(
            task_id="publish_recommendations", input_path=str(tmp_path / "r.json"), day="2026-01-05"
        ).execute(context={})
        request = site.calls[0].request  # the mock forgets its calls when the block ends

    assert request.headers["Authorization"] == "Token s3cret"
    assert json.loads(request.body) == body
    assert sent == len(body["similar"]) + len(body["users"])


def test_publishing_a_file_that_is_not_a_recommendations_body_fails_before_any_request(tmp_path):
    (tmp_path / "r.json").write_text('{"results": []}')
    operator = MovielensPublishRecommendationsOperator(
        task_id="p", input_path=str(tmp_path / "r.json"), day="2026-01-05"
    )
    with pytest.raises(ValueError, match="'similar' and 'users'"):
        operator.execute(context={})
