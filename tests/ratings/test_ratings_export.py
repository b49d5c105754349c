"""`GET /ratings` and `GET /movies`: the MovieLens-compatible export (DESIGN.md)."""

import itertools
import json
from datetime import timedelta

import pytest
from django.test import override_settings
from ratings_helpers import EXPORT_PASSWORD, basic_auth, utc

from watchb.ratings.models import Rating
from watchb.ratings.pagination import encode_cursor

DAY = utc(2026, 1, 5)


@pytest.fixture
def day_of_ratings(make_movie, make_user):
    """120 ratings on 2026-01-05 bunched on 7 seconds (so ties in timestamp are the rule), plus one
    just before and one just after the day. Returns the day's records as the export should send them."""
    movies = [make_movie(f"Movie {n}") for n in range(12)]
    users = [make_user(f"rater{n}") for n in range(10)]
    seconds = [0, 1, 1, 3600, 43_200, 43_200, 86_399]
    ratings = [
        Rating(
            user=user,
            movie=movie,
            rating=str(0.5 * (1 + (u + m) % 10)),
            rated_at=DAY + timedelta(seconds=seconds[(u * 12 + m) % 7]),
        )
        for (u, user), (m, movie) in itertools.product(enumerate(users), enumerate(movies))
    ]
    Rating.objects.bulk_create(ratings)
    outsider = make_user("outsider")
    Rating.objects.create(user=outsider, movie=movies[0], rating="1.0", rated_at=DAY - timedelta(seconds=1))
    Rating.objects.create(user=outsider, movie=movies[1], rating="1.0", rated_at=DAY + timedelta(days=1))
    expected = [
        {
            "userId": r.user_id,
            "movieId": r.movie_id,
            "rating": float(r.rating),
            "timestamp": int(r.rated_at.timestamp()),
        }
        for r in ratings
    ]
    return sorted(expected, key=lambda r: (r["timestamp"], r["userId"], r["movieId"]))


WINDOW = {"start_date": "2026-01-05", "end_date": "2026-01-06"}


def walk_offset(client, limit, params=WINDOW, between_pages=None):
    """Page through like the Airflow book's client: advance by what arrived until `total`."""
    records, offset = [], 0
    while True:
        body = client.get("/ratings", {**params, "offset": offset, "limit": limit}).json()
        records += body["result"]
        offset += len(body["result"])
        if between_pages:
            between_pages()
        if not body["result"] or offset >= body["total"]:
            return records


def walk_cursor(client, limit, params=WINDOW, between_pages=None):
    records, cursor, answers = [], "", []
    while cursor is not None:
        response = client.get("/ratings", {**params, "limit": limit, "cursor": cursor})
        assert response.status_code == 200, response.content
        body = response.json()
        answers.append(body)
        records += body["result"]
        cursor = body["next"]
        if between_pages:
            between_pages()
    return records, answers


def test_a_day_exports_in_the_movielens_shape(export_client, alice, movie, rate):
    rate(alice, movie, 4.5, utc(2026, 1, 5, 12, 30, 15))

    response = export_client.get("/ratings", WINDOW)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "result": [{"userId": alice.pk, "movieId": movie.pk, "rating": 4.5, "timestamp": 1767616215}],
        "offset": 0,
        "limit": 100,
        "total": 1,
    }


def test_ratings_are_floats_and_timestamps_ints(export_client, alice, movie, rate):
    rate(alice, movie, 4, utc(2026, 1, 5))

    (record,) = export_client.get("/ratings").json()["result"]

    assert type(record["rating"]) is float and record["rating"] == 4.0
    assert type(record["timestamp"]) is int


def test_the_window_is_utc_midnight_to_midnight_end_exclusive(export_client, day_of_ratings):
    body = export_client.get("/ratings", {**WINDOW, "limit": 1000}).json()

    assert body["total"] == 120
    assert body["result"] == day_of_ratings
    assert min(r["timestamp"] for r in body["result"]) == int(DAY.timestamp())
    assert max(r["timestamp"] for r in body["result"]) == int(DAY.timestamp()) + 86_399


def test_dates_are_optional(export_client, day_of_ratings):
    assert export_client.get("/ratings").json()["total"] == 122
    assert export_client.get("/ratings", {"start_date": "2026-01-05"}).json()["total"] == 121
    assert export_client.get("/ratings", {"end_date": "2026-01-05"}).json()["total"] == 1
    assert export_client.get("/ratings", {"start_date": "2026-01-05", "end_date": "2026-01-05"}).json()["total"] == 0


@pytest.mark.parametrize("mode", [{"offset": 0}, {"cursor": ""}])
def test_a_page_is_byte_for_byte_what_json_dumps_writes(export_client, day_of_ratings, mode):
    # The records are written into the page by the database (JSONObjectText), not json.dumps: the bytes must not differ.
    response = export_client.get("/ratings", {**WINDOW, "limit": 50, **mode})

    body = response.json()
    assert body["result"] == day_of_ratings[:50]
    assert response.content == json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    assert list(body) == ["result", *(["offset", "limit", "total"] if "offset" in mode else ["limit", "next", "total"])]


@pytest.mark.parametrize("limit", [1, 7, 100])
def test_offset_pages_join_to_exactly_the_window(export_client, day_of_ratings, limit):
    assert walk_offset(export_client, limit) == day_of_ratings


@pytest.mark.parametrize("limit", [1, 7, 100, 120, 1000])
def test_cursor_pages_join_to_exactly_the_window(export_client, day_of_ratings, limit):
    records, answers = walk_cursor(export_client, limit)

    assert records == day_of_ratings
    assert answers[0]["total"] == 120
    assert all(answer["total"] is None for answer in answers[1:])
    assert answers[-1]["next"] is None
    assert len(answers) == max(1, -(-120 // limit))


def test_a_later_cursor_page_is_one_keyset_query_without_offset_or_count(export_client, day_of_ratings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = export_client.get("/ratings", {**WINDOW, "limit": 50, "cursor": ""}).json()
    with CaptureQueriesContext(connection) as queries:
        export_client.get("/ratings", {**WINDOW, "limit": 50, "cursor": first["next"]})

    ratings_queries = [q["sql"] for q in queries if "ratings_rating" in q["sql"]]
    assert len(ratings_queries) == 1
    assert "OFFSET" not in ratings_queries[0].upper() and "COUNT(" not in ratings_queries[0].upper()


def test_an_empty_window_has_one_empty_cursor_page(export_client, day_of_ratings):
    records, answers = walk_cursor(export_client, 10, {"start_date": "2027-01-01", "end_date": "2027-01-02"})

    assert records == []
    assert answers == [{"result": [], "limit": 10, "next": None, "total": 0}]


@pytest.mark.parametrize("walk", [walk_offset, lambda client, limit, **kw: walk_cursor(client, limit, **kw)[0]])
def test_paging_is_stable_while_later_ratings_arrive(export_client, day_of_ratings, make_user, make_movie, walk):
    late_user, late_movie = make_user("latecomer"), make_movie("Late")
    arrivals = iter(range(1, 1000))

    def a_rating_arrives():
        # A rating made "now", i.e. later than everything exported so far, inside and outside the window.
        n = next(arrivals)
        Rating.objects.create(
            user=late_user,
            movie=make_movie(f"Late {n}"),
            rating="3.0",
            rated_at=DAY + timedelta(seconds=86_399, microseconds=0),
        )
        Rating.objects.filter(user=late_user, movie=late_movie).delete()
        Rating.objects.create(
            user=late_user, movie=late_movie, rating="2.0", rated_at=DAY + timedelta(days=1, seconds=n)
        )

    records = walk(export_client, 9, between_pages=a_rating_arrives)

    keys = [(r["timestamp"], r["userId"], r["movieId"]) for r in records]
    assert len(keys) == len(set(keys)), "a record was sent twice"
    assert keys == sorted(keys)
    assert records[:120] == day_of_ratings, "an original record went missing or moved"
    assert all(r["userId"] == late_user.pk for r in records[120:])


def test_a_changed_rating_moves_to_the_day_of_the_change(export_client, alice, movie, rate, client_for):
    rating = rate(alice, movie, 2, utc(2020, 1, 1))

    client_for(alice).patch(f"/api/ratings/{rating.pk}/", {"rating": 4}, format="json")

    (record,) = export_client.get("/ratings").json()["result"]
    assert record["rating"] == 4.0 and record["timestamp"] > int(utc(2025, 1, 1).timestamp())


@override_settings(RATINGS_EXPORT_MAX_LIMIT=50)
def test_a_limit_above_the_maximum_is_lowered_not_refused(export_client, day_of_ratings):
    body = export_client.get("/ratings", {**WINDOW, "limit": 1000}).json()

    assert body["limit"] == 50
    assert len(body["result"]) == 50
    assert walk_offset(export_client, 1000) == day_of_ratings  # a client advancing by what it got loses nothing


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"start_date": "05/01/2026"}, "start_date"),
        ({"start_date": "2026-13-01"}, "start_date"),
        ({"end_date": "yesterday"}, "end_date"),
        ({"start_date": "2026-01-06", "end_date": "2026-01-05"}, "end_date"),
        ({"offset": "-1"}, "offset"),
        ({"offset": "ten"}, "offset"),
        ({"limit": "0"}, "limit"),
        ({"limit": "1.5"}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "WzFd"}, "cursor"),  # a well-formed position of the wrong shape ([1])
        ({"cursor": "", "offset": "0"}, "offset"),
        ({"offset": str(10**30)}, "offset"),
        ({"cursor": encode_cursor((10**30, 1, 1))}, "cursor"),
        ({"cursor": encode_cursor((10**15, 1, 1))}, "cursor"),  # a year out of range
    ],
)
def test_malformed_parameters_are_a_400_naming_them(export_client, params, bad):
    response = export_client.get("/ratings", params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == [bad]


def test_without_credentials_it_asks_for_basic_auth(anonymous):
    response = anonymous.get("/ratings")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic ")


def test_a_wrong_password_is_a_401(anonymous, exporter):
    anonymous.credentials(**basic_auth("airflow", "guess"))

    assert anonymous.get("/ratings").status_code == 401


def test_a_user_without_the_export_permission_is_a_403(anonymous, alice):
    anonymous.credentials(**basic_auth("alice", "a-long-passphrase"))

    response = anonymous.get("/ratings")

    assert response.status_code == 403
    assert "ratings.export" in response.json()["detail"]


def test_a_token_or_session_does_not_open_the_export(client_for, exporter):
    assert client_for(exporter).get("/ratings").status_code == 401


def test_a_remembered_password_stops_working_when_it_changes(export_client, exporter):
    assert export_client.get("/ratings").status_code == 200  # the check is now remembered

    exporter.set_password("a-new-secret")
    exporter.save()

    assert export_client.get("/ratings").status_code == 401


def test_a_remembered_password_stops_working_when_the_user_is_deactivated(export_client, exporter):
    assert export_client.get("/ratings").status_code == 200
    exporter.is_active = False
    exporter.save()

    assert export_client.get("/ratings").status_code == 401


def test_the_routes_have_no_trailing_slash_and_are_not_redirected(export_client):
    assert export_client.get("/ratings").status_code == 200
    assert export_client.get("/movies").status_code == 200
    assert export_client.get("/ratings/").status_code == 404


def test_movies_list_the_catalogue_with_ids_title_and_year(export_client, make_movie):
    from datetime import date

    released = make_movie("괴물", release_date=date(2006, 7, 27), production_year=2005, tmdb_id=1255)
    undated = make_movie("무제", kmdb_id="K12345", tmdb_id=None)

    body = export_client.get("/movies").json()

    assert body == {
        "result": [
            {"movieId": released.pk, "title": "괴물", "year": 2006, "tmdbId": 1255, "kmdbId": None},
            {"movieId": undated.pk, "title": "무제", "year": None, "tmdbId": None, "kmdbId": "K12345"},
        ],
        "offset": 0,
        "limit": 100,
        "total": 2,
    }


def test_movies_page_in_both_modes(export_client, make_movie):
    movies = [make_movie(f"Movie {n}") for n in range(25)]
    ids = [m.pk for m in movies]

    offset_ids = [
        r["movieId"]
        for offset in range(0, 25, 10)
        for r in export_client.get("/movies", {"offset": offset, "limit": 10}).json()["result"]
    ]
    cursor_ids, cursor = [], ""
    while cursor is not None:
        body = export_client.get("/movies", {"cursor": cursor, "limit": 10}).json()
        cursor_ids += [r["movieId"] for r in body["result"]]
        cursor = body["next"]

    assert offset_ids == ids
    assert cursor_ids == ids


def test_movies_need_the_export_permission_too(anonymous, alice):
    assert anonymous.get("/movies").status_code == 401
    anonymous.credentials(**basic_auth("alice", "a-long-passphrase"))
    assert anonymous.get("/movies").status_code == 403


def test_the_export_password_is_the_one_the_fixture_names(exporter):
    assert exporter.check_password(EXPORT_PASSWORD)
