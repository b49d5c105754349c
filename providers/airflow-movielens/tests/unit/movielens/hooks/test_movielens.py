"""MovielensHook against live HTTP servers: both paging dialects, auth, retries, bad arguments, and
its async request, which must behave as the sync one does."""

import asyncio
import datetime as dt

import pytest

from airflow_movielens.hooks.movielens import MovielensApiError, MovielensAuthError, MovielensHook
from unit.movielens.contract_server import MovielensContractServer


def day_of(rating):
    return dt.datetime.fromtimestamp(rating["timestamp"], dt.UTC).date().isoformat()


def test_get_ratings_returns_exactly_the_period_in_server_order(server, movielens_conn, ratings):
    movielens_conn(server)
    with MovielensHook() as hook:
        fetched = list(hook.get_ratings("2026-01-06", "2026-01-07", batch_size=7))

    assert fetched == [r for r in ratings if day_of(r) == "2026-01-06"]


def test_cursor_mode_is_used_when_the_server_offers_it(cursor_server, movielens_conn):
    movielens_conn(cursor_server)
    with MovielensHook() as hook:
        fetched = list(hook.get_ratings("2026-01-05", "2026-01-08", batch_size=50))

    pages = [query for method, path, query in cursor_server.requests if path == "/ratings"]
    assert len(fetched) == 360
    assert len(pages) == 8  # ceil(360 / 50)
    assert all(query["cursor"] for query in pages[1:]) and "offset" not in pages[1]


def test_offset_mode_against_the_books_api(book_server, movielens_conn):
    movielens_conn(book_server)
    with MovielensHook() as hook:
        fetched = list(hook.get_ratings("2026-01-05", "2026-01-08", batch_size=50))

    offsets = [int(q.get("offset", 0)) for m, path, q in book_server.requests if path == "/ratings"]
    assert len(fetched) == 360
    assert offsets == [0, 50, 100, 150, 200, 250, 300, 350]


@pytest.mark.parametrize("dialect", ["cursor", "book"])
def test_a_server_that_caps_limit_loses_nothing(ratings, movielens_conn, dialect):
    with MovielensContractServer(ratings, dialect=dialect, max_limit=30) as srv:
        movielens_conn(srv)
        with MovielensHook() as hook:
            fetched = list(hook.get_ratings(batch_size=100))

    assert fetched == ratings


def test_get_movies_pages_through_the_catalogue(server, movielens_conn):
    movielens_conn(server)
    with MovielensHook() as hook:
        movies = list(hook.get_movies(batch_size=10))

    assert [m["movieId"] for m in movies] == list(range(1, 26))


def test_wrong_password_is_an_auth_error_without_retries(server, movielens_conn):
    movielens_conn(server, password="wrong")
    with MovielensHook() as hook, pytest.raises(MovielensAuthError, match="refused \\(401\\)") as error:
        list(hook.get_ratings("2026-01-05", "2026-01-06"))

    assert error.value.status == 401
    assert len(server.requests) == 1


def test_injected_503s_are_retried_and_nothing_is_lost(server, movielens_conn, ratings):
    movielens_conn(server, extra={"retries": 3, "backoff_factor": 0.01})
    server.fail_next(2, status=503)
    with MovielensHook() as hook:
        fetched = list(hook.get_ratings("2026-01-05", "2026-01-06", batch_size=40))

    assert fetched == [r for r in ratings if day_of(r) == "2026-01-05"]
    assert len(server.requests) == 3 + 2  # three pages, two failed attempts


def test_persistent_503_fails_after_the_retries_with_the_status(server, movielens_conn):
    movielens_conn(server, extra={"retries": 2, "backoff_factor": 0.01})
    server.fail_next(10, status=503)
    with MovielensHook() as hook, pytest.raises(MovielensApiError, match="503") as error:
        list(hook.get_ratings())

    assert error.value.status == 503
    assert len(server.requests) == 3  # the first try and two retries


def test_connection_errors_are_reported_not_hung(movielens_conn, book_server):
    movielens_conn(book_server, port=1, extra={"retries": 1, "backoff_factor": 0.01})
    with MovielensHook() as hook, pytest.raises(MovielensApiError, match="failed"):
        list(hook.get_ratings())


@pytest.mark.parametrize("batch_size", [0, -5, 2.5])
def test_a_batch_size_below_one_is_an_error_before_any_request(server, movielens_conn, batch_size):
    movielens_conn(server)
    with MovielensHook() as hook, pytest.raises(ValueError, match="batch_size"):
        hook.get_ratings(batch_size=batch_size)
    assert server.requests == []


def test_dates_accept_date_objects_and_reject_garbage(server, movielens_conn):
    movielens_conn(server)
    with MovielensHook() as hook:
        assert hook.has_ratings(dt.date(2026, 1, 5), dt.datetime(2026, 1, 6, tzinfo=dt.UTC))
        assert not hook.has_ratings("2026-02-01", "2026-02-02")
        with pytest.raises(ValueError, match="start_date must be an ISO date"):
            hook.get_ratings("05/01/2026", None)


def test_test_connection_reports_success_and_failure(server, movielens_conn):
    movielens_conn(server)
    ok, message = MovielensHook().test_connection()
    assert ok and server.url in message

    movielens_conn(server, login="nobody")
    ok, message = MovielensHook().test_connection()
    assert not ok and "401" in message


def test_one_session_serves_every_page(cursor_server, movielens_conn):
    movielens_conn(cursor_server)
    hook = MovielensHook()
    list(hook.get_ratings(batch_size=25))
    session = hook.get_conn()
    list(hook.get_movies())

    assert hook.get_conn() is session
    hook.close()


def test_pages_are_fetched_only_as_the_caller_reads(cursor_server, movielens_conn):
    movielens_conn(cursor_server)
    with MovielensHook() as hook:
        ratings = hook.get_ratings(batch_size=10)
        assert cursor_server.requests == []  # nothing fetched before the first record is wanted
        first_page = [next(ratings) for _ in range(10)]
        assert len(cursor_server.requests) == 1
        next(ratings)
        assert len(cursor_server.requests) == 2
    assert len(first_page) == 10


# --- the async request (the trigger's) -------------------------------------------------------------


async def has_ratings_async(start_date, end_date, **hook_kwargs):
    async with MovielensHook(**hook_kwargs) as hook:
        return await hook.ahas_ratings(start_date, end_date)


def test_ahas_ratings_sends_the_request_has_ratings_sends(server, movielens_conn):
    movielens_conn(server)
    with MovielensHook() as hook:
        assert hook.has_ratings("2026-01-05", "2026-01-06") is True
        assert hook.has_ratings("2026-02-01", "2026-02-02") is False
    sync_requests = list(server.requests)
    server.requests.clear()

    assert asyncio.run(has_ratings_async("2026-01-05", "2026-01-06")) is True
    assert asyncio.run(has_ratings_async("2026-02-01", "2026-02-02")) is False

    assert server.requests == sync_requests
    assert sync_requests[0] == ("GET", "/ratings", {"start_date": "2026-01-05", "end_date": "2026-01-06", "limit": "1"})


def test_ahas_ratings_retries_503s_as_the_session_does(server, movielens_conn):
    movielens_conn(server, extra={"retries": 3, "backoff_factor": 0.01})
    server.fail_next(2, status=503)
    assert asyncio.run(has_ratings_async("2026-01-05", "2026-01-06")) is True
    assert len(server.requests) == 3  # two failed attempts, then the answer

    server.requests.clear()
    server.fail_next(10, status=503)
    with pytest.raises(MovielensApiError, match="503") as error:
        asyncio.run(has_ratings_async("2026-01-05", "2026-01-06"))
    assert error.value.status == 503 and error.value.transient
    assert len(server.requests) == 4  # the first try and three retries, as the connection says


def test_ahas_ratings_refuses_a_wrong_password_at_once(server, movielens_conn):
    movielens_conn(server, password="wrong")
    with pytest.raises(MovielensAuthError, match="refused \\(401\\)") as error:
        asyncio.run(has_ratings_async("2026-01-05", "2026-01-06"))
    assert not error.value.transient
    assert len(server.requests) == 1


def test_ahas_ratings_reports_a_dead_server_after_the_retries(movielens_conn, book_server):
    movielens_conn(book_server, port=1, extra={"retries": 1, "backoff_factor": 0.01})
    with pytest.raises(MovielensApiError, match="failed") as error:
        asyncio.run(has_ratings_async("2026-01-05", "2026-01-06"))
    assert error.value.status is None and error.value.transient


def test_both_clients_take_the_connections_timeout_and_credentials(server, movielens_conn):
    movielens_conn(server, extra={"timeout": 7.5})

    async def async_client_settings():
        async with MovielensHook() as hook:
            client = await hook.aget_conn()
            return client.timeout.read, client.auth is not None, client.headers["Accept"]

    with MovielensHook() as hook:
        assert hook.timeout == 7.5
        assert hook.get_conn().auth == (server.login, server.password)
    assert asyncio.run(async_client_settings()) == (7.5, True, "application/json")
    with MovielensHook(timeout=2.0) as hook:
        assert hook.timeout == 2.0
