"""Answers that break off mid-body: the headers came, the body did not (a reset connection, a body that
ends early, a stall longer than the timeout). urllib3's retries end with the headers, so the hook
must ask again itself, in its sync and its async request alike."""

import asyncio
import datetime as dt

import pytest

from airflow_movielens.hooks.movielens import MovielensApiError, MovielensHook

CUTS = ["reset", "truncate", "stall"]
FAST = {"retries": 3, "backoff_factor": 0.01, "timeout": 0.3}


def day_of(rating):
    return dt.datetime.fromtimestamp(rating["timestamp"], dt.UTC).date().isoformat()


@pytest.mark.parametrize("how", CUTS)
def test_a_page_cut_mid_body_is_asked_for_again_and_nothing_is_lost(server, movielens_conn, ratings, how):
    movielens_conn(server, extra=FAST)
    server.cut_next(2, how, stall=1.0)
    with MovielensHook() as hook:
        fetched = list(hook.get_ratings("2026-01-05", "2026-01-06", batch_size=40))

    assert fetched == [r for r in ratings if day_of(r) == "2026-01-05"]
    assert len(server.requests) == 3 + 2  # three pages, two of them asked for twice


def test_answers_cut_more_often_than_the_retries_allow_are_a_transient_error(cursor_server, movielens_conn):
    movielens_conn(cursor_server, extra=FAST)
    cursor_server.cut_next(10, "truncate")
    with MovielensHook() as hook, pytest.raises(MovielensApiError, match="cut short") as error:
        list(hook.get_ratings("2026-01-05", "2026-01-06"))

    assert error.value.transient
    assert len(cursor_server.requests) == 4  # the first try and three retries


def test_a_page_that_is_not_json_at_all_is_not_retried(cursor_server, movielens_conn, monkeypatch):
    # An HTML error page from a misconfigured proxy will not improve by asking again.
    monkeypatch.setattr(cursor_server, "answer", lambda path, query: (200, b"<html>login</html>"))
    movielens_conn(cursor_server, extra=FAST)
    with MovielensHook() as hook, pytest.raises(MovielensApiError, match="non-JSON") as error:
        list(hook.get_ratings("2026-01-05", "2026-01-06"))

    assert not error.value.transient
    assert len(cursor_server.requests) == 1


@pytest.mark.parametrize("how", CUTS)
def test_the_async_request_asks_again_after_a_cut_answer(server, movielens_conn, how):
    movielens_conn(server, extra=FAST)
    server.cut_next(2, how, stall=1.0)

    async def has_ratings():
        async with MovielensHook() as hook:
            return await hook.ahas_ratings("2026-01-05", "2026-01-06")

    assert asyncio.run(has_ratings()) is True
    assert len(server.requests) == 3
