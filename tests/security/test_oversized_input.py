"""Issue 10, "oversized input": free text is bounded (400 naming the field) and so is a request body
(413 for the API's parsers, 400 for Django's forms)."""

import json

import pytest
from django.test import Client
from security_helpers import PASSWORD

from watchb.ratings.models import REVIEW_MAX_LENGTH, Review


@pytest.fixture
def movie(make_movie):
    return make_movie("기생충")


def test_oversized_input_30_mb_review_is_refused(client_for, alice, movie):
    body = json.dumps({"movie": movie.pk, "text": "x" * 30_000_000})

    response = client_for(alice).post("/api/reviews/", body, content_type="application/json")

    assert response.status_code == 413
    assert Review.objects.count() == 0


def test_oversized_input_30_mb_review_as_a_form_is_refused(client_for, alice, movie):
    body = {"movie": movie.pk, "text": "x" * 30_000_000}

    response = client_for(alice).post("/api/reviews/", body, format="multipart")

    assert response.status_code == 413
    assert Review.objects.count() == 0


def test_oversized_input_review_longer_than_the_maximum_names_the_field(client_for, alice, movie):
    client = client_for(alice)

    too_long = client.post("/api/reviews/", {"movie": movie.pk, "text": "x" * (REVIEW_MAX_LENGTH + 1)}, format="json")
    longest = client.post("/api/reviews/", {"movie": movie.pk, "text": "x" * REVIEW_MAX_LENGTH}, format="json")

    assert too_long.status_code == 400 and list(too_long.json()) == ["text"]
    assert longest.status_code == 201


def test_oversized_input_review_edit_is_bounded_too(client_for, alice, movie):
    review = Review.objects.create(user=alice, movie=movie, text="good")

    response = client_for(alice).patch(f"/api/reviews/{review.pk}/", {"text": "x" * 20_000}, format="json")

    assert response.status_code == 400 and list(response.json()) == ["text"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("username", "u" * 151), ("email", "e" * 250 + "@example.com"), ("password", "p" * 1025)],
)
def test_oversized_input_signup_fields_name_the_field(anonymous, db, field, value):
    body = {"username": "newfan", "password": "correct horse battery", field: value}

    response = anonymous.post("/api/auth/signup/", body, format="json")

    assert response.status_code == 400 and field in response.json()


def test_oversized_input_deep_json_is_a_400(client_for, alice, movie):
    body = "[" * 100_000 + "]" * 100_000

    response = client_for(alice).post("/api/reviews/", body, content_type="application/json")

    assert response.status_code == 400


def test_oversized_input_login_form_body_is_capped(alice):
    response = Client().post("/accounts/login/", {"username": "alice", "password": PASSWORD, "pad": "x" * 3_000_000})

    assert response.status_code == 400
