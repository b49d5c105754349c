"""Publishing a day's ranking: PUT /api/rankings/YYYY-MM-DD/ and POST /api/rankings/."""

import pytest
from django.contrib.auth import get_user_model
from publish_bodies import entry, ranking_body
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from watchb.rankings.models import DailyRanking, RankingEntry

pytestmark = pytest.mark.django_db

DAY = "2026-01-05"
URL = f"/api/rankings/{DAY}/"


def stored(day=DAY):
    """The stored entries of `day` as (movie id, rank) pairs in rank order."""
    return list(RankingEntry.objects.filter(ranking__date=day).order_by("rank").values_list("movie_id", "rank"))


def test_first_publish_creates_the_day_and_answers_with_it(publisher, movies):
    response = publisher.put(URL, ranking_body(movies, source="movielens_popular_movies"), format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["date"] == DAY
    assert body["source"] == "movielens_popular_movies"
    assert body["total"] == 5
    assert body["results"][0] == {
        "movieId": movies[0].pk,
        "title": "Movie 1",
        "avg_rating": 4.9,
        "num_ratings": 99,
        "weighted_rating": 4.4,
        "rank": 1,
    }
    assert stored() == [(movie.pk, rank) for rank, movie in enumerate(movies, start=1)]


def test_post_takes_the_date_from_the_body(publisher, movies):
    response = publisher.post("/api/rankings/", ranking_body(movies, date=DAY), format="json")

    assert response.status_code == 201
    assert response.json()["date"] == DAY
    assert len(stored()) == 5


def test_republishing_replaces_the_day_whole(publisher, movies):
    publisher.put(URL, ranking_body(movies), format="json")

    response = publisher.put(URL, ranking_body([movies[4], movies[2]]), format="json")

    assert response.status_code == 200
    assert [row["movieId"] for row in response.json()["results"]] == [movies[4].pk, movies[2].pk]
    assert stored() == [(movies[4].pk, 1), (movies[2].pk, 2)]
    assert RankingEntry.objects.count() == 2, "no entry of the first publish may be left"
    assert DailyRanking.objects.count() == 1


def test_publishing_the_same_day_twice_gives_the_same_ranking(publisher, movies):
    first = publisher.put(URL, ranking_body(movies), format="json").json()
    second = publisher.put(URL, ranking_body(movies), format="json").json()

    assert second["results"] == first["results"]
    assert second["published_at"] >= first["published_at"]


def test_other_days_are_left_alone(publisher, movies):
    publisher.put("/api/rankings/2026-01-04/", ranking_body(movies[:2]), format="json")

    publisher.put(URL, ranking_body(movies), format="json")

    assert len(stored("2026-01-04")) == 2


def test_numbers_read_back_exactly_as_published(publisher, movies):
    body = {"results": [entry(movies[0], 1, avg_rating=27 / 7, num_ratings=7, weighted_rating=3.6180339887498949)]}

    publisher.put(URL, body, format="json")

    served = publisher.get(URL).json()["results"][0]
    assert served["avg_rating"] == 27 / 7
    assert served["weighted_rating"] == 3.6180339887498949


def test_ranks_are_kept_as_sent(publisher, movies):
    body = {"results": [entry(movies[0], 10), entry(movies[1], 3), entry(movies[2], 7)]}

    response = publisher.put(URL, body, format="json")

    assert [(row["movieId"], row["rank"]) for row in response.json()["results"]] == [
        (movies[1].pk, 3),
        (movies[2].pk, 7),
        (movies[0].pk, 10),
    ]


def test_integral_floats_are_accepted_as_counts_and_ranks(publisher, movies):
    # pandas writes an integer column as floats once it held a NaN.
    body = {"results": [entry(movies[0], 1.0, num_ratings=12.0)]}

    response = publisher.put(URL, body, format="json")

    assert response.status_code == 201
    assert response.json()["results"][0]["num_ratings"] == 12


def test_an_empty_ranking_is_a_published_day(publisher, movies):
    response = publisher.put(URL, {"results": []}, format="json")

    assert response.status_code == 201
    assert publisher.get(URL).json()["results"] == []


def test_the_body_may_repeat_the_urls_date(publisher, movies):
    response = publisher.put(URL, ranking_body(movies, date=DAY), format="json")

    assert response.status_code == 201


def test_a_large_ranking_is_stored_in_a_few_queries(publisher, make_movies, django_assert_max_num_queries):
    movies = make_movies(1000)
    body = ranking_body(movies)

    # Multi-row INSERTs (166 rows each under SQLite's 999 parameters) and id look-ups in chunks:
    # about twenty queries, where one per entry would be over a thousand.
    with django_assert_max_num_queries(30):
        response = publisher.put(URL, body, format="json")

    assert response.status_code == 201
    assert len(stored()) == 1000


# --- who may publish


def test_publishing_without_a_token_is_401(anonymous, movies):
    response = anonymous.put(URL, ranking_body(movies), format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert not DailyRanking.objects.exists()


def test_publishing_with_an_unknown_token_is_401(movies):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.post("/api/rankings/", ranking_body(movies, date=DAY), format="json")

    assert response.status_code == 401
    assert not DailyRanking.objects.exists()


def test_publishing_without_the_permission_is_403(movies):
    user = get_user_model().objects.create_user("reader")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")

    response = client.put(URL, ranking_body(movies), format="json")

    assert response.status_code == 403
    assert "rankings.publish" in response.json()["detail"]
    assert not DailyRanking.objects.exists()


# --- bad input: 400 naming the field, nothing stored


def without(row, key):
    return {name: value for name, value in row.items() if name != key}


# Each case builds the results from a good entry and the movies, and names the field the 400 must name.
BAD_ENTRIES = [
    pytest.param(
        lambda good, m: [good, {**good, "movieId": 999_999, "rank": 2}], "results[1].movieId", id="unknown movie"
    ),
    pytest.param(lambda good, m: [good, entry(m[1], 1)], "results[1].rank", id="duplicate rank"),
    pytest.param(lambda good, m: [good, {**good, "rank": 2}], "results[1].movieId", id="duplicate movie"),
    pytest.param(lambda good, m: [{**good, "num_ratings": -3}], "results[0].num_ratings", id="negative count"),
    pytest.param(lambda good, m: [{**good, "num_ratings": 0}], "results[0].num_ratings", id="zero count"),
    pytest.param(lambda good, m: [{**good, "num_ratings": 2.5}], "results[0].num_ratings", id="fractional count"),
    pytest.param(lambda good, m: [{**good, "avg_rating": 5.01}], "results[0].avg_rating", id="rating above 5"),
    pytest.param(lambda good, m: [{**good, "avg_rating": 0.4}], "results[0].avg_rating", id="rating below 0.5"),
    pytest.param(
        lambda good, m: [{**good, "weighted_rating": 0}], "results[0].weighted_rating", id="weighted out of range"
    ),
    pytest.param(lambda good, m: [{**good, "avg_rating": "4.0"}], "results[0].avg_rating", id="rating as text"),
    pytest.param(lambda good, m: [{**good, "rank": 0}], "results[0].rank", id="rank zero"),
    pytest.param(lambda good, m: [{**good, "rank": True}], "results[0].rank", id="rank as boolean"),
    pytest.param(lambda good, m: [without(good, "movieId")], "results[0].movieId", id="movieId missing"),
    pytest.param(lambda good, m: [{**good, "rank": None}], "results[0].rank", id="rank null"),
    pytest.param(lambda good, m: [good, [m[1].pk, 4.0]], "results[1]", id="entry not an object"),
    pytest.param(lambda good, m: {"0": good}, "results", id="results not a list"),
]


@pytest.mark.parametrize(("build_results", "field"), BAD_ENTRIES)
def test_a_bad_entry_is_400_naming_it(publisher, movies, build_results, field):
    results = build_results(entry(movies[0], 1), movies)

    response = publisher.put(URL, {"results": results}, format="json")

    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    assert errors[field] and all(isinstance(message, str) for message in errors[field])
    assert not DailyRanking.objects.exists()


def test_an_unknown_movie_is_named_in_the_message(publisher, movies):
    response = publisher.put(
        URL, {"results": [entry(movies[0], 1), {**entry(movies[1], 2), "movieId": 424242}]}, format="json"
    )

    assert response.json() == {"results[1].movieId": ["No movie with id 424242 in the catalogue."]}


def test_every_fault_of_an_entry_is_named_at_once(publisher, movies):
    bad = {"movieId": 424242, "avg_rating": 6, "num_ratings": -1, "weighted_rating": 4.1, "rank": 1}

    errors = publisher.put(URL, {"results": [bad]}, format="json").json()

    assert errors == {
        "results[0].avg_rating": ["Must be between 0.5 and 5.0."],
        "results[0].num_ratings": ["Must be at least 1."],
        "results[0].movieId": ["No movie with id 424242 in the catalogue."],
    }


def test_a_duplicate_points_at_the_first_holder(publisher, movies):
    response = publisher.put(
        URL, {"results": [entry(movies[0], 1), entry(movies[1], 2), entry(movies[2], 2)]}, format="json"
    )

    assert response.json() == {"results[2].rank": ["Rank 2 is already given to results[1]."]}


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/rankings/2026-02-30/", {"results": []}, "date"),
        ("/api/rankings/yesterday/", {"results": []}, "date"),
        ("/api/rankings/", {"date": "05/01/2026", "results": []}, "date"),
        ("/api/rankings/", {"results": []}, "date"),
        (URL, {"date": "2026-01-06", "results": []}, "date"),
        (URL, {}, "results"),
        (URL, {"results": [], "source": "x" * 101}, "source"),
        (URL, [], "non_field_errors"),
    ],
    ids=[
        "impossible date",
        "not a date",
        "not ISO",
        "date missing",
        "dates disagree",
        "results missing",
        "source too long",
        "body not an object",
    ],
)
def test_a_bad_body_or_date_is_400_naming_the_field(publisher, url, body, field):
    method = publisher.put if url != "/api/rankings/" else publisher.post

    response = method(url, body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not DailyRanking.objects.exists()


def test_limit_cuts_the_answer_not_what_is_stored(publisher, movies):
    response = publisher.put(f"{URL}?limit=2", ranking_body(movies), format="json")

    assert [row["rank"] for row in response.json()["results"]] == [1, 2]
    assert response.json()["total"] == 5
    assert len(stored()) == 5


def test_a_bad_limit_is_refused_before_anything_is_stored(publisher, movies):
    response = publisher.put(f"{URL}?limit=none", ranking_body(movies), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["limit"]
    assert not DailyRanking.objects.exists()


def test_a_refused_republish_leaves_the_published_day_intact(publisher, movies):
    publisher.put(URL, ranking_body(movies), format="json")

    response = publisher.put(URL, {"results": [entry(movies[0], 1, avg_rating=9)]}, format="json")

    assert response.status_code == 400
    assert len(stored()) == 5


def test_a_body_wrong_throughout_lists_the_first_twenty_errors(publisher, movies):
    results = [{"movieId": movies[0].pk} for _ in range(30)]  # each lacks four fields

    errors = publisher.put(URL, {"results": results}, format="json").json()

    assert len(errors) == 21
    assert "results[0].avg_rating" in errors
    # 30 x 4 missing fields, and 29 repeats of the first entry's movie.
    assert errors["results"] == ["149 errors in 30 entries; the first 20 are shown."]


def test_malformed_json_is_400(publisher):
    response = publisher.generic("PUT", URL, "{not json", content_type="application/json")

    assert response.status_code == 400
