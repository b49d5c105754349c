"""Issue 10, "password guessing": after a few wrong passwords from one client, or for one username,
every way of logging in answers 429 with Retry-After, the right password included."""

import pytest
from django.test import Client
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle
from security_helpers import PASSWORD, basic_auth


def rates(anon, user, auth):
    """DRF's throttles read their rates once, at import: tests set them on the class."""
    return {"anon": anon, "user": user, "auth": auth}


def guess_token(client, username, password):
    return client.post("/api/auth/token/", {"username": username, "password": password}, format="json")


def test_password_guessing_token_endpoint_is_refused_after_the_budget(anonymous, alice, small_budget):
    answers = [guess_token(anonymous, "alice", f"guess-{n}").status_code for n in range(3)]

    refused = guess_token(anonymous, "alice", PASSWORD)

    assert answers == [400, 400, 400]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_password_guessing_budget_counts_the_username_from_any_address(alice, small_budget):
    guessers = [APIClient(REMOTE_ADDR=f"10.0.0.{n}") for n in range(3)]
    for guesser in guessers:
        guess_token(guesser, "alice", "x")

    # Each address that guessed is refused for alice, even with one guess of its own...
    assert [guess_token(guesser, "alice", PASSWORD).status_code for guesser in guessers] == [429] * 3
    # ...but not for another name.
    assert guess_token(guessers[0], "bob", "x").status_code == 400


def test_password_guessing_cannot_lock_a_known_user_out(exporter, small_budget):
    """Issue 10's gap: an attacker who knows the export user's name fails on purpose from many
    addresses; the pipeline, from its own address, still logs in with the right password."""
    for n in range(10):
        APIClient(REMOTE_ADDR=f"203.0.113.{n}").get("/ratings", **basic_auth("airflow", f"wrong-{n}"))
        guess_token(APIClient(REMOTE_ADDR=f"198.51.100.{n}"), "airflow", f"wrong-{n}")

    pipeline = APIClient(REMOTE_ADDR="10.20.0.5")

    assert pipeline.get("/ratings", **basic_auth("airflow", PASSWORD)).status_code == 200
    assert guess_token(pipeline, "airflow", PASSWORD).status_code == 200
    assert (
        Client(REMOTE_ADDR="10.20.0.6")
        .post("/accounts/login/", {"username": "airflow", "password": PASSWORD})
        .status_code
        == 302
    )


def test_password_guessing_a_name_over_budget_gives_a_new_address_one_try(alice, small_budget):
    for n in range(3):
        guess_token(APIClient(REMOTE_ADDR=f"10.0.0.{n}"), "alice", "x")
    newcomer = APIClient(REMOTE_ADDR="10.9.9.9")

    first, second = guess_token(newcomer, "alice", "y"), guess_token(newcomer, "alice", PASSWORD)

    assert (first.status_code, second.status_code) == (400, 429)


def test_password_guessing_budget_counts_the_address_across_usernames(alice, small_budget):
    for name in ["bob", "carol", "dave"]:
        guess_token(APIClient(), name, "x")

    assert guess_token(APIClient(), "alice", PASSWORD).status_code == 429
    assert guess_token(APIClient(REMOTE_ADDR="10.1.1.1"), "alice", PASSWORD).status_code == 200


def test_password_guessing_x_forwarded_for_does_not_make_a_new_client(alice, small_budget):
    for n in range(3):
        APIClient(HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").post("/api/auth/token/", {"username": f"u{n}", "password": "x"})

    assert guess_token(APIClient(HTTP_X_FORWARDED_FOR="192.0.2.77"), "alice", PASSWORD).status_code == 429


def test_password_guessing_token_endpoint_has_a_stricter_request_rate(anonymous, alice, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates("100/minute", "100/minute", "2/minute"))

    answers = [guess_token(anonymous, "alice", PASSWORD) for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[-1]["Retry-After"]) >= 1


def test_password_guessing_api_has_anonymous_and_user_rates(anonymous, client_for, alice, monkeypatch, db):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates("2/minute", "3/minute", "9/minute"))

    anonymous_answers = [anonymous.get("/api/movies/").status_code for _ in range(3)]
    signed_in = client_for(alice)
    user_answers = [signed_in.get("/api/movies/").status_code for _ in range(4)]

    assert anonymous_answers == [200, 200, 429]
    assert user_answers == [200, 200, 200, 429]


def test_password_guessing_default_rates_are_set(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert set(rates) == {"anon", "user", "auth"}
    assert settings.LOGIN_FAILURE_LIMIT >= 3


def test_password_guessing_login_form_is_refused_after_the_budget(alice, small_budget):
    client = Client()
    wrong = [client.post("/accounts/login/", {"username": "alice", "password": f"g{n}"}).status_code for n in range(3)]

    refused = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})

    assert wrong == [200, 200, 200]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "Too many wrong passwords" in refused.text
    assert "_auth_user_id" not in client.session


def test_password_guessing_browsable_api_login_is_refused_after_the_budget(alice, small_budget):
    client = Client()
    for n in range(3):
        client.post("/api/auth/login/", {"username": "alice", "password": f"g{n}"})

    assert client.post("/api/auth/login/", {"username": "alice", "password": PASSWORD}).status_code == 429


@pytest.mark.parametrize("path", ["/ratings", "/movies"])
def test_password_guessing_export_basic_auth_is_refused_after_the_budget(path, exporter, small_budget):
    wrong = [APIClient().get(path, **basic_auth("airflow", f"g{n}")).status_code for n in range(3)]

    refused = APIClient().get(path, **basic_auth("airflow", PASSWORD))

    assert wrong == [401, 401, 401]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1


def test_password_guessing_budget_shared_by_every_way_of_logging_in(exporter, small_budget):
    APIClient().get("/ratings", **basic_auth("airflow", "g1"))
    Client().post("/accounts/login/", {"username": "airflow", "password": "g2"})
    guess_token(APIClient(), "airflow", "g3")

    assert APIClient().get("/ratings", **basic_auth("airflow", PASSWORD)).status_code == 429


def test_password_guessing_budget_frees_after_the_window(alice, small_budget, monkeypatch):
    import time

    start = time.time()
    for n in range(3):
        guess_token(APIClient(), "alice", f"g{n}")
    monkeypatch.setattr(time, "time", lambda: start + 61)

    assert guess_token(APIClient(), "alice", PASSWORD).status_code == 200


def admin_login(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


@pytest.fixture
def staff(make_user):
    user = make_user("editor")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_password_guessing_admin_login_is_refused_after_the_budget(staff, small_budget):
    client = Client()
    wrong = [admin_login(client, "editor", f"g{n}").status_code for n in range(3)]

    refused = admin_login(client, "editor", PASSWORD)

    assert wrong == [200, 200, 200]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Too many wrong passwords" in refused.text
    assert "_auth_user_id" not in client.session


def test_password_guessing_admin_login_shares_the_budget(staff, small_budget):
    for n in range(3):
        guess_token(APIClient(), "editor", f"g{n}")

    assert admin_login(Client(), "editor", PASSWORD).status_code == 429
    assert admin_login(Client(REMOTE_ADDR="10.3.3.3"), "editor", PASSWORD).status_code == 302
