"""A user's taste analysis: GET /api/users/<id>/taste/ and the page /users/<name>/taste/."""

import datetime as dt

import pytest

from watchb.catalog.models import Country, Credit, Genre, Person
from watchb.ratings.models import Rating
from watchb.ratings.taste import SHRINKAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def films(make_movie):
    """Four films: two Korean dramas by one director (1999 and 2003, 120 and 90 minutes), a French
    comedy of 2019 (100 minutes) and a film with no year, runtime, genre or country."""
    drama, comedy = Genre.objects.create(name="Drama"), Genre.objects.create(name="Comedy")
    korea, france = Country.objects.create(code="KR", name="Korea"), Country.objects.create(code="FR", name="France")
    bong, song = Person.objects.create(name="Bong", tmdb_id=1), Person.objects.create(name="Song", tmdb_id=2)
    dramas = [
        make_movie("Memories", release_date=dt.date(2003, 5, 2), runtime=90),
        make_movie("Barking", production_year=1999, runtime=120),
    ]
    for number, film in enumerate(dramas):
        film.genres.add(drama)
        film.countries.add(korea)
        Credit.objects.create(movie=film, person=bong, job=Credit.Job.DIRECTOR)
        Credit.objects.create(movie=film, person=song, job=Credit.Job.ACTOR, order=number)
    comedy_film = make_movie("Amélie", release_date=dt.date(2019, 1, 1), runtime=100)
    comedy_film.genres.add(comedy)
    comedy_film.countries.add(france)
    Credit.objects.create(movie=comedy_film, person=song, job=Credit.Job.ACTOR, order=9)  # not lead cast
    return [*dramas, comedy_film, make_movie("Unknown")]


def test_the_taste_api_gives_the_numbers_favourites_and_hours(alice, bob, anonymous, films):
    for film, value in zip(films, ["4.5", "4.0", "2.0", "4.5"], strict=True):
        Rating.objects.create(user=alice, movie=film, rating=value)
    Rating.objects.create(user=bob, movie=films[2], rating="5.0")  # someone else's: not alice's taste

    taste = anonymous.get(f"/api/users/{alice.pk}/taste/").json()

    mean = (4.5 + 4.0 + 2.0 + 4.5) / 4
    assert taste["ratings"]["count"] == 4
    assert taste["ratings"]["average"] == 3.75
    assert taste["ratings"]["most_given"] == 4.5
    assert [(b["value"], b["count"], b["percent"]) for b in taste["ratings"]["distribution"] if b["count"]] == [
        (2.0, 1, 50),
        (4.0, 1, 50),
        (4.5, 2, 100),
    ]
    assert len(taste["ratings"]["distribution"]) == 10

    def score(ratings):
        return round(len(ratings) * (sum(ratings) + SHRINKAGE * mean) / (len(ratings) + SHRINKAGE), 2)

    assert taste["genres"] == [
        {"id": films[0].genres.get().pk, "name": "Drama", "count": 2, "average": 4.25, "score": score([4.5, 4.0])},
        {"id": films[2].genres.get().pk, "name": "Comedy", "count": 1, "average": 2.0, "score": score([2.0])},
    ]
    assert [(c["name"], c["count"]) for c in taste["countries"]] == [("Korea", 2), ("France", 1)]
    assert [(d["name"], d["count"], d["average"]) for d in taste["directors"]] == [("Bong", 2, 4.25)]
    # Song's comedy part is billed ninth: only lead parts count.
    assert [(a["name"], a["count"]) for a in taste["actors"]] == [("Song", 2)]
    assert taste["watched"] == {
        "hours": 5.2,  # 90 + 120 + 100 minutes
        "films_without_runtime": 1,
        "decades": [
            {"decade": 1990, "count": 1, "average": 4.0},
            {"decade": 2000, "count": 1, "average": 4.5},
            {"decade": 2010, "count": 1, "average": 2.0},
        ],
    }


def test_many_films_rated_well_outscore_one_rated_best(alice, anonymous, make_movie):
    thrillers, westerns = Genre.objects.create(name="Thriller"), Genre.objects.create(name="Western")
    for number in range(20):
        film = make_movie(f"Thriller {number}")
        film.genres.add(thrillers)
        Rating.objects.create(user=alice, movie=film, rating="4.0")
    film = make_movie("The one western")
    film.genres.add(westerns)
    Rating.objects.create(user=alice, movie=film, rating="5.0")

    genres = anonymous.get(f"/api/users/{alice.pk}/taste/").json()["genres"]

    assert [g["name"] for g in genres] == ["Thriller", "Western"]


def test_a_user_without_ratings_has_an_empty_analysis_and_an_unknown_user_is_a_404(alice, anonymous):
    taste = anonymous.get(f"/api/users/{alice.pk}/taste/").json()

    assert taste["ratings"]["count"] == 0 and taste["ratings"]["average"] is None
    assert taste["genres"] == taste["directors"] == [] and taste["watched"]["hours"] == 0
    assert anonymous.get("/api/users/999999/taste/").status_code == 404
    assert anonymous.get("/api/users/x/taste/").status_code == 404


def test_the_analysis_takes_a_few_queries_whatever_the_number_of_ratings(
    alice, anonymous, films, make_movie, django_assert_max_num_queries
):
    Rating.objects.bulk_create(
        Rating(user=alice, movie=make_movie(f"Film {number}"), rating="3.5") for number in range(300)
    )
    with django_assert_max_num_queries(9):
        assert anonymous.get(f"/api/users/{alice.pk}/taste/").json()["ratings"]["count"] == 300


def test_the_taste_page_shows_the_analysis_and_is_linked_from_the_users_page(alice, client, films):
    for film, value in zip(films, ["4.5", "4.0", "2.0", "4.5"], strict=True):
        Rating.objects.create(user=alice, movie=film, rating=value)

    assert 'href="/users/alice/taste/"' in client.get("/users/alice/").text
    page = client.get("/users/alice/taste/").text

    assert '<strong class="taste-count">4</strong>' in page
    assert "★ 3.75" in page and "★ 4.5" in page
    assert f'href="/people/{Person.objects.get(name="Bong").pk}/">Bong</a>' in page
    assert '<strong class="taste-hours">5.2</strong>' in page
    assert "1990s: 1 film" in page
    assert f'href="/api/users/{alice.pk}/taste/"' in page
    assert client.get("/users/nobody/taste/").status_code == 404
