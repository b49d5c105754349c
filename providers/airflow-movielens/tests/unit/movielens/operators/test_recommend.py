"""The recommend operator: partitions up to its day in, the site's recommendations body out."""

import json

import pytest

from airflow_movielens.operators.recommend import MovielensRecommendOperator
from airflow_movielens.partitions import write_ratings_json
from airflow_movielens.recommend import RecommendOptions, recommend
from unit.movielens.tastes import TASTES, ratings_of


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
        model="knn",
        shrinkage=0.0,
    ).execute(context={})

    body = json.loads((tmp_path / "recommendations" / "2026-01-06.json").read_text())
    assert written == str(tmp_path / "recommendations" / "2026-01-06.json")
    knn = RecommendOptions(model="knn", shrinkage=0.0)
    assert body == json.loads(json.dumps(recommend(ratings_of(TASTES), knn).publish_body()))
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
    with pytest.raises(ValueError, match="window_days"):
        MovielensRecommendOperator(task_id="r", ratings_folder="r", output_path="o.json", window_days=0)
    assert MovielensRecommendOperator.template_fields == (
        "ratings_folder",
        "output_path",
        "day",
        "window_days",
        "model",
        "max_movies",
    )


@pytest.mark.parametrize("max_movies", [0, -5, "many", " ", True])
def test_a_bad_max_movies_is_an_error_naming_it_when_parsed(max_movies):
    with pytest.raises(ValueError, match="max_movies must be a positive integer"):
        MovielensRecommendOperator(task_id="r", ratings_folder="r", output_path="o.json", max_movies=max_movies)


def test_a_templated_max_movies_is_checked_once_rendered_and_caps_the_picks(tmp_path):
    records = [
        {"userId": u, "movieId": m, "rating": r, "timestamp": 1_767_571_200 + i} for i, (u, m, r) in enumerate(TASTES)
    ]
    write_ratings_json(records, tmp_path / "2026-01-05.json")
    operator = MovielensRecommendOperator(
        task_id="r",
        ratings_folder=str(tmp_path),
        output_path=str(tmp_path / "o.json"),
        day="2026-01-05",
        max_movies="{{ params.max_movies }}",
    )
    operator.max_movies = "0"  # as rendered
    with pytest.raises(ValueError, match="max_movies"):
        operator.execute(context={})

    operator.max_movies = " 3 "  # movies 10, 20 and 30 have four ratings each, 40 two
    operator.execute(context={})

    body = json.loads((tmp_path / "o.json").read_text())
    assert body["users"] and {p["movieId"] for p in body["users"]} <= {10, 20, 30}
    assert 40 not in {s["movieId"] for s in body["similar"]} | {s["similarId"] for s in body["similar"]}


def test_a_templated_model_is_checked_once_rendered(tmp_path):
    write_ratings_json([{"userId": 1, "movieId": 1, "rating": 5.0, "timestamp": 1}], tmp_path / "2026-01-05.json")
    operator = MovielensRecommendOperator(
        task_id="r", ratings_folder=str(tmp_path), output_path=str(tmp_path / "o.json"), model="{{ params.m }}"
    )
    operator.model, operator.day = "svd", "2026-01-05"  # as rendered
    with pytest.raises(ValueError, match="model"):
        operator.execute(context={})
    operator.model = "ease"
    assert operator.execute(context={}) == str(tmp_path / "o.json")


@pytest.mark.parametrize("window_days", [2, "2", " 2 "])
def test_the_recommend_operator_reads_only_its_window_of_days(tmp_path, window_days):
    records = [
        {"userId": u, "movieId": m, "rating": r, "timestamp": 1_767_571_200 + i} for i, (u, m, r) in enumerate(TASTES)
    ]
    # Day 1 is outside a two-day window ending on day 3: its rating of 40 by user 9 is not read.
    write_ratings_json(
        [{"userId": 9, "movieId": 40, "rating": 5.0, "timestamp": 1_767_484_800}], tmp_path / "2026-01-04.json"
    )
    write_ratings_json(records[:7], tmp_path / "2026-01-05.json")
    write_ratings_json(records[7:], tmp_path / "2026-01-06.json")
    output = tmp_path / "out.json"

    MovielensRecommendOperator(
        task_id="r", ratings_folder=str(tmp_path), output_path=str(output), day="2026-01-06", window_days=window_days
    ).execute(context={})

    assert json.loads(output.read_text()) == json.loads(json.dumps(recommend(ratings_of(TASTES)).publish_body()))


@pytest.mark.parametrize("window_days", [None, "", "None"])
def test_without_a_window_the_recommend_operator_reads_every_day_up_to_its_own(tmp_path, window_days):
    # Users 1 and 3 watched movies 1 and 2 ten years ago: what user 2 is recommended today comes from them.
    old = [{"userId": u, "movieId": m, "rating": 5.0, "timestamp": 1} for u in (1, 3) for m in (1, 2)]
    write_ratings_json(old[:2], tmp_path / "2016-01-01.json")
    write_ratings_json(old[2:], tmp_path / "2016-01-02.json")
    write_ratings_json([{"userId": 2, "movieId": 1, "rating": 5.0, "timestamp": 3}], tmp_path / "2026-01-06.json")
    output = tmp_path / "out.json"

    MovielensRecommendOperator(
        task_id="r", ratings_folder=str(tmp_path), output_path=str(output), day="2026-01-06", window_days=window_days
    ).execute(context={})

    picks = json.loads(output.read_text())["users"]
    assert [(p["userId"], p["movieId"], p["becauseId"]) for p in picks] == [(2, 2, 1)]


def test_a_window_with_no_partitions_fails_naming_it(tmp_path):
    write_ratings_json([{"userId": 1, "movieId": 1, "rating": 5.0, "timestamp": 1}], tmp_path / "2025-01-01.json")
    operator = MovielensRecommendOperator(
        task_id="r",
        ratings_folder=str(tmp_path),
        output_path=str(tmp_path / "o.json"),
        day="2026-01-05",
        window_days=90,
    )
    with pytest.raises(FileNotFoundError, match="no ratings partitions up to 2026-01-05 since 2025-10-08"):
        operator.execute(context={})
