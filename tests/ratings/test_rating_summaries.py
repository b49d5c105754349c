"""The rating summaries stay equal to a recount of the ratings, whatever writes them.

Random mixes of rates, re-rates and deletes (one by one, by queryset, by cascade), bulk loads, and
on PostgreSQL concurrent writers, each followed by a recount compared field by field.
"""

import random
import threading
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import close_old_connections, connection, transaction
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext
from ratings_helpers import utc

from watchb.ratings import bulk
from watchb.ratings.models import HALF_STARS, MovieRatingSummary, Rating, UserRatingSummary
from watchb.sandbox.ratings_generator import generate_ratings

needs_concurrent_writers = pytest.mark.skipif(connection.vendor == "sqlite", reason="needs PostgreSQL")


def recount():
    """{movie: (count, total, {star: n})}, {user: (count, total)} from the ratings themselves."""
    movies = {}
    for movie, rating, n in Rating.objects.values_list("movie", "rating").annotate(n=Count("id")).order_by():
        count, total, stars = movies.setdefault(movie, (0, Decimal(0), {}))
        stars[rating] = n
        movies[movie] = (count + n, total + rating * n, stars)
    users = {
        user: (n, total)
        for user, n, total in Rating.objects.values_list("user").annotate(n=Count("id"), total=Sum("rating")).order_by()
    }
    return movies, users


def kept():
    """The same, read from the summaries (rows counting nothing left out)."""
    movies = {
        s.movie_id: (s.rating_count, s.rating_total, {star: n for star, n in s.histogram().items() if n})
        for s in MovieRatingSummary.objects.filter(rating_count__gt=0)
    }
    users = {s.user_id: (s.rating_count, s.rating_total) for s in UserRatingSummary.objects.filter(rating_count__gt=0)}
    return movies, users


def assert_summaries_equal_a_recount():
    assert kept() == recount()
    assert not MovieRatingSummary.objects.filter(rating_count__lt=0).exists()


@pytest.fixture
def world(make_movie, fast_passwords):
    movies = [make_movie(f"Movie {n}") for n in range(8)]
    users = [get_user_model().objects.create_user(f"rater{n}") for n in range(6)]
    return movies, users


def random_writes(rng, movies, users, steps, many_at_once=True):
    """`steps` random rates, re-rates and deletes of single ratings, and (`many_at_once`) re-rates of
    several ratings in one statement."""
    for _ in range(steps):
        user, movie, stars = rng.choice(users), rng.choice(movies), rng.choice(HALF_STARS)
        mine = Rating.objects.filter(user=user, movie=movie).first()
        action = rng.random()
        if mine is None:
            Rating.objects.create(user=user, movie=movie, rating=stars)
        elif action < 0.5:
            mine.rating = stars  # a re-rate
            mine.save()
        elif action < 0.8 or not many_at_once:
            mine.delete()
        else:
            Rating.objects.filter(user=user, rating__lte=stars).update(rating=stars)  # many re-rates at once


def test_random_rates_rerates_and_deletes_keep_the_summaries_equal_to_a_recount(world):
    movies, users = world

    random_writes(random.Random(13), movies, users, 300)

    assert Rating.objects.count() > 10
    assert_summaries_equal_a_recount()


def test_cascades_and_queryset_deletes_are_followed(world):
    movies, users = world
    random_writes(random.Random(5), movies, users, 150)

    users[0].delete()  # takes the user's ratings off every movie they rated
    movies[1].delete()  # takes the movie's ratings off every user who rated it
    Rating.objects.filter(rating__gte=4).delete()

    assert_summaries_equal_a_recount()


def test_a_bulk_load_amid_writes_leaves_the_summaries_equal_to_a_recount(world):
    movies, users = world
    random_writes(random.Random(7), movies, users, 100)

    generate_ratings(users=12, days=2, per_day=60, seed=3, last_day=date(2026, 1, 6))
    random_writes(random.Random(8), movies, users, 100)

    assert_summaries_equal_a_recount()


def test_a_failed_bulk_load_leaves_ratings_and_summaries_as_they_were(world, monkeypatch):
    movies, users = world
    random_writes(random.Random(9), movies, users, 60)
    before = (list(Rating.objects.values_list("user", "movie", "rating")), kept())

    def broken_insert(stage):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(bulk.RatingStage, "insert_new", broken_insert)
    with pytest.raises(RuntimeError):
        generate_ratings(users=12, days=2, per_day=60, seed=3, last_day=date(2026, 1, 6))

    assert (list(Rating.objects.values_list("user", "movie", "rating")), kept()) == before
    assert not get_user_model().objects.filter(username__startswith="user00").exists()
    Rating.objects.all().delete()
    Rating.objects.create(user=users[0], movie=movies[0], rating="3.0")
    assert_summaries_equal_a_recount()  # the triggers are not left paused


def test_pages_and_the_api_read_the_summaries_not_the_ratings(world, client):
    movies, users = world
    random_writes(random.Random(11), movies, users, 80)

    with CaptureQueriesContext(connection) as queries:
        client.get(f"/movies/{movies[0].pk}/")
        client.get(f"/users/{users[0].username}/")
        client.get("/api/movies/")
        client.get(f"/api/users/{users[0].pk}/")

    aggregates = [
        q["sql"] for q in queries if "ratings_rating" in q["sql"] and ("COUNT(" in q["sql"] or "AVG(" in q["sql"])
    ]
    assert aggregates == []


@pytest.mark.postgres
@needs_concurrent_writers
@pytest.mark.django_db(transaction=True)
def test_concurrent_rates_rerates_deletes_and_a_bulk_load_add_up(make_movie, fast_passwords):
    movies = [make_movie(f"Movie {n}") for n in range(3)]  # few movies: writers meet on the same rows
    users = [get_user_model().objects.create_user(f"rater{n}") for n in range(8)]
    barrier = threading.Barrier(len(users) + 1)
    errors = []

    def writer(n):
        try:
            barrier.wait()
            # One rating per statement, as the site writes; a statement re-rating many movies at once
            # can deadlock with another (PostgreSQL then fails one of them; see summaries.py).
            random_writes(random.Random(n), movies, [users[n]], 40, many_at_once=False)
        except Exception as error:
            errors.append(error)
        finally:
            close_old_connections()

    def loader():
        try:
            barrier.wait()
            generate_ratings(users=20, days=1, per_day=40, seed=1, last_day=date(2026, 1, 6))
        except Exception as error:
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(len(users))]
    threads.append(threading.Thread(target=loader))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Rating.objects.filter(user__username__startswith="user00").exists()
    assert_summaries_equal_a_recount()


@pytest.mark.postgres
@needs_concurrent_writers
def test_a_big_load_on_postgresql_builds_the_constraints_and_indexes_again(world, monkeypatch):
    movies, users = world
    Rating.objects.create(user=users[0], movie=movies[0], rating="4.5", rated_at=utc(2026, 1, 6, 12))
    monkeypatch.setattr(bulk.RatingStage, "worth_rebuilding", lambda stage, cursor: True)

    def shape():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'ratings_rating'::regclass ORDER BY 1"
            )
            constraints = cursor.fetchall()
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'ratings_rating' ORDER BY 1")
            return constraints, cursor.fetchall()

    before = shape()
    first = generate_ratings(users=12, days=2, per_day=60, seed=3, last_day=date(2026, 1, 6))
    again = generate_ratings(users=12, days=2, per_day=60, seed=3, last_day=date(2026, 1, 6))

    assert shape() == before
    assert first.ratings_inserted == first.ratings_planned > 50 and again.ratings_inserted == 0
    assert_summaries_equal_a_recount()
    with pytest.raises(Exception, match="one_rating_per_user_and_movie"), transaction.atomic():
        Rating.objects.create(user=users[0], movie=movies[0], rating="1.0")


@pytest.mark.postgres
@needs_concurrent_writers
def test_a_big_load_on_postgresql_leaves_the_planner_statistics_of_what_it_filled(world, monkeypatch):
    # Without them, a user's latest ratings were planned as a walk through the whole export index.
    monkeypatch.setattr(bulk.RatingStage, "worth_rebuilding", lambda stage, cursor: True)

    generate_ratings(users=12, days=2, per_day=60, seed=3, last_day=date(2026, 1, 6))

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, count(*) FROM pg_stats WHERE tablename IN "
            "('ratings_rating', 'ratings_movieratingsummary', 'ratings_userratingsummary') GROUP BY 1"
        )
        analyzed = dict(cursor.fetchall())
    assert set(analyzed) == {"ratings_rating", "ratings_movieratingsummary", "ratings_userratingsummary"}
    assert analyzed["ratings_rating"] >= 5, "a row of statistics per column"
