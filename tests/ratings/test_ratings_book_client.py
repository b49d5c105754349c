"""A client written for the simulated MovieLens API of the Airflow book works against the site unchanged.

The client below pages the way the book's hook does — a `requests.Session` with basic auth,
`start_date`/`end_date`/`offset`/`limit` parameters, reading `result` and `total`, advancing by
the batch size — and talks to a real HTTP server running the site.
"""

from datetime import timedelta

import pytest
import requests
from django.contrib.auth.models import Permission
from ratings_helpers import utc

from watchb.ratings.models import Rating


def book_style_ratings(base_url, user, password, start_date, end_date, batch_size=100):
    session = requests.Session()
    session.auth = (user, password)
    offset, total = 0, None
    while total is None or offset < total:
        response = session.get(
            f"{base_url}/ratings",
            params={"start_date": start_date, "end_date": end_date, "offset": offset, "limit": batch_size},
        )
        response.raise_for_status()
        answer = response.json()
        yield from answer["result"]
        offset += batch_size
        total = answer["total"]


@pytest.fixture
def a_day_on_a_live_site(live_server, transactional_db, django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    exporter = django_user_model.objects.create_user("airflow", password="airflow")
    exporter.user_permissions.add(Permission.objects.get(content_type__app_label="ratings", codename="export"))
    from watchb.catalog.models import Movie

    movies = Movie.objects.bulk_create([Movie(title=f"Movie {n}", tmdb_id=n) for n in range(1, 31)])
    users = django_user_model.objects.bulk_create([django_user_model(username=f"u{n}") for n in range(10)])
    start = utc(2026, 1, 5)
    Rating.objects.bulk_create(
        Rating(
            user=user, movie=movie, rating="3.5", rated_at=start + timedelta(seconds=(u * 7919 + m * 104729) % 86_400)
        )
        for u, user in enumerate(users)
        for m, movie in enumerate(movies)
    )
    return live_server.url


def test_the_books_client_reads_a_whole_day(a_day_on_a_live_site):
    records = list(book_style_ratings(a_day_on_a_live_site, "airflow", "airflow", "2026-01-05", "2026-01-06"))

    assert len(records) == 300
    assert len({(r["userId"], r["movieId"]) for r in records}) == 300
    assert records == sorted(records, key=lambda r: (r["timestamp"], r["userId"], r["movieId"]))
    assert set(records[0]) == {"userId", "movieId", "rating", "timestamp"}
    assert all(r["rating"] == 3.5 for r in records)


def test_the_books_client_sees_an_http_error_for_a_wrong_password(a_day_on_a_live_site):
    with pytest.raises(requests.HTTPError) as error:
        list(book_style_ratings(a_day_on_a_live_site, "airflow", "wrong", "2026-01-05", "2026-01-06"))

    assert error.value.response.status_code == 401
