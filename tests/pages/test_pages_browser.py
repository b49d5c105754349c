"""The site in a real browser: Playwright drives Debian's Chromium (/usr/bin/chromium, never a
downloaded browser) against pytest-django's live server.

A new user signs up, sees the day's ranking, searches a movie, rates it by clicking a star, and sees
the rating on their own page; a user keeps a wish list and writes a review without a page reload.
"""

import pytest

from watchb.ratings.models import ListEntry, Rating, Review

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_user_signs_up_searches_rates_and_sees_their_rating(page, publish, parasite, memories):
    publish("2026-01-05", [memories, parasite])

    page.goto("/accounts/signup/")
    page.fill("#id_username", "newfan")
    page.fill("#id_password1", "a-long-passphrase")
    page.fill("#id_password2", "a-long-passphrase")
    page.click("form.account-form button[type=submit]")

    # Home: logged in, and the day's ranking.
    expect(page.locator(".nav-user")).to_contain_text("newfan")
    expect(page.locator("h1")).to_have_text("Popular movies of 2026-01-05")
    expect(page.locator("a.entry-title")).to_have_text(["살인의 추억", "기생충"])

    # Search by the English title, open the movie.
    page.fill(".nav-search input[name=q]", "parasite")
    page.press(".nav-search input[name=q]", "Enter")
    page.click("ul.results a:has-text('기생충')")
    expect(page.locator("h1")).to_have_text("기생충")

    # Rate 3.5 by clicking the seventh half star; the page must not reload.
    page.evaluate("window.notReloaded = true")
    page.click('button.star-half[data-value="3.5"]')
    expect(page.locator("#my-rating-text")).to_have_text("Your rating: 3.5")
    expect(page.locator("#average-rating")).to_have_text("3.50")
    expect(page.locator("button.star-half.on")).to_have_count(7)
    assert page.evaluate("window.notReloaded") is True
    assert Rating.objects.get(user__username="newfan", movie=parasite).rating == 3.5

    # Change it to 4.5: the same rating is updated, not a second one made.
    page.click('button.star-half[data-value="4.5"]')
    expect(page.locator("#my-rating-text")).to_have_text("Your rating: 4.5")
    assert Rating.objects.filter(user__username="newfan").count() == 1

    # Their page lists the rating.
    page.click(".nav-user a:has-text('newfan')")
    expect(page.locator(".user-ratings li")).to_contain_text(["★ 4.5 기생충"])


def test_wish_list_and_review_change_in_place(page, log_in, make_user, parasite):
    make_user("critic", password="a-long-passphrase")
    log_in(page, "critic", "a-long-passphrase")
    page.goto(f"/movies/{parasite.pk}/")
    page.evaluate("window.notReloaded = true")

    wish = page.locator("#wish-toggle")
    wish.click()
    expect(wish).to_have_attribute("aria-pressed", "true")
    assert ListEntry.objects.filter(user__username="critic", movie=parasite, kind="wish").exists()

    page.fill("#review-text", "Peach fuzz & stairs <b>not bold</b>")
    page.click("#review-form button[type=submit]")
    expect(page.locator("#review-list li").first).to_contain_text("Peach fuzz & stairs <b>not bold</b>")
    expect(page.locator("#review-form button[type=submit]")).to_have_text("Save review")

    page.fill("#review-text", "Edited.")
    page.click("#review-form button[type=submit]")
    expect(page.locator("#review-list li").first).to_contain_text("Edited.")
    assert page.evaluate("window.notReloaded") is True
    assert list(Review.objects.filter(user__username="critic").values_list("text", flat=True)) == ["Edited."]

    wish.click()
    expect(wish).to_have_attribute("aria-pressed", "false")
    assert not ListEntry.objects.filter(user__username="critic").exists()
