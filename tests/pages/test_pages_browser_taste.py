"""In a real browser (Debian's Chromium through Playwright): a user rates ten films by clicking
stars and sees their taste analysis change."""

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
