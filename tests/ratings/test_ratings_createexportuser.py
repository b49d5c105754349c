"""`manage.py createexportuser NAME --password P`: the user pipelines export with."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from ratings_helpers import basic_auth
from rest_framework.test import APIClient


def test_the_created_user_can_export(db):
    call_command("createexportuser", "airflow", "--password", "airflow", verbosity=0)

    client = APIClient()
    client.credentials(**basic_auth("airflow", "airflow"))
    assert client.get("/ratings").status_code == 200


def test_running_it_again_keeps_one_user_with_the_new_password(db):
    call_command("createexportuser", "airflow", "--password", "old", verbosity=0)
    call_command("createexportuser", "airflow", "--password", "new", verbosity=0)

    (user,) = get_user_model().objects.filter(username="airflow")
    assert user.check_password("new") and user.has_perm("ratings.export")


def test_an_existing_user_gets_the_permission(alice):
    call_command("createexportuser", "alice", "--password", "pw-for-pipelines", verbosity=0)

    alice.refresh_from_db()
    assert get_user_model().objects.get(pk=alice.pk).has_perm("ratings.export")


def test_an_empty_password_is_refused(db):
    with pytest.raises(CommandError, match="--password must not be empty"):
        call_command("createexportuser", "airflow", "--password", "")
