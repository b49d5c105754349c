"""Reading recommendations: the functions the pages call and the two read endpoints."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from watchb.ratings.models import Rating
from watchb.recommendations.selectors import get_recommendations, get_similar_movies

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(publisher, movies, fan):
    """Two published days; the later one is what readers get."""
    m = [movie.pk for movie in movies]
    older = {"similar": [{"movieId": m[0], "similarId": m[4], "score": 0.1}], "users": []}
    assert publisher.put("/api/recommendations/2026-01-04/", older, format="json").status_code == 201
    latest = {
        "similar": [
            {"movieId": m[0], "similarId": m[1], "score": 0.9},
            {"movieId": m[0], "similarId": m[2], "score": 0.4},
        ],
        "users": [
            {"userId": fan.pk, "movieId": m[3], "becauseId": m[0], "score": 1.5},
            {"userId": fan.pk, "movieId": m[4], "becauseId": m[1], "score": 0.25},
        ],
    }
    assert publisher.put("/api/recommendations/2026-01-05/", latest, format="json").status_code == 201
    return movies


def test_similar_movies_of_the_latest_day_are_movies_with_their_score_and_rank(published):
    similar = get_similar_movies(published[0])

    assert [(movie.title, movie.score, movie.rank) for movie in similar] == [("Movie 2", 0.9, 1), ("Movie 3", 0.4, 2)]
    assert get_similar_movies(published[0], limit=1) == [published[1]]
    assert get_similar_movies(published[3]) == []


def test_a_users_picks_say_which_of_their_movies_they_come_from(published, fan):
    picks = get_recommendations(fan)

    assert [(movie.title, movie.because.title, movie.rank) for movie in picks] == [
        ("Movie 4", "Movie 1", 1),
        ("Movie 5", "Movie 2", 2),
    ]


def test_a_pick_rated_since_the_publish_is_no_longer_shown(published, fan):
    Rating.objects.create(user=fan, movie=published[3], rating=4)
    assert [movie.title for movie in get_recommendations(fan)] == ["Movie 5"]


def test_nothing_for_anonymous_users_or_before_any_publish(movies, fan):
    assert get_recommendations(AnonymousUser()) == []
    assert get_recommendations(fan) == []
    assert get_similar_movies(movies[0]) == []


def test_similar_movies_are_public_through_the_api(published, anonymous):
    response = anonymous.get(f"/api/movies/{published[0].pk}/similar/?limit=1")

    assert response.status_code == 200
    assert response.json() == {
        "date": "2026-01-05",
        "movieId": published[0].pk,
        "results": [{"movieId": published[1].pk, "title": "Movie 2", "score": 0.9, "rank": 1}],
    }
    assert anonymous.get("/api/movies/999999/similar/").status_code == 404
    bad_limit = anonymous.get(f"/api/movies/{published[0].pk}/similar/?limit=0")
    assert bad_limit.json() == {"limit": ["must be at least 1, not 0."]}


def test_a_user_reads_their_own_picks_and_nobody_elses(published, fan, anonymous):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=fan).key}")

    answer = client.get("/api/recommendations/me/").json()

    assert answer["date"] == "2026-01-05" and answer["userId"] == fan.pk
    assert answer["results"][0] == {
        "movieId": published[3].pk,
        "title": "Movie 4",
        "becauseId": published[0].pk,
        "becauseTitle": "Movie 1",
        "score": 1.5,
        "rank": 1,
    }
    assert anonymous.get("/api/recommendations/me/").status_code == 401
    stranger = APIClient()
    stranger.force_authenticate(get_user_model().objects.create_user("stranger"))
    assert stranger.get("/api/recommendations/me/").json()["results"] == []
