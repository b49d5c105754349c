"""The fake TMDB v3, used the way a crawler uses the real one."""

import pytest

from watchb.sandbox import tmdb as tmdb_render
from watchb.sandbox.tmdb import lists as tmdb_lists


def all_pages(tmdb, **params):
    first = tmdb("/discover/movie", **params).json()
    results = list(first["results"])
    for page in range(2, first["total_pages"] + 1):
        results += tmdb("/discover/movie", page=page, **params).json()["results"]
    return first, results


def test_discover_pages_join_to_the_whole_catalogue(tmdb, world):
    first, results = all_pages(tmdb)
    assert first["page"] == 1
    assert first["total_results"] == len(world.tmdb_movies)
    assert first["total_pages"] == -(-len(world.tmdb_movies) // 20)
    assert all(len(tmdb("/discover/movie", page=p).json()["results"]) == 20 for p in (1, first["total_pages"] - 1))
    ids = [r["id"] for r in results]
    assert len(ids) == len(set(ids)) == len(world.tmdb_movies)
    assert set(ids) == set(world.by_tmdb_id)


def test_discover_items_have_tmdb_fields(tmdb):
    item = tmdb("/discover/movie").json()["results"][0]
    assert set(item) == {
        "adult",
        "backdrop_path",
        "genre_ids",
        "id",
        "original_language",
        "original_title",
        "overview",
        "popularity",
        "poster_path",
        "release_date",
        "title",
        "video",
        "vote_average",
        "vote_count",
    }


def test_discover_sorts_by_popularity_by_default(tmdb):
    popularity = [r["popularity"] for r in tmdb("/discover/movie").json()["results"]]
    assert popularity == sorted(popularity, reverse=True)


def test_discover_filters_by_primary_release_date(tmdb, world):
    params = {
        "primary_release_date.gte": "2000-01-01",
        "primary_release_date.lte": "2009-12-31",
        "sort_by": "primary_release_date.asc",
    }
    first, results = all_pages(tmdb, **params)
    expected = {m.tmdb_id for m in world.tmdb_movies if 2000 <= m.release_date.year <= 2009}
    assert first["total_results"] == len(expected)
    assert {r["id"] for r in results} == expected
    dates = [world.by_tmdb_id[r["id"]].release_date for r in results]
    assert dates == sorted(dates)


def test_date_ranges_split_a_catalogue_too_big_for_the_page_limit(tmdb, world, settings):
    # With only 3 pages reachable, one query cannot list everything; ranges by year can.
    settings.SANDBOX_TMDB_MAX_PAGES = 3
    whole = tmdb("/discover/movie").json()
    assert whole["total_pages"] > 3
    assert tmdb("/discover/movie", page=4).status_code == 400
    seen = set()
    for decade in range(1950, 2030, 10):
        params = {"primary_release_date.gte": f"{decade}-01-01", "primary_release_date.lte": f"{decade + 9}-12-31"}
        first, results = all_pages(tmdb, **params)
        assert first["total_pages"] <= 3, "narrow the ranges further"
        seen |= {r["id"] for r in results}
    assert seen == set(world.by_tmdb_id)


@pytest.mark.parametrize("page", ["0", "501", "two"])
def test_discover_refuses_pages_outside_1_to_500(tmdb, page):
    response = tmdb("/discover/movie", page=page)
    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "status_code": 22,
        "status_message": "Invalid page: Pages start at 1 and max at 500. They are expected to be an integer.",
    }


def test_a_page_past_the_results_is_empty_not_an_error(tmdb):
    body = tmdb("/discover/movie", page=400).json()
    assert body["page"] == 400 and body["results"] == []


def test_discover_refuses_a_malformed_date(tmdb):
    response = tmdb("/discover/movie", **{"primary_release_date.gte": "2020-13-01"})
    assert response.status_code == 400
    assert response.json()["status_code"] == 23


def test_language_switches_titles_overviews_and_genre_names(tmdb, world):
    movie = next(m for m in world.shared if m.korean and not m.tmdb_dirt)
    korean = tmdb(f"/movie/{movie.tmdb_id}", language="ko-KR").json()
    english = tmdb(f"/movie/{movie.tmdb_id}", language="en-US").json()
    assert korean["title"] == movie.title_ko == korean["original_title"]
    assert english["title"] == movie.title_en
    assert english["original_title"] == movie.title_ko
    assert [g["name"] for g in korean["genres"]] == [g.name_ko for g in movie.genres]
    assert [g["name"] for g in english["genres"]] == [g.name_en for g in movie.genres]
    assert korean["overview"] == movie.overview_ko


def test_movie_detail_with_everything_appended_in_one_call(tmdb, world):
    movie = next(m for m in world.tmdb_movies if not m.tmdb_dirt and m.videos and m.poster_paths)
    body = tmdb(f"/movie/{movie.tmdb_id}", append_to_response="credits,release_dates,images,videos").json()
    for key in (
        "id",
        "imdb_id",
        "title",
        "original_title",
        "original_language",
        "overview",
        "release_date",
        "runtime",
        "genres",
        "production_countries",
        "origin_country",
        "poster_path",
        "backdrop_path",
    ):
        assert key in body
    assert body["release_date"] == movie.release_date.isoformat()
    assert body["runtime"] == movie.runtime
    cast = body["credits"]["cast"]
    assert [c["order"] for c in cast] == list(range(len(movie.cast)))
    assert {
        "id",
        "name",
        "original_name",
        "character",
        "order",
        "profile_path",
        "known_for_department",
        "credit_id",
    } <= set(cast[0])
    directors = [c for c in body["credits"]["crew"] if c["job"] == "Director"]
    assert directors and all(c["department"] == "Directing" for c in directors)
    writers = [c for c in body["credits"]["crew"] if c["department"] == "Writing"]
    assert all(c["job"] in ("Screenplay", "Writer") for c in writers)
    kr = next(r for r in body["release_dates"]["results"] if r["iso_3166_1"] == "KR")
    assert kr["release_dates"][0]["certification"] == movie.rating[1]
    assert body["images"]["posters"][0]["file_path"] == body["poster_path"]
    assert body["videos"]["results"][0]["site"] == "YouTube"


def test_without_append_to_response_there_are_no_credits(tmdb, world):
    body = tmdb(f"/movie/{world.tmdb_movies[0].tmdb_id}").json()
    assert "credits" not in body and "videos" not in body


def test_a_part_can_be_fetched_on_its_own(tmdb, world):
    movie = world.tmdb_movies[0]
    body = tmdb(f"/movie/{movie.tmdb_id}/credits").json()
    assert body["id"] == movie.tmdb_id and len(body["cast"]) >= len(movie.cast)


def test_unknown_movie_answers_404_code_34(tmdb):
    response = tmdb("/movie/1")
    assert response.status_code == 404
    assert response.json() == {
        "success": False,
        "status_code": 34,
        "status_message": "The resource you requested could not be found.",
    }
    assert tmdb("/no/such/path").json()["status_code"] == 34


@pytest.mark.parametrize("key", [None, "wrong"])
def test_a_missing_or_wrong_key_answers_401_code_7(client, key):
    params = {"api_key": key} if key else {}
    response = client.get("/sandbox/tmdb/3/configuration", params)
    assert response.status_code == 401
    assert response.json() == {
        "success": False,
        "status_code": 7,
        "status_message": "Invalid API key: You must be granted a valid key.",
    }


def test_a_bearer_token_is_accepted_instead_of_api_key(client):
    response = client.get("/sandbox/tmdb/3/genre/movie/list", HTTP_AUTHORIZATION="Bearer sandbox")
    assert response.status_code == 200


def test_only_get_is_allowed(client):
    response = client.post("/sandbox/tmdb/3/configuration?api_key=sandbox")
    assert response.status_code == 405 and response.json()["status_code"] == 42


def test_genre_list_has_tmdb_ids_in_both_languages(tmdb):
    english = {g["id"]: g["name"] for g in tmdb("/genre/movie/list").json()["genres"]}
    korean = {g["id"]: g["name"] for g in tmdb("/genre/movie/list", language="ko-KR").json()["genres"]}
    assert english[18] == "Drama" and korean[18] == "드라마"
    assert english[878] == "Science Fiction" and korean[28] == "액션"
    assert len(english) == 19


def test_configuration_gives_the_sandbox_image_server_on_the_requesting_host(tmdb):
    images = tmdb("/configuration").json()["images"]
    assert images["secure_base_url"] == "http://testserver/sandbox/tmdb/image/t/p/"
    assert images["base_url"] == images["secure_base_url"]
    assert "w500" in images["poster_sizes"] and "h632" in images["profile_sizes"]


def test_the_pure_configuration_names_the_real_image_server():
    images = tmdb_render.configuration()["images"]
    assert images["secure_base_url"] == "https://image.tmdb.org/t/p/"
    assert images["base_url"] == "http://image.tmdb.org/t/p/"


def test_changes_lists_ids_changed_in_the_window_100_a_page(tmdb, world):
    body = tmdb("/movie/changes", start_date="2026-11-06", end_date="2026-11-20").json()
    expected = sorted(
        [m.tmdb_id for m in world.tmdb_movies if m.changed_days_ago is not None and m.changed_days_ago <= 14]
        + [i for i, ago in world.deleted_changed_days_ago.items() if ago <= 14]
    )
    assert body["total_results"] == len(expected)
    ids = [r["id"] for r in body["results"]]
    for page in range(2, body["total_pages"] + 1):
        ids += [
            r["id"]
            for r in tmdb("/movie/changes", start_date="2026-11-06", end_date="2026-11-20", page=page).json()["results"]
        ]
    assert ids == expected
    assert len(body["results"]) == min(100, len(expected))
    assert set(body["results"][0]) == {"id", "adult"}


def test_changes_defaults_to_the_last_day(tmdb, world):
    body = tmdb("/movie/changes").json()
    expected = {m.tmdb_id for m in world.tmdb_movies if m.changed_days_ago in (0, 1)}
    assert expected <= {r["id"] for r in body["results"]}


def test_changes_refuses_more_than_14_days(tmdb):
    response = tmdb("/movie/changes", start_date="2026-10-01", end_date="2026-11-20")
    assert response.status_code == 422
    assert response.json()["status_code"] == 20


def test_deleted_movies_in_changes_answer_404(tmdb, world):
    assert tmdb(f"/movie/{world.deleted_tmdb_ids[0]}").status_code == 404


def test_the_same_seed_serves_the_same_json(tmdb, world):
    movie_id = world.tmdb_movies[5].tmdb_id
    first = tmdb(f"/movie/{movie_id}", append_to_response="credits,videos").content
    tmdb_lists._discover_matches.cache_clear()
    assert tmdb(f"/movie/{movie_id}", append_to_response="credits,videos").content == first
    assert tmdb("/discover/movie", page=3).content == tmdb("/discover/movie", page=3).content


def test_another_seed_serves_other_movies(tmdb, settings):
    ids = {r["id"] for r in tmdb("/discover/movie").json()["results"]}
    settings.SANDBOX_SEED = 43
    assert ids != {r["id"] for r in tmdb("/discover/movie").json()["results"]}


class TestDirtyRecords:
    """Each dirty kind shows in the JSON where a mapper will meet it."""

    def detail(self, tmdb, world, kind):
        movie_id = world.dirty[kind][0]
        return tmdb(f"/movie/{movie_id}", append_to_response="credits").json()

    def test_impossible_date(self, tmdb, world):
        assert self.detail(tmdb, world, "tmdb_impossible_date")["release_date"].endswith("-02-30")

    def test_bad_runtime(self, tmdb, world):
        assert self.detail(tmdb, world, "tmdb_bad_runtime")["runtime"] <= 0

    def test_person_without_id(self, tmdb, world):
        assert self.detail(tmdb, world, "tmdb_person_without_id")["credits"]["cast"][-1]["id"] is None

    def test_duplicate_cast(self, tmdb, world):
        cast = self.detail(tmdb, world, "tmdb_duplicate_cast")["credits"]["cast"]
        assert cast[0]["id"] == cast[-1]["id"] and cast[0]["character"] == cast[-1]["character"]

    def test_unknown_country(self, tmdb, world):
        body = self.detail(tmdb, world, "tmdb_unknown_country")
        assert "XX" in [c["iso_3166_1"] for c in body["production_countries"]]
        assert "XX" in body["origin_country"]

    def test_blank_title(self, tmdb, world):
        body = self.detail(tmdb, world, "tmdb_blank_title")
        assert body["title"] == "" and body["original_title"] == ""


class TestFaults:
    def test_every_nth_request_answers_429_with_retry_after(self, tmdb, settings):
        settings.SANDBOX_FAULTS = "429:3"
        statuses = [tmdb("/configuration").status_code for _ in range(6)]
        assert statuses == [200, 200, 429, 200, 200, 429]
        response = [tmdb("/configuration") for _ in range(3)][-1]  # the 9th request
        assert response.status_code == 429
        assert response["Retry-After"] == "1"
        assert response.json() == {
            "success": False,
            "status_code": 25,
            "status_message": "Your request count (#) is over the allowed limit of (40).",
        }

    def test_503_is_sent_as_tmdb_sends_it(self, tmdb, settings):
        settings.SANDBOX_FAULTS = "503:1"
        response = tmdb("/configuration")
        assert response.status_code == 503 and response.json()["status_code"] == 9

    def test_a_malformed_rule_is_a_configuration_error(self, tmdb, settings):
        from django.core.exceptions import ImproperlyConfigured

        settings.SANDBOX_FAULTS = "429"
        with pytest.raises(ImproperlyConfigured, match="STATUS:EVERY"):
            tmdb("/configuration")
