"""Fixtures for the rankings tests: catalogue movies, a publisher with a token, and ranking bodies."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from watchb.catalog.models import Movie


@pytest.fixture
def make_movies(db):
    """`make_movies(n)` adds n catalogue movies titled "Movie 1"... and returns them in id order."""

    def make(count):
        start = Movie.objects.count() + 1
        Movie.objects.bulk_create(
            [Movie(title=f"Movie {number}", tmdb_id=number) for number in range(start, start + count)]
        )
        return list(Movie.objects.order_by("id"))[-count:]

    return make


@pytest.fixture
def movies(make_movies):
    return make_movies(5)


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def publisher(db):
    """An API client authenticated by the token of a user with `rankings.publish`."""
    user = get_user_model().objects.create_user("pipeline")
    user.user_permissions.add(Permission.objects.get(codename="publish", content_type__app_label="rankings"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client
