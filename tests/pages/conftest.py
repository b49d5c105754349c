"""Fixtures for the page tests: a small catalogue with credits and posters, published rankings,
ratings and users. Everything is made through the ORM; the pages only read."""

import itertools
from datetime import UTC, date, datetime

import pytest
from django.contrib.auth import get_user_model

from watchb.catalog.models import Country, Credit, Genre, Person, Poster
from watchb.rankings.models import DailyRanking, RankingEntry
from watchb.ratings.models import Rating

_source_ids = itertools.count(5000)  # people's TMDB ids
PASSWORD = "a-long-passphrase"


@pytest.fixture(autouse=True)
def _fast_passwords(fast_passwords):
    """The pages don't care how passwords are hashed."""


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
def make_user(db):
    def make(username, password=PASSWORD):
        return get_user_model().objects.create_user(username, password=password)

    return make


@pytest.fixture
def alice(make_user):
    return make_user("alice")


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
