"""Publishing a day's recommendations: PUT /api/recommendations/YYYY-MM-DD/."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from watchb.recommendations.models import DailyRecommendations, SimilarMovie, UserRecommendation

pytestmark = pytest.mark.django_db

DAY = "2026-01-05"
URL = f"/api/recommendations/{DAY}/"


def body(movies, fan, **fields):
    """Movie 1's two similar movies (2 then 3), and the fan's two picks (4 because of 1, then 5 because of 2)."""
    m = [movie.pk for movie in movies]
    return {
        "similar": [
            {"movieId": m[0], "similarId": m[1], "score": 0.9},
            {"movieId": m[0], "similarId": m[2], "score": 0.4},
            {"movieId": m[1], "similarId": m[0], "score": 0.9},
        ],
        "users": [
            {"userId": fan.pk, "movieId": m[3], "becauseId": m[0], "score": 1.5},
            {"userId": fan.pk, "movieId": m[4], "becauseId": m[1], "score": 0.25},
        ],
        **fields,
    }


def stored_similar():
    return list(SimilarMovie.objects.order_by("movie_id", "rank").values_list("movie_id", "similar_id", "rank"))


def stored_picks():
    return list(UserRecommendation.objects.order_by("user_id", "rank").values_list("movie_id", "because_id", "rank"))


def test_first_publish_stores_the_entries_ranked_in_the_order_sent(publisher, movies, fan):
    response = publisher.put(URL, body(movies, fan, source="movielens_popular_movies"), format="json")

    assert response.status_code == 201
    answer = response.json()
    assert (answer["date"], answer["source"], answer["similar"], answer["users"]) == (
        DAY,
        "movielens_popular_movies",
        3,
        2,
    )
    m = [movie.pk for movie in movies]
    assert stored_similar() == [(m[0], m[1], 1), (m[0], m[2], 2), (m[1], m[0], 1)]
    assert stored_picks() == [(m[3], m[0], 1), (m[4], m[1], 2)]


def test_publishing_the_day_again_replaces_it_whole(publisher, movies, fan):
    publisher.put(URL, body(movies, fan), format="json")
    m = [movie.pk for movie in movies]
    replacement = {"similar": [{"movieId": m[2], "similarId": m[3], "score": 0.5}], "users": []}

    response = publisher.put(URL, replacement, format="json")

    assert response.status_code == 200
    assert stored_similar() == [(m[2], m[3], 1)]
    assert stored_picks() == []
    assert DailyRecommendations.objects.count() == 1


def test_other_days_are_left_alone(publisher, movies, fan):
    publisher.put("/api/recommendations/2026-01-04/", body(movies, fan), format="json")
    publisher.put(URL, {"similar": [], "users": []}, format="json")
    assert SimilarMovie.objects.filter(recommendations__date="2026-01-04").count() == 3


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda b: b.pop("users"), "users", "This field is required."),
        (lambda b: b.update(similar={"movieId": 1}), "similar", 'Expected a list of entries, not "dict".'),
        (lambda b: b["similar"][1].pop("score"), "similar[1].score", "This field is required."),
        (lambda b: b["similar"][0].update(score="high"), "similar[0].score", "Must be a finite number."),
        (lambda b: b["similar"][0].update(movieId=0), "similar[0].movieId", "Must be at least 1."),
        (
            lambda b: b["similar"][2].update(similarId=999),
            "similar[2].similarId",
            "No movie in the catalogue with id 999.",
        ),
        (lambda b: b["users"][0].update(userId=999), "users[0].userId", "No user with id 999."),
        (
            lambda b: b["users"][1].update(becauseId=b["users"][1]["movieId"]),
            "users[1].movieId",
            "Must differ from becauseId",
        ),
        (
            lambda b: b["similar"][1].update(similarId=b["similar"][0]["similarId"]),
            "similar[1].similarId",
            "is already listed",
        ),
        (lambda b: b["users"].append(7), "users[2]", "Expected an object with userId, movieId, becauseId, score."),
        (lambda b: b.update(date="2026-01-06"), "date", "differs from the URL's"),
    ],
)
def test_a_bad_body_is_a_400_naming_the_field_and_stores_nothing(publisher, movies, fan, change, field, message):
    sent = body(movies, fan)
    change(sent)

    response = publisher.put(URL, sent, format="json")

    assert response.status_code == 400
    errors = response.json()
    assert field in errors, errors
    assert any(message in text for text in errors[field]), errors
    assert not DailyRecommendations.objects.exists()


def test_a_bad_date_in_the_url_is_a_400(publisher):
    response = publisher.put("/api/recommendations/2026-13-01/", {"similar": [], "users": []}, format="json")
    assert response.status_code == 400
    assert "date" in response.json()


def test_anonymous_publish_is_401_and_a_user_without_the_permission_403(anonymous, movies, fan):
    assert anonymous.put(URL, body(movies, fan), format="json").status_code == 401
    reader = APIClient()
    reader.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=fan).key}")
    response = reader.put(URL, body(movies, fan), format="json")
    assert response.status_code == 403
    assert "rankings.publish" in response.json()["detail"]
    assert not DailyRecommendations.objects.exists()


def test_the_day_and_the_latest_day_are_read_as_summaries(publisher, anonymous, movies, fan):
    assert anonymous.get("/api/recommendations/").status_code == 404
    publisher.put("/api/recommendations/2026-01-04/", {"similar": [], "users": []}, format="json")
    publisher.put(URL, body(movies, fan), format="json")

    latest = anonymous.get("/api/recommendations/").json()
    assert (latest["date"], latest["similar"], latest["users"]) == (DAY, 3, 2)
    assert anonymous.get("/api/recommendations/2026-01-04/").json()["similar"] == 0
    assert anonymous.get("/api/recommendations/2026-01-03/").status_code == 404
