"""Expected ratings: published with a day's recommendations, read per user and movie (the movie
page's "expected ★")."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from watchb.ratings.models import Rating
from watchb.recommendations.models import ExpectedRating
from watchb.recommendations.selectors import get_expected_rating

pytestmark = pytest.mark.django_db
URL = "/api/recommendations/2026-01-05/"


def day_body(movies, fan, expected):
    m = [movie.pk for movie in movies]
    return {
        "similar": [],
        "users": [{"userId": fan.pk, "movieId": m[3], "becauseId": m[0], "score": 1.5}],
        "expected": expected,
    }


@pytest.fixture
def published(publisher, movies, fan):
    m = [movie.pk for movie in movies]
    expected = [{"userId": fan.pk, "movieId": m[3], "rating": 4.25}, {"userId": fan.pk, "movieId": m[4], "rating": 3.5}]
    response = publisher.put(URL, day_body(movies, fan, expected), format="json")
    assert response.status_code == 201
    assert response.json()["expected"] == 2
    return movies


def signed_in(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_signed_in_user_reads_the_stars_they_are_expected_to_give_a_movie(published, fan):
    answer = signed_in(fan).get(f"/api/movies/{published[3].pk}/expected/").json()

    assert answer == {"date": "2026-01-05", "movieId": published[3].pk, "userId": fan.pk, "rating": 4.25}
    assert get_expected_rating(fan, published[4]) == 3.5


def test_no_expected_rating_is_null_and_a_movie_rated_since_has_none(published, fan):
    Rating.objects.create(user=fan, movie=published[4], rating=2.0)
    client = signed_in(fan)

    assert client.get(f"/api/movies/{published[0].pk}/expected/").json()["rating"] is None  # none published
    assert client.get(f"/api/movies/{published[4].pk}/expected/").json()["rating"] is None  # rated since
    other = get_user_model().objects.create_user("other")
    assert signed_in(other).get(f"/api/movies/{published[3].pk}/expected/").json()["rating"] is None


def test_expected_ratings_are_the_users_own_and_need_a_movie_that_exists(published, anonymous):
    assert anonymous.get(f"/api/movies/{published[3].pk}/expected/").status_code in (401, 403)
    fan = get_user_model().objects.get(username="fan")
    assert signed_in(fan).get("/api/movies/999999/expected/").status_code == 404


def test_before_anything_is_published_the_date_and_rating_are_null(movies, fan):
    answer = signed_in(fan).get(f"/api/movies/{movies[0].pk}/expected/").json()
    assert (answer["date"], answer["rating"]) == (None, None)


def test_a_publish_without_expected_ratings_stores_none(publisher, movies, fan):
    body = day_body(movies, fan, [])
    del body["expected"]

    assert publisher.put(URL, body, format="json").status_code == 201
    assert ExpectedRating.objects.count() == 0


def test_republishing_replaces_the_expected_ratings(published, publisher, fan):
    m = [movie.pk for movie in published]
    publisher.put(URL, day_body(published, fan, [{"userId": fan.pk, "movieId": m[2], "rating": 5}]), format="json")

    assert list(ExpectedRating.objects.values_list("movie_id", "rating")) == [(m[2], 5.0)]


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ({"rating": 5.5}, "expected[0].rating"),
        ({"rating": 0.0}, "expected[0].rating"),
        ({"rating": "NaN"}, "expected[0].rating"),
        ({"movieId": 999999}, "expected[0].movieId"),
        ({"userId": 999999}, "expected[0].userId"),
    ],
)
def test_a_bad_expected_rating_is_a_400_naming_it_and_stores_nothing(publisher, movies, fan, entry, error):
    good = {"userId": fan.pk, "movieId": movies[3].pk, "rating": 4.0}
    response = publisher.put(URL, day_body(movies, fan, [{**good, **entry}]), format="json")

    assert response.status_code == 400
    assert error in response.json()
    assert ExpectedRating.objects.count() == 0


def test_a_pair_given_twice_is_a_400(publisher, movies, fan):
    entry = {"userId": fan.pk, "movieId": movies[3].pk, "rating": 4.0}
    response = publisher.put(URL, day_body(movies, fan, [entry, {**entry, "rating": 3.0}]), format="json")

    assert response.status_code == 400
    assert "already has an expected rating" in response.json()["expected[1].movieId"][0]
