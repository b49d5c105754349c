"""The site as `make run` serves it: gunicorn, with WhiteNoise serving the collected static files even
when DEBUG=0, and nothing left listening once the supervisor stops it."""

import os
import subprocess
import sys
from pathlib import Path

import requests
from ports import free_port, listening

from watchb.management.supervisor import Supervisor, wait_until

REPO = Path(__file__).resolve().parents[2]


def answers(url: str) -> bool:
    try:
        requests.get(url, timeout=2)
    except requests.RequestException:
        return False
    return True


def test_gunicorn_serves_static_files_with_debug_off_and_leaves_nothing_listening(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-test-key-that-is-not-the-development-one",
        "WATCHB_STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    manage = [sys.executable, str(REPO / "manage.py")]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=REPO)
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    supervisor = Supervisor(tmp_path / "logs", grace=5)
    try:
        supervisor.start("site", [gunicorn, "watchb.wsgi:application", f"--bind=127.0.0.1:{port}", "-w2"], env=env)
        url = f"http://127.0.0.1:{port}/static/watchb/site.css"
        assert wait_until(lambda: answers(url), timeout=60, check=supervisor.check)

        plain = requests.get(url, headers={"Accept-Encoding": "identity"}, timeout=5)
        compressed = requests.get(url, headers={"Accept-Encoding": "gzip"}, timeout=5)
    finally:
        supervisor.stop()

    assert plain.status_code == 200 and plain.headers["Content-Type"].startswith("text/css")
    assert plain.content == (REPO / "src/watchb/static/watchb/site.css").read_bytes()
    assert compressed.headers.get("Content-Encoding") == "gzip", "WhiteNoise serves the compressed copy"
    assert not listening(port)
