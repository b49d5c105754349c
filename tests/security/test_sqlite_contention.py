"""SQLite under concurrent writes, on a real file database behind gunicorn's threads.

Writers take turns (IMMEDIATE transactions and a busy timeout) instead of failing with "database is
locked"; a lock held past the timeout is a 503 with Retry-After (JSON on the API, a page elsewhere);
reads go on meanwhile (WAL).
"""

import os
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from watchb.management.supervisor import Supervisor, wait_until

REPO = Path(__file__).resolve().parents[2]
BUSY_TIMEOUT = 2

SET_UP = """
from django.contrib.auth import get_user_model
from django.core.management import call_command
from watchb.catalog.models import Movie
call_command("migrate", verbosity=0)
Movie.objects.bulk_create([Movie(title=f"Movie {n}", tmdb_id=n) for n in range(1, 6)])
get_user_model().objects.create_user("alice", password="a password for alice")
call_command("createpublisher", "pipeline")
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """gunicorn (2 workers of 8 threads) on a fresh SQLite file: (url, database path, publish token)."""
    folder = tmp_path_factory.mktemp("contention")
    database = folder / "db.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SQLITE_BUSY_TIMEOUT": str(BUSY_TIMEOUT),
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    manage = [sys.executable, str(REPO / "manage.py")]
    made = subprocess.run([*manage, "shell", "-c", SET_UP], env=env, cwd=REPO, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip().splitlines()[-1]
    port = free_port()
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    command = [gunicorn, "watchb.wsgi:application", f"--bind=127.0.0.1:{port}", "-w2", "-k", "gthread", "--threads=8"]
    supervisor = Supervisor(folder / "logs", grace=5)
    supervisor.start("site", command, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_until(lambda: _answers(f"{url}/api/rankings/"), timeout=60, check=supervisor.check)
        yield url, database, token
    finally:
        supervisor.stop()


def _answers(url):
    try:
        requests.get(url, timeout=2)
    except requests.RequestException:
        return False
    return True


def publish(url, token, day):
    body = {"results": [{"movieId": 1, "avg_rating": 4.0, "num_ratings": 3, "weighted_rating": 3.5, "rank": 1}]}
    return requests.put(
        f"{url}/api/rankings/{day}/", json=body, headers={"Authorization": f"Token {token}"}, timeout=30
    )


def test_ten_concurrent_publishes_all_succeed(site):
    url, _, token = site
    days = [f"2026-11-{day:02d}" for day in range(1, 11)]
    with ThreadPoolExecutor(len(days)) as pool:
        answers = list(pool.map(lambda day: publish(url, token, day), days))

    assert [a.status_code for a in answers] == [201] * 10, [a.text[:200] for a in answers if a.status_code != 201]
    published = requests.get(f"{url}/api/rankings/dates/", timeout=5).json()["dates"]
    assert set(days) <= set(published)


@pytest.fixture
def published(site):
    """A day's ranking, so that reading the rankings is an answer, not a 404 (whichever test ran first)."""
    url, _, token = site
    assert publish(url, token, "2026-10-31").status_code in (200, 201)


@pytest.fixture
def write_lock(site):
    """Another process holds SQLite's write lock for the test's duration."""
    holder = sqlite3.connect(site[1], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield
    holder.execute("ROLLBACK")
    holder.close()


def test_a_lock_held_past_the_timeout_is_a_json_503_on_the_api(site, write_lock):
    url, _, token = site
    started = time.monotonic()
    answer = publish(url, token, "2026-12-01")

    assert answer.status_code == 503
    assert answer.headers["Content-Type"] == "application/json"
    assert "busy" in answer.json()["detail"]
    assert int(answer.headers["Retry-After"]) > 0
    assert time.monotonic() - started >= BUSY_TIMEOUT * 0.9, "it waited its turn first"


def test_a_lock_held_past_the_timeout_is_a_503_page_on_the_site(site, write_lock):
    url, _, _ = site
    browser = requests.Session()
    browser.get(f"{url}/accounts/login/", timeout=5)
    answer = browser.post(
        f"{url}/accounts/login/",
        data={
            "username": "alice",
            "password": "a password for alice",
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        headers={"Referer": f"{url}/accounts/login/"},
        timeout=30,
    )

    assert answer.status_code == 503
    assert answer.headers["Content-Type"].startswith("text/html")
    assert "Too busy right now" in answer.text
    assert int(answer.headers["Retry-After"]) > 0


def test_reads_do_not_wait_for_the_writer(site, published, write_lock):
    url, _, _ = site
    started = time.monotonic()
    assert requests.get(f"{url}/api/rankings/", timeout=5).status_code == 200
    assert time.monotonic() - started < BUSY_TIMEOUT
