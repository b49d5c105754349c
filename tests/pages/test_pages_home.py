"""The home page: a published day's ranking, the date picker and each movie's rank trend."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from watchb.rankings.publishing import publish_ranking

pytestmark = pytest.mark.django_db


def test_home_lists_the_latest_published_day_in_rank_order(client, publish, parasite, memories):
    publish("2026-01-04", [parasite])
    publish("2026-01-05", [memories, parasite])

    response = client.get("/")

    assert response.status_code == 200
    page = response.text
    assert "Popular movies of 2026-01-05" in page
    assert page.index("살인의 추억") < page.index("기생충")
    assert f'href="/movies/{parasite.pk}/"' in page
    assert 'src="https://images.example/parasite.jpg"' in page, "the poster thumbnail"
    assert "2019" in page, "the year"
    assert "★ 4.99" in page and "11 raters" in page and "weighted 4.49" in page
    assert 'href="/api/rankings/2026-01-05/"' in page


def test_the_date_picker_offers_every_published_day_and_shows_the_chosen_one(client, publish, parasite, memories):
    publish("2026-01-04", [parasite])
    publish("2026-01-05", [memories])

    by_query = client.get("/?date=2026-01-04").text
    by_path = client.get("/rankings/2026-01-04/").text

    for page in (by_query, by_path):
        assert "Popular movies of 2026-01-04" in page
        assert "살인의 추억" not in page
        assert '<option value="2026-01-04" selected>' in page
        assert '<option value="2026-01-05">' in page
        assert 'href="/rankings/2026-01-05/" rel="next"' in page


def test_a_malformed_date_is_a_400_naming_the_parameter(client, publish, parasite):
    publish("2026-01-05", [parasite])

    response = client.get("/?date=yesterday")

    assert response.status_code == 400
    assert response.text.startswith("date: ")


def test_a_day_without_a_ranking_is_a_friendly_404(client, publish, parasite):
    publish("2026-01-05", [parasite])

    response = client.get("/rankings/2025-12-31/")

    assert response.status_code == 404
    assert "This page isn't here" in response.text


def test_each_entry_has_a_rank_trend_over_the_published_days(client, publish, parasite, memories):
    publish("2026-01-03", [parasite, memories])
    publish("2026-01-04", [memories])
    publish("2026-01-05", [memories, parasite])

    page = client.get("/").text

    # 기생충 was 1st, unranked, then 2nd: two dots, and the missing day breaks the line in two.
    assert "Ranked on 2 of 3 days; best #1, worst #2" in page
    assert "2026-01-04: #1" in page, "each dot is titled with its day and rank"
    assert page.count("<svg") == 2


def test_the_head_of_a_long_ranking(client, publish, make_movie):
    movies = [make_movie(f"Movie {number}") for number in range(1, 121)]
    publish("2026-01-05", movies)

    page = client.get("/").text

    assert "The top 100 of 120 movies" in page
    assert ">Movie 100</a>" in page
    assert ">Movie 101</a>" not in page


def test_home_before_anything_is_published(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "No ranking has been published yet." in response.text


def test_titles_are_escaped(client, publish, make_movie):
    movie = make_movie("<script>alert(1)</script>")
    publish("2026-01-05", [movie])

    page = client.get("/").text

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_the_nav_offers_log_in_and_sign_up_or_the_users_name(client, alice):
    anonymous = client.get("/").text
    assert 'href="/accounts/signup/"' in anonymous and "Log in" in anonymous

    client.force_login(alice)
    logged_in = client.get("/").text

    assert 'href="/users/alice/"' in logged_in
    assert 'action="/accounts/logout/"' in logged_in


def test_home_reads_a_full_page_in_a_fixed_number_of_queries(
    client, publish, make_movie, django_assert_max_num_queries
):
    # Posters and trends are read in one query each for all entries, not one per movie.
    movies = [make_movie(f"Movie {number}") for number in range(1, 121)]
    publish("2026-01-04", movies[::-1])
    publish("2026-01-05", movies)

    with django_assert_max_num_queries(6):
        response = client.get("/")

    assert response.status_code == 200


def test_the_ranking_list_is_drawn_once_then_read_from_the_cache(client, publish, make_movie):
    movies = [make_movie(f"Movie {number}") for number in range(1, 31)]
    for day in range(1, 6):
        publish(f"2026-01-0{day}", movies[day:] + movies[:day])

    with CaptureQueriesContext(connection) as first:
        drawn = client.get("/").text
    with CaptureQueriesContext(connection) as second:
        cached = client.get("/").text

    def ranking_list(page):
        return page[page.index('<ol class="ranking">') : page.index("</ol>")]

    assert ranking_list(cached) == ranking_list(drawn) and ranking_list(cached).count("<svg") == 30
    # Entries, posters and every movie's ranks over the published days: read once, not per visit.
    assert len(second) == len(first) - 3
    assert not any("rankings_rankingentry" in query["sql"] and "rank" in query["sql"] for query in second[2:])


def test_publishing_a_ranking_again_redraws_the_list(client, parasite, memories):
    entry = {"avg_rating": 4.5, "num_ratings": 20, "weighted_rating": 4.4}
    publish_ranking("2026-01-05", [{"movie_id": parasite.pk, "rank": 1, **entry}])
    assert ">기생충</a>" in client.get("/").text

    publish_ranking("2026-01-05", [{"movie_id": memories.pk, "rank": 1, **entry}])

    page = client.get("/").text
    assert ">살인의 추억</a>" in page and ">기생충</a>" not in page
