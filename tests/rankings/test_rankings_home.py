"""The home page at / lists the latest published ranking."""

import pytest
from publish_bodies import entry, ranking_body

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_the_latest_ranking_in_rank_order(client, publisher, movies):
    publisher.put("/api/rankings/2026-01-04/", ranking_body(movies[:1]), format="json")
    body = {"results": [entry(movies[1], 2, avg_rating=4.25), entry(movies[3], 1, avg_rating=4.75)]}
    publisher.put("/api/rankings/2026-01-05/", body, format="json")

    response = client.get("/")

    assert response.status_code == 200
    page = response.text
    assert "Popular movies of 2026-01-05" in page
    assert page.index("Movie 4") < page.index("Movie 2")
    assert "4.75" in page
    assert "Movie 1" not in page, "only the latest day is listed"
    assert 'href="/api/rankings/2026-01-05/"' in page


def test_the_home_page_shows_the_head_of_a_long_ranking(client, publisher, make_movies):
    publisher.put("/api/rankings/2026-01-05/", ranking_body(make_movies(120)), format="json")

    page = client.get("/").text

    assert "The top 100 of 120 movies" in page
    assert "<td>Movie 100</td>" in page
    assert "<td>Movie 101</td>" not in page


def test_the_home_page_before_anything_is_published(client, db):
    response = client.get("/")

    assert response.status_code == 200
    assert "No ranking has been published yet." in response.text


def test_titles_are_escaped(client, publisher, movies):
    movies[0].title = "<script>alert(1)</script>"
    movies[0].save()
    publisher.put("/api/rankings/2026-01-05/", ranking_body(movies[:1]), format="json")

    page = client.get("/").text

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
