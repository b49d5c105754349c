"""Fixtures for the airflow-movielens provider's tests, which run without Django (and without WatchB).

Airflow reads its configuration when first imported, so this module points it at a throw-away home
(SQLite metadata DB, no examples) before any test imports it. The hook, operator, sensor and trigger
tests talk to :class:`~unit.movielens.contract_server.MovielensContractServer`, a small HTTP server
that speaks the ratings API's contract in both of its paging dialects.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="airflow-movielens-test-"))

os.environ.update(
    {
        "AIRFLOW_HOME": str(AIRFLOW_HOME),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{AIRFLOW_HOME / 'airflow.db'}",
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "True",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(AIRFLOW_HOME / "logs"),
    }
)

from unit.movielens.contract_server import MovielensContractServer, make_ratings  # noqa: E402

DAYS = ["2026-01-05", "2026-01-06", "2026-01-07"]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(AIRFLOW_HOME, ignore_errors=True)


@pytest.fixture(autouse=True, scope="session")
def django_stays_out() -> Iterator[None]:
    """The provider speaks to the site over HTTP only: nothing in it, or in its tests, imports Django."""
    assert "django" not in sys.modules
    yield
    assert "django" not in sys.modules, "a provider test imported Django"


@pytest.fixture(scope="session")
def ratings() -> list[dict[str, Any]]:
    """Three days of ratings, 120 a day."""
    return make_ratings(DAYS, per_day=120)


@pytest.fixture(params=["cursor", "book"])
def server(request: pytest.FixtureRequest, ratings: list[dict[str, Any]]) -> Iterator[MovielensContractServer]:
    """A contract server in each dialect: WatchB's (cursor mode offered) and the book's (offset only)."""
    with MovielensContractServer(ratings, dialect=request.param) as srv:
        yield srv


@pytest.fixture
def cursor_server(ratings: list[dict[str, Any]]) -> Iterator[MovielensContractServer]:
    with MovielensContractServer(ratings, dialect="cursor") as srv:
        yield srv


@pytest.fixture
def book_server(ratings: list[dict[str, Any]]) -> Iterator[MovielensContractServer]:
    with MovielensContractServer(ratings, dialect="book") as srv:
        yield srv


@pytest.fixture
def movielens_conn(monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    """Point the ``movielens`` connection at a server: ``movielens_conn(server, **overrides)``."""

    def point(srv: MovielensContractServer, conn_id: str = "movielens", **overrides: Any) -> str:
        monkeypatch.setenv(f"AIRFLOW_CONN_{conn_id.upper()}", srv.connection_json(**overrides))
        return conn_id

    return point


@pytest.fixture
def watchb_conn(monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    """Point the ``watchb`` connection (token as password) at a server."""

    def point(srv: MovielensContractServer, token: str | None = None) -> str:
        monkeypatch.setenv(
            "AIRFLOW_CONN_WATCHB",
            srv.connection_json(conn_type="watchb", login=None, password=token or srv.token),
        )
        return "watchb"

    return point
