"""Sign-up, log-in and log-out pages, and the friendly error pages."""

import pytest
from accounts_helpers import PASSWORD
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_signing_up_creates_the_user_and_logs_them_in(client):
    response = client.post(
        "/accounts/signup/", {"username": "newfan", "password1": "a-long-passphrase", "password2": "a-long-passphrase"}
    )

    assert response.status_code == 302 and response.url == "/"
    assert get_user_model().objects.filter(username="newfan").exists()
    assert 'href="/users/newfan/"' in client.get("/").text


def test_sign_up_returns_to_next(client, parasite):
    response = client.post(
        f"/accounts/signup/?next=/movies/{parasite.pk}/",
        {"username": "newfan", "password1": "a-long-passphrase", "password2": "a-long-passphrase"},
    )

    assert response.url == f"/movies/{parasite.pk}/"


def test_sign_up_ignores_a_next_on_another_site(client):
    response = client.post(
        "/accounts/signup/?next=https://evil.example/",
        {"username": "newfan", "password1": "a-long-passphrase", "password2": "a-long-passphrase"},
    )

    assert response.url == "/"


def test_sign_up_shows_the_form_errors(client, alice):
    response = client.post("/accounts/signup/", {"username": "alice", "password1": "x", "password2": "y"})

    assert response.status_code == 200
    assert "A user with that username already exists." in response.text


def test_log_in_and_log_out(client, alice):
    assert client.get("/accounts/login/").status_code == 200

    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/"
    assert 'href="/users/alice/"' in client.get("/").text

    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert 'href="/accounts/signup/"' in client.get("/").text


def test_a_wrong_password_is_refused_on_the_page(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text


def test_the_404_page_is_friendly(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "This page isn't here" in response.text
    assert 'href="/"' in response.text


def test_the_500_page_stands_alone():
    # Django renders 500.html without the request's context: it must not need `user` or `request`.
    page = render_to_string("500.html")

    assert "Something went wrong on our side" in page
    assert "/static/watchb/site.css" in page


@pytest.fixture
def shared_cache_sessions(settings):
    """Sessions as a deployment with WATCHB_CACHE_URL keeps them: in the Redis on this machine
    (database 8, under a prefix of this test's own), written through to the database."""
    import uuid

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/8",
            "KEY_PREFIX": f"watchb-test-{uuid.uuid4().hex}",
            "TIMEOUT": 600,
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    yield
    from django.core.cache import cache

    cache.clear()


def test_with_a_shared_cache_a_session_costs_no_query_and_a_log_out_holds(
    client, alice, shared_cache_sessions, django_assert_num_queries
):
    client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    other_process = Client()  # a second gunicorn worker, say, given the same cookie
    other_process.cookies = client.cookies

    with CaptureQueriesContext(connection) as queries:
        assert 'href="/users/alice/"' in other_process.get("/").text
    assert not any("django_session" in query["sql"] for query in queries), "read from the cache"
    assert Session.objects.count() == 1, "and written through to the database"

    client.post("/accounts/logout/")

    assert 'href="/accounts/signup/"' in other_process.get("/").text
    assert Session.objects.count() == 0
