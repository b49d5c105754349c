"""The DAG file parses cleanly, describes the daily pipeline and takes its settings from its params;
run_week.py, the backfill tool, drives it."""

import copy
import datetime as dt
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from airflow.dag_processing.dagbag import DagBag
from airflow.sdk import CronDataIntervalTimetable
from airflow.sdk.exceptions import ParamValidationError

REPO = Path(__file__).resolve().parents[2]
DAG_ID = "movielens_popular_movies"


def load_run_week():
    spec = importlib.util.spec_from_file_location("run_week", REPO / "dags" / "run_week.py")
    run_week = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_week)
    return run_week


@pytest.fixture(scope="module")
def dagbag():
    return DagBag(dag_folder=str(REPO / "dags"))  # examples are off: AIRFLOW__CORE__LOAD_EXAMPLES


def test_the_dags_folder_imports_without_errors(dagbag):
    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == {DAG_ID}  # run_week.py is a helper, ignored via .airflowignore


def test_the_pipeline_is_a_chain_with_a_recommendations_branch_after_ranking(dagbag):
    dag = dagbag.dags[DAG_ID]
    dag.check_cycle()
    downstream = {task.task_id: task.downstream_task_ids for task in dag.tasks}
    assert downstream == {
        "wait_for_ratings": {"fetch_ratings"},
        "fetch_ratings": {"rank_movies", "rank_movies_7d", "rank_movies_30d"},
        "rank_movies": {"publish_ranking", "recommend_movies"},
        "publish_ranking": set(),
        "rank_movies_7d": {"publish_ranking_7d"},
        "publish_ranking_7d": set(),
        "rank_movies_30d": {"publish_ranking_30d"},
        "publish_ranking_30d": set(),
        "recommend_movies": {"publish_recommendations"},
        "publish_recommendations": set(),
    }


def test_the_dag_runs_daily_over_data_intervals_from_a_fixed_day(dagbag):
    dag = dagbag.dags[DAG_ID]
    assert isinstance(dag.timetable, CronDataIntervalTimetable)
    assert dag.start_date == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert dag.catchup is False  # past days are backfills: a fixed start must not replay months on its own
    assert dag.get_task("wait_for_ratings").deferrable is True


def test_partitions_are_named_by_the_data_interval_start_in_the_data_folder_param(dagbag):
    dag = dagbag.dags[DAG_ID]
    fetch = dag.get_task("fetch_ratings")
    data_dir = "(params.data_dir or var.value.get('watchb_data_dir', "
    assert fetch.output_path.startswith("{{ ratings_partition(" + data_dir)
    assert "data_interval_start | ds, (params.partition_format or var.value.get(" in fetch.output_path
    assert dag.get_task("rank_movies").input_path == fetch.output_path
    rank_output = dag.get_task("rank_movies").output_path
    assert rank_output.startswith("{{ " + data_dir) and rank_output.endswith(
        "/rankings/{{ data_interval_start | ds }}.csv"
    )
    assert dag.get_task("recommend_movies").ratings_folder.endswith(")) }}/ratings")
    assert (fetch.period_start, fetch.period_end) == ("{{ data_interval_start | ds }}", "{{ data_interval_end | ds }}")


def test_the_params_render_into_the_tasks(dagbag, tmp_path):
    dag = dagbag.dags[DAG_ID]
    params = {**dag.params.dump(), "data_dir": str(tmp_path / "lake"), "partition_format": "parquet"}
    context = {
        "params": params,
        "var": {"value": {}},  # no Airflow Variable set
        "data_interval_start": dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        "data_interval_end": dt.datetime(2026, 1, 6, tzinfo=dt.UTC),
    }
    fetch, rank, wait = (copy.deepcopy(dag.get_task(t)) for t in ("fetch_ratings", "rank_movies", "wait_for_ratings"))
    for task in (fetch, rank, wait):
        task.render_template_fields(context=context)

    assert fetch.output_path == rank.input_path == f"{tmp_path}/lake/ratings/2026-01-05.parquet"
    assert (rank.min_ratings, wait.wait_timeout) == ("2", str(6 * 60 * 60))


@pytest.mark.parametrize(
    ("conf", "window"), [({}, "90"), ({"recommend_window_days": 7}, "7"), ({"recommend_window_days": None}, "None")]
)
def test_the_recommendations_read_a_window_of_days_a_run_may_change(dagbag, conf, window):
    dag = dagbag.dags[DAG_ID]
    params = {**dag.params.dump(), **conf}
    start, end = dt.datetime(2026, 1, 5, tzinfo=dt.UTC), dt.datetime(2026, 1, 6, tzinfo=dt.UTC)
    context = {"params": params, "var": {"value": {}}, "data_interval_start": start, "data_interval_end": end}
    recommend = copy.deepcopy(dag.get_task("recommend_movies"))
    recommend.render_template_fields(context=context)

    assert (recommend.day, recommend.window_days, recommend.model) == ("2026-01-05", window, "ease")
    assert dag.params.get_param("recommend_window_days").resolve() == 90


@pytest.mark.parametrize(("conf", "rendered"), [({}, "10000"), ({"recommend_max_movies": 500}, "500")])
def test_the_recommendations_rank_the_most_rated_movies_a_run_may_change(dagbag, conf, rendered):
    dag = dagbag.dags[DAG_ID]
    context = {
        "params": {**dag.params.dump(), **conf},
        "var": {"value": {}},
        "data_interval_start": dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        "data_interval_end": dt.datetime(2026, 1, 6, tzinfo=dt.UTC),
    }
    recommend = copy.deepcopy(dag.get_task("recommend_movies"))
    recommend.render_template_fields(context=context)

    assert recommend.max_movies == rendered


@pytest.mark.parametrize("value", [0, -1, "many", 2.5])
def test_a_bad_max_movies_param_is_refused_before_a_run(dagbag, value):
    param = copy.deepcopy(dagbag.dags[DAG_ID].params.get_param("recommend_max_movies"))
    with pytest.raises(ParamValidationError):
        param.resolve(value)


def test_the_cluster_params_name_hive_style_partitions_in_a_bucket(dagbag):
    dag = dagbag.dags[DAG_ID]
    params = {**dag.params.dump(), "data_dir": "s3://lake_s3@watchb/run", "partition_layout": "hive"}
    start, end = dt.datetime(2026, 1, 5, tzinfo=dt.UTC), dt.datetime(2026, 1, 6, tzinfo=dt.UTC)
    context = {"params": params, "var": {"value": {}}, "data_interval_start": start, "data_interval_end": end}
    fetch = copy.deepcopy(dag.get_task("fetch_ratings"))
    fetch.render_template_fields(context=context)

    assert fetch.output_path == "s3://lake_s3@watchb/run/ratings/ds=2026-01-05/part.json"


def scheduled_partition(dag, variables):
    """Where a scheduled run (no conf: the params' defaults) writes 2026-01-05, given the Variables."""
    start, end = dt.datetime(2026, 1, 5, tzinfo=dt.UTC), dt.datetime(2026, 1, 6, tzinfo=dt.UTC)
    context = {"params": dag.params.dump(), "var": {"value": variables}, "data_interval_start": start}
    fetch = copy.deepcopy(dag.get_task("fetch_ratings"))
    fetch.render_template_fields(context={**context, "data_interval_end": end})
    return fetch.output_path


def test_a_scheduled_run_writes_where_the_deployments_variables_say(dagbag):
    dag = dagbag.dags[DAG_ID]
    # make run's default: the checkout's data/, flat JSON.
    assert scheduled_partition(dag, {}) == f"{(REPO / 'data').as_uri()}/ratings/2026-01-05.json"
    cluster = {
        "watchb_data_dir": "s3://lake_s3@watchb/run",
        "watchb_partition_format": "parquet",
        "watchb_partition_layout": "hive",
    }
    assert scheduled_partition(dag, cluster) == "s3://lake_s3@watchb/run/ratings/ds=2026-01-05/part.parquet"


def test_the_dag_reads_no_environment_when_parsed(tmp_path):
    code = (
        "import importlib.util as u;"
        f"s = u.spec_from_file_location('d', {str(REPO / 'dags' / 'movielens_popular_movies.py')!r});"
        "m = u.module_from_spec(s); s.loader.exec_module(m);"
        "print(m.dag.start_date.isoformat(), {**m.dag.params.dump(), **m.DEPLOYMENT_DEFAULTS}, sep=chr(10))"
    )
    outputs = []
    for env in (
        {},
        {"WATCHB_DATA_DIR": str(tmp_path), "WATCHB_PIPELINE_START": "2030-01-01", "WATCHB_WAIT_TIMEOUT": "1"},
    ):
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), **env},
        )
        assert result.returncode == 0, result.stderr[-2000:]
        outputs.append(result.stdout.strip().splitlines()[-2:])

    assert outputs[0] == outputs[1]
    assert outputs[0][0] == "2026-01-01T00:00:00+00:00"
    assert repr((REPO / "data").as_uri()) in outputs[0][1] and "'wait_timeout': 21600" in outputs[0][1]


def test_run_week_sets_the_data_folder_and_a_short_wait_in_each_runs_conf(tmp_path):
    run_week = load_run_week()
    assert run_week.run_conf(tmp_path) == {"data_dir": str(tmp_path), "wait_timeout": 120}


def test_run_week_names_the_missing_connections(monkeypatch, capsys, airflow_db, tmp_path):
    monkeypatch.delenv("AIRFLOW_CONN_MOVIELENS", raising=False)
    monkeypatch.delenv("AIRFLOW_CONN_WATCHB", raising=False)
    monkeypatch.setenv("WATCHB_DATA_DIR", str(tmp_path))
    run_week = load_run_week()

    assert run_week.main(["--first", "2026-01-05", "--last", "2026-01-06"]) == 2
    assert "AIRFLOW_CONN_MOVIELENS, AIRFLOW_CONN_WATCHB" in capsys.readouterr().err
