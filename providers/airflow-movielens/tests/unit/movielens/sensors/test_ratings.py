"""The ratings sensor in poke mode and deferred."""

import pytest
from airflow.sdk.exceptions import AirflowException, TaskDeferred

from airflow_movielens.sensors.ratings import MovielensRatingsSensor
from airflow_movielens.triggers.ratings import MovielensRatingsTrigger
from unit.movielens.triggers.test_ratings import first_event


def sensor(day="2026-01-05", next_day="2026-01-06", **kwargs):
    return MovielensRatingsSensor(
        task_id="wait_for_ratings", period_start=day, period_end=next_day, poke_interval=0.05, **kwargs
    )


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
    assert classpath == "airflow_movielens.triggers.ratings.MovielensRatingsTrigger"
    assert kwargs == {
        "conn_id": "movielens",
        "period_start": "2026-02-01",
        "period_end": "2026-02-02",
        "poke_interval": 0.05,
        "timeout": None,  # the connection's
    }
    # The triggerer rebuilds the trigger from exactly what serialize() returned.
    assert MovielensRatingsTrigger(**kwargs).serialize() == (classpath, kwargs)


def test_trigger_reports_refused_credentials_and_the_sensor_fails(server, movielens_conn):
    movielens_conn(server, password="wrong")
    event = first_event(MovielensRatingsTrigger("movielens", "2026-01-05", "2026-01-06", poke_interval=0.01))

    assert event.payload["status"] == "error" and "401" in event.payload["message"]
    with pytest.raises(AirflowException, match=r"Waiting for ratings failed: .*401"):
        sensor(deferrable=True).execute_complete(context={}, event=event.payload)


def test_execute_complete_accepts_the_success_event():
    sensor(deferrable=True).execute_complete(context={}, event={"status": "success"})


def test_the_wait_timeout_is_rendered_when_the_task_runs(server, movielens_conn):
    movielens_conn(server)
    waiting = sensor("2026-02-01", "2026-02-02", deferrable=True, wait_timeout="{{ params.wait_timeout }}")
    waiting.render_template_fields(context={"params": {"wait_timeout": 90}})

    with pytest.raises(TaskDeferred) as deferred:
        waiting.execute(context={})

    assert deferred.value.timeout.total_seconds() == 90 == waiting.timeout


def test_a_poking_sensor_gives_up_after_its_wait_timeout(server, movielens_conn):
    movielens_conn(server)
    with pytest.raises(AirflowException, match="timed out"):
        sensor("2026-02-01", "2026-02-02", mode="poke", wait_timeout="0.1").execute(context={})
