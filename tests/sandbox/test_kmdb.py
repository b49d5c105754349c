"""The fake KMDb search, used the way a crawler uses the real one."""

import pytest

from watchb.sandbox import kmdb as kmdb_render
from watchb.sandbox.world import habits


def all_records(kmdb, list_count=50, **params):
    records, start = [], 0
    while True:
        data = kmdb(listCount=list_count, startCount=start, **params).json()["Data"][0]
        page = data.get("Result", [])
        if not page:
            return data, records
        records += page
        start += len(page)


def test_the_answer_has_kmdb_envelope_with_counts_as_strings(kmdb, world):
    body = kmdb(listCount=5).json()
    assert set(body) == {"Query", "KMAQuery", "TotalCount", "Data"}
    data = body["Data"][0]
    assert data["CollName"] == "kmdb_new2"
    assert body["TotalCount"] == data["TotalCount"] == str(len(world.kmdb_movies))
    assert data["Count"] == "5" and len(data["Result"]) == 5


def test_pages_by_start_count_join_to_the_whole_collection(kmdb, world):
    _, records = all_records(kmdb, list_count=40)
    docids = [r["DOCID"] for r in records]
    assert len(docids) == len(set(docids)) == len(world.kmdb_movies)
    assert set(docids) == set(world.by_kmdb_id)


def test_list_count_defaults_to_10_and_is_capped_at_500(kmdb, settings):
    settings.SANDBOX_MOVIES = 1200
    assert kmdb().json()["Data"][0]["Count"] == "10"
    assert kmdb(listCount=900).json()["Data"][0]["Count"] == "500"


def test_past_the_end_there_is_no_result_list(kmdb, world):
    data = kmdb(startCount=len(world.kmdb_movies)).json()["Data"][0]
    assert data["Count"] == "0" and "Result" not in data


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"listCount": "ten"}, "listCount"),
        ({"listCount": "0"}, "listCount"),
        ({"startCount": "-1"}, "startCount"),
        ({"releaseDts": "2019-01-01"}, "releaseDts"),
        ({"collection": "kmdb_old"}, "collection"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(kmdb, params, field):
    response = kmdb(**params)
    assert response.status_code == 400
    assert field in response.json()["Error"]


@pytest.mark.parametrize("key", [None, "wrong"])
def test_a_missing_or_wrong_service_key_answers_401(client, key):
    params = {"collection": "kmdb_new2"} | ({"ServiceKey": key} if key else {})
    response = client.get("/sandbox/kmdb/search_json2.jsp", params)
    assert response.status_code == 401
    assert "ServiceKey" in response.json()["Error"]


def test_release_date_range_filters_on_rep_rls_date(kmdb, world):
    data, records = all_records(kmdb, releaseDts="20100101", releaseDte="20151231")
    assert records and data["TotalCount"] == str(len(records))
    assert all("20100101" <= r["repRlsDate"] <= "20151231" for r in records)
    expected = {m.kmdb_id for m in world.kmdb_movies if "20100101" <= kmdb_render.release_date(m) <= "20151231"}
    assert {r["DOCID"] for r in records} == expected


def test_a_record_without_a_date_matches_no_date_range(kmdb, world):
    undated = world.dirty["kmdb_empty_date"][0]
    _, records = all_records(kmdb, list_count=500, releaseDts="19000101", releaseDte="20991231")
    assert undated not in {r["DOCID"] for r in records}


def test_title_search_marks_the_matched_words(kmdb, world):
    movie = next(m for m in world.kmdb_movies if not m.kmdb_dirt and " " in m.title_ko and not m.kmdb_marked_title)
    word = movie.title_ko.split()[-1]
    _, records = all_records(kmdb, title=word)
    found = next(r for r in records if r["DOCID"] == movie.kmdb_id)
    assert f" !HS {word} !HE " in found["title"]
    assert found["title"].replace(" !HS ", "").replace(" !HE ", "").strip() == movie.title_ko


def test_director_search_finds_the_directors_films(kmdb, world):
    movie = world.kmdb_movies[0]
    name = movie.directors[0].name_ko
    _, records = all_records(kmdb, director=name)
    assert movie.kmdb_id in {r["DOCID"] for r in records}
    assert all(any(name in d["directorNm"] for d in r["directors"]["director"]) for r in records)


def test_titles_carry_a_stray_leading_space_and_some_carry_markers(kmdb, world):
    _, records = all_records(kmdb, list_count=500)
    assert all(r["title"].startswith(" ") for r in records)
    marked = [r for r in records if "!HS" in r["title"]]
    assert {r["DOCID"] for r in marked} == set(world.quirks["kmdb_marked_title"])
    assert all(r["title"].startswith(" !HS ") and r["title"].endswith(" !HE ") for r in marked)


def test_a_detailed_record_has_kmdb_fields_all_strings(kmdb, world):
    unusual = set(world.quirks["kmdb_packed_ratings"]) | set(world.quirks["kmdb_tv_records"])
    movie = next(
        m
        for m in world.kmdb_movies
        if not m.kmdb_dirt and m.kmdb_vods and m.kmdb_posters and not m.kmdb_plot_missing
        if m.kmdb_id not in unusual and habits.kmdb_person_id(m.directors[0], m)
    )
    _, records = all_records(kmdb, list_count=500)
    record = next(r for r in records if r["DOCID"] == movie.kmdb_id)
    assert record["movieId"] + record["movieSeq"] == movie.kmdb_id
    assert record["repRlsDate"] == movie.release_date.strftime("%Y%m%d")
    assert record["runtime"] == str(movie.runtime)
    assert record["rating"] in ("전체관람가", "12세관람가", "15세관람가", "청소년관람불가")
    assert record["nation"].split(",")[0] == movie.countries[0].name_ko
    assert record["posters"].split("|") == [
        f"http://testserver/sandbox/kmdb/image/{name}" for name in movie.kmdb_posters
    ]
    assert record["vods"]["vod"][0]["vodUrl"].startswith("https://www.kmdb.or.kr/")
    director = record["directors"]["director"][0]
    assert director == {
        "directorNm": movie.directors[0].name_ko,
        "directorEnNm": movie.directors[0].kmdb_name_en,
        "directorId": movie.directors[0].kmdb_id,
    }
    groups = [s["staffRoleGroup"] for s in record["staffs"]["staff"]]
    assert "감독" in groups and "출연" in groups
    actor = next(s for s in record["staffs"]["staff"] if s["staffRoleGroup"] == "출연")
    assert actor["staffRole"] == movie.cast[0].character_ko
    assert record["plots"]["plot"][0]["plotLang"] == "한국어"


def test_detail_n_leaves_out_the_nested_lists(kmdb):
    record = kmdb(detail="N").json()["Data"][0]["Result"][0]
    assert "staffs" not in record and "plots" not in record and "directors" in record


def test_an_empty_list_is_one_object_of_empty_strings(kmdb, world):
    movie_id = world.quirks["kmdb_empty_vods"][0]
    _, records = all_records(kmdb, list_count=500)
    record = next(r for r in records if r["DOCID"] == movie_id)
    assert record["vods"] == {"vod": [{"vodClass": "", "vodUrl": ""}]}


def test_the_short_path_serves_the_same_search(client, kmdb):
    short = client.get(
        "/sandbox/kmdb/search_json2.jsp", {"ServiceKey": "sandbox", "collection": "kmdb_new2", "detail": "Y"}
    )
    assert short.json() == kmdb().json()


def test_injected_faults_hit_kmdb_too(kmdb, settings):
    settings.SANDBOX_FAULTS = "429:2"
    assert kmdb().status_code == 200
    response = kmdb()
    assert response.status_code == 429 and response["Retry-After"] == "1"
    assert "Error" in response.json()


class TestDirtyRecords:
    """Each dirty kind shows in the JSON where a mapper will meet it."""

    @pytest.fixture
    def records(self, kmdb):
        _, records = all_records(kmdb, list_count=500)
        return {r["DOCID"]: r for r in records}

    def record(self, records, world, kind):
        return records[world.dirty[kind][0]]

    def test_partial_empty_and_impossible_dates(self, records, world):
        assert self.record(records, world, "kmdb_partial_date")["repRlsDate"].endswith("00")
        assert self.record(records, world, "kmdb_empty_date")["repRlsDate"] == ""
        assert self.record(records, world, "kmdb_impossible_date")["repRlsDate"][4:] == "0230"

    def test_bad_runtime(self, records, world):
        assert int(self.record(records, world, "kmdb_bad_runtime")["runtime"]) <= 0

    def test_person_without_id(self, records, world):
        record = self.record(records, world, "kmdb_person_without_id")
        assert record["actors"]["actor"][-1]["actorId"] == ""
        assert record["actors"]["actor"][-1]["actorNm"] != ""

    def test_duplicate_actor(self, records, world):
        actors = self.record(records, world, "kmdb_duplicate_actor")["actors"]["actor"]
        assert actors[0] == actors[-1] and len(actors) > 1

    def test_unknown_nation(self, records, world):
        assert "미상" in self.record(records, world, "kmdb_unknown_nation")["nation"].split(",")

    def test_control_character(self, records, world):
        assert "\x0b" in self.record(records, world, "kmdb_control_char")["plots"]["plot"][0]["plotText"]

    def test_empty_actor_list(self, records, world):
        record = self.record(records, world, "kmdb_empty_actor_list")
        assert record["actors"] == {"actor": [{"actorNm": "", "actorEnNm": "", "actorId": ""}]}

    def test_blank_title(self, records, world):
        record = self.record(records, world, "kmdb_blank_title")
        assert record["title"].strip() == "" and record["titleEng"] == "" and record["titleOrg"] == ""


class TestRealHabits:
    """What real KMDb records do everyday (issue 11), each at a realistic rate (`world.habits`)."""

    @pytest.fixture
    def records(self, kmdb):
        _, records = all_records(kmdb, list_count=500)
        return {r["DOCID"]: r for r in records}

    def test_most_records_list_someone_without_an_id_directors_included(self, records, world):
        without = world.quirks["kmdb_people_without_id"]
        assert len(without) > len(records) / 2
        listed = [p for r in records.values() for p in r["directors"]["director"] + r["actors"]["actor"]]
        ids = [p.get("directorId", p.get("actorId")) for p in listed if p.get("directorNm", p.get("actorNm"))]
        assert 0.2 < ids.count("") / len(ids) < 0.45
        assert any(
            d["directorId"] == "" and d["directorNm"] for r in records.values() for d in r["directors"]["director"]
        )

    def test_the_same_person_shows_the_same_id_in_actors_and_staffs(self, records, world):
        for docid in world.quirks["kmdb_people_without_id"][:20]:
            record = records[docid]
            actor_ids = {a["actorNm"]: a["actorId"] for a in record["actors"]["actor"]}
            cast = [s for s in record["staffs"]["staff"] if s["staffRoleGroup"] == "출연"]
            assert all(actor_ids.get(s["staffNm"], s["staffId"]) == s["staffId"] for s in cast)

    def test_genres_use_kmdb_spellings_and_genres_tmdb_lacks(self, records, world):
        genres = {name for r in records.values() for name in r["genre"].split(",")}
        assert "코메디" in genres and "코미디" not in genres
        assert genres & {"멜로드라마", "시대극/사극", "종교"}
        assert all(
            records[d]["genre"].split(",")[-1] in ("멜로드라마", "시대극/사극", "종교")
            for d in world.quirks["kmdb_only_genres"]
        )

    def test_voice_parts_are_staff_etc_notes(self, records, world):
        record = records[world.quirks["kmdb_voice_parts"][0]]
        cast = [s for s in record["staffs"]["staff"] if s["staffRoleGroup"] == "출연"]
        assert cast and all(s["staffEtc"] == habits.VOICE_NOTE for s in cast)

    def test_a_logline_comes_before_the_full_korean_plot(self, records, world):
        plots = records[world.quirks["kmdb_loglines"][0]]["plots"]["plot"]
        korean = [p["plotText"] for p in plots if p["plotLang"] == "한국어"]
        assert len(korean) == 2 and len(korean[0]) < len(korean[1]) and korean[1].startswith(korean[0][:-1])

    def test_trailers_in_parentheses_have_no_file_name(self, records, world):
        vod = records[world.quirks["kmdb_parenthesised_trailers"][0]]["vods"]["vod"][0]
        assert vod["vodClass"] == "예고편(메인예고편)"
        assert "/own/videoData" in vod["vodUrl"] and "pFileNm" not in vod["vodUrl"]

    def test_packed_ratings_mark_the_main_one(self, records, world):
        record = records[world.quirks["kmdb_packed_ratings"][0]]
        line = record["ratings"]["rating"][0]
        assert line["ratingMain"] == "N||Y" and line["ratingGrade"].count("||") == 1
        assert record["rating"] == line["ratingGrade"]

    def test_tv_records_have_no_nation(self, records, world):
        record = records[world.quirks["kmdb_tv_records"][0]]
        assert record["use"] == "TV용" and record["nation"] == ""

    def test_title_eng_lists_alternates_that_title_etc_lists_one_by_one(self, records, world):
        record = records[world.quirks["kmdb_alternate_titles"][0]]
        first, alternate = " ".join(record["titleEng"].split()).split(", ")
        assert {first, alternate} <= set(record["titleEtc"].split("^"))


def test_shared_films_match_across_sources_on_title_director_and_date(client, kmdb, world):
    """What a cross-source matcher sees: TMDB in Korean and KMDb agree on the three keys."""
    _, records = all_records(kmdb, list_count=500)
    by_docid = {r["DOCID"]: r for r in records}
    for movie in world.shared[:25]:
        tmdb = client.get(
            f"/sandbox/tmdb/3/movie/{movie.tmdb_id}",
            {"api_key": "sandbox", "language": "ko-KR", "append_to_response": "credits"},
        ).json()
        record = by_docid[movie.kmdb_id]
        title = record["title"].replace("!HS", "").replace("!HE", "").strip()
        assert title == tmdb["title"]
        assert record["repRlsDate"] == tmdb["release_date"].replace("-", "")
        director = next(c for c in tmdb["credits"]["crew"] if c["job"] == "Director")
        kmdb_director = record["directors"]["director"][0]
        assert director["original_name"] in (kmdb_director["directorNm"], kmdb_director["directorEnNm"])
