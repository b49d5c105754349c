"""The DAG file parses cleanly and describes the daily pipeline; the provider registers with Airflow."""

import importlib.metadata
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from airflow.dag_processing.dagbag import DagBag
from airflow.sdk import CronDataIntervalTimetable

from airflow_movielens.get_provider_info import get_provider_info

REPO = Path(__file__).resolve().parents[2]
DAG_ID = "movielens_popular_movies"


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
        "fetch_ratings": {"rank_movies"},
        "rank_movies": {"publish_ranking", "recommend_movies"},
        "publish_ranking": set(),
        "recommend_movies": {"publish_recommendations"},
        "publish_recommendations": set(),
    }


def test_the_dag_runs_daily_over_data_intervals_with_catchup(dagbag):
    dag = dagbag.dags[DAG_ID]
    assert isinstance(dag.timetable, CronDataIntervalTimetable)
    assert dag.catchup is True
    assert dag.get_task("wait_for_ratings").deferrable is True


def test_partitions_are_named_by_the_data_interval_start(dagbag, monkeypatch):
    dag = dagbag.dags[DAG_ID]
    fetch = dag.get_task("fetch_ratings")
    assert fetch.output_path.endswith("/ratings/{{ data_interval_start | ds }}.json")
    assert dag.get_task("rank_movies").output_path.endswith("/rankings/{{ data_interval_start | ds }}.csv")
    assert (fetch.period_start, fetch.period_end) == ("{{ data_interval_start | ds }}", "{{ data_interval_end | ds }}")


def test_the_data_folder_comes_from_watchb_data_dir(tmp_path):
    code = (
        "import importlib.util as u, sys;"
        f"s = u.spec_from_file_location('d', {str(REPO / 'dags' / 'movielens_popular_movies.py')!r});"
        "m = u.module_from_spec(s); s.loader.exec_module(m);"
        "print(m.dag.get_task('fetch_ratings').output_path)"
    )
    env = {**os.environ, "WATCHB_DATA_DIR": str(tmp_path / "lake")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (
        result.stdout.strip().splitlines()[-1] == f"{tmp_path / 'lake'}/ratings/{{{{ data_interval_start | ds }}}}.json"
    )


def test_the_partition_format_can_be_parquet(tmp_path):
    code = (
        "import importlib.util as u;"
        f"s = u.spec_from_file_location('d', {str(REPO / 'dags' / 'movielens_popular_movies.py')!r});"
        "m = u.module_from_spec(s); s.loader.exec_module(m);"
        "print(m.dag.get_task('fetch_ratings').output_path, m.dag.get_task('rank_movies').input_path, sep=chr(10))"
    )
    env = {**os.environ, "WATCHB_DATA_DIR": str(tmp_path), "WATCHB_PARTITION_FORMAT": "parquet"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    fetch_output, rank_input = result.stdout.strip().splitlines()[-2:]
    assert fetch_output == rank_input == f"{tmp_path}/ratings/{{{{ data_interval_start | ds }}}}.parquet"


def test_provider_info_is_registered_and_valid():
    entry_points = importlib.metadata.entry_points(group="apache_airflow_provider")
    ours = [ep for ep in entry_points if ep.value.startswith("airflow_movielens")]
    assert len(ours) == 1 and ours[0].load() is get_provider_info

    schema_path = Path(__import__("airflow").__file__).parent / "provider_info.schema.json"
    info = get_provider_info()
    jsonschema.validate(info, json.loads(schema_path.read_text()))
    assert info["package-name"] == "airflow-movielens"
    assert {c["connection-type"]: c["hook-class-name"] for c in info["connection-types"]} == {
        "movielens": "airflow_movielens.hooks.MovielensHook",
        "watchb": "airflow_movielens.hooks.WatchbHook",
    }


def test_airflow_lists_the_provider_and_its_connection_types():
    from airflow.providers_manager import ProvidersManager
    from airflow.sdk.providers_manager_runtime import ProvidersManagerTaskRuntime

    assert ProvidersManager().providers["airflow-movielens"].version == "0.1.0"
    hooks = ProvidersManagerTaskRuntime().hooks
    assert hooks["movielens"].hook_class_name == "airflow_movielens.hooks.MovielensHook"
    assert hooks["watchb"].hook_class_name == "airflow_movielens.hooks.WatchbHook"


def test_run_week_names_the_missing_connections(monkeypatch, capsys, airflow_db, tmp_path):
    monkeypatch.delenv("AIRFLOW_CONN_MOVIELENS", raising=False)
    monkeypatch.delenv("AIRFLOW_CONN_WATCHB", raising=False)
    monkeypatch.setenv("WATCHB_DATA_DIR", str(tmp_path))
    spec = importlib.util.spec_from_file_location("run_week", REPO / "dags" / "run_week.py")
    run_week = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_week)

    assert run_week.main(["--first", "2026-01-05", "--last", "2026-01-06"]) == 2
    assert "AIRFLOW_CONN_MOVIELENS, AIRFLOW_CONN_WATCHB" in capsys.readouterr().err
