"""The home page over ranking windows: a sparse day gives way to the 7- or 30-day ranking."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def films(make_movie):
    return [make_movie(f"Film {number}") for number in range(1, 31)]


def test_a_day_with_fewer_than_ten_ranked_movies_falls_back_to_the_7_day_window(client, publish, films):
    publish("2026-01-05", films[:3])
    publish("2026-01-05", films[:12], window=7)
    publish("2026-01-05", films[:30], window=30)

    page = client.get("/").text

    assert "Popular movies of the 7 days up to 2026-01-05" in page
    assert "12 movies" in page
    assert 'href="/api/rankings/2026-01-05/?window=7"' in page
    # The switch offers the other windows with their sizes; the one shown is not a link.
    assert 'href="/rankings/2026-01-05/?window=1">The day (3)</a>' in page
    assert '<strong aria-current="page">7 days (12)</strong>' in page
    assert 'href="/rankings/2026-01-05/?window=30">30 days (30)</a>' in page


def test_a_day_with_ten_ranked_movies_is_shown_as_it_is(client, publish, films):
    publish("2026-01-05", films[:10])
    publish("2026-01-05", films[:20], window=7)

    page = client.get("/rankings/2026-01-05/").text

    assert "Popular movies of 2026-01-05" in page
    assert '<strong aria-current="page">The day (10)</strong>' in page


def test_the_visitor_picks_a_window_and_the_day_links_keep_it(client, publish, films):
    for day in ("2026-01-04", "2026-01-05", "2026-01-06"):
        publish(day, films[:20])
        publish(day, films[:25], window=30)

    page = client.get("/rankings/2026-01-05/?window=30").text

    assert "Popular movies of the 30 days up to 2026-01-05" in page
    assert 'href="/rankings/2026-01-04/?window=30" rel="prev"' in page
    assert 'href="/rankings/2026-01-06/?window=30" rel="next"' in page
    assert '<input type="hidden" name="window" value="30">' in page


def test_rank_trends_follow_the_window_shown(client, publish, films):
    first, second = films[0], films[1]
    publish("2026-01-04", [first, second], window=7)
    publish("2026-01-05", [second, first], window=7)
    publish("2026-01-05", [first, second])  # the day's own ranking: not on the 7-day trend

    page = client.get("/?window=7").text

    # Each movie's trend has a dot per 7-day ranking it was in, at that ranking's rank.
    assert page.count("<title>2026-01-04: #1</title>") == page.count("<title>2026-01-04: #2</title>") == 1
    assert page.count("<title>2026-01-05: #1</title>") == page.count("<title>2026-01-05: #2</title>") == 1


def test_a_window_that_is_not_published_is_a_404_and_a_bad_one_a_400(client, publish, films):
    publish("2026-01-05", films[:3])

    assert client.get("/rankings/2026-01-05/?window=7").status_code == 404
    response = client.get("/?window=2")
    assert response.status_code == 400
    assert response.text.startswith("window:")
