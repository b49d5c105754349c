"""`make cluster` for real: the site and Airflow on PostgreSQL, two Celery workers, partitions in moto's
S3 server. It rank two days, the site publishes them, both workers ran tasks, and stopping leaves no
process behind, even when a check fails. Minutes long: marked ``cluster``, run by .ci/run on its own
(``pytest -m cluster``) and left out of ``make test``.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from ports import free_port, listening

from watchb.management.airflow_api import AirflowApi
from watchb.management.cluster import WORKERS

REPO = Path(__file__).resolve().parents[2]
POSTGRES = "postgres://postgres@127.0.0.1:5432"

pytestmark = pytest.mark.cluster


def started_by(data: Path) -> list[str]:
    """Processes whose environment names this data folder: what the cluster's devrun started."""
    import psutil

    found = []
    for process in psutil.process_iter():
        try:
            env = process.environ()
            if env.get("WATCHB_DATA_DIR") == str(data) or env.get("AIRFLOW_HOME") == str(data / "airflow"):
                found.append(f"{process.pid} {' '.join(process.cmdline())[:80]}")
        except psutil.Error:
            continue
    return found


@pytest.fixture
def cluster(tmp_path):
    """A `manage.py devrun --profile cluster` serving two ranked days: (site URL, Airflow API, stdout file).
    Stopped at teardown however the test ended, as `make stop` does, and checked to leave nothing."""
    ports = {name: free_port() for name in ("site", "airflow", "s3")}
    data = tmp_path / "data-cluster"
    suffix = f"{os.getpid()}"
    env = {
        **os.environ,
        "DEBUG": "1",  # as make cluster sets it: the demo accounts are refused with DEBUG=0
        "WATCHB_SITE_URL": f"http://127.0.0.1:{ports['site']}",
        "WATCHB_DATA_DIR": str(data),
        "DATABASE_URL": f"{POSTGRES}/watchb_cluster_test_site_{suffix}",
        "WATCHB_STATIC_ROOT": str(tmp_path / "static"),
        "WATCHB_SANDBOX_MOVIES": "60",
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, str(REPO / "manage.py"), "devrun", "--profile=cluster", "--days=2", "--grace=5"]
    command += [f"--airflow-port={ports['airflow']}", f"--s3-port={ports['s3']}", "--timeout=600"]
    command += [f"--airflow-database=watchb_cluster_test_airflow_{suffix}", "--broker-url=redis://127.0.0.1:6379/6"]
    output = tmp_path / "devrun.log"
    with open(output, "w") as log:
        devrun = subprocess.Popen(command, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 900
        while "WatchB is serving" not in output.read_text() and devrun.poll() is None:
            assert time.monotonic() < deadline, output.read_text()[-3000:]
            time.sleep(2)
        assert devrun.poll() is None, output.read_text()[-3000:]
        api = AirflowApi(f"http://127.0.0.1:{ports['airflow']}", "admin", "admin")
        yield env["WATCHB_SITE_URL"], api, output
    finally:
        devrun.send_signal(signal.SIGTERM)  # as `make stop` does: devrun stops what it started
        devrun.wait(timeout=120)
        assert "Stopped: every process make run started has ended." in output.read_text()
        assert not any(listening(port) for port in ports.values())
        assert started_by(data) == []
        for name in (f"watchb_cluster_test_site_{suffix}", f"watchb_cluster_test_airflow_{suffix}"):
            subprocess.run(["psql", POSTGRES + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"], check=False)


def test_the_cluster_ranks_two_days_on_both_workers(cluster):
    site, api, output = cluster
    text = output.read_text()
    assert "with every day ranked" in text and "CeleryExecutor" in text

    days = requests.get(f"{site}/api/rankings/dates/", timeout=10).json()["dates"]
    assert len(days) == 2
    for day in days:
        assert requests.get(f"{site}/api/rankings/{day}/", timeout=10).json()["results"]

    runs = api.request("GET", "/dags/movielens_popular_movies/dagRuns", params={"limit": 10})["dag_runs"]
    assert len(runs) >= 2 and all(run["state"] == "success" for run in runs)
    instances = api.request("GET", "/dags/movielens_popular_movies/dagRuns/~/taskInstances", params={"limit": 100})
    hosts = {ti["hostname"] for ti in instances["task_instances"] if ti["state"] == "success"}
    assert set(WORKERS) <= hosts, hosts
