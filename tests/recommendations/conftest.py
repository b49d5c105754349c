"""Fixtures for the recommendations tests: catalogue movies, a fan to recommend to, and a publisher
with a token (the pipeline's user: `rankings.publish`, as for the rankings)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from watchb.catalog.models import Movie


@pytest.fixture
def movies(db):
    """Five catalogue movies titled "Movie 1"... "Movie 5", in id order."""
    Movie.objects.bulk_create([Movie(title=f"Movie {number}", tmdb_id=number) for number in range(1, 6)])
    return list(Movie.objects.order_by("id"))


@pytest.fixture
def fan(db):
    return get_user_model().objects.create_user("fan")


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
