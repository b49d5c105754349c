"""Issue 10, "anonymous 500s": ids and limits too large for 64 bits, digits that are not ASCII and a
cursor nested 2,000 deep are each a 400 naming the parameter."""

import base64
import json

import pytest
from rest_framework.test import APIClient
from security_helpers import PASSWORD, basic_auth

from watchb.ratings.pagination import encode_cursor

TOO_BIG = str(2**63)


@pytest.fixture
def movie(make_movie):
    return make_movie("기생충")


@pytest.mark.parametrize(
    ("path", "parameter", "value"),
    [
        ("/api/ratings/", "user", TOO_BIG),
        ("/api/ratings/", "movie", TOO_BIG),
        ("/api/reviews/", "movie", TOO_BIG),
        ("/api/wishlist/", "user", TOO_BIG),
        ("/api/follows/", "followee", TOO_BIG),
        ("/api/follows/", "follower", "99999999999999999999999"),
        ("/api/ratings/", "user", "²"),
        ("/api/reviews/", "movie", "٣"),
        ("/api/rankings/", "limit", TOO_BIG),
        ("/api/movies/{movie}/similar/", "limit", TOO_BIG),
        ("/api/movies/{movie}/similar/", "limit", "²"),
    ],
)
def test_anonymous_500s_query_parameters_are_400s_naming_them(anonymous, movie, path, parameter, value):
    response = anonymous.get(path.format(movie=movie.pk), {parameter: value})

    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_anonymous_500s_my_recommendations_limit(client_for, alice):
    response = client_for(alice).get("/api/recommendations/me/", {"limit": TOO_BIG})

    assert response.status_code == 400 and list(response.json()) == ["limit"]


def _cursor_of(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


NOT_OURS = {
    "nested-2000-deep": _cursor_of("[" * 2000 + "]" * 2000),
    "nested-20-deep": _cursor_of("[" * 20 + "1" + "]" * 20),
    "an-object": _cursor_of('{"a": 1}'),
    "a-float": _cursor_of("[1.5,2,3]"),
    "spaces": _cursor_of("[1, 2, 3]"),
    "empty-list": _cursor_of("[]"),
    "five-numbers": _cursor_of("[" + ",".join(["1"] * 5) + "]"),
    "beyond-64-bits": encode_cursor((10**30, 1, 1)),
    "10000-characters": "A" * 10_000,
    "not-base64": "not base64 ✓",
}


@pytest.mark.parametrize("cursor", NOT_OURS.values(), ids=NOT_OURS.keys())
@pytest.mark.parametrize("path", ["/ratings", "/movies"])
def test_anonymous_500s_cursors_that_this_server_did_not_issue_are_400s(exporter, path, cursor):
    response = APIClient().get(path, {"cursor": cursor}, **basic_auth("airflow", PASSWORD))

    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


def test_anonymous_500s_cursor_decoding_accepts_what_it_issues(exporter, make_movie):
    for n in range(3):
        make_movie(f"m{n}")
    client = APIClient()
    client.credentials(**basic_auth("airflow", PASSWORD))

    first = client.get("/movies", {"cursor": "", "limit": 2}).json()
    second = client.get("/movies", {"cursor": first["next"], "limit": 2}).json()

    assert len(first["result"]) == 2 and len(second["result"]) == 1
    assert json.loads(base64.urlsafe_b64decode(first["next"] + "==")) == [first["result"][-1]["movieId"]]
