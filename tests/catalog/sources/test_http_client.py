"""The retry policy and the errors of the client every source builds on.

The answers come from a scripted local server (``conftest.py``), so the retries are urllib3's own,
made in the session's adapter; the client's ``sleep`` records the waits instead of sleeping.
"""

import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from watchb.catalog.sources.http import (
    JsonHttpClient,
    SourceAuthError,
    SourceError,
    SourceNotFound,
    SourceUnavailable,
)


class KeyedClient(JsonHttpClient):
    """A client with a secret query parameter, as TMDB and KMDb have."""

    secret_params = frozenset({"api_key"})

    def auth_params(self):
        return {"api_key": "s3cret"}


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def api(scripted_api):
    return scripted_api


@pytest.fixture
def base(api):
    return f"{api.url}/3"


@pytest.fixture
def client(base, sleeps):
    return KeyedClient(base, max_attempts=4, backoff=0.5, max_backoff=3, max_retry_after=10, sleep=sleeps.append)


def test_get_json_sends_params_and_key_and_returns_the_body(api, client, sleeps):
    api.get("/3/movie/1", json_body={"id": 1})

    assert client.get_json("movie/1", {"language": "ko-KR", "region": None}) == {"id": 1}
    assert api.calls[0].query == {"language": "ko-KR", "api_key": "s3cret"}
    assert sleeps == []


def test_server_errors_are_retried_with_exponential_back_off(api, client, sleeps):
    api.get("/3/x", status=502)
    api.get("/3/x", status=503)
    api.get("/3/x", status=500)
    api.get("/3/x", json_body={"ok": True})

    assert client.get_json("x") == {"ok": True}
    assert sleeps == [0.5, 1.0, 2.0]


def test_back_off_is_capped(api, base, sleeps):
    client = JsonHttpClient(base, max_attempts=6, backoff=1, max_backoff=3, sleep=sleeps.append)
    for _ in range(5):
        api.get("/3/x", status=500)
    api.get("/3/x", json_body={})

    client.get_json("x")
    assert sleeps == [1, 2, 3, 3, 3]


def test_429_waits_as_long_as_retry_after_says(api, client, sleeps):
    api.get(
        "/3/x",
        status=429,
        headers={"Retry-After": "7"},
        json_body={"success": False, "status_code": 25, "status_message": "Your request count is over the limit."},
    )
    api.get("/3/x", json_body={"ok": True})

    assert client.get_json("x") == {"ok": True}
    assert sleeps == [7.0]


def test_retry_after_is_capped_and_read_as_an_http_date_too(api, client, sleeps):
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=4), usegmt=True)
    api.get("/3/x", status=429, headers={"Retry-After": "3600"})
    api.get("/3/x", status=503, headers={"Retry-After": later})
    api.get("/3/x", json_body={})

    client.get_json("x")
    assert sleeps[0] == 10  # an hour asked, our cap honoured
    assert 2 <= sleeps[1] <= 4


def test_an_unreadable_retry_after_falls_back_to_the_back_off(api, client, sleeps):
    api.get("/3/x", status=503, headers={"Retry-After": "soon"})
    api.get("/3/x", json_body={})

    client.get_json("x")
    assert sleeps == [0.5]


def test_giving_up_raises_source_unavailable_naming_url_status_and_tries(api, base, client, sleeps):
    api.get("/3/discover/movie", status=503, json_body={"status_message": "Service offline."})

    with pytest.raises(SourceUnavailable) as caught:
        client.get_json("discover/movie", {"page": 3})

    message = str(caught.value)
    assert message == f"{base}/discover/movie?page=3 answered HTTP 503 after 4 attempts: Service offline."
    assert "s3cret" not in message and "\n" not in message
    assert caught.value.status == 503
    assert len(sleeps) == 3
    assert len(api.calls) == 4


def test_not_implemented_is_not_retried(api, client, sleeps):
    api.get("/3/x", status=501)

    with pytest.raises(SourceError, match="HTTP 501"):
        client.get_json("x")
    assert sleeps == [] and len(api.calls) == 1


def test_connection_errors_are_retried_then_reported(closed_port_url, sleeps):
    client = KeyedClient(f"{closed_port_url}/3", max_attempts=4, backoff=0.5, sleep=sleeps.append)

    with pytest.raises(SourceUnavailable, match=rf"^{re.escape(closed_port_url)}/3/x unreachable after 4 attempts"):
        client.get_json("x")
    assert len(sleeps) == 3


def test_a_timeout_then_success_is_one_retry(api, base, sleeps):
    client = KeyedClient(base, timeout=(5, 0.2), max_attempts=4, backoff=0.5, sleep=sleeps.append)
    api.get("/3/x", json_body=[0], delay=1.0)
    api.get("/3/x", json_body=[1, 2])

    assert client.get_json("x") == [1, 2]
    assert sleeps == [0.5]


def test_401_is_not_retried_and_carries_tmdb_status_message(api, base, client, sleeps):
    api.get(
        "/3/movie/1",
        status=401,
        json_body={
            "success": False,
            "status_code": 7,
            "status_message": "Invalid API key: You must be granted a valid key.",
        },
    )

    with pytest.raises(SourceAuthError) as caught:
        client.get_json("movie/1")

    assert str(caught.value) == (f"{base}/movie/1 answered HTTP 401: Invalid API key: You must be granted a valid key.")
    assert sleeps == [] and len(api.calls) == 1


def test_404_raises_source_not_found(api, client):
    api.get(
        "/3/movie/999",
        status=404,
        json_body={
            "success": False,
            "status_code": 34,
            "status_message": "The resource you requested could not be found.",
        },
    )

    with pytest.raises(SourceNotFound, match=r"HTTP 404: The resource you requested could not be found\."):
        client.get_json("movie/999")


def test_other_client_errors_and_non_json_bodies_are_source_errors(api, client):
    api.get("/3/bad", status=422, json_body={"errors": ["page must be less than or equal to 500"]})
    api.get("/3/html", body=b"<html>maintenance</html>", content_type="text/html")

    with pytest.raises(SourceError, match="HTTP 422: page must be less than or equal to 500") as caught:
        client.get_json("bad")
    assert type(caught.value) is SourceError
    with pytest.raises(SourceError, match="HTTP 200 with a body that is not JSON"):
        client.get_json("html")


def test_at_least_one_attempt_is_required(base):
    with pytest.raises(ValueError, match="max_attempts"):
        JsonHttpClient(base, max_attempts=0)


def test_one_session_serves_every_request(api, client):
    api.get("/3/a", json_body={})
    api.get("/3/b", json_body={})
    session = client.session

    client.get_json("a")
    client.get_json("/b")
    assert client.session is session
    assert api.calls[0].headers["User-Agent"].startswith("WatchB/")


def test_raw_control_characters_inside_strings_do_not_lose_the_answer(api, client):
    api.get("/3/x", body=b'{"plotText": "line\x0bbreak\x01"}')

    assert client.get_json("x") == {"plotText": "line\x0bbreak\x01"}


def test_each_retry_is_logged_without_the_key(api, client, caplog):
    api.get("/3/x", status=503)
    api.get("/3/x", json_body={})

    with caplog.at_level("INFO", logger="watchb.catalog.sources.retry"):
        client.get_json("x", {"page": 1})

    assert caplog.messages == ["/3/x: HTTP 503, try 2 in 0.5s"]
    assert "s3cret" not in caplog.text
