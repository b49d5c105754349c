"""In a real browser (Debian's Chromium through Playwright), two people: a comment with a spoiler
stays hidden until clicked, is liked in place, its author is followed and their next rating shows in
the feed; and a film marked "not interested" leaves the picks."""

import re

import pytest

from watchb.ratings.models import ListEntry, Rating, ReviewLike

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def second_page(browser, live_server):
    """Another browser tab with its own cookies: a second person at the same site."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 420, "height": 900})
    context.set_default_timeout(5000)
    context.route(re.compile(r"^https?://(?!localhost|127\.0\.0\.1)"), lambda route: route.abort())
    yield context.new_page()
    context.close()


def test_a_spoiler_comment_is_hidden_liked_and_its_author_followed_into_the_feed(
    page, second_page, log_in, make_user, parasite, memories
):
    make_user("critic")
    make_user("reader")
    log_in(page, "critic")
    log_in(second_page, "reader")

    # The critic writes a comment with a spoiler.
    page.goto(f"/movies/{parasite.pk}/")
    page.fill("#review-text", "The basement has a secret.")
    page.check("#review-form input[name=spoiler]")
    page.click("#review-form button[type=submit]")
    expect(page.locator("#review-list li details.spoiler")).to_have_count(1)

    # The reader sees it folded away until they click it, then likes it in place.
    second_page.goto(f"/movies/{parasite.pk}/")
    comment = second_page.locator("#review-list li.review").first
    expect(comment.locator(".review-text")).to_be_hidden()
    comment.locator("summary").click()
    expect(comment.locator(".review-text")).to_be_visible()
    expect(comment.locator(".review-text")).to_have_text("The basement has a secret.")
    comment.locator("button.like-toggle").click()
    expect(comment.locator(".like-count")).to_have_text("1")
    expect(comment.locator("button.like-toggle")).to_have_attribute("aria-pressed", "true")
    assert ReviewLike.objects.filter(user__username="reader").count() == 1

    # The reader follows the critic from the critic's page, and sees their next rating in the feed.
    comment.locator("a.review-author").click()
    second_page.click("#follow-toggle")
    expect(second_page.locator("#follow-toggle")).to_have_text("✓ Following")
    expect(second_page.locator("#follower-count")).to_have_text("1")
    page.goto(f"/movies/{memories.pk}/")
    page.click('button.star-half[data-value="4.0"]')
    expect(page.locator("#my-rating-text")).to_have_text("Your rating: 4.0")
    second_page.click("nav.nav-user a:has-text('Feed')")
    # Both are in the feed; their order within one second is not defined (a rating keeps whole seconds).
    expect(second_page.locator("ul.feed")).to_contain_text("critic rated 살인의 추억 ★ 4.0")
    expect(second_page.locator("ul.feed")).to_contain_text("critic wrote on 기생충")


def test_a_film_marked_not_interested_leaves_the_picks(page, log_in, make_user, recommend, parasite, memories):
    fan = make_user("fan")
    Rating.objects.create(user=fan, movie=memories, rating="5.0")
    other = memories.__class__.objects.create(title="괴물", tmdb_id=424242)
    recommend("2026-01-05", picks={fan: [(parasite, memories), (other, memories)]})
    log_in(page, "fan")
    expect(page.locator("section.recommendations")).to_contain_text("기생충")

    page.goto(f"/movies/{parasite.pk}/")
    page.click("#block-toggle")
    expect(page.locator("#block-toggle")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#wish-toggle")).to_have_attribute("aria-pressed", "false")
    assert ListEntry.objects.filter(user=fan, movie=parasite, kind=ListEntry.Kind.BLOCK).exists()

    page.goto("/")
    expect(page.locator("section.recommendations")).to_contain_text("괴물")
    expect(page.locator("section.recommendations")).not_to_contain_text("기생충")
