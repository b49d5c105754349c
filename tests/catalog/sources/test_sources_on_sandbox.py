"""The clients and mappers against the offline sandbox, over real HTTP (a live server).

The sandbox's world knows which records it made dirty and how (``World.dirty``), so each dirty kind
is checked to come out of the mapper in the shape validation expects.
"""

import re
from datetime import date

import pytest
from django.test import override_settings
from django.urls import include, path

from watchb.catalog.sources import kmdb, tmdb
from watchb.catalog.sources.http import SourceAuthError, SourceNotFound
from watchb.sandbox.conf import current_world

# The sandbox is mounted by the site only when SANDBOX_ENABLED; these tests mount it themselves.
urlpatterns = [path("sandbox/", include("watchb.sandbox.urls"))]

pytestmark = pytest.mark.urls(__name__)

KEY = "sandbox-test-key"
KMDB_PATH = "/sandbox/kmdb/openapi-data2/wisenut/search_api/search_json2.jsp"
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def world():
    # SANDBOX_MOVIES=300 is the smallest size at which the sandbox promises every dirty kind.
    with override_settings(SANDBOX_SEED=42, SANDBOX_MOVIES=300, SANDBOX_API_KEY=KEY, SANDBOX_FAULTS=""):
        yield current_world()


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def tmdb_client(live_server, world, sleeps):
    with tmdb.TmdbClient(f"{live_server.url}/sandbox/tmdb/3", KEY, sleep=sleeps.append) as client:
        yield client


@pytest.fixture(scope="module")
def kmdb_dicts(live_server, world, django_db_blocker):
    """Every KMDb movie of the world, mapped, by its id (read once for the module).

    The live server closes stale database connections as each request starts; once an earlier test
    has opened the test database, that counts as database access, which pytest-django allows only
    inside a test that asked for it. This fixture runs before such a test begins, hence the unblock.
    """
    with django_db_blocker.unblock(), kmdb.KmdbClient(live_server.url + KMDB_PATH, KEY) as client:
        dicts = [kmdb.movie_to_model_dict(movie) for movie in client.iter_movies(list_count=100)]
    return {data["kmdb_id"]: data for data in dicts}


def tmdb_dict(client, tmdb_id):
    return client.to_model_dict(client.movie(tmdb_id))


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


# -- TMDB -----------------------------------------------------------------------------------------


def test_discover_pages_list_every_tmdb_movie(tmdb_client, world):
    first = tmdb_client.discover(page=1)
    ids = list(first.ids)
    for number in range(2, first.total_pages + 1):
        ids += tmdb_client.discover(page=number).ids

    assert first.total_results == len(world.tmdb_movies)
    assert sorted(ids) == sorted(movie.tmdb_id for movie in world.tmdb_movies)


def test_a_clean_movie_maps_whole(tmdb_client, world):
    dirty_ids = {tmdb_id for ids in world.dirty.values() for tmdb_id in ids}
    movie = next(m for m in world.tmdb_movies if m.tmdb_id not in dirty_ids)

    data = tmdb_dict(tmdb_client, movie.tmdb_id)

    assert data["tmdb_id"] == movie.tmdb_id and data["title"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["release_date"])
    assert data["runtime"] > 0
    assert data["genres"] and all(genre["tmdb_id"] for genre in data["genres"])
    assert {credit["job"] for credit in data["credits"]} >= {"director", "actor"}
    assert all(credit["person"]["tmdb_id"] for credit in data["credits"])
    assert all(url["url"].startswith("http") for url in data.get("posters", []))


@pytest.mark.parametrize(
    "kind",
    [
        "tmdb_impossible_date",
        "tmdb_bad_runtime",
        "tmdb_person_without_id",
        "tmdb_duplicate_cast",
        "tmdb_unknown_country",
        "tmdb_blank_title",
    ],
)
def test_each_dirty_tmdb_kind_reaches_validation_in_the_expected_shape(tmdb_client, world, kind):
    for tmdb_id in world.dirty[kind]:
        data = tmdb_dict(tmdb_client, tmdb_id)
        actors = [credit["person"]["tmdb_id"] for credit in data["credits"] if credit["job"] == "actor"]
        if kind == "tmdb_impossible_date":
            assert data["release_date"] and not _is_real_date(data["release_date"])
        elif kind == "tmdb_bad_runtime":
            assert data.get("runtime") is None or data["runtime"] < 0
        elif kind == "tmdb_person_without_id":
            assert None in actors
        elif kind == "tmdb_duplicate_cast":
            assert len(actors) == len(set(actors))
        elif kind == "tmdb_unknown_country":
            assert "XX" in [country["code"] for country in data["countries"]]
        elif kind == "tmdb_blank_title":
            assert data["title"] == ""


def test_a_deleted_movie_from_the_change_list_is_not_found(tmdb_client, world):
    with pytest.raises(SourceNotFound):
        tmdb_client.movie(world.deleted_tmdb_ids[0])


def test_a_wrong_key_is_refused_with_tmdb_message(live_server, world):
    client = tmdb.TmdbClient(f"{live_server.url}/sandbox/tmdb/3", "wrong", sleep=lambda s: None)

    with pytest.raises(SourceAuthError, match="HTTP 401: Invalid API key"):
        client.genres()


def test_rate_limits_are_waited_out_as_retry_after_says(tmdb_client, settings, sleeps):
    settings.SANDBOX_RETRY_AFTER = 2
    settings.SANDBOX_FAULTS = "429:3,503:5"

    genres = [tmdb_client.genres() for _ in range(6)]

    assert all(genres) and sleeps and set(sleeps) == {2.0}


# -- KMDb -----------------------------------------------------------------------------------------


def test_kmdb_search_pages_through_every_movie(kmdb_dicts, world):
    assert sorted(kmdb_dicts) == sorted(movie.kmdb_id for movie in world.kmdb_movies)


def test_no_marker_and_no_control_character_survives(kmdb_dicts):
    for data in kmdb_dicts.values():
        for value in strings_in({key: value for key, value in data.items() if key != "synopsis"}):
            assert "!HS" not in value and "!HE" not in value and not CONTROL.search(value), value
        assert not re.search(r"[\x00-\x09\x0b-\x1f]", data.get("synopsis", ""))


@pytest.mark.parametrize(
    "kind",
    [
        "kmdb_partial_date",
        "kmdb_empty_date",
        "kmdb_impossible_date",
        "kmdb_bad_runtime",
        "kmdb_person_without_id",
        "kmdb_duplicate_actor",
        "kmdb_unknown_nation",
        "kmdb_control_char",
        "kmdb_empty_actor_list",
        "kmdb_blank_title",
    ],
)
def test_each_dirty_kmdb_kind_reaches_validation_in_the_expected_shape(kmdb_dicts, world, kind):
    for docid in world.dirty[kind]:
        data = kmdb_dicts[docid]
        actors = [credit["person"] for credit in data["credits"] if credit["job"] == "actor"]
        if kind == "kmdb_partial_date":
            assert data["release_date"].endswith("-00")
        elif kind == "kmdb_empty_date":
            assert "release_date" not in data
        elif kind == "kmdb_impossible_date":
            assert not _is_real_date(data["release_date"])
        elif kind == "kmdb_bad_runtime":
            assert data["runtime"] <= 0
        elif kind == "kmdb_person_without_id":
            assert any(person["kmdb_id"] is None for person in actors)
        elif kind == "kmdb_duplicate_actor":
            ids = [person["kmdb_id"] for person in actors]
            assert len(ids) == len(set(ids))
        elif kind == "kmdb_unknown_nation":
            assert any(country["code"] == "" and country["name"] for country in data["countries"])
        elif kind == "kmdb_control_char":
            assert "\x0b" not in data["synopsis"]
        elif kind == "kmdb_empty_actor_list":
            assert actors == []
        elif kind == "kmdb_blank_title":
            assert data["title"] == ""


# -- both -----------------------------------------------------------------------------------------


def test_a_movie_in_both_sources_maps_to_the_same_title_date_and_director(tmdb_client, kmdb_dicts, world):
    for movie in world.shared[:10]:
        from_tmdb = tmdb_dict(tmdb_client, movie.tmdb_id)
        from_kmdb = kmdb_dicts[movie.kmdb_id]

        def directors(data):
            # A foreign director is "Matthew White" on TMDB and "매튜 화이트" (name_en "Matthew White")
            # on KMDb: the two meet on one of the names, not always on `name`.
            return [
                {credit["person"]["name"], credit["person"].get("name_en")} - {None}
                for credit in data["credits"]
                if credit["job"] == "director"
            ]

        assert from_tmdb["title"] == from_kmdb["title"]
        assert from_tmdb["release_date"] == from_kmdb["release_date"]
        assert len(directors(from_tmdb)) == len(directors(from_kmdb)) > 0
        for names in directors(from_tmdb):
            assert any(names & other for other in directors(from_kmdb))


def _is_real_date(value):
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True
