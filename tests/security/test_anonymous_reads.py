"""Issue 10, "anonymous reads": one user's profile, ratings and lists are public as their page is;
the list of all accounts and the whole of the ratings (a bulk download) need a signed-in user, and
the export, with its permission, is the bulk path."""

import pytest
from django.test import Client

from watchb.ratings.models import Rating


@pytest.fixture
def rated(alice, make_movie):
    movie = make_movie("기생충")
    Rating.objects.create(user=alice, movie=movie, rating="4.5")
    return movie


def test_anonymous_reads_user_list_needs_a_signed_in_user(anonymous, client_for, alice):
    assert anonymous.get("/api/users/").status_code == 401
    assert client_for(alice).get("/api/users/").status_code == 200


def test_anonymous_reads_one_profile_is_public(anonymous, alice):
    response = anonymous.get(f"/api/users/{alice.pk}/")

    assert response.status_code == 200 and response.json()["username"] == "alice"


OWNED_LISTS = [
    "/api/ratings/",
    "/api/reviews/",
    "/api/wishlist/",
    "/api/blocklist/",
    "/api/follows/",
    "/api/review-likes/",
    "/api/person-likes/",
]


@pytest.mark.parametrize("path", OWNED_LISTS)
def test_anonymous_reads_whole_lists_need_a_signed_in_user(anonymous, client_for, alice, path):
    assert anonymous.get(path).status_code == 401
    assert client_for(alice).get(path).status_code == 200


def test_anonymous_reads_ratings_narrowed_to_a_user_or_a_movie_are_public(anonymous, alice, rated):
    assert anonymous.get("/api/ratings/", {"user": alice.pk}).json()["count"] == 1
    assert anonymous.get("/api/ratings/", {"movie": rated.pk}).json()["count"] == 1
    assert anonymous.get(f"/api/ratings/{Rating.objects.get().pk}/").status_code == 200


def test_anonymous_reads_an_empty_filter_is_no_filter(anonymous, rated):
    assert anonymous.get("/api/ratings/", {"user": ""}).status_code == 401


def test_anonymous_reads_the_export_still_needs_its_permission(anonymous, rated):
    assert anonymous.get("/ratings").status_code == 401


def test_anonymous_reads_the_user_page_still_shows_ratings(alice, rated):
    response = Client().get("/users/alice/")

    assert response.status_code == 200 and "기생충" in response.text
