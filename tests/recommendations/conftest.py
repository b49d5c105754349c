"""Fixtures for the recommendations tests: catalogue movies, a fan to recommend to, and the pipeline's
publisher."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
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
    """An API client with the token `createpublisher` prints, as the pipeline's connection holds it
    (the user has `rankings.publish`: recommendations are published with the rankings' permission)."""
    token = StringIO()
    call_command("createpublisher", "pipeline", stdout=token, stderr=StringIO())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.getvalue().strip()}")
    return client
