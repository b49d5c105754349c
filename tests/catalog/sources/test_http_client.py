"""The retry policy and the errors of the client every source builds on."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests
import responses

from watchb.catalog.sources.http import (
    JsonHttpClient,
    SourceAuthError,
    SourceError,
    SourceNotFound,
    SourceUnavailable,
)

BASE = "https://api.example.org/3"


class KeyedClient(JsonHttpClient):
    """A client with a secret query parameter, as TMDB and KMDb have."""

    secret_params = frozenset({"api_key"})

    def auth_params(self):
        return {"api_key": "s3cret"}


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def client(sleeps):
    return KeyedClient(BASE, max_attempts=4, backoff=0.5, max_backoff=3, max_retry_after=10, sleep=sleeps.append)


@responses.activate
def test_get_json_sends_params_and_key_and_returns_the_body(client, sleeps):
    responses.get(
        f"{BASE}/movie/1",
        json={"id": 1},
        match=[responses.matchers.query_param_matcher({"language": "ko-KR", "api_key": "s3cret"})],
    )

    assert client.get_json("movie/1", {"language": "ko-KR", "region": None}) == {"id": 1}
    assert sleeps == []


@responses.activate
def test_server_errors_are_retried_with_exponential_back_off(client, sleeps):
    responses.get(f"{BASE}/x", status=502)
    responses.get(f"{BASE}/x", status=503)
    responses.get(f"{BASE}/x", status=500)
    responses.get(f"{BASE}/x", json={"ok": True})

    assert client.get_json("x") == {"ok": True}
    assert sleeps == [0.5, 1.0, 2.0]


@responses.activate
def test_back_off_is_capped(sleeps):
    client = JsonHttpClient(BASE, max_attempts=6, backoff=1, max_backoff=3, sleep=sleeps.append)
    for _ in range(5):
        responses.get(f"{BASE}/x", status=500)
    responses.get(f"{BASE}/x", json={})

    client.get_json("x")
    assert sleeps == [1, 2, 3, 3, 3]


@responses.activate
def test_429_waits_as_long_as_retry_after_says(client, sleeps):
    responses.get(
        f"{BASE}/x",
        status=429,
        headers={"Retry-After": "7"},
        json={"success": False, "status_code": 25, "status_message": "Your request count is over the limit."},
    )
    responses.get(f"{BASE}/x", json={"ok": True})

    assert client.get_json("x") == {"ok": True}
    assert sleeps == [7.0]


@responses.activate
def test_retry_after_is_capped_and_read_as_an_http_date_too(client, sleeps):
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=4), usegmt=True)
    responses.get(f"{BASE}/x", status=429, headers={"Retry-After": "3600"})
    responses.get(f"{BASE}/x", status=503, headers={"Retry-After": later})
    responses.get(f"{BASE}/x", json={})

    client.get_json("x")
    assert sleeps[0] == 10  # an hour asked, our cap honoured
    assert 2 <= sleeps[1] <= 4


@responses.activate
def test_giving_up_raises_source_unavailable_naming_url_status_and_tries(client, sleeps):
    for _ in range(4):
        responses.get(f"{BASE}/discover/movie", status=503, json={"status_message": "Service offline."})

    with pytest.raises(SourceUnavailable) as caught:
        client.get_json("discover/movie", {"page": 3})

    message = str(caught.value)
    assert message == f"{BASE}/discover/movie?page=3 answered HTTP 503 after 4 attempts: Service offline."
    assert "s3cret" not in message and "\n" not in message
    assert caught.value.status == 503
    assert len(sleeps) == 3


@responses.activate
def test_connection_errors_are_retried_then_reported(client, sleeps):
    for _ in range(4):
        responses.get(f"{BASE}/x", body=requests.ConnectionError("refused"))

    with pytest.raises(SourceUnavailable, match=r"^https://api.example.org/3/x unreachable after 4 attempts"):
        client.get_json("x")
    assert len(sleeps) == 3


@responses.activate
def test_a_timeout_then_success_is_one_retry(client, sleeps):
    responses.get(f"{BASE}/x", body=requests.ReadTimeout("slow"))
    responses.get(f"{BASE}/x", json=[1, 2])

    assert client.get_json("x") == [1, 2]
    assert sleeps == [0.5]


@responses.activate
def test_401_is_not_retried_and_carries_tmdb_status_message(client, sleeps):
    responses.get(
        f"{BASE}/movie/1",
        status=401,
        json={
            "success": False,
            "status_code": 7,
            "status_message": "Invalid API key: You must be granted a valid key.",
        },
    )

    with pytest.raises(SourceAuthError) as caught:
        client.get_json("movie/1")

    assert str(caught.value) == (f"{BASE}/movie/1 answered HTTP 401: Invalid API key: You must be granted a valid key.")
    assert sleeps == [] and len(responses.calls) == 1


@responses.activate
def test_404_raises_source_not_found(client):
    responses.get(
        f"{BASE}/movie/999",
        status=404,
        json={
            "success": False,
            "status_code": 34,
            "status_message": "The resource you requested could not be found.",
        },
    )

    with pytest.raises(SourceNotFound, match=r"HTTP 404: The resource you requested could not be found\."):
        client.get_json("movie/999")


@responses.activate
def test_other_client_errors_and_non_json_bodies_are_source_errors(client):
    responses.get(f"{BASE}/bad", status=422, json={"errors": ["page must be less than or equal to 500"]})
    responses.get(f"{BASE}/html", body="<html>maintenance</html>", content_type="text/html")

    with pytest.raises(SourceError, match="HTTP 422: page must be less than or equal to 500") as caught:
        client.get_json("bad")
    assert type(caught.value) is SourceError
    with pytest.raises(SourceError, match="HTTP 200 with a body that is not JSON"):
        client.get_json("html")


def test_at_least_one_attempt_is_required():
    with pytest.raises(ValueError, match="max_attempts"):
        JsonHttpClient(BASE, max_attempts=0)


@responses.activate
def test_one_session_serves_every_request(client):
    responses.get(f"{BASE}/a", json={})
    responses.get(f"{BASE}/b", json={})
    session = client.session

    client.get_json("a")
    client.get_json("/b")
    assert client.session is session
    assert responses.calls[0].request.headers["User-Agent"].startswith("WatchB/")


@responses.activate
def test_raw_control_characters_inside_strings_do_not_lose_the_answer(client):
    responses.get(f"{BASE}/x", body=b'{"plotText": "line\x0bbreak\x01"}', content_type="application/json")

    assert client.get_json("x") == {"plotText": "line\x0bbreak\x01"}
