"""Fixtures for the airflow-movielens provider's tests.

Airflow reads its configuration when first imported, so this module points it at a throw-away home
(SQLite metadata DB, no examples, the repository's ``dags/`` folder) before any test imports it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="watchb-airflow-test-"))

os.environ.update(
    {
        "AIRFLOW_HOME": str(AIRFLOW_HOME),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{AIRFLOW_HOME / 'airflow.db'}",
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "True",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(AIRFLOW_HOME / "logs"),
    }
)

from movielens_contract_server import MovielensContractServer, make_ratings  # noqa: E402

DAYS = ["2026-01-05", "2026-01-06", "2026-01-07"]


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(AIRFLOW_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def airflow_db():
    """Airflow's metadata DB, created once per session (``airflow db migrate``, a few seconds)."""
    result = subprocess.run(
        [sys.executable, "-m", "airflow", "db", "migrate"], capture_output=True, text=True, env=os.environ.copy()
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return AIRFLOW_HOME / "airflow.db"


@pytest.fixture(scope="session")
def ratings():
    """Three days of ratings, 120 a day."""
    return make_ratings(DAYS, per_day=120)


@pytest.fixture(params=["cursor", "book"])
def server(request, ratings):
    """A contract server in each dialect: WatchB's (cursor mode offered) and the book's (offset only)."""
    with MovielensContractServer(ratings, dialect=request.param) as srv:
        yield srv


@pytest.fixture
def cursor_server(ratings):
    with MovielensContractServer(ratings, dialect="cursor") as srv:
        yield srv


@pytest.fixture
def book_server(ratings):
    with MovielensContractServer(ratings, dialect="book") as srv:
        yield srv


@pytest.fixture
def movielens_conn(monkeypatch):
    """Point the ``movielens`` connection at a server: ``movielens_conn(server, **overrides)``."""

    def point(srv: MovielensContractServer, conn_id: str = "movielens", **overrides) -> str:
        monkeypatch.setenv(f"AIRFLOW_CONN_{conn_id.upper()}", srv.connection_json(**overrides))
        return conn_id

    return point


@pytest.fixture
def watchb_conn(monkeypatch):
    """Point the ``watchb`` connection (token as password) at a server."""

    def point(srv: MovielensContractServer, token: str | None = None) -> str:
        monkeypatch.setenv(
            "AIRFLOW_CONN_WATCHB",
            srv.connection_json(conn_type="watchb", login=None, password=token or srv.token),
        )
        return "watchb"

    return point
