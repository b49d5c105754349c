"""`manage.py createpublisher NAME [--token TOKEN]`: the user the pipeline publishes rankings as."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from publish_bodies import ranking_body
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def createpublisher(*args):
    """Run the command; return what it printed on stdout (the token) without the newline."""
    out = StringIO()
    call_command("createpublisher", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_the_printed_token_publishes_rankings(movies):
    token = createpublisher("airflow")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = client.put("/api/rankings/2026-01-05/", ranking_body(movies), format="json")

    assert response.status_code == 201


def test_the_publisher_has_the_permission_and_no_password():
    createpublisher("airflow")

    user = get_user_model().objects.get(username="airflow")
    assert user.has_perm("rankings.publish")
    assert not user.has_usable_password()
    assert not user.is_staff


def test_running_twice_keeps_the_user_and_prints_the_same_token():
    first = createpublisher("airflow")
    second = createpublisher("airflow")

    assert second == first
    assert get_user_model().objects.filter(username="airflow").count() == 1
    assert Token.objects.count() == 1


def test_token_sets_that_exact_token():
    assert createpublisher("airflow", "--token", "watchb-dev-publish-token") == "watchb-dev-publish-token"
    assert Token.objects.get(user__username="airflow").key == "watchb-dev-publish-token"


def test_a_new_token_replaces_the_old_one():
    old = createpublisher("airflow")

    createpublisher("airflow", "--token", "replacement-token")

    assert list(Token.objects.values_list("key", flat=True)) == ["replacement-token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert client.post("/api/rankings/", {"date": "2026-01-05", "results": []}, format="json").status_code == 401


def test_an_existing_user_is_given_the_permission():
    user = get_user_model().objects.create_user("alice", password="secret")

    createpublisher("alice")

    user = get_user_model().objects.get(pk=user.pk)  # permissions are cached per instance
    assert user.has_perm("rankings.publish")
    assert user.check_password("secret"), "an existing user's password is left alone"


def test_another_users_token_is_refused():
    taken = createpublisher("first")

    with pytest.raises(CommandError, match="already another user's token"):
        createpublisher("second", "--token", taken)
    assert not get_user_model().objects.filter(username="second").exists(), "nothing is half-made"


@pytest.mark.parametrize("token", ["", "has space", "x" * 41])
def test_a_token_that_cannot_be_a_header_is_refused(token):
    with pytest.raises(CommandError, match="--token must be 1 to 40 printable characters"):
        createpublisher("airflow", "--token", token)


def test_an_invalid_username_is_refused():
    with pytest.raises(CommandError, match="Invalid username 'no spaces please'"):
        createpublisher("no spaces please")
