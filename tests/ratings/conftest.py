"""Fixtures for the ratings tests: catalogue movies, users with API clients, an export user."""

import pytest
from django.contrib.auth.models import Permission
from ratings_helpers import EXPORT_PASSWORD, basic_auth
from rest_framework.test import APIClient

from watchb.catalog.models import Person
from watchb.ratings.models import Rating


@pytest.fixture(autouse=True)
def fast_passwords_and_a_cold_cache(fast_passwords):
    # The export remembers checked passwords in the cache: each test starts without any.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def movie(make_movie):
    return make_movie("기생충", title_en="Parasite", original_title="기생충", production_year=2019)


@pytest.fixture
def person(db):
    return Person.objects.create(name="봉준호", name_en="Bong Joon-ho", tmdb_id=21684)


@pytest.fixture
def bob(make_user):
    return make_user("bob")


@pytest.fixture
def client_for():
    """`client_for(user)`: an API client authenticated as `user` with a token, as an app would be."""

    def make(user):
        from rest_framework.authtoken.models import Token

        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
        return client

    return make


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def exporter(make_user):
    user = make_user("airflow", password=EXPORT_PASSWORD)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="ratings", codename="export"))
    return user


@pytest.fixture
def export_client(exporter):
    """An API client sending the export user's HTTP basic credentials with every request."""
    client = APIClient()
    client.credentials(**basic_auth("airflow", EXPORT_PASSWORD))
    return client


@pytest.fixture
def rate(db):
    """`rate(user, movie, 4.5, utc(2026, 1, 5, 12))` stores a rating at that moment."""

    def make(user, movie, rating, at):
        return Rating.objects.create(user=user, movie=movie, rating=str(rating), rated_at=at)

    return make
