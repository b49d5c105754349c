"""What `make run` writes into Airflow's home and asks of its REST API."""

import configparser
import datetime as dt
import json
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import responses

from watchb.management.airflow_api import AirflowApi, AirflowApiError, WeekProgress, connection
from watchb.management.airflow_home import AirflowHome
from watchb.management.cluster import WORKER_NAME_VARIABLE, ClusterProfile, worker_hostname


def read_cfg(home: AirflowHome) -> configparser.ConfigParser:
    config = configparser.ConfigParser(interpolation=None)
    config.read(home.config_path)
    return config


def test_airflow_cfg_holds_what_make_run_relies_on(tmp_path):
    home = AirflowHome(tmp_path / "airflow", dags_folder=Path("/repo/dags"), port=8180, password="s3cret")
    home.write()
    cfg = read_cfg(home)
    assert cfg["core"]["executor"] == "LocalExecutor"
    assert cfg["core"]["dags_folder"] == "/repo/dags"
    assert cfg["core"]["load_examples"] == "False"
    assert cfg["core"]["execution_api_server_url"] == "http://127.0.0.1:8180/execution/"
    assert cfg["database"]["sql_alchemy_conn"] == f"sqlite:///{tmp_path / 'airflow' / 'airflow.db'}"
    assert (cfg["api"]["port"], cfg["api"]["base_url"]) == ("8180", "http://127.0.0.1:8180")
    assert cfg["core"]["simple_auth_manager_users"] == "admin:admin"
    assert json.loads(home.passwords_path.read_text()) == {"admin": "s3cret"}


def test_a_second_write_keeps_the_secrets_and_the_users_changes_but_follows_a_new_port(tmp_path):
    AirflowHome(tmp_path, dags_folder=Path("/repo/dags"), port=8180).write()
    first = read_cfg(AirflowHome(tmp_path, Path("/repo/dags")))
    cfg_path = tmp_path / "airflow.cfg"
    cfg_path.write_text(cfg_path.read_text().replace("parallelism = 4", "parallelism = 8"))

    AirflowHome(tmp_path, dags_folder=Path("/repo/dags"), port=9090).write()
    second = read_cfg(AirflowHome(tmp_path, Path("/repo/dags")))

    for section, option in [("core", "fernet_key"), ("api_auth", "jwt_secret"), ("api", "secret_key")]:
        assert second[section][option] == first[section][option], f"{section}.{option} must not change"
    assert second["core"]["parallelism"] == "8"
    assert second["api"]["port"] == "9090"
    assert second["core"]["execution_api_server_url"] == "http://127.0.0.1:9090/execution/"


def test_processes_get_the_home_the_venv_first_and_no_stray_airflow_settings(tmp_path):
    home = AirflowHome(tmp_path, dags_folder=Path("/repo/dags"))
    base = {
        "PATH": "/usr/bin",
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        "AIRFLOW_CONN_X": "keep",
        "PYTHONPATH": "/x",
    }
    env = home.environment(base, Path("/venv/bin"), [Path("/repo/src")])
    assert env["AIRFLOW_HOME"] == str(tmp_path)
    assert env["PATH"].split(os.pathsep)[0] == "/venv/bin"
    assert env["PYTHONPATH"].split(os.pathsep) == ["/repo/src", "/x"]
    assert "AIRFLOW__CORE__EXECUTOR" not in env and env["AIRFLOW_CONN_X"] == "keep"


def test_any_airflow_command_reads_the_settings_with_only_airflow_home_set(tmp_path):
    home = AirflowHome(tmp_path / "airflow", dags_folder=Path("/repo/dags"), port=8180)
    home.write()
    airflow = Path(sys.executable).parent / "airflow"
    env = {"AIRFLOW_HOME": str(home.path), "PATH": os.defpath}
    command = [str(airflow), "config", "get-value", "api", "port"]
    answer = subprocess.run(command, env=env, capture_output=True, text=True)
    assert answer.stdout.strip() == "8180", answer.stderr[-500:]


def test_connections_point_at_the_site_and_survive_json():
    movielens = connection("movielens", "movielens", "http://127.0.0.1:8100", "airflow", 'pa"ss word')
    watchb = connection("watchb", "watchb", "https://watchb.example", password="tok")
    assert json.loads(json.dumps(movielens)) == {
        "connection_id": "movielens",
        "conn_type": "movielens",
        "schema": "http",
        "host": "127.0.0.1",
        "port": 8100,
        "login": "airflow",
        "password": 'pa"ss word',
    }
    assert (watchb["schema"], watchb["host"], watchb["port"], watchb["login"]) == ("https", "watchb.example", 443, None)


def run(day: str, state: str) -> dict:
    return {"dag_run_id": f"backfill__{day}", "data_interval_start": f"{day}T00:00:00Z", "state": state}


def task(day: str, task_id: str, state: str | None) -> dict:
    return {"dag_run_id": f"backfill__{day}", "task_id": task_id, "state": state, "start_date": f"{day}T01:00:00Z"}


def test_week_progress_shows_each_change_once_and_knows_when_the_week_is_ranked():
    progress = WeekProgress(dt.date(2026, 11, 23), dt.date(2026, 11, 24))
    lines = progress.update(
        [run("2026-11-23", "running"), run("2026-11-24", "queued")],
        [task("2026-11-23", "wait_for_ratings", "deferred"), task("2026-11-24", "wait_for_ratings", "scheduled")],
    )
    assert lines == ["2026-11-23  wait_for_ratings         deferred"]
    assert progress.update([run("2026-11-23", "running")], [task("2026-11-23", "wait_for_ratings", "deferred")]) == []
    assert not progress.done()

    lines = progress.update(
        [run("2026-11-23", "success"), run("2026-11-24", "success")],
        [task("2026-11-23", "wait_for_ratings", "success"), task("2026-11-24", "wait_for_ratings", "success")],
    )
    assert lines == [
        "2026-11-23  run                      success",
        "2026-11-24  run                      success",
        "2026-11-23  wait_for_ratings         success",
        "2026-11-24  wait_for_ratings         success",
    ]
    assert progress.done() and progress.succeeded() == 2 and progress.failed() == []


@pytest.mark.parametrize("missing_day", ["2026-11-23", "2026-11-24"])
def test_week_progress_is_not_done_while_a_day_has_no_successful_run(missing_day):
    progress = WeekProgress(dt.date(2026, 11, 23), dt.date(2026, 11, 24))
    days = [d for d in ("2026-11-23", "2026-11-24") if d != missing_day]
    progress.update([run(day, "success") for day in days] + [run(missing_day, "failed")], [])
    assert not progress.done()
    assert progress.failed() == [missing_day]


@pytest.fixture
def api():

    with responses.RequestsMock() as mocked:
        mocked.post("http://airflow.test/auth/token", json={"access_token": "t"}, status=201)
        client = AirflowApi("http://airflow.test/", "admin", "admin")
        client.retry_wait = 0
        yield client, mocked


def test_a_backfill_refused_while_sqlite_is_locked_is_asked_for_again(api):
    client, mocked = api
    locked = {"detail": "Database is locked. Backfill creation is not supported on SQLite under concurrent access."}
    mocked.post("http://airflow.test/api/v2/backfills", json=locked, status=503)
    mocked.post("http://airflow.test/api/v2/backfills", json=locked, status=503)
    mocked.post("http://airflow.test/api/v2/backfills", json={"id": 3}, status=200)

    message = client.backfill(
        "movielens_popular_movies", dt.date(2026, 11, 23), dt.date(2026, 11, 29), 7, conf={"data_dir": "/d"}
    )

    assert message == "backfill 3 of movielens_popular_movies from 2026-11-23 to 2026-11-29 created"
    sent = json.loads(mocked.calls[-1].request.body)
    assert sent["from_date"] == "2026-11-23T00:00:00+00:00" and sent["to_date"] == "2026-11-29T00:00:00+00:00"
    assert sent["reprocess_behavior"] == "none", "days already ranked are not run again"
    assert sent["dag_run_conf"] == {"data_dir": "/d"}
    assert mocked.calls[-1].request.headers["Authorization"] == "Bearer t"


def test_a_backfill_already_running_is_waited_for(api):
    client, mocked = api
    mocked.post(
        "http://airflow.test/api/v2/backfills", json={"detail": "There is already a running backfill"}, status=409
    )
    message = client.backfill("movielens_popular_movies", dt.date(2026, 11, 23), dt.date(2026, 11, 29), 7)
    assert message.startswith("a backfill of movielens_popular_movies is already running; waiting for it")


def test_connections_are_created_or_overwritten_in_one_request(api):
    client, mocked = api
    mocked.patch("http://airflow.test/api/v2/connections", json={"create": {"success": ["movielens"], "errors": []}})
    client.set_connections([connection("movielens", "movielens", "http://127.0.0.1:8100", "airflow", "airflow")])
    body = json.loads(mocked.calls[-1].request.body)
    assert body["actions"][0]["action_on_existence"] == "overwrite"
    assert body["actions"][0]["entities"][0]["port"] == 8100


def test_the_deployments_variables_are_created_or_overwritten_in_one_request(api):
    client, mocked = api
    mocked.patch(
        "http://airflow.test/api/v2/variables", json={"create": {"success": ["watchb_data_dir"], "errors": []}}
    )
    client.set_variables({"watchb_data_dir": "s3://watchb_s3@watchb/watchb", "watchb_partition_layout": "hive"})
    action = json.loads(mocked.calls[-1].request.body)["actions"][0]
    assert action["action_on_existence"] == "overwrite"
    assert action["entities"] == [
        {"key": "watchb_data_dir", "value": "s3://watchb_s3@watchb/watchb"},
        {"key": "watchb_partition_layout", "value": "hive"},
    ]


def test_a_variable_airflow_refuses_is_an_error(api):
    client, mocked = api
    refused = {"create": {"success": [], "errors": [{"error": "bad key", "status_code": 400}]}}
    mocked.patch("http://airflow.test/api/v2/variables", json=refused)
    with pytest.raises(AirflowApiError, match="bad key"):
        client.set_variables({"watchb_data_dir": "/d"})


def test_an_expired_token_is_renewed_once(api):
    client, mocked = api
    mocked.get("http://airflow.test/api/v2/dags/d", status=401)
    mocked.get("http://airflow.test/api/v2/dags/d", json={"dag_id": "d"})
    assert client.dag("d")["dag_id"] == "d"
    assert [c.request.url.rsplit("/", 1)[-1] for c in mocked.calls] == ["token", "d", "token", "d"]


def test_a_request_that_times_out_is_sent_again(api):
    client, mocked = api
    mocked.patch("http://airflow.test/api/v2/dags/d", body=requests.ReadTimeout("busy"))
    mocked.patch("http://airflow.test/api/v2/dags/d", json={"is_paused": False})
    client.unpause("d")
    assert [c.request.method for c in mocked.calls] == ["POST", "PATCH", "PATCH"]


def test_the_metadata_database_uses_the_write_ahead_log(tmp_path):
    home = AirflowHome(tmp_path, dags_folder=Path("/repo/dags"))
    home.write()
    home.use_write_ahead_log()
    with sqlite3.connect(home.database_path) as database:
        assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_backfill_is_asked_for_again_once_the_previous_runs_backfill_is_closed(api):
    client, mocked = api
    mocked.post(
        "http://airflow.test/api/v2/backfills", json={"detail": "There is already a running backfill"}, status=409
    )
    mocked.post("http://airflow.test/api/v2/backfills", json={"id": 4}, status=200)
    message = client.backfill("movielens_popular_movies", dt.date(2026, 11, 24), dt.date(2026, 11, 30), 7)
    assert message.startswith("backfill 4 of movielens_popular_movies")


def test_the_cluster_profile_puts_celery_and_postgresql_in_airflow_cfg(tmp_path):
    profile = ClusterProfile("postgres://postgres@db:5432", "cluster_airflow", "redis://cache:6379/5", 9200)
    home = AirflowHome(tmp_path / "airflow", Path("/repo/dags"), port=8280, overrides=profile.airflow_settings())
    home.write()
    home.use_write_ahead_log()  # SQLite's alone: nothing to do, nothing created
    airflow = Path(sys.executable).parent / "airflow"
    env = {"AIRFLOW_HOME": str(home.path), "PATH": os.defpath}
    answers = [
        subprocess.run([str(airflow), "config", "get-value", *option], env=env, capture_output=True, text=True)
        for option in (["core", "executor"], ["celery", "broker_url"])
    ]
    assert [answer.stdout.strip() for answer in answers] == ["CeleryExecutor", "redis://cache:6379/5"], answers
    cfg = read_cfg(home)
    assert cfg["database"]["sql_alchemy_conn"] == "postgresql+psycopg://postgres@db:5432/cluster_airflow"
    assert cfg["celery"]["result_backend"] == "db+postgresql+psycopg://postgres@db:5432/cluster_airflow"
    assert not home.database_path.exists()
    assert profile.run_conf()["data_dir"] == "s3://watchb_s3@watchb/watchb"


def test_a_worker_names_itself_where_told_and_is_its_host_elsewhere(monkeypatch):
    monkeypatch.setenv(WORKER_NAME_VARIABLE, "worker-b")
    assert worker_hostname() == "worker-b"
    monkeypatch.delenv(WORKER_NAME_VARIABLE)
    assert worker_hostname() == socket.getfqdn()
