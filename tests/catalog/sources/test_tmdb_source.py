"""The TMDB client against recorded-shape answers, and the mapper on a clean and a dirty movie."""

import copy
import json
from datetime import date
from pathlib import Path

import pytest
import responses
from responses import matchers

from watchb.catalog.sources.http import SourceNotFound
from watchb.catalog.sources.tmdb import (
    TmdbClient,
    TmdbMovie,
    movie_to_model_dict,
)

FIXTURES = Path(__file__).parent / "fixtures"
API = "https://tmdb.test/3"
IMAGES = "https://image.tmdb.org/t/p/"


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def client():
    return TmdbClient(API, "v3key", sleep=lambda seconds: None)


# -- client -------------------------------------------------------------------------------------


@responses.activate
def test_discover_asks_for_a_release_date_range_and_returns_the_ids_on_the_page(client):
    responses.get(
        f"{API}/discover/movie",
        match=[
            matchers.query_param_matcher(
                {
                    "api_key": "v3key",
                    "language": "ko-KR",
                    "page": "2",
                    "sort_by": "primary_release_date.asc",
                    "primary_release_date.gte": "2019-05-01",
                    "primary_release_date.lte": "2019-05-31",
                    "include_adult": "false",
                    "include_video": "false",
                }
            )
        ],
        json={
            "page": 2,
            "total_pages": 7,
            "total_results": 131,
            "results": [{"id": 496243, "title": "기생충", "adult": False}, {"id": None}, {"id": 12}],
        },
    )

    page = client.discover(page=2, release_date_gte=date(2019, 5, 1), release_date_lte="2019-05-31")

    assert (page.page, page.total_pages, page.total_results, page.ids) == (2, 7, 131, [496243, 12])


@pytest.mark.parametrize("page", [0, 501, "1", True])
def test_discover_refuses_pages_tmdb_does_not_serve(client, page):
    with pytest.raises(ValueError, match="page must be an integer from 1 to 500"):
        client.discover(page=page)


@responses.activate
def test_movie_is_one_request_with_everything_appended(client):
    responses.get(
        f"{API}/movie/496243",
        match=[
            matchers.query_param_matcher(
                {
                    "api_key": "v3key",
                    "language": "ko-KR",
                    "append_to_response": "credits,release_dates,images,videos",
                    "include_image_language": "ko,en,null",
                    "include_video_language": "ko,en,null",
                }
            )
        ],
        json=load("tmdb_movie_parasite.json"),
    )

    movie = client.movie(496243)

    assert len(responses.calls) == 1
    assert movie.tmdb_id == 496243 and movie.title == "기생충"
    assert [member.name for member in movie.cast] == ["Song Kang-ho", "Lee Sun-kyun", "Cho Yeo-jeong"]


@responses.activate
def test_a_deleted_movie_raises_not_found(client):
    responses.get(
        f"{API}/movie/1",
        status=404,
        json={"success": False, "status_code": 34, "status_message": "The resource you requested could not be found."},
    )

    with pytest.raises(SourceNotFound, match=r"^https://tmdb.test/3/movie/1\?.* answered HTTP 404"):
        client.movie(1)


@responses.activate
def test_a_v4_token_goes_in_the_authorization_header_not_the_query():
    token = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ4In0.signature"
    responses.get(
        f"{API}/genre/movie/list",
        match=[
            matchers.header_matcher({"Authorization": f"Bearer {token}"}),
            matchers.query_param_matcher({"language": "ko-KR"}),
        ],
        json={"genres": [{"id": 28, "name": "액션"}, {"id": 18, "name": "드라마"}, "junk"]},
    )

    genres = TmdbClient(API, token).genres()

    assert [(genre.tmdb_id, genre.name) for genre in genres] == [(28, "액션"), (18, "드라마")]


@responses.activate
def test_changes_pages_through_changed_ids_leaving_adult_titles_out(client):
    responses.get(
        f"{API}/movie/changes",
        match=[
            matchers.query_param_matcher(
                {
                    "api_key": "v3key",
                    "start_date": "2024-03-01",
                    "end_date": "2024-03-14",
                    "page": "1",
                }
            )
        ],
        json={
            "results": [{"id": 11, "adult": False}, {"id": 12, "adult": True}, {"id": 13, "adult": None}],
            "page": 1,
            "total_pages": 3,
            "total_results": 250,
        },
    )

    page = client.changes(date(2024, 3, 1), date(2024, 3, 14))

    assert page.ids == [11, 13] and page.total_pages == 3


@responses.activate
def test_configuration_is_fetched_once_and_gives_the_image_base(client):
    responses.get(
        f"{API}/configuration",
        json={
            "images": {
                "base_url": "http://image.tmdb.org/t/p/",
                "secure_base_url": "https://image.tmdb.org/t/p/",
                "poster_sizes": ["w92", "w500", "original"],
                "profile_sizes": ["w45", "w185"],
            },
            "change_keys": ["title"],
        },
    )

    assert client.configuration().image_base_url == IMAGES
    assert client.configuration().poster_sizes == ["w92", "w500", "original"]
    assert len(responses.calls) == 1


@responses.activate
def test_to_model_dict_builds_image_urls_on_the_configured_base(client):
    responses.get(f"{API}/configuration", json={"images": {"secure_base_url": "https://img.test/t/p"}})
    movie = TmdbMovie.from_json(load("tmdb_movie_parasite.json"))

    data = client.to_model_dict(movie)

    assert data["posters"][0] == {"url": "https://img.test/t/p/w500/mSi0gskYpmf1FbXngM37s2HppXh.jpg"}


def test_the_client_reads_its_address_and_key_from_settings(settings):
    settings.TMDB_API_URL = "http://127.0.0.1:8000/sandbox/tmdb/3/"
    settings.TMDB_API_KEY = "from-settings"

    client = TmdbClient()

    assert client.base_url == "http://127.0.0.1:8000/sandbox/tmdb/3"
    assert client.auth_params() == {"api_key": "from-settings"}


# -- mapper: a clean movie ------------------------------------------------------------------------


@pytest.fixture
def parasite():
    return movie_to_model_dict(TmdbMovie.from_json(load("tmdb_movie_parasite.json")))


def test_the_movie_fields(parasite):
    assert parasite["tmdb_id"] == 496243
    assert parasite["title"] == "기생충" and parasite["original_title"] == "기생충"
    assert "title_en" not in parasite  # the original is Korean: no English title known
    assert parasite["release_date"] == "2019-05-30"
    assert parasite["runtime"] == 133
    assert parasite["synopsis"].startswith("전원백수로 살 길 막막하지만")
    assert "\r" not in parasite["synopsis"] and "\n" in parasite["synopsis"]
    assert "kmdb_id" not in parasite  # a source leaves out what it does not know


def test_film_rating_is_the_korean_certification(parasite):
    assert parasite["film_rating"] == "15"


def test_film_rating_falls_back_to_the_american_one():
    raw = load("tmdb_movie_parasite.json")
    raw["release_dates"]["results"] = [r for r in raw["release_dates"]["results"] if r["iso_3166_1"] != "KR"]

    assert movie_to_model_dict(TmdbMovie.from_json(raw))["film_rating"] == "R"


def test_genres_and_countries(parasite):
    assert parasite["genres"] == [
        {"name": "코미디", "tmdb_id": 35},
        {"name": "스릴러", "tmdb_id": 53},
        {"name": "드라마", "tmdb_id": 18},
    ]
    assert parasite["countries"] == [{"code": "KR", "name": "대한민국", "name_en": "South Korea"}]


def test_credits_directors_writers_and_cast_in_billing_order(parasite):
    summary = [
        (c["job"], c["order"], c["person"]["tmdb_id"], c["person"]["name"], c.get("role_name"))
        for c in parasite["credits"]
    ]

    assert summary == [
        ("director", 0, 21684, "봉준호", None),
        ("writer", 0, 21684, "봉준호", None),  # Screenplay and Story: one writer credit
        ("writer", 1, 1307681, "한진원", None),
        ("actor", 0, 20738, "송강호", "Kim Ki-taek"),
        ("actor", 1, 1035224, "이선균", "Park Dong-ik"),
        ("actor", 2, 1193003, "조여정", "Choi Yeon-gyo"),
    ]  # the director of photography is not a credit we keep


def test_people_get_the_hangul_name_the_latin_one_and_a_photo(parasite):
    song = parasite["credits"][3]["person"]
    lee = parasite["credits"][4]["person"]

    assert song == {
        "tmdb_id": 20738,
        "name": "송강호",
        "name_en": "Song Kang-ho",
        "photo": IMAGES + "w185/gBHfrJ1aBVWd8y0zL9bMQ8g0hDd.jpg",
    }
    assert "photo" not in lee  # no profile_path


def test_posters_stills_and_embeddable_videos(parasite):
    assert parasite["posters"] == [
        {"url": IMAGES + "w500/mSi0gskYpmf1FbXngM37s2HppXh.jpg"},
        {"url": IMAGES + "w500/7IiTTgloJzvGI1TAYymCfbfl3vT.jpg"},
    ]
    assert parasite["stills"][0] == {"url": IMAGES + "w780/hiKmpZMGZsrkA3RdOBZ7ny3Ngrm.jpg"}
    assert parasite["videos"] == [
        {"site": "YouTube", "key": "SEUXfv87Wpk", "name": "기생충 메인 예고편", "kind": "Trailer"},
        {"site": "YouTube", "key": "isOGD_7hNIY", "name": "Official Teaser", "kind": "Teaser"},
    ]  # the Dailymotion featurette is left out


# -- mapper: a dirty movie ------------------------------------------------------------------------


@pytest.fixture
def dirty():
    return movie_to_model_dict(TmdbMovie.from_json(load("tmdb_movie_dirty.json")))


def test_impossible_values_are_passed_on_for_validation_to_judge(dirty):
    assert dirty["release_date"] == "2021-02-30"
    assert dirty["runtime"] == -12


def test_control_characters_and_stray_spaces_are_removed(dirty):
    assert dirty["title"] == "더러운 영화"
    assert dirty["original_title"] == dirty["title_en"] == "The Dirty Movie"


def test_nulls_become_absent_keys(dirty):
    for key in ("synopsis", "film_rating", "posters", "stills"):
        assert key not in dirty


def test_an_unknown_country_code_is_passed_on_and_a_known_one_named(dirty):
    assert dirty["countries"] == [
        {"code": "XX", "name_en": "Nowhere"},
        {"code": "US", "name": "미국", "name_en": "United States of America"},
    ]
    assert dirty["genres"] == [{"name": "액션", "tmdb_id": 28}]  # the nameless, id-less genre says nothing


def test_duplicated_cast_becomes_one_credit_and_two_roles_are_joined(dirty):
    actors = [c for c in dirty["credits"] if c["job"] == "actor"]

    assert [(c["person"]["tmdb_id"], c.get("role_name")) for c in actors] == [
        (501, "Detective"),
        (502, "Twin A / Twin B"),
        (503, "Samurai"),
        (None, None),
    ]


def test_a_person_without_id_is_kept_with_tmdb_id_none_for_validation(dirty):
    nameless = dirty["credits"][-1]

    assert nameless["person"] == {
        "tmdb_id": None,
        "name": "Nameless Extra",
        "name_en": "Nameless Extra",
        "film_key": "tmdb:900001:nameless extra:nameless extra",  # where TMDB lists them: their identity
    }


def test_a_person_named_only_in_their_script_has_no_english_name(dirty):
    mifune = next(c for c in dirty["credits"] if c["person"]["tmdb_id"] == 503)

    assert mifune["person"] == {"tmdb_id": 503, "name": "三船敏郎"}


def test_source_authors_and_blank_crew_are_not_credits(dirty):
    assert [(c["job"], c["person"]["name"]) for c in dirty["credits"] if c["job"] != "actor"] == [
        ("director", "Ann Director"),
    ]


def test_zero_runtime_and_empty_date_mean_unknown():
    raw = copy.deepcopy(load("tmdb_movie_parasite.json"))
    raw.update(runtime=0, release_date="")

    data = movie_to_model_dict(TmdbMovie.from_json(raw))

    assert "runtime" not in data and "release_date" not in data


def test_a_record_of_nothing_still_maps():
    assert movie_to_model_dict(TmdbMovie.from_json({})) == {"tmdb_id": None, "title": ""}
    assert movie_to_model_dict(TmdbMovie.from_json(None)) == {"tmdb_id": None, "title": ""}
