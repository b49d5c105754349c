"""In a real browser (Debian's Chromium through Playwright): a user rates ten films by clicking
stars and sees their taste analysis change; a user sees the rating WatchB expects them to give a
film they have not rated."""

import pytest

from watchb.catalog.models import Genre

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_rating_ten_films_changes_the_taste_page(page, log_in, make_user, make_movie):
    horror = Genre.objects.create(name="Horror")
    films = [make_movie(f"Night {number}", runtime=90) for number in range(10)]
    for film in films:
        film.genres.add(horror)
    make_user("fan")
    log_in(page, "fan")

    page.goto("/users/fan/taste/")
    expect(page.locator("main")).to_contain_text("No ratings yet")

    for film in films:
        page.goto(f"/movies/{film.pk}/")
        page.click('button.star-half[data-value="4.5"]')
        expect(page.locator("#my-rating-text")).to_have_text("Your rating: 4.5")

    page.goto("/users/fan/")
    page.click("a:has-text('Taste analysis')")
    expect(page.locator(".taste-count")).to_have_text("10")
    expect(page.locator(".taste-average")).to_have_text("★ 4.50")
    expect(page.locator(".taste-hours")).to_have_text("15.0")
    expect(page.locator(".favourites").first).to_contain_text("Horror")
    expect(page.locator(".favourites").first).to_contain_text("10 films")


def test_an_expected_rating_shows_on_a_film_not_rated_yet_and_gives_way_to_the_users_own(
    page, log_in, make_user, recommend, make_movie
):
    fan = make_user("hopeful")
    film = make_movie("Expected film")
    recommend("2026-01-05", expected={fan: {film: 3.84}})
    log_in(page, "hopeful")

    page.goto(f"/movies/{film.pk}/")
    expect(page.locator("#expected-rating")).to_have_text("expected ★ 3.8")
    page.click('button.star-half[data-value="3.0"]')
    expect(page.locator("#my-rating-text")).to_have_text("Your rating: 3.0")
    expect(page.locator("#expected-rating")).to_have_count(0)
