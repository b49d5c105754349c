"""The best text from real-shaped KMDb records (issue 11): plots, role notes, trailers, packed ratings,
TV records and English alternates, each written from the shapes real records show."""

import pytest
from source_records import crawl_kmdb, kmdb_record, staff

from watchb.catalog.models import Movie
from watchb.catalog.sources.kmdb import KmdbMovie, movie_to_model_dict

DIRECTOR = [("정해인", "JUNG Hae-in", "00000050")]
LOGLINE = "한 소년이 바다로 떠난다."
SYNOPSIS = "한 소년이 바다로 떠난다. 그곳에서 그는 잃어버린 아버지의 배를 찾고, 마을 사람들과 함께 폭풍을 견딘다."


def model_dict(**fields):
    return movie_to_model_dict(KmdbMovie.from_json(kmdb_record("K00020", "바다로", directors=DIRECTOR, **fields)))


def plots(*texts, language="한국어"):
    return {"plots": {"plot": [{"plotLang": language, "plotText": text} for text in texts]}}


def test_the_longest_korean_plot_is_the_synopsis_and_a_short_one_the_tagline():
    data = model_dict(**plots(LOGLINE, SYNOPSIS))

    assert (data["synopsis"], data["tagline"]) == (SYNOPSIS, LOGLINE)


def test_one_korean_plot_is_the_synopsis_and_no_tagline():
    data = model_dict(**plots(SYNOPSIS))

    assert data["synopsis"] == SYNOPSIS and "tagline" not in data


@pytest.mark.django_db
def test_a_crawl_saves_the_synopsis_and_the_tagline():
    crawl_kmdb([kmdb_record("K00020", "바다로", directors=DIRECTOR, **plots(LOGLINE, SYNOPSIS))])

    movie = Movie.objects.get()
    assert (movie.synopsis, movie.tagline) == (SYNOPSIS, LOGLINE)


def test_a_voice_note_is_kept_with_the_part_and_a_cameo_note_as_the_cameo_type():
    cast = [("김목소", "KIM Mok-so", "00000051"), ("이특별", "LEE Teuk-byeol", "00000052")]
    lines = [
        staff("김목소", "KIM Mok-so", "00000051", "출연", "고양이", "목소리"),
        staff("이특별", "LEE Teuk-byeol", "00000052", "출연", "경찰", "특별출연"),
    ]

    credits = model_dict(actors=cast, staffs=lines)["credits"]

    actors = [(c["person"]["name"], c.get("role_name"), c.get("cameo_type")) for c in credits if c["job"] == "actor"]
    assert actors == [("김목소", "고양이 (목소리)", None), ("이특별", "경찰", "특별출연")]


@pytest.mark.parametrize(
    ("label", "url", "key", "kind"),
    [
        ("예고편(메인예고편)", "https://www.kmdb.or.kr/own/videoData?vodSeq=2002001", None, "메인예고편"),
        (
            "바다로 [티저예고편]",
            "https://www.kmdb.or.kr/trailer/trailerPlayPop?pFileNm=MK020020_P01.mp4",
            "MK020020_P01.mp4",
            "티저예고편",
        ),
    ],
)
def test_trailers_parse_with_either_bracket_style_and_without_a_file_name(label, url, key, kind):
    (video,) = model_dict(vods={"vod": [{"vodClass": label, "vodUrl": url}]})["videos"]

    assert video == {"site": "KMDb", "key": key or url, "name": label, "kind": kind}


def test_a_packed_rating_gives_the_main_one():
    packed = {"ratingMain": "N||Y", "ratingGrade": "12세관람가||15세관람가", "ratingNo": "2019-A||2019-B"}

    data = model_dict(rating="12세관람가||15세관람가", ratings={"rating": [packed]})

    assert data["film_rating"] == "15세관람가"


def test_a_tv_record_with_an_empty_nation_is_a_tv_movie_without_countries():
    data = model_dict(use="TV용", nation="", genre="드라마")

    assert data["genres"] == [{"name": "드라마"}, {"name": "TV 영화", "tmdb_id": 10770}]
    assert "countries" not in data


@pytest.mark.parametrize(
    ("title_eng", "title_etc", "title_en"),
    [
        ("Gun Shy, Salty", "바다로^Gun Shy^Salty", "Gun Shy"),  # alternates, each listed in titleEtc
        ("The Good, the Bad, the Weird", "바다로^The Good, the Bad, the Weird", "The Good, the Bad, the Weird"),
    ],
)
def test_title_eng_alternates_give_the_first_title_and_a_comma_in_a_title_stays(title_eng, title_etc, title_en):
    assert model_dict(titleEng=title_eng, titleEtc=title_etc)["title_en"] == title_en
