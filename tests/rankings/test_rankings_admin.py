"""The admin pages for published rankings render and link a day to its entries."""

import pytest
from publish_bodies import ranking_body

from watchb.rankings.models import DailyRanking

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(publisher, movies):
    publisher.put("/api/rankings/2026-01-05/", ranking_body(movies), format="json")
    return DailyRanking.objects.get()


def test_the_day_list_shows_how_many_movies_each_day_ranks(admin_client, published):
    response = admin_client.get("/admin/rankings/dailyranking/")

    assert response.status_code == 200
    assert f"?ranking__id__exact={published.pk}" in response.text
    assert "5 movies" in response.text


def test_the_entries_of_a_day_are_listed(admin_client, published):
    response = admin_client.get(f"/admin/rankings/rankingentry/?ranking__id__exact={published.pk}")

    assert response.status_code == 200
    assert "Movie 5" in response.text


def test_a_day_opens_in_the_admin(admin_client, published):
    response = admin_client.get(f"/admin/rankings/dailyranking/{published.pk}/change/")

    assert response.status_code == 200
    assert "5 movies" in response.text
