"""Daily popular-movie ranking and recommendations: wait for a day's ratings, fetch them, rank the
movies and publish the ranking; then recommend from every day fetched so far and publish that.

    wait_for_ratings >> fetch_ratings >> rank_movies >> publish_ranking
                                       rank_movies >> recommend_movies >> publish_recommendations

Each run covers one UTC day, its data interval ``[data_interval_start, data_interval_end)``:

- ``wait_for_ratings`` waits (deferred, in the triggerer) until the ratings API has a rating that day;
- ``fetch_ratings`` writes the day's ratings to ``{WATCHB_DATA_DIR}/ratings/{day}.json`` (or
  ``.parquet`` with ``WATCHB_PARTITION_FORMAT=parquet``);
- ``rank_movies`` writes ``{WATCHB_DATA_DIR}/rankings/{day}.csv``;
- ``publish_ranking`` replaces the site's ranking of that day with it;
- ``recommend_movies`` computes item-to-item recommendations (similar movies per movie, unseen picks
  per user) from every partition up to the day and writes ``{WATCHB_DATA_DIR}/recommendations/{day}.json``;
- ``publish_recommendations`` replaces the site's recommendations of that day with them.

``{day}`` is the data interval's start. A scheduled run's ``ds`` is that day too, but a manual run
(and ``dag.test()``) is triggered at its interval's end, so its ``ds`` is the day after: the
templates name ``data_interval_start`` to be right for both. Connections:
``movielens`` (the ratings API, basic auth) and ``watchb`` (the site, its API token as the password),
from any Airflow connection source, e.g. ``AIRFLOW_CONN_MOVIELENS`` / ``AIRFLOW_CONN_WATCHB`` in JSON.
Settings from the environment: ``WATCHB_DATA_DIR`` (default ``./data``), ``WATCHB_PIPELINE_START``
(first day, ISO date; default a week before today), ``WATCHB_MIN_RATINGS`` (default 2) and
``WATCHB_WAIT_TIMEOUT`` (seconds the sensor waits for a day's ratings; default 6 hours).
The recommendations run after the ranking (not beside it) so that a day's partition is complete and
known good before it joins the history they are computed from.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from airflow.sdk import DAG, CronDataIntervalTimetable

from airflow_movielens.operators import (
    MovielensFetchRatingsOperator,
    MovielensPublishRankingOperator,
    MovielensPublishRecommendationsOperator,
    MovielensRankMoviesOperator,
    MovielensRecommendOperator,
)
from airflow_movielens.sensors import MovielensRatingsSensor

DATA_DIR = Path(os.environ.get("WATCHB_DATA_DIR", "./data")).resolve()
MIN_RATINGS = int(os.environ.get("WATCHB_MIN_RATINGS", "2"))
WAIT_TIMEOUT = int(os.environ.get("WATCHB_WAIT_TIMEOUT", str(6 * 60 * 60)))
# JSON as the book writes it (any tool reads it); Parquet is typed, smaller and faster to rank.
PARTITION_FORMAT = os.environ.get("WATCHB_PARTITION_FORMAT", "json")
if PARTITION_FORMAT not in ("json", "parquet"):
    raise ValueError(f"WATCHB_PARTITION_FORMAT must be json or parquet, got {PARTITION_FORMAT!r}")
DAY = "{{ data_interval_start | ds }}"
RATINGS_PARTITION = f"{DATA_DIR}/ratings/{DAY}.{PARTITION_FORMAT}"


def pipeline_start() -> dt.datetime:
    """Midnight UTC of ``WATCHB_PIPELINE_START``, or of the day a week before today."""
    configured = os.environ.get("WATCHB_PIPELINE_START")
    day = dt.date.fromisoformat(configured) if configured else dt.datetime.now(dt.UTC).date() - dt.timedelta(days=7)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


with DAG(
    dag_id="movielens_popular_movies",
    description="Rank each day's most popular movies from the ratings API and publish them to WatchB",
    # A bare "@daily" would be a CronTriggerTimetable whose data interval is empty (start == end).
    schedule=CronDataIntervalTimetable("@daily", timezone="UTC"),
    start_date=pipeline_start(),
    catchup=True,
    max_active_runs=4,
    default_args={"retries": 2, "retry_delay": dt.timedelta(minutes=1)},
    tags=["watchb", "movielens"],
) as dag:
    wait_for_ratings = MovielensRatingsSensor(
        task_id="wait_for_ratings",
        conn_id="movielens",
        period_start=DAY,
        period_end="{{ data_interval_end | ds }}",
        deferrable=True,
        poke_interval=60,
        timeout=WAIT_TIMEOUT,
    )
    fetch_ratings = MovielensFetchRatingsOperator(
        task_id="fetch_ratings",
        conn_id="movielens",
        output_path=RATINGS_PARTITION,
        period_start=DAY,
        period_end="{{ data_interval_end | ds }}",
        batch_size=5000,
    )
    rank_movies = MovielensRankMoviesOperator(
        task_id="rank_movies",
        input_path=RATINGS_PARTITION,
        output_path=f"{DATA_DIR}/rankings/{DAY}.csv",
        min_ratings=MIN_RATINGS,
    )
    publish_ranking = MovielensPublishRankingOperator(
        task_id="publish_ranking",
        conn_id="watchb",
        input_path=f"{DATA_DIR}/rankings/{DAY}.csv",
        day=DAY,
    )

    recommend_movies = MovielensRecommendOperator(
        task_id="recommend_movies",
        ratings_folder=f"{DATA_DIR}/ratings",
        output_path=f"{DATA_DIR}/recommendations/{DAY}.json",
        day=DAY,
        top_k=10,
        top_n=10,
    )
    publish_recommendations = MovielensPublishRecommendationsOperator(
        task_id="publish_recommendations",
        conn_id="watchb",
        input_path=f"{DATA_DIR}/recommendations/{DAY}.json",
        day=DAY,
    )

    wait_for_ratings >> fetch_ratings >> rank_movies >> publish_ranking
    rank_movies >> recommend_movies >> publish_recommendations
