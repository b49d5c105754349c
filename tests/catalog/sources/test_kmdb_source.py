"""The KMDb client's search and paging, and the mapper on a clean and a dirty search result."""

import json
from datetime import date
from pathlib import Path

import pytest
import responses
from responses import matchers

from watchb.catalog.sources.http import SourceError
from watchb.catalog.sources.kmdb import (
    KmdbClient,
    KmdbMovie,
    KmdbPage,
    clean,
    iso_date,
    movie_to_model_dict,
    number_or_text,
)

FIXTURES = Path(__file__).parent / "fixtures"
API = "https://kmdb.test/openapi-data2/wisenut/search_api/search_json2.jsp"


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def answer(total, results):
    """A search answer shaped as KMDb sends it, counts as strings."""
    return {
        "Query": "",
        "KMAQuery": "",
        "TotalCount": total,
        "Data": [
            {"CollName": "kmdb_new2", "TotalCount": str(total), "Count": str(len(results)), "Result": results},
        ],
    }


def result(seq):
    return {"DOCID": f"K{seq:05d}", "movieId": "K", "movieSeq": f"{seq:05d}", "title": f" 영화 {seq}"}


@pytest.fixture
def client():
    return KmdbClient(API, "kmdb-key", sleep=lambda seconds: None)


# -- client -------------------------------------------------------------------------------------


@responses.activate
def test_search_sends_kmdb_parameters_and_reads_the_page(client):
    responses.get(
        API,
        match=[
            matchers.query_param_matcher(
                {
                    "ServiceKey": "kmdb-key",
                    "collection": "kmdb_new2",
                    "detail": "Y",
                    "releaseDts": "20190501",
                    "releaseDte": "20190531",
                    "director": "봉준호",
                    "startCount": "0",
                    "listCount": "50",
                }
            )
        ],
        json=load("kmdb_search.json"),
    )

    page = client.search(release_dts=date(2019, 5, 1), release_dte="2019-05-31", director="봉준호", list_count=50)

    assert page.total_count == 2 and page.start_count == 0
    assert [movie.docid for movie in page.movies] == ["K19398", ""]


@responses.activate
def test_iter_movies_pages_by_start_count_until_the_total(client):
    for start, seqs in ((0, [1, 2]), (2, [3, 4]), (4, [5])):
        responses.get(
            API,
            match=[
                matchers.query_param_matcher(
                    {"startCount": str(start), "listCount": "2"},
                    strict_match=False,
                )
            ],
            json=answer(5, [result(seq) for seq in seqs]),
        )

    movies = list(client.iter_movies(list_count=2, title="영화"))

    assert [movie.docid for movie in movies] == ["K00001", "K00002", "K00003", "K00004", "K00005"]
    assert len(responses.calls) == 3


@responses.activate
def test_iter_movies_advances_by_what_it_received_when_the_server_sends_less(client):
    # Asked for 3 a page, the server caps at 2: nothing is skipped.
    for start, seqs in ((0, [1, 2]), (2, [3, 4]), (4, [5])):
        responses.get(
            API,
            match=[matchers.query_param_matcher({"startCount": str(start)}, strict_match=False)],
            json=answer(5, [result(seq) for seq in seqs]),
        )

    assert len(list(client.iter_movies(list_count=3))) == 5


@responses.activate
def test_iter_movies_stops_on_an_empty_page_and_at_the_limit(client):
    responses.get(
        API,
        match=[matchers.query_param_matcher({"startCount": "0"}, strict_match=False)],
        json=answer(100, [result(1), result(2)]),
    )
    responses.get(
        API,
        match=[matchers.query_param_matcher({"startCount": "2"}, strict_match=False)],
        json={
            "Query": "",
            "KMAQuery": "",
            "TotalCount": 100,
            "Data": [{"CollName": "kmdb_new2", "TotalCount": "100", "Count": "0"}],
        },
    )

    assert len(list(client.iter_movies(list_count=2))) == 2
    calls = len(responses.calls)
    assert [movie.docid for movie in client.iter_movies(list_count=2, limit=1)] == ["K00001"]
    assert len(responses.calls) == calls + 1  # the limit reached, no further page is asked for


@pytest.mark.parametrize(
    ("arguments", "named"),
    [({"start_count": -1}, "start_count"), ({"list_count": 0}, "list_count"), ({"list_count": 501}, "list_count")],
)
def test_search_refuses_counts_kmdb_does_not_serve(client, arguments, named):
    with pytest.raises(ValueError, match=named):
        client.search(**arguments)


@responses.activate
def test_an_answer_that_is_not_a_search_result_is_a_source_error(client):
    responses.get(API, json={"message": "SERVICE KEY IS NOT REGISTERED"})

    with pytest.raises(SourceError, match="not a KMDb search answer") as caught:
        client.search(title="x")
    assert "kmdb-key" not in str(caught.value)


def test_the_client_reads_its_address_and_key_from_settings(settings):
    settings.KMDB_API_URL = API
    settings.KMDB_SERVICE_KEY = "from-settings"

    client = KmdbClient()

    assert client.base_url == API and client.auth_params() == {"ServiceKey": "from-settings"}


# -- the small converters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        (" !HS기생충!HE", "기생충"),
        ("!HS살인의!HE  추억 ", "살인의 추억"),
        ("괴\x0b물\x00", "괴물"),
        ("", ""),
    ],
)
def test_clean(raw, cleaned):
    assert clean(raw) == cleaned


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("20190530", "2019-05-30"),
        ("20180400", "2018-04-00"),  # partial: left for validation to reject
        ("20190231", "2019-02-31"),  # impossible: likewise
        ("", None),
        ("  ", None),
        ("2019", "2019"),
    ],
)
def test_iso_date(raw, iso):
    assert iso_date(raw) == iso


@pytest.mark.parametrize(("raw", "value"), [("131", 131), ("-90", -90), ("", None), ("약 90분", "약 90분")])
def test_number_or_text(raw, value):
    assert number_or_text(raw) == value


# -- mapper: a clean movie ------------------------------------------------------------------------


@pytest.fixture
def page():
    return KmdbPage.from_json(load("kmdb_search.json"))


@pytest.fixture
def parasite(page):
    return movie_to_model_dict(page.movies[0])


def test_the_movie_fields(parasite):
    assert parasite["kmdb_id"] == "K19398"
    assert parasite["title"] == "기생충" and parasite["title_en"] == "Parasite"
    assert "original_title" not in parasite and "tmdb_id" not in parasite
    assert parasite["release_date"] == "2019-05-30"
    assert parasite["production_year"] == 2019 and parasite["runtime"] == 131
    assert parasite["film_rating"] == "15세관람가"


def test_the_korean_plot_is_preferred(parasite):
    assert parasite["synopsis"] == "전원백수로 살 길 막막하지만 사이는 좋은 기택(송강호) 가족."


def test_nations_and_genres_are_split(parasite):
    assert parasite["countries"] == [{"code": "KR", "name": "대한민국", "name_en": "South Korea"}]
    assert parasite["genres"] == [{"name": "드라마"}]


def test_posters_and_stills_are_split_and_the_trailer_kept(parasite):
    assert parasite["posters"] == [
        {"url": "http://file.koreafilm.or.kr/thm/02/99/17/36/tn_DPK017282.jpg"},
        {"url": "http://file.koreafilm.or.kr/thm/02/99/17/36/tn_DPK017283.jpg"},
    ]
    assert parasite["stills"] == [{"url": "http://file.koreafilm.or.kr/thm/01/copy/00/60/50/tn_DST770480.jpg"}]
    assert parasite["videos"] == [
        {"site": "KMDb", "key": "MK043497_P02.mp4", "name": "기생충 [메인예고편]", "kind": "메인예고편"},
    ]


def test_credits_from_directors_staffs_and_actors(parasite):
    summary = [
        (c["job"], c["order"], c["person"]["kmdb_id"], c["person"]["name"], c.get("role_name"), c.get("cameo_type"))
        for c in parasite["credits"]
    ]

    assert summary == [
        ("director", 0, "00004475", "봉준호", None, None),
        ("writer", 0, "00004475", "봉준호", None, None),
        ("writer", 1, "00138735", "한진원", None, None),
        ("actor", 0, "00000776", "송강호", "기택", None),
        ("actor", 1, "00012005", "이선균", "동익", None),
        ("actor", 2, "00013389", "조여정", "연교", None),
        ("actor", 3, "00017386", "이정은", "문광", None),  # in staffs only: added after the billed cast
        ("actor", 4, "00099112", "박서준", "민혁", "특별출연"),  # staffEtc says how large the part is
    ]  # the cinematographer and the production company are not credits we keep
    assert parasite["credits"][0]["person"] == {
        "kmdb_id": "00004475",
        "name": "봉준호",
        "name_en": "Bong Joon-ho",
        "film_key": f"kmdb:{parasite['kmdb_id']}:봉준호:bong joon-ho",
    }


# -- mapper: a dirty movie ------------------------------------------------------------------------


@pytest.fixture
def dirty(page):
    return movie_to_model_dict(page.movies[1])


def test_the_id_is_built_from_movie_id_and_seq_when_docid_is_blank(dirty):
    assert dirty["kmdb_id"] == "F99001"


def test_markers_control_characters_and_stray_spaces_are_stripped(dirty):
    assert dirty["title"] == "더러운 영화"
    assert dirty["title_en"] == "The Dirty Movie"


def test_odd_values_are_passed_on_for_validation(dirty):
    assert dirty["release_date"] == "2018-04-00"
    assert dirty["runtime"] == -90
    assert dirty["production_year"] == "19xx"


def test_an_unknown_nation_keeps_its_name_with_a_blank_code(dirty):
    assert dirty["countries"] == [
        {"code": "KR", "name": "대한민국", "name_en": "South Korea"},
        {"code": "", "name": "소련"},
        {"code": "US", "name": "미국", "name_en": "United States"},
    ]
    assert dirty["genres"] == [{"name": "드라마"}, {"name": "코메디"}]  # the trailing comma adds nothing


def test_empty_lists_sent_as_one_object_of_empty_strings_are_empty(page, dirty):
    movie = page.movies[1]

    assert movie.directors == [] and movie.plots == [] and movie.vods == []
    assert [c for c in dirty["credits"] if c["job"] == "director"] == []
    for key in ("synopsis", "videos", "film_rating", "posters"):
        assert key not in dirty


def test_blank_pieces_of_joined_urls_are_dropped(dirty):
    assert dirty["stills"] == [
        {"url": "http://file.koreafilm.or.kr/a.jpg"},
        {"url": "http://file.koreafilm.or.kr/b.jpg"},
    ]


def test_duplicated_actor_is_one_credit_and_people_without_id_are_kept_for_validation(dirty):
    summary = [
        (c["job"], c["order"], c["person"]["kmdb_id"], c["person"]["name"], c.get("role_name"), c.get("cameo_type"))
        for c in dirty["credits"]
    ]

    assert summary == [
        ("writer", 0, None, "박작가", None, None),
        ("actor", 0, "00200001", "김배우", None, None),
        ("actor", 1, None, "이름만", None, None),
        ("actor", 2, "00200009", "최단역", "행인", "단역"),  # the role group says how large the part is
    ]


def test_a_record_of_nothing_still_maps():
    assert movie_to_model_dict(KmdbMovie.from_json({})) == {"kmdb_id": None, "title": ""}


def test_a_lone_object_where_a_list_belongs_is_read_as_a_list():
    movie = KmdbMovie.from_json(
        {"directors": {"director": {"directorNm": "봉준호", "directorId": "00004475"}}, "staffs": "", "actors": None}
    )

    assert [d.name for d in movie.directors] == ["봉준호"] and movie.staffs == [] and movie.actors == []


def test_a_staffs_line_without_id_still_finds_its_actor_by_name_and_fills_in_the_id():
    movie = KmdbMovie.from_json(
        {
            "DOCID": "K1",
            "title": "영화",
            "actors": {
                "actor": [
                    {"actorNm": "송강호", "actorEnNm": "", "actorId": "00000776"},
                    {"actorNm": "배두나", "actorEnNm": "Bae Doo-na", "actorId": ""},
                ]
            },
            "staffs": {
                "staff": [
                    {
                        "staffNm": "송강호",
                        "staffEnNm": "Song Kang-ho",
                        "staffRoleGroup": "출연",
                        "staffRole": "강두",
                        "staffEtc": "",
                        "staffId": "",
                    },
                    {
                        "staffNm": "배두나",
                        "staffEnNm": "",
                        "staffRoleGroup": "출연",
                        "staffRole": "남주",
                        "staffEtc": "",
                        "staffId": "00004455",
                    },
                    {
                        "staffNm": "송강호",
                        "staffEnNm": "",
                        "staffRoleGroup": "출연",
                        "staffRole": "동명이인",
                        "staffEtc": "",
                        "staffId": "00999999",
                    },
                ]
            },
        }
    )

    credits = movie_to_model_dict(movie)["credits"]

    assert [(c["person"], c.get("role_name")) for c in credits] == [
        (
            {
                "kmdb_id": "00000776",
                "name": "송강호",
                "name_en": "Song Kang-ho",
                "film_key": "kmdb:K1:송강호:song kang-ho",
            },
            "강두",
        ),
        (
            {"kmdb_id": "00004455", "name": "배두나", "name_en": "Bae Doo-na", "film_key": "kmdb:K1:배두나:bae doo-na"},
            "남주",
        ),
        (
            {"kmdb_id": "00999999", "name": "송강호", "film_key": "kmdb:K1:송강호:"},
            "동명이인",
        ),  # another id: another person
    ]
