"""Fixtures for the hostile-client tests: users, an export user, clients, and a cold cache per test
(the throttles and the budget of wrong passwords count in the cache)."""

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def fast_passwords_and_a_cold_cache(fast_passwords):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def exporter(make_user):
    user = make_user("airflow")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="ratings", codename="export"))
    return user


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def client_for():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def small_budget(settings):
    """Three wrong passwords per minute, per client address and per username."""
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURE_WINDOW = 60
