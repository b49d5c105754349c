"""The admin pages for published recommendations render with their counts and entries."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(publisher, movies, fan):
    m = [movie.pk for movie in movies]
    body = {
        "similar": [
            {"movieId": m[0], "similarId": m[1], "score": 0.9},
            {"movieId": m[1], "similarId": m[0], "score": 0.9},
        ],
        "users": [{"userId": fan.pk, "movieId": m[2], "becauseId": m[0], "score": 1.0}],
    }
    assert publisher.put("/api/recommendations/2026-01-05/", body, format="json").status_code == 201


def test_the_day_list_counts_entries_and_users(admin_client, published):
    response = admin_client.get("/admin/recommendations/dailyrecommendations/")

    assert response.status_code == 200
    assert '<td class="field-similar_count">2</td>' in response.text
    assert '<td class="field-user_count">1</td>' in response.text


@pytest.mark.parametrize(("model", "expected"), [("similarmovie", "Movie 2"), ("userrecommendation", "fan")])
def test_the_entries_are_listed(admin_client, published, model, expected):
    response = admin_client.get(f"/admin/recommendations/{model}/")

    assert response.status_code == 200
    assert expected in response.text
