"""Expected ratings on the pages: "expected ★ 3.8" on a film the viewer has not rated, and beside
their picks; an honest "too few ratings" when the pipeline published none for the pair."""

import pytest

from watchb.ratings.models import ListEntry, Rating

pytestmark = pytest.mark.django_db


def test_a_film_not_rated_yet_shows_the_expected_rating(client, alice, recommend, parasite, memories):
    recommend("2026-01-05", expected={alice: {parasite: 3.84}})
    client.force_login(alice)

    page = client.get(f"/movies/{parasite.pk}/").text
    other = client.get(f"/movies/{memories.pk}/").text

    assert '<span class="expected muted" id="expected-rating">expected ★ 3.8</span>' in page
    assert "too few ratings yet to expect yours" in other


def test_no_expected_rating_once_rated_marked_not_interested_or_signed_out(
    client, alice, recommend, parasite, memories
):
    recommend("2026-01-05", expected={alice: {parasite: 3.8, memories: 4.2}})
    Rating.objects.create(user=alice, movie=parasite, rating="2.0")
    ListEntry.objects.create(user=alice, movie=memories, kind=ListEntry.Kind.BLOCK)

    assert "expected ★" not in client.get(f"/movies/{parasite.pk}/").text
    client.force_login(alice)
    assert "expected ★" not in client.get(f"/movies/{parasite.pk}/").text
    assert "expected ★" not in client.get(f"/movies/{memories.pk}/").text


def test_the_home_pages_picks_carry_their_expected_ratings(client, alice, recommend, parasite, memories, make_movie):
    mother = make_movie("마더")
    recommend(
        "2026-01-05",
        picks={alice: [(parasite, memories), (mother, memories)]},
        expected={alice: {parasite: 4.46}},
    )
    client.force_login(alice)

    page = client.get("/").text

    assert '<small class="expected">expected ★ 4.5</small>' in page
    assert page.count('class="expected"') == 1  # none is invented for 마더
