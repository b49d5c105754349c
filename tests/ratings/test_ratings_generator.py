"""`manage.py generateratings` and the generator behind it."""

from collections import Counter
from datetime import date, timedelta
from statistics import mean

import pytest
from django.core.management import CommandError, call_command

from watchb.ratings.models import Rating
from watchb.sandbox.ratings_generator import plan_ratings

ARGS = {"users": 30, "days": 3, "per_day": 200, "seed": 7, "end_date": "2026-01-07"}


@pytest.fixture
def catalogue(make_movie):
    return [make_movie(f"Movie {n}") for n in range(60)]


def generate(**overrides):
    options = {**ARGS, **overrides}
    call_command(
        "generateratings",
        f"--users={options['users']}",
        f"--days={options['days']}",
        f"--per-day={options['per_day']}",
        f"--seed={options['seed']}",
        f"--end-date={options['end_date']}",
        verbosity=0,
    )


def stored_rows():
    return list(
        Rating.objects.order_by("rated_at", "user__username", "movie__tmdb_id").values_list(
            "user__username", "movie__tmdb_id", "rating", "rated_at"
        )
    )


def test_it_fills_each_day_with_the_asked_number_of_ratings(catalogue):
    generate()

    days = Counter(r.rated_at.date() for r in Rating.objects.all())
    assert days == {date(2026, 1, 5): 200, date(2026, 1, 6): 200, date(2026, 1, 7): 200}
    assert Rating.objects.values("user").distinct().count() <= 30
    assert all(name.startswith("user00") for name, *_ in stored_rows())


def test_the_same_seed_gives_the_same_rows(catalogue):
    generate()
    first = stored_rows()
    Rating.objects.all().delete()

    generate()

    assert stored_rows() == first


def test_another_seed_gives_other_rows(catalogue):
    generate()
    first = stored_rows()
    Rating.objects.all().delete()

    generate(seed=8)

    assert stored_rows() != first


def test_running_it_again_adds_nothing(catalogue):
    generate()
    first = stored_rows()

    generate()

    assert stored_rows() == first


def test_the_plan_is_skewed_like_real_ratings():
    plan = list(plan_ratings(list(range(1, 201)), users=300, days=1, per_day=5000, seed=1, last_day=date(2026, 1, 5)))

    by_movie = Counter(r.movie_id for r in plan).most_common()
    top_tenth = sum(count for _, count in by_movie[:20])
    assert top_tenth > 0.35 * len(plan), "the most popular tenth of movies should get a big share"
    by_user = Counter(r.user_index for r in plan)
    assert max(by_user.values()) > 5 * mean(by_user.values()) / 2, "some users rate much more than others"
    averages = {}
    for r in plan:
        averages.setdefault(r.user_index, []).append(float(r.rating))
    heavy = [mean(v) for v in averages.values() if len(v) >= 20]
    assert max(heavy) - min(heavy) > 1, "users' averages differ"
    assert {float(r.rating) for r in plan} <= {n / 2 for n in range(1, 11)}
    assert len({(r.user_index, r.movie_id) for r in plan}) == len(plan), "one rating per user and movie"
    seconds = [r.rated_at.hour * 3600 + r.rated_at.minute * 60 + r.rated_at.second for r in plan]
    assert min(seconds) < 600 and max(seconds) > 86_400 - 600, "spread over the whole day"


def test_a_catalogue_too_small_for_the_volume_ends_short_instead_of_looping():
    plan = list(plan_ratings([1, 2, 3], users=2, days=1, per_day=100, seed=1, last_day=date(2026, 1, 5)))

    assert len(plan) == 6


def test_without_movies_it_says_to_crawl_first(db):
    with pytest.raises(CommandError, match="no movies: run crawlmovies first"):
        generate()


def test_the_default_window_ends_yesterday(catalogue):
    from django.utils import timezone

    call_command("generateratings", "--users=5", "--days=2", "--per-day=10", verbosity=0)

    yesterday = timezone.now().date() - timedelta(days=1)
    assert {r.rated_at.date() for r in Rating.objects.all()} == {yesterday - timedelta(days=1), yesterday}


def test_bad_arguments_are_refused(catalogue):
    with pytest.raises(CommandError):
        call_command("generateratings", "--users=0")
    with pytest.raises(CommandError):
        call_command("generateratings", "--end-date=last-week")
