"""The movie page: details, credits, ratings, reviews, rank trend, and the viewer's own state that
the page script changes in place."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from watchb.ratings.models import ListEntry, Review

pytestmark = pytest.mark.django_db


def test_the_movie_page_shows_details_and_links_people(client, parasite):
    response = client.get(f"/movies/{parasite.pk}/")

    assert response.status_code == 200
    page = response.text
    assert "<h1>기생충</h1>" in page
    assert "Parasite" in page and "2019" in page and "132 min" in page
    assert "드라마" in page and "대한민국" in page
    director = parasite.credits.get(job="director").person
    assert f'href="/people/{director.pk}/">봉준호</a>' in page
    assert "as 기택" in page
    assert 'src="https://images.example/parasite.jpg"' in page


def test_the_movie_page_shows_the_tagline_above_the_story(client, parasite):
    parasite.tagline = "가족이 모두 백수인 기택네."
    parasite.save(update_fields=["tagline"])

    page = client.get(f"/movies/{parasite.pk}/").text

    assert '<p class="tagline">가족이 모두 백수인 기택네.</p><p class="synopsis">A family of four…</p>' in page


def test_average_and_histogram_of_the_ratings(client, parasite, make_user, rate):
    for number, value in enumerate([5.0, 4.5, 4.5, 1.0]):
        rate(make_user(f"user{number}"), parasite, value)

    response = client.get(f"/movies/{parasite.pk}/")

    page = response.text
    assert '<strong id="average-rating">3.75</strong>' in page
    assert '<span id="rating-count">4</span> ratings' in page
    histogram = {str(bucket["value"]): bucket["count"] for bucket in response.context["histogram"]["buckets"]}
    assert histogram == {
        "0.5": 0,
        "1.0": 1,
        "1.5": 0,
        "2.0": 0,
        "2.5": 0,
        "3.0": 0,
        "3.5": 0,
        "4.0": 0,
        "4.5": 2,
        "5.0": 1,
    }
    assert 'title="4.5: 2"><span style="height: 100%">' in page, "the tallest bar is full height"
    assert 'title="5.0: 1"><span style="height: 50%">' in page


def test_reviews_are_listed_with_their_authors(client, parasite, alice):
    Review.objects.create(user=alice, movie=parasite, text="The stairs!", spoiler=True)

    page = client.get(f"/movies/{parasite.pk}/").text

    assert 'href="/users/alice/">alice</a>' in page
    # A review with spoilers is folded away behind a click.
    assert (
        '<details class="spoiler"><summary>Contains spoilers: show</summary><p class="review-text">The stairs!</p>'
        in page
    )


def test_anonymous_visitors_are_asked_to_log_in_to_rate(client, parasite):
    page = client.get(f"/movies/{parasite.pk}/").text

    assert f'href="/accounts/login/?next=/movies/{parasite.pk}/"' in page
    assert "Log in to rate" in page
    assert "data-stars" not in page and 'id="review-form"' not in page


def test_a_logged_in_user_gets_the_stars_and_their_own_state(client, parasite, alice, rate):
    rating = rate(alice, parasite, 3.5)
    wish = ListEntry.objects.create(user=alice, movie=parasite, kind=ListEntry.Kind.WISH)
    review = Review.objects.create(user=alice, movie=parasite, text="Mine")
    client.force_login(alice)

    page = client.get(f"/movies/{parasite.pk}/").text

    assert f'data-rating-id="{rating.pk}" data-rating="3.5"' in page
    assert f'data-wish-id="{wish.pk}" data-review-id="{review.pk}"' in page
    assert page.count('class="star-half') == 10
    assert 'data-value="0.5"' in page and 'data-value="5.0"' in page
    assert "Your rating: 3.5" in page
    assert 'aria-pressed="true"' in page
    assert ">Mine</textarea>" in page
    assert 'name="csrf-token" content="' in page, "the script's CSRF token"


@pytest.mark.parametrize("stars", ["0.5", "3.0", "5.0"])
def test_the_viewers_own_state_is_read_in_one_query_as_it_is_stored(client, parasite, alice, make_user, rate, stars):
    rating = rate(alice, parasite, stars)
    block = ListEntry.objects.create(user=alice, movie=parasite, kind=ListEntry.Kind.BLOCK)
    review = Review.objects.create(user=alice, movie=parasite, text="Tense & <sharp>", spoiler=True)
    rate(make_user("bob"), parasite, 1.0)  # others' entries are not the viewer's
    Review.objects.create(user=make_user("carol"), movie=parasite, text="Other")
    client.force_login(alice)
    client.get(f"/movies/{parasite.pk}/")

    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/movies/{parasite.pk}/").text

    assert f'data-rating-id="{rating.pk}" data-rating="{stars}"' in page and f"Your rating: {stars}" in page
    assert f'data-wish-id="" data-review-id="{review.pk}"' in page and f'data-block-id="{block.pk}"' in page
    assert ">Tense &amp; &lt;sharp&gt;</textarea>" in page and "checked" in page
    assert sum("ratings_listentry" in query["sql"] for query in queries) == 1


def test_the_rank_trend_over_published_days(client, publish, parasite, memories):
    publish("2026-01-04", [memories, parasite])
    publish("2026-01-05", [parasite])

    page = client.get(f"/movies/{parasite.pk}/").text

    assert "Ranked on 2 of 2 published days; best #1, latest #1." in page
    assert "<polyline" in page
    assert 'class="axis">01-05</text>' in page and 'class="axis">01-04</text>' in page, "first and last day"


def test_a_movie_never_ranked_says_so(client, parasite):
    assert "Not in any published ranking yet." in client.get(f"/movies/{parasite.pk}/").text


def test_an_unknown_movie_is_a_404(client, db):
    assert client.get("/movies/999999/").status_code == 404


def test_the_similar_movies_slot_is_empty_without_recommendations(client, parasite):
    response = client.get(f"/movies/{parasite.pk}/")

    assert response.context["similar_movies"] == []
    assert "Similar movies" not in response.text


def test_the_movie_page_reads_in_a_fixed_number_of_queries(
    client, parasite, alice, make_user, rate, django_assert_max_num_queries
):
    for number in range(20):
        rate(make_user(f"user{number}"), parasite, 4.0)
        Review.objects.create(user=make_user(f"critic{number}"), movie=parasite, text="Good.")
    client.force_login(alice)

    with django_assert_max_num_queries(20):
        response = client.get(f"/movies/{parasite.pk}/")

    assert response.status_code == 200


def test_a_second_visit_reads_the_shared_sections_from_the_cache(
    client, parasite, alice, rate, django_assert_max_num_queries
):
    # Credits, genres, posters, the rank trend and similar movies are the same for every visitor:
    # drawn once, then kept, so a popular movie's page costs only what is its viewer's own.
    client.force_login(alice)
    first = client.get(f"/movies/{parasite.pk}/").text

    with django_assert_max_num_queries(10):
        second = client.get(f"/movies/{parasite.pk}/").text

    def without_token(page):  # the CSRF token is masked afresh on every answer
        return re.sub(r'(content|value)="[A-Za-z0-9]{64}"', "", page)

    assert without_token(second) == without_token(first)
    assert "봉준호" in second and "기택" in second and "드라마" in second


def test_what_a_page_keeps_is_drawn_again_when_it_changes(client, parasite, memories, publish, recommend):
    client.get(f"/movies/{parasite.pk}/")  # kept: never ranked, no similar movies, its title

    publish("2026-01-05", [parasite])
    recommend("2026-01-05", similar={parasite: [memories]})
    parasite.title_en = "Parasite (black and white)"
    parasite.save()
    page = client.get(f"/movies/{parasite.pk}/").text

    assert "Ranked on 1 of 1 published days" in page
    assert "Similar movies" in page and "살인의 추억" in page
    assert "Parasite (black and white)" in page


def test_a_rating_shows_on_the_next_visit(client, parasite, make_user, rate):
    client.get(f"/movies/{parasite.pk}/")

    rate(make_user("bob"), parasite, 3.5)
    page = client.get(f"/movies/{parasite.pk}/").text

    assert '<span id="rating-count">1</span> rating' in page
