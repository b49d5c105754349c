"""Fixtures for the page tests: a small catalogue with credits and posters, published rankings,
ratings and users. Everything is made through the ORM; the pages only read."""

import itertools
import os
import re
from datetime import UTC, date, datetime

import pytest
from accounts_helpers import PASSWORD
from django.core.cache import cache

from watchb.catalog.models import Country, Credit, Genre, Person, Poster
from watchb.rankings.models import DailyRanking, RankingEntry
from watchb.ratings.models import Rating
from watchb.recommendations.publishing import publish_recommendations

_source_ids = itertools.count(5000)  # people's TMDB ids

# The browser tests drive Debian's Chromium through Playwright, never a downloaded browser.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _fast_passwords(fast_passwords):
    """The pages don't care how passwords are hashed."""


@pytest.fixture(autouse=True)
def _empty_cache():
    """The home page keeps its ranking list in the cache: each test starts without another's."""
    cache.clear()


@pytest.fixture
def parasite(make_movie):
    """기생충 (Parasite, 2019) with a genre, a country, a poster, a director and two actors."""
    movie = make_movie(
        "기생충", title_en="Parasite", release_date=date(2019, 5, 30), runtime=132, synopsis="A family of four…"
    )
    movie.genres.add(Genre.objects.create(name="드라마"))
    movie.countries.add(Country.objects.create(code="KR", name="대한민국", name_en="South Korea"))
    Poster.objects.create(movie=movie, url="https://images.example/parasite.jpg")
    bong = Person.objects.create(name="봉준호", name_en="Bong Joon-ho", tmdb_id=next(_source_ids))
    song = Person.objects.create(name="송강호", name_en="Song Kang-ho", tmdb_id=next(_source_ids))
    cho = Person.objects.create(name="조여정", name_en="Cho Yeo-jeong", tmdb_id=next(_source_ids))
    Credit.objects.create(movie=movie, person=bong, job=Credit.Job.DIRECTOR)
    Credit.objects.create(movie=movie, person=bong, job=Credit.Job.WRITER)
    Credit.objects.create(movie=movie, person=song, job=Credit.Job.ACTOR, role_name="기택", order=0)
    Credit.objects.create(movie=movie, person=cho, job=Credit.Job.ACTOR, role_name="연교", order=1)
    return movie


@pytest.fixture
def memories(make_movie):
    return make_movie("살인의 추억", title_en="Memories of Murder", release_date=date(2003, 4, 25))


@pytest.fixture
def rate(db):
    """`rate(user, movie, 4.5)` stores a rating."""

    def make(user, movie, value):
        return Rating.objects.create(user=user, movie=movie, rating=str(value))

    return make


@pytest.fixture
def publish(db):
    """`publish("2026-01-05", [movie_a, movie_b])` stores that day's ranking (`window=7`: of the 7
    days up to it), ranks in list order, with made-up but valid numbers (the average falls with the rank)."""

    def make(day, movies, window=1):
        ranking = DailyRanking.objects.create(
            date=date.fromisoformat(day), window=window, published_at=datetime(2026, 1, 6, tzinfo=UTC), source="test"
        )
        RankingEntry.objects.bulk_create(
            RankingEntry(
                ranking=ranking,
                movie=movie,
                rank=rank,
                avg_rating=max(5.0 - rank * 0.01, 0.5),
                num_ratings=10 + rank,
                weighted_rating=max(4.5 - rank * 0.01, 0.5),
            )
            for rank, movie in enumerate(movies, start=1)
        )
        return ranking

    return make


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module; the test is skipped without Debian's Chromium.

    The sync Playwright API keeps an event loop running in this thread while it is open, so Django
    would refuse every ORM call made here (the tests' own, and pytest-django's flush after each
    test) as "called from an async context". They are safe: nothing else runs on that loop. Django's
    documented switch for this case, DJANGO_ALLOW_ASYNC_UNSAFE, is set exactly as long as the
    browser is open.
    """
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"needs Debian's Chromium at {CHROMIUM} (make browser)")
    with pytest.MonkeyPatch.context() as patch, playwright_api.sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (own cookies) whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 420, "height": 900})
    context.set_default_timeout(5000)
    # Posters point at other sites; the tests never leave the live server.
    context.route(re.compile(r"^https?://(?!localhost|127\.0\.0\.1)"), lambda route: route.abort())
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def log_in():
    """`log_in(page, "alice")` signs in through the log-in form and waits for the nav to show it."""
    expect = pytest.importorskip("playwright.sync_api").expect

    def sign_in(page, username, password=PASSWORD):
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("form.account-form button[type=submit]")
        expect(page.locator(".nav-user")).to_contain_text(username)

    return sign_in


@pytest.fixture
def recommend(db):
    """`recommend("2026-01-05", similar={movie: [most like it, ...]}, picks={user: [(movie, because), ...]},
    expected={user: {movie: 3.8}})` publishes that day's recommendations as the pipeline's publish
    would store them, best first."""

    def publish(day, similar=None, picks=None, expected=None):
        similar_rows = [
            {"movie_id": movie.pk, "similar_id": other.pk, "score": 1 / rank, "rank": rank}
            for movie, others in (similar or {}).items()
            for rank, other in enumerate(others, start=1)
        ]
        pick_rows = [
            {"user_id": user.pk, "movie_id": movie.pk, "because_id": because.pk, "score": 2 / rank, "rank": rank}
            for user, movies in (picks or {}).items()
            for rank, (movie, because) in enumerate(movies, start=1)
        ]
        expected_rows = [
            {"user_id": user.pk, "movie_id": movie.pk, "rating": rating}
            for user, ratings in (expected or {}).items()
            for movie, rating in ratings.items()
        ]
        publish_recommendations(date.fromisoformat(day), similar_rows, pick_rows, source="test", expected=expected_rows)

    return publish
