"""Reading published rankings: GET /api/rankings/, /api/rankings/YYYY-MM-DD/, /api/rankings/dates/."""

import pytest
from publish_bodies import entry, ranking_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(publisher, movies):
    """Two published days: the 4th ranks movies 1-2, the 5th ranks 3, 1 and 5 (sent out of order)."""
    publisher.put("/api/rankings/2026-01-04/", ranking_body(movies[:2]), format="json")
    fifth = {"results": [entry(movies[0], 2), entry(movies[4], 3, avg_rating=3.5), entry(movies[2], 1, avg_rating=4.5)]}
    publisher.put("/api/rankings/2026-01-05/", fifth, format="json")
    return movies


def test_a_day_is_served_in_rank_order_with_titles(anonymous, published):
    body = anonymous.get("/api/rankings/2026-01-05/").json()

    assert body["date"] == "2026-01-05"
    assert [(row["rank"], row["title"]) for row in body["results"]] == [(1, "Movie 3"), (2, "Movie 1"), (3, "Movie 5")]
    assert body["results"][0] == {
        "movieId": published[2].pk,
        "title": "Movie 3",
        "avg_rating": 4.5,
        "num_ratings": 10,
        "weighted_rating": 3.9,
        "rank": 1,
    }


def test_the_latest_day_is_served_without_a_date(anonymous, publisher, published):
    # Publishing an older day afterwards does not make it the latest.
    publisher.put("/api/rankings/2026-01-01/", ranking_body(published[:1]), format="json")

    body = anonymous.get("/api/rankings/").json()

    assert body["date"] == "2026-01-05"
    assert [row["rank"] for row in body["results"]] == [1, 2, 3]


def test_limit_serves_the_top_entries_and_total_counts_all(anonymous, published):
    body = anonymous.get("/api/rankings/2026-01-05/?limit=2").json()

    assert [row["title"] for row in body["results"]] == ["Movie 3", "Movie 1"]
    assert body["total"] == 3


def test_a_limit_beyond_the_ranking_serves_it_whole(anonymous, published):
    body = anonymous.get("/api/rankings/?limit=50").json()

    assert len(body["results"]) == body["total"] == 3


@pytest.mark.parametrize("limit", ["0", "-1", "ten", "2.5"])
def test_a_bad_limit_is_400_naming_it(anonymous, published, limit):
    response = anonymous.get(f"/api/rankings/?limit={limit}")

    assert response.status_code == 400
    assert list(response.json()) == ["limit"]


def test_a_day_never_published_is_a_json_404(anonymous, published):
    response = anonymous.get("/api/rankings/2026-01-06/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No ranking has been published for 2026-01-06."}


def test_the_latest_is_a_json_404_before_anything_is_published(anonymous, db):
    response = anonymous.get("/api/rankings/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No ranking has been published yet."}


def test_a_malformed_day_is_400_naming_the_date(anonymous, db):
    response = anonymous.get("/api/rankings/2026-13-01/")

    assert response.status_code == 400
    assert list(response.json()) == ["date"]


def test_published_dates_are_listed_newest_first(anonymous, published):
    assert anonymous.get("/api/rankings/dates/").json() == {"dates": ["2026-01-05", "2026-01-04"]}


def test_no_dates_before_anything_is_published(anonymous, db):
    assert anonymous.get("/api/rankings/dates/").json() == {"dates": []}


def test_a_movie_removed_from_the_catalogue_leaves_the_ranking(anonymous, published):
    published[4].delete()

    body = anonymous.get("/api/rankings/2026-01-05/").json()

    assert [row["title"] for row in body["results"]] == ["Movie 3", "Movie 1"]
