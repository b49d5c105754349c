"""The rank and publish operators: what a day's ranking and recommendations look like on the site."""

import json

import pytest
import responses

from airflow_movielens.hooks.movielens import MovielensApiError
from airflow_movielens.operators.publish import MovielensPublishRankingOperator, MovielensPublishRecommendationsOperator
from airflow_movielens.operators.rank import MovielensRankMoviesOperator
from airflow_movielens.partitions import write_partition
from airflow_movielens.ranking import RANKING_COLUMNS
from airflow_movielens.recommend import recommend
from airflow_movielens.results import read_ranking_csv
from unit.movielens.operators.test_fetch import fetch
from unit.movielens.tastes import TASTES, ratings_of


def test_rank_then_publish_sends_the_ranking_to_the_site(server, movielens_conn, watchb_conn, tmp_path):
    movielens_conn(server)
    watchb_conn(server)
    fetch(tmp_path / "2026-01-05.json")

    MovielensRankMoviesOperator(
        task_id="rank_movies",
        input_path=str(tmp_path / "2026-01-05.json"),
        output_path=str(tmp_path / "2026-01-05.csv"),
        min_ratings=2,
    ).execute(context={})
    published = MovielensPublishRankingOperator(
        task_id="publish_ranking",
        input_path=str(tmp_path / "2026-01-05.csv"),
        day="2026-01-05",
    ).execute(context={})

    header = (tmp_path / "2026-01-05.csv").read_text().splitlines()[0]
    assert header == ",".join(RANKING_COLUMNS)
    sent = server.published["2026-01-05"]
    assert sent == read_ranking_csv(tmp_path / "2026-01-05.csv")
    assert published == len(sent) > 0
    assert [row["rank"] for row in sent] == list(range(1, len(sent) + 1))
    assert all(row["num_ratings"] > 2 for row in sent)


def test_publish_with_a_wrong_token_fails_loudly(server, watchb_conn, tmp_path):
    watchb_conn(server, token="not-the-token")
    (tmp_path / "r.csv").write_text(",".join(RANKING_COLUMNS) + "\n1,4.5,3,4.1,1\n")
    operator = MovielensPublishRankingOperator(task_id="p", input_path=str(tmp_path / "r.csv"), day="2026-01-05")
    with pytest.raises(MovielensApiError, match="401"):
        operator.execute(context={})
    assert server.published == {}


def test_publish_top_n_sends_only_the_first_movies(server, watchb_conn, tmp_path):
    watchb_conn(server)
    rows = "".join(f"{i},{5 - i / 10},{10 - i},{4.0},{i}\n" for i in range(1, 6))
    (tmp_path / "r.csv").write_text(",".join(RANKING_COLUMNS) + "\n" + rows)
    MovielensPublishRankingOperator(task_id="p", input_path=str(tmp_path / "r.csv"), day="2026-01-05", top_n=3).execute(
        context={}
    )
    assert [row["movieId"] for row in server.published["2026-01-05"]] == [1, 2, 3]


def test_the_minimum_raters_can_be_a_template_rendered_when_the_task_runs(server, movielens_conn, tmp_path):
    movielens_conn(server)
    fetch(tmp_path / "2026-01-05.json")
    rank = MovielensRankMoviesOperator(
        task_id="rank_movies",
        input_path=str(tmp_path / "2026-01-05.json"),
        output_path=str(tmp_path / "2026-01-05.csv"),
        min_ratings="{{ params.min_ratings }}",
    )
    rank.render_template_fields(context={"params": {"min_ratings": 5}})
    assert rank.min_ratings == "5"

    rank.execute(context={})

    assert all(row["num_ratings"] > 5 for row in read_ranking_csv(tmp_path / "2026-01-05.csv"))


def test_publish_top_n_must_be_positive():
    with pytest.raises(ValueError, match="top_n"):
        MovielensPublishRankingOperator(task_id="p", input_path="r.csv", top_n=0)


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
    assert body["expected"]  # the expected ratings go with the picks
    assert sent == len(body["similar"]) + len(body["users"]) + len(body["expected"])


def test_publishing_a_file_that_is_not_a_recommendations_body_fails_before_any_request(tmp_path):
    (tmp_path / "r.json").write_text('{"results": []}')
    operator = MovielensPublishRecommendationsOperator(
        task_id="p", input_path=str(tmp_path / "r.json"), day="2026-01-05"
    )
    with pytest.raises(ValueError, match="'similar' and 'users'"):
        operator.execute(context={})


def test_a_window_is_ranked_from_its_days_partitions_and_published_as_the_days_window(server, watchb_conn, tmp_path):
    watchb_conn(server)
    day = 86_400
    first = 1_767_571_200  # 2026-01-05
    by_day = {
        "2026-01-04": [(1, 10, 5.0), (2, 10, 5.0), (3, 10, 5.0)],  # outside a 2-day window ending on the 6th
        "2026-01-05": [(1, 20, 4.0), (2, 20, 3.0)],
        "2026-01-06": [(3, 20, 5.0), (1, 30, 1.0)],
    }
    for offset, (name, rows) in enumerate(by_day.items(), start=-1):
        records = [{"userId": u, "movieId": m, "rating": r, "timestamp": first + offset * day} for u, m, r in rows]
        write_partition(records, tmp_path / "ratings" / f"{name}.json")

    MovielensRankMoviesOperator(
        task_id="rank_movies_2d",
        ratings_folder=str(tmp_path / "ratings"),
        day="2026-01-06",
        window=2,
        output_path=str(tmp_path / "2d.csv"),
        min_ratings=2,
    ).execute(context={})
    MovielensPublishRankingOperator(
        task_id="publish_ranking_2d", input_path=str(tmp_path / "2d.csv"), day="2026-01-06", window=7
    ).execute(context={})

    # Movie 20 is rated on both days of the window by three users; movie 10's day is outside it.
    assert [
        (row["movieId"], row["num_ratings"], row["avg_rating"]) for row in read_ranking_csv(tmp_path / "2d.csv")
    ] == [(20, 3, 4.0)]
    assert list(server.published) == ["2026-01-06?window=7"]


def test_the_rank_operator_takes_one_partition_or_a_folder_and_day(tmp_path):
    with pytest.raises(ValueError, match="either input_path"):
        MovielensRankMoviesOperator(task_id="r", output_path="out.csv")
    with pytest.raises(ValueError, match="either input_path"):
        MovielensRankMoviesOperator(task_id="r", output_path="o.csv", input_path="a.json", ratings_folder="f")
    with pytest.raises(ValueError, match="needs the window's last day"):
        MovielensRankMoviesOperator(task_id="r", output_path="o.csv", ratings_folder="f")
    with pytest.raises(ValueError, match="window must be a positive integer"):
        MovielensRankMoviesOperator(task_id="r", output_path="o.csv", ratings_folder="f", day="2026-01-06", window=0)
