"""The ratings sensor in poke mode and deferred, and the trigger it defers to, run with asyncio."""

import asyncio
import threading

import pytest
from airflow.sdk.exceptions import AirflowException, TaskDeferred
from movielens_contract_server import make_ratings

from airflow_movielens.sensors import MovielensRatingsSensor
from airflow_movielens.triggers import MovielensRatingsTrigger


def sensor(day="2026-01-05", next_day="2026-01-06", **kwargs):
    return MovielensRatingsSensor(
        task_id="wait_for_ratings", period_start=day, period_end=next_day, poke_interval=0.05, **kwargs
    )


def first_event(trigger, timeout=10):
    """Run the trigger's async generator until its first event, as the triggerer would."""

    async def run():
        async for event in trigger.run():
            return event

    return asyncio.run(asyncio.wait_for(run(), timeout))


def test_poke_is_true_once_the_day_has_a_rating(server, movielens_conn):
    movielens_conn(server)
    assert sensor("2026-01-05", "2026-01-06").poke(context={}) is True
    assert sensor("2026-02-01", "2026-02-02").poke(context={}) is False


def test_poke_mode_returns_when_the_ratings_are_there(server, movielens_conn):
    movielens_conn(server)
    sensor(mode="poke").execute(context={})  # returns instead of waiting or raising


def test_deferrable_sensor_does_not_defer_when_the_ratings_are_there(server, movielens_conn):
    movielens_conn(server)
    assert sensor(deferrable=True).execute(context={}) is None


def test_deferrable_sensor_hands_the_wait_to_the_trigger(server, movielens_conn):
    movielens_conn(server)
    with pytest.raises(TaskDeferred) as deferred:
        sensor("2026-02-01", "2026-02-02", deferrable=True, timeout=600).execute(context={})

    trigger = deferred.value.trigger
    assert isinstance(trigger, MovielensRatingsTrigger)
    assert deferred.value.method_name == "execute_complete"
    assert deferred.value.timeout.total_seconds() == 600
    classpath, kwargs = trigger.serialize()
    assert classpath == "airflow_movielens.triggers.MovielensRatingsTrigger"
    assert kwargs == {
        "conn_id": "movielens",
        "period_start": "2026-02-01",
        "period_end": "2026-02-02",
        "poke_interval": 0.05,
        "timeout": 30.0,
    }
    # The triggerer rebuilds the trigger from exactly what serialize() returned.
    assert MovielensRatingsTrigger(**kwargs).serialize() == (classpath, kwargs)


def test_trigger_fires_when_ratings_arrive(server, movielens_conn):
    movielens_conn(server)
    trigger = MovielensRatingsTrigger("movielens", "2026-02-01", "2026-02-02", poke_interval=0.05)
    # The day is empty when the trigger starts; its ratings land a moment later.
    threading.Timer(0.3, server.add_ratings, [make_ratings(["2026-02-01"], per_day=3)]).start()

    event = first_event(trigger)

    assert event.payload == {"status": "success", "period_start": "2026-02-01", "period_end": "2026-02-02"}
    polls = [q for m, path, q in server.requests if path == "/ratings"]
    assert len(polls) >= 2 and all(q["limit"] == "1" for q in polls)


def test_trigger_keeps_polling_through_503s(server, movielens_conn):
    movielens_conn(server)
    server.fail_next(3, status=503)
    event = first_event(MovielensRatingsTrigger("movielens", "2026-01-05", "2026-01-06", poke_interval=0.01))
    assert event.payload["status"] == "success"
    assert len(server.requests) == 4


def test_trigger_reports_refused_credentials_and_the_sensor_fails(server, movielens_conn):
    movielens_conn(server, password="wrong")
    event = first_event(MovielensRatingsTrigger("movielens", "2026-01-05", "2026-01-06", poke_interval=0.01))

    assert event.payload["status"] == "error" and "401" in event.payload["message"]
    with pytest.raises(AirflowException, match=r"Waiting for ratings failed: .*401"):
        sensor(deferrable=True).execute_complete(context={}, event=event.payload)


def test_execute_complete_accepts_the_success_event():
    sensor(deferrable=True).execute_complete(context={}, event={"status": "success"})
