"""The slots the published recommendations fill: "Similar movies" on a movie's page and "Because you
rated …" on the home page of a signed-in user, both from the latest published day."""

from datetime import date

import pytest

from watchb.catalog.models import Poster

pytestmark = pytest.mark.django_db


@pytest.fixture
def mother(make_movie):
    return make_movie("마더", title_en="Mother", release_date=date(2009, 5, 28))


def slot(page, heading):
    """The part of `page` from the section headed `heading` to the end of that section."""
    start = page.index(heading)
    return page[start : page.index("</section>", start)]


def test_the_movie_page_shows_its_similar_movies_best_first(client, recommend, parasite, memories, mother):
    Poster.objects.create(movie=memories, url="https://images.example/memories.jpg")
    recommend("2026-01-05", similar={parasite: [memories, mother], memories: [parasite]})

    response = client.get(f"/movies/{parasite.pk}/")

    similar = slot(response.text, "<h2>Similar movies</h2>")
    assert similar.index(f'href="/movies/{memories.pk}/"') < similar.index(f'href="/movies/{mother.pk}/"')
    assert "<span>살인의 추억</span>" in similar and "<span>마더</span>" in similar
    assert 'src="https://images.example/memories.jpg"' in similar, "each similar movie has its poster"
    assert [(movie.score, movie.rank) for movie in response.context["similar_movies"]] == [(1.0, 1), (0.5, 2)]


def test_the_similar_movies_are_the_latest_days(client, recommend, parasite, memories, mother):
    recommend("2026-01-04", similar={parasite: [mother]})
    recommend("2026-01-05", similar={parasite: [memories]})

    similar = slot(client.get(f"/movies/{parasite.pk}/").text, "<h2>Similar movies</h2>")

    assert f'href="/movies/{memories.pk}/"' in similar
    assert f'href="/movies/{mother.pk}/"' not in similar


def test_a_movie_the_latest_day_has_nothing_for_shows_no_slot(client, recommend, parasite, memories, mother):
    recommend("2026-01-05", similar={memories: [mother]})

    response = client.get(f"/movies/{parasite.pk}/")

    assert response.context["similar_movies"] == []
    assert "Similar movies" not in response.text


def test_home_shows_a_signed_in_user_their_picks_and_why(client, recommend, alice, parasite, memories, mother):
    recommend("2026-01-05", picks={alice: [(mother, parasite), (memories, parasite)]})
    client.force_login(alice)

    picks = slot(client.get("/").text, "Because you rated")

    assert picks.startswith("Because you rated 기생충 …</h2>")
    assert picks.index(f'href="/movies/{mother.pk}/"') < picks.index(f'href="/movies/{memories.pk}/"')
    assert picks.count('<small class="muted">for 기생충</small>') == 2


def test_home_shows_no_picks_to_visitors_or_to_users_without_any(
    client, recommend, alice, make_user, parasite, memories
):
    recommend("2026-01-05", picks={alice: [(memories, parasite)]})

    assert "Because you rated" not in client.get("/").text, "anonymous visitors get none"
    client.force_login(make_user("bob"))
    response = client.get("/")

    assert response.context["recommendations"] == []
    assert "Because you rated" not in response.text


def test_a_pick_rated_since_the_publish_leaves_home(client, recommend, rate, alice, parasite, memories, mother):
    recommend("2026-01-05", picks={alice: [(mother, parasite), (memories, parasite)]})
    rate(alice, mother, 4.5)
    client.force_login(alice)

    picks = slot(client.get("/").text, "Because you rated")

    assert f'href="/movies/{mother.pk}/"' not in picks
    assert f'href="/movies/{memories.pk}/"' in picks


def test_home_has_no_picks_before_anything_is_published(client, alice):
    client.force_login(alice)

    response = client.get("/")

    assert response.context["recommendations"] == []
    assert "Because you rated" not in response.text
