"""Daily popular-movie ranking and recommendations: wait for a day's ratings, fetch them, rank the
movies and publish the ranking; then recommend from a rolling window of days fetched and publish that.

    wait_for_ratings >> fetch_ratings >> rank_movies >> publish_ranking
                                       rank_movies >> recommend_movies >> publish_recommendations
                       fetch_ratings >> rank_movies_7d >> publish_ranking_7d
                       fetch_ratings >> rank_movies_30d >> publish_ranking_30d

Each run covers one UTC day, its data interval ``[data_interval_start, data_interval_end)``:

- ``wait_for_ratings`` waits (deferred, in the triggerer) until the ratings API has a rating that day;
- ``fetch_ratings`` writes the day's ratings to ``{data_dir}/ratings/{day}.{partition_format}``
  (or ``{data_dir}/ratings/ds={day}/part.{partition_format}`` with the ``hive`` layout);
- ``rank_movies`` writes ``{data_dir}/rankings/{day}.csv``;
- ``publish_ranking`` replaces the site's ranking of that day with it;
- ``rank_movies_7d`` and ``rank_movies_30d`` rank the last 7 and 30 days' partitions taken together
  (ending with the day) into ``{data_dir}/rankings/7d/{day}.csv`` and ``30d/``, and their publish
  tasks send them as the day's 7- and 30-day rankings: a single day is often too sparse to rank;
- ``recommend_movies`` computes item-to-item recommendations (similar movies per movie, unseen picks
  per user) from the partitions of the ``recommend_window_days`` days up to the day (90 by default),
  over the window's ``recommend_max_movies`` most-rated movies (10,000), and writes
  ``{data_dir}/recommendations/{day}.json``;
- ``publish_recommendations`` replaces the site's recommendations of that day with them.

``{data_dir}`` is a path or a URL: ``file:///…`` (the default, the checkout's ``data/``), or
``s3://conn_id@bucket/prefix`` when workers on several hosts share a bucket (Airflow's
ObjectStoragePath, the URL's user naming the connection). ``{day}`` is the data interval's start.
A scheduled run's ``ds`` is that day too, but a manual run (and ``dag.test()``) is triggered at its
interval's end, so its ``ds`` is the day after: the templates name ``data_interval_start`` to be
right for both. Connections:
``movielens`` (the ratings API, basic auth) and ``watchb`` (the site, its API token as the password),
from any Airflow connection source, e.g. ``AIRFLOW_CONN_MOVIELENS`` / ``AIRFLOW_CONN_WATCHB`` in JSON.

The file reads no environment: what a deployment or a run may change are the DAG's params (below);
where the data goes falls back to the deployment's Airflow Variables (``watchb_data_dir``,
``watchb_partition_format``, ``watchb_partition_layout``) for the scheduler's own runs. A run's conf
overrides them (``dags/run_week.py`` passes its data folder and a short wait that way)
and the trigger form in the UI shows. The schedule starts on a fixed day and does not catch up on its
own: past days are a backfill (``airflow backfill create``, or ``dags/run_week.py``).
The recommendations run after the ranking (not beside it) so that a day's partition is complete and
known good before it joins the history they are computed from.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from airflow.sdk import DAG, CronDataIntervalTimetable, Param

from airflow_movielens.operators.fetch import MovielensFetchRatingsOperator
from airflow_movielens.operators.publish import MovielensPublishRankingOperator, MovielensPublishRecommendationsOperator
from airflow_movielens.operators.rank import MovielensRankMoviesOperator
from airflow_movielens.operators.recommend import DEFAULT_WINDOW_DAYS, MovielensRecommendOperator
from airflow_movielens.partitions import FORMATS, LAYOUTS, partition_path
from airflow_movielens.recommend import MODELS, RecommendOptions
from airflow_movielens.sensors.ratings import MovielensRatingsSensor

# The first day the pipeline knows of; earlier days have no ratings to rank.
START_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
# The checkout's data/ folder, beside dags/: where `make run` keeps it.
DEFAULT_DATA_DIR = (Path(__file__).resolve().parent.parent / "data").as_uri()

# Where the data goes is the deployment's: a run's param when given (its conf, the trigger form), else
# the Airflow Variable `watchb_<name>` (make run and make cluster set them), else the default below.
# Scheduled runs have no conf, so the Variables are how a deployment moves its data to a bucket.
DEPLOYMENT_DEFAULTS = {"data_dir": DEFAULT_DATA_DIR, "partition_format": "json", "partition_layout": "flat"}


def deployment_setting(name: str) -> str:
    """The Jinja expression of a deployment setting: the param, else its Variable, else the default."""
    return f"(params.{name} or var.value.get('watchb_{name}', {DEPLOYMENT_DEFAULTS[name]!r}))"


PARAMS = {
    "data_dir": Param(
        None,
        type=["null", "string"],
        description=(
            "Where the partitions, rankings and recommendations go: an absolute path, a file:// URL, "
            "or s3://conn_id@bucket/prefix for workers on several hosts. Empty: the Variable "
            "watchb_data_dir, else the checkout's data/."
        ),
    ),
    # JSON as the book writes it (any tool reads it); Parquet is typed, smaller and faster to rank.
    "partition_format": Param(
        None,
        enum=[None, *FORMATS],
        description="Format of the ratings partitions (empty: watchb_partition_format, else json).",
    ),
    # hive (ds=YYYY-MM-DD/part.parquet) is what DuckDB, Spark and Trino read as one table.
    "partition_layout": Param(
        None,
        enum=[None, *LAYOUTS],
        description="flat ({day}.json) or hive (ds={day}/) (empty: watchb_partition_layout, else flat).",
    ),
    "min_ratings": Param(
        2, type="integer", minimum=0, description="Movies with this many raters or fewer are not ranked."
    ),
    # A rolling window rather than a model kept up to date day by day: each run is a pure function of
    # its partitions (a re-run or a backfill of any day in any order gives the same output), and a
    # day's cost is bounded by the window's size, not the history's (see the provider's README).
    "recommend_window_days": Param(
        DEFAULT_WINDOW_DAYS,
        type=["null", "integer"],
        minimum=1,
        description="Days of ratings, ending with the run's day, the recommendations are computed from (empty: all).",
    ),
    # EASE where the window's catalogue fits (ease_max_movies), item-kNN past it: see bench/recommend.py.
    "recommend_model": Param(
        RecommendOptions().model,
        enum=list(MODELS),
        description="What ranks users' picks: knn (item neighbours) or ease (falls back to knn on big catalogues).",
    ),
    # The models rank only the most-rated movies of the window: a day's cost then follows the window's
    # ratings and this cap, not the catalogue's length (bench/recommend.py; the provider's README).
    "recommend_max_movies": Param(
        RecommendOptions().max_movies,
        type="integer",
        minimum=1,
        description="The most-rated movies of the window the recommendations rank; the others are never picked.",
    ),
    "wait_timeout": Param(
        6 * 60 * 60, type="integer", minimum=0, description="Seconds to wait for a day's ratings before failing."
    ),
}
DAY = "{{ data_interval_start | ds }}"
DATA_DIR = "{{ " + deployment_setting("data_dir") + " }}"
# partitions.py owns the partitions' names; the template asks it through the DAG's macro.
RATINGS_PARTITION = (
    f"{{{{ ratings_partition({deployment_setting('data_dir')} ~ '/ratings', data_interval_start | ds, "
    f"{deployment_setting('partition_format')}, {deployment_setting('partition_layout')}) }}}}"
)
RANKING = f"{DATA_DIR}/rankings/{DAY}.csv"
# Besides the day's own ranking, the rankings of the windows of days ending with it (the site keeps 7 and 30).
RANKING_WINDOWS = (7, 30)
RECOMMENDATIONS = f"{DATA_DIR}/recommendations/{DAY}.json"


with DAG(
    dag_id="movielens_popular_movies",
    description="Rank each day's most popular movies from the ratings API and publish them to WatchB",
    # A bare "@daily" would be a CronTriggerTimetable whose data interval is empty (start == end).
    schedule=CronDataIntervalTimetable("@daily", timezone="UTC"),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=4,
    default_args={"retries": 2, "retry_delay": dt.timedelta(minutes=1)},
    params=PARAMS,
    user_defined_macros={"ratings_partition": partition_path},
    tags=["watchb", "movielens"],
) as dag:
    wait_for_ratings = MovielensRatingsSensor(
        task_id="wait_for_ratings",
        conn_id="movielens",
        period_start=DAY,
        period_end="{{ data_interval_end | ds }}",
        deferrable=True,
        poke_interval=60,
        wait_timeout="{{ params.wait_timeout }}",
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
        output_path=RANKING,
        min_ratings="{{ params.min_ratings }}",
    )
    publish_ranking = MovielensPublishRankingOperator(
        task_id="publish_ranking",
        conn_id="watchb",
        input_path=RANKING,
        day=DAY,
    )

    recommend_movies = MovielensRecommendOperator(
        task_id="recommend_movies",
        ratings_folder=f"{DATA_DIR}/ratings",
        output_path=RECOMMENDATIONS,
        day=DAY,
        window_days="{{ params.recommend_window_days }}",
        model="{{ params.recommend_model }}",
        max_movies="{{ params.recommend_max_movies }}",
        top_k=10,
        top_n=10,
    )
    publish_recommendations = MovielensPublishRecommendationsOperator(
        task_id="publish_recommendations",
        conn_id="watchb",
        input_path=RECOMMENDATIONS,
        day=DAY,
    )

    for window in RANKING_WINDOWS:
        window_ranking = f"{DATA_DIR}/rankings/{window}d/{DAY}.csv"
        rank_window = MovielensRankMoviesOperator(
            task_id=f"rank_movies_{window}d",
            ratings_folder=f"{DATA_DIR}/ratings",
            day=DAY,
            window=window,
            output_path=window_ranking,
            min_ratings="{{ params.min_ratings }}",
        )
        (
            fetch_ratings
            >> rank_window
            >> MovielensPublishRankingOperator(
                task_id=f"publish_ranking_{window}d",
                conn_id="watchb",
                input_path=window_ranking,
                day=DAY,
                window=window,
            )
        )

    wait_for_ratings >> fetch_ratings >> rank_movies >> publish_ranking
    rank_movies >> recommend_movies >> publish_recommendations
