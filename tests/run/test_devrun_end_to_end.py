"""`manage.py devrun` for real: gunicorn and Airflow's four services rank two days, then stop, leaving
nothing behind. It takes minutes, so it runs only with WATCHB_RUN_E2E=1."""

import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
from ports import free_port, listening

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not os.environ.get("WATCHB_RUN_E2E"), reason="set WATCHB_RUN_E2E=1 (minutes)")


def processes_with(home: Path) -> list[str]:
    """Processes whose environment names this Airflow home or data folder: what devrun started."""
    found = []
    for process in psutil.process_iter():
        try:
            env = process.environ()
            if env.get("AIRFLOW_HOME") == str(home) or env.get("WATCHB_DATA_DIR") == str(home.parent):
                found.append(f"{process.pid} {' '.join(process.cmdline())[:80]}")
        except psutil.Error:
            continue
    return found


def test_devrun_ranks_the_days_with_airflows_services_and_stops_everything(tmp_path):
    site_port, airflow_port = free_port(), free_port()
    data = tmp_path / "data"
    env = {
        **os.environ,
        "DEBUG": "1",  # as make run sets it
        "WATCHB_SITE_URL": f"http://127.0.0.1:{site_port}",
        "WATCHB_DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "WATCHB_STATIC_ROOT": str(tmp_path / "static"),
        "WATCHB_SANDBOX_MOVIES": "60",
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, str(REPO / "manage.py"), "devrun", "--exit-when-ranked", "--days=2"]
    command += [f"--airflow-port={airflow_port}", "--timeout=600", "--grace=5"]

    devrun = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = devrun.communicate(timeout=1200)
    except subprocess.TimeoutExpired:
        devrun.terminate()  # as `make stop` does: devrun stops what it started
        stdout, stderr = devrun.communicate(timeout=120)

    assert devrun.returncode == 0, stdout[-3000:] + stderr[-3000:]
    assert "with every day ranked" in stdout
    assert "Stopped: every process make run started has ended." in stdout
    assert stdout.count("  run                      success") == 2
    assert (data / "airflow" / "airflow.cfg").exists() and not (data / "run.pid").exists()
    assert not listening(site_port) and not listening(airflow_port)
    assert processes_with(data / "airflow") == []
