"""The ratings export's records are written as JSON text by the database (`rating_record_text`):
the pages must be, byte for byte, what encoding the records in Python wrote before."""

import json
from datetime import timedelta

import pytest
from ratings_helpers import utc

from watchb.ratings.export import RatingsExportView, rating_record_text
from watchb.ratings.expressions import EpochSeconds
from watchb.ratings.models import Rating

DAY = utc(2026, 1, 5)
WINDOW = {"start_date": "2026-01-05", "end_date": "2026-01-06"}


def former_record(rating: Rating) -> dict:
    """A record as the export made it in Python: the database's float and epoch seconds, as dict."""
    return {
        "userId": rating.user_id,
        "movieId": rating.movie_id,
        "rating": float(rating.rating),
        "timestamp": int(rating.rated_at.timestamp()),
    }


def former_text(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


@pytest.fixture
def awkward_day(make_user, make_movie):
    """Ratings at the ends of the scale and on whole stars (0.5, 5.0, 3.0), several in one second,
    and large ids; returns them in the export's order."""
    users = [make_user(f"awkward{n}") for n in range(3)]
    movies = [make_movie(f"Awkward {n}") for n in range(3)]
    values = ["0.5", "5.0", "3.0", "4.5", "1.0", "2.5", "0.5", "5.0", "3.0"]
    ratings = [
        Rating(user=user, movie=movie, rating=values[3 * u + m], rated_at=DAY + timedelta(seconds=(u + m) // 2))
        for u, user in enumerate(users)
        for m, movie in enumerate(movies)
    ]
    Rating.objects.bulk_create(ratings)
    return sorted(Rating.objects.filter(rated_at__gte=DAY), key=lambda r: (r.rated_at, r.user_id, r.movie_id))


def test_every_half_star_is_written_as_python_writes_its_float(make_user, make_movie):
    movie = make_movie("Every star")
    stars = [f"{n / 2:.1f}" for n in range(1, 11)]
    for n, stars_given in enumerate(stars):
        Rating.objects.create(user=make_user(f"star{n}"), movie=movie, rating=stars_given, rated_at=DAY)

    ratings = Rating.objects.order_by("rating")
    texts = list(ratings.values_list(rating_record_text(), flat=True))

    assert texts == [former_text(former_record(r)).decode() for r in ratings]
    assert [json.loads(text)["rating"] for text in texts] == [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0]


def test_cursor_pages_are_the_former_bytes_to_the_last_page(export_client, awkward_day):
    pages, cursor = [], ""
    while cursor is not None:
        response = export_client.get("/ratings", {**WINDOW, "limit": 4, "cursor": cursor})
        pages.append(response.content)
        cursor = response.json()["next"]

    expected = [former_record(r) for r in awkward_day]
    assert len(pages) == 3  # 4, 4 and a last page of 1
    for n, page in enumerate(pages):
        body = json.loads(page)
        total = len(expected) if n == 0 else None
        records = expected[4 * n : 4 * n + 4]
        assert page == former_text({"result": records, "limit": 4, "next": body["next"], "total": total})
    assert json.loads(pages[-1])["next"] is None


def test_an_offset_page_is_the_former_bytes(export_client, awkward_day):
    response = export_client.get("/ratings", {**WINDOW, "offset": 2, "limit": 5})

    records = [former_record(r) for r in awkward_day[2:7]]
    assert response.content == former_text({"result": records, "offset": 2, "limit": 5, "total": 9})


@pytest.mark.parametrize("mode", [{"cursor": ""}, {"offset": 0}])
def test_an_empty_page_is_the_former_bytes(export_client, awkward_day, mode):
    response = export_client.get("/ratings", {"start_date": "2026-02-01", "end_date": "2026-02-02", "limit": 3, **mode})

    if "cursor" in mode:
        expected = {"result": [], "limit": 3, "next": None, "total": 0}
    else:
        expected = {"result": [], "offset": 0, "limit": 3, "total": 0}
    assert response.content == former_text(expected)


def test_a_page_no_row_can_meet_is_read_without_a_query(db, django_assert_num_queries):
    queryset = Rating.objects.none().values_list(rating_record_text(), flat=True)

    with django_assert_num_queries(0):
        assert RatingsExportView().page_rows(queryset) == []


def test_a_timestamp_is_the_second_its_moment_falls_in(alice, movie, rate):
    # Ratings are stored in whole seconds; one written around `save` (raw SQL, an old load) with
    # microseconds still belongs to its second. (SQLite keeps milliseconds: .9995 s and more is the
    # next second there, as before.)
    rating = rate(alice, movie, 4.0, DAY)
    seconds = EpochSeconds("rated_at")
    for moment in [DAY + timedelta(hours=12, microseconds=999_000), utc(2255, 1, 1, 23, 59, 59, 999_000)]:
        Rating.objects.filter(pk=rating.pk).update(rated_at=moment)

        assert Rating.objects.values_list(seconds, flat=True).get() == int(moment.replace(microsecond=0).timestamp())
