"""The pipeline's fetch over a bad network: the fault proxy (``faults.py``) between the provider's hook
and the live site refuses, resets, cuts, throttles and stalls a fifth of the requests, and the day's
partition must still come out byte for byte as the clean fetch writes it, nothing lost or doubled.

Run with ``-s`` to see the faults injected per kind."""

import asyncio
import collections
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from faults import FAULTS, FaultyProxy

from airflow_movielens.hooks.movielens import MovielensHook
from airflow_movielens.operators.fetch import MovielensFetchRatingsOperator
from airflow_movielens.triggers.ratings import MovielensRatingsTrigger
from watchb.catalog.models import Movie

DAY, NEXT_DAY, EMPTY_DAY = "2026-01-05", "2026-01-06", "2026-02-01"
EXPORT_USER, EXPORT_PASSWORD = "pipeline", "pipeline-secret"
# Fast retries, enough of them for a fifth of requests failing; a timeout the proxy's stalls outlast.
EXTRA = {"retries": 8, "backoff_factor": 0.01, "timeout": 1.0}
STALL = 2.0

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.faults]


def connection(port):
    return json.dumps(
        {
            "conn_type": "movielens",
            "host": "localhost",
            "port": port,
            "login": EXPORT_USER,
            "password": EXPORT_PASSWORD,
            "extra": EXTRA,
        }
    )


@pytest.fixture
def site_port(live_server, settings, monkeypatch):
    """The live site with a day of 400 ratings and an export user; ``movielens`` reaches it directly."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    Movie.objects.bulk_create([Movie(title=f"Film {i}", tmdb_id=60_000 + i) for i in range(40)])
    call_command(
        "generateratings", users=60, days=1, per_day=400, seed=5, end_date=dt.date.fromisoformat(DAY), verbosity=0
    )
    call_command("createexportuser", EXPORT_USER, password=EXPORT_PASSWORD, stdout=io.StringIO(), verbosity=0)
    port = int(live_server.url.rsplit(":", 1)[1])
    monkeypatch.setenv("AIRFLOW_CONN_MOVIELENS", connection(port))
    return port


@pytest.fixture
def faulty_proxy(site_port, monkeypatch):
    """The fault proxy in front of the site (a fifth of requests spoilt, seeded); ``movielens_faulty`` reaches it."""
    with FaultyProxy(site_port, rate=0.2, seed=10, stall=STALL) as proxy:
        monkeypatch.setenv("AIRFLOW_CONN_MOVIELENS_FAULTY", connection(proxy.port))
        yield proxy


def fetch_day(conn_id, path):
    """The fetch operator's partition of DAY, in pages of 5 records (80 pages, so many draws)."""
    operator = MovielensFetchRatingsOperator(
        task_id="fetch_ratings",
        conn_id=conn_id,
        output_path=str(path),
        period_start=DAY,
        period_end=NEXT_DAY,
        batch_size=5,
    )
    operator.execute(context={})
    return path.read_bytes()


def lost_and_doubled(clean, faulty):
    """Records of ``clean`` missing from ``faulty``, and records ``faulty`` holds more often than ``clean``."""
    expected = collections.Counter(tuple(r.values()) for r in clean)
    received = collections.Counter(tuple(r.values()) for r in faulty)
    return sum((expected - received).values()), sum((received - expected).values())


def report(what, proxy, **figures):
    kinds = ", ".join(f"{kind} {proxy.injected[kind]}" for kind in FAULTS)
    extra = "".join(f", {name} {value}" for name, value in figures.items())
    faults = sum(proxy.injected.values())
    print(f"\n[faults] {what}: {proxy.requests} requests, {faults} faults injected ({kinds}){extra}")


@pytest.mark.parametrize("paging", ["cursor", "offset"])
def test_a_day_fetched_through_a_faulty_network_equals_the_clean_fetch(faulty_proxy, tmp_path, monkeypatch, paging):
    if paging == "offset":
        monkeypatch.setattr(MovielensHook, "cursor_opt_in", {})  # a client that never asks for cursors
    clean = fetch_day("movielens", tmp_path / "clean.json")

    faulty = fetch_day("movielens_faulty", tmp_path / "faulty.json")

    lost, doubled = lost_and_doubled(json.loads(clean), json.loads(faulty))
    report(f"fetch of {DAY}, {paging} paging", faulty_proxy, lost=lost, doubled=doubled)
    assert faulty == clean
    assert (lost, doubled) == (0, 0) and len(json.loads(clean)) == 400
    assert sorted(faulty_proxy.injected) == sorted(FAULTS)  # every kind of fault was met


def test_the_sensors_async_request_answers_through_a_faulty_network(faulty_proxy):
    async def ask(times):
        async with MovielensHook("movielens_faulty") as hook:
            return [
                (await hook.ahas_ratings(DAY, NEXT_DAY), await hook.ahas_ratings(EMPTY_DAY, "2026-02-02"))
                for _ in range(times)
            ]

    async def first_event():
        events = MovielensRatingsTrigger("movielens_faulty", DAY, NEXT_DAY, poke_interval=0.01).run()
        try:
            return (await anext(events)).payload
        finally:
            await events.aclose()

    answers = asyncio.run(ask(40))
    events = [asyncio.run(first_event()) for _ in range(10)]

    report("the trigger's has-ratings request, 80 polls and 10 trigger runs", faulty_proxy)
    assert answers == [(True, False)] * 40
    assert events == [{"status": "success", "period_start": DAY, "period_end": NEXT_DAY}] * 10
    assert sorted(faulty_proxy.injected) == sorted(FAULTS)
