"""The trigger the deferred sensor hands its wait to, run with asyncio as the triggerer would."""

import asyncio

from airflow_movielens.triggers.ratings import MovielensRatingsTrigger
from unit.movielens.contract_server import make_ratings


def first_event(trigger, timeout=10):
    """Run the trigger's async generator until its first event, as the triggerer would."""

    async def run():
        async for event in trigger.run():
            return event

    return asyncio.run(asyncio.wait_for(run(), timeout))


def test_trigger_fires_when_ratings_arrive(server, movielens_conn, monkeypatch):
    movielens_conn(server)
    trigger = MovielensRatingsTrigger("movielens", "2026-02-01", "2026-02-02", poke_interval=0.05)
    # The day is empty at the trigger's first poll; its ratings land right after that answer (not
    # after a wall-clock delay, which a busy machine could outlast before the first poll).
    answer, first_answers = server.answer, []

    def answer_then_rate(path, query):
        status, body = answer(path, query)
        if path == "/ratings" and not first_answers:
            first_answers.append(body)
            server.add_ratings(make_ratings(["2026-02-01"], per_day=3))
        return status, body

    monkeypatch.setattr(server, "answer", answer_then_rate)

    event = first_event(trigger)

    assert event.payload == {"status": "success", "period_start": "2026-02-01", "period_end": "2026-02-02"}
    polls = [q for m, path, q in server.requests if path == "/ratings"]
    assert len(polls) >= 2 and all(q["limit"] == "1" for q in polls)
    assert first_answers[0]["result"] == []


def test_trigger_keeps_polling_through_503s(server, movielens_conn):
    movielens_conn(server)
    server.fail_next(3, status=503)
    event = first_event(MovielensRatingsTrigger("movielens", "2026-01-05", "2026-01-06", poke_interval=0.01))
    assert event.payload["status"] == "success"
    assert len(server.requests) == 4


def test_trigger_reports_an_answer_outside_the_contract(server, movielens_conn, monkeypatch):
    movielens_conn(server)
    monkeypatch.setattr(type(server), "answer", lambda self, path, query: (200, {"results": []}))
    event = first_event(MovielensRatingsTrigger("movielens", "2026-01-05", "2026-01-06", poke_interval=0.01))
    assert event.payload["status"] == "error" and "result" in event.payload["message"]


def test_trigger_keeps_polling_when_the_retries_run_out(server, movielens_conn):
    # One retry per poll: the first poll ends on its second 503, the next poll gets an answer.
    movielens_conn(server, extra={"retries": 1, "backoff_factor": 0.01})
    server.fail_next(2, status=503)
    event = first_event(MovielensRatingsTrigger("movielens", "2026-01-05", "2026-01-06", poke_interval=0.01))
    assert event.payload["status"] == "success"
    assert len(server.requests) == 3
