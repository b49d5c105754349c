"""The sandbox's image servers, used the way the site uses them: URLs built from what the APIs say."""

import xml.etree.ElementTree as ET

import pytest

from watchb.sandbox import images
from watchb.sandbox.images import ImageFile

SVG = "{http://www.w3.org/2000/svg}"


def texts(body: bytes) -> list[str]:
    """The lines of text an SVG shows (parsing it also proves it is well-formed XML)."""
    return [element.text for element in ET.fromstring(body).iter(f"{SVG}text")]


@pytest.fixture
def image_base(tmdb):
    return tmdb("/configuration").json()["images"]["secure_base_url"]


def test_a_poster_url_built_from_configuration_answers_an_svg_showing_the_title(client, tmdb, world, image_base):
    movie = next(m for m in world.tmdb_movies if m.poster_paths and not m.tmdb_dirt)
    poster_path = tmdb(f"/movie/{movie.tmdb_id}").json()["poster_path"]
    response = client.get(image_base + "w500" + poster_path)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "max-age=31536000" in response["Cache-Control"]
    root = ET.fromstring(response.content)
    assert (root.get("width"), root.get("height")) == ("500", "750")  # 2:3
    assert " ".join(texts(response.content)) == movie.title_ko


def test_the_same_path_gives_the_same_bytes_and_another_path_other_colours(client, world, image_base):
    first, second = [m.poster_paths[0] for m in world.tmdb_movies if m.poster_paths][:2]
    once = client.get(f"{image_base}w342{first}").content
    assert client.get(f"{image_base}w342{first}").content == once
    assert client.get(f"{image_base}w342{second}").content != once


def test_stills_are_16_by_9_and_profiles_show_initials(client, world, image_base):
    movie = next(m for m in world.tmdb_movies if m.backdrop_paths)
    still = ET.fromstring(client.get(f"{image_base}w780{movie.backdrop_paths[0]}").content)
    assert (still.get("width"), still.get("height")) == ("780", "439")
    person = next(p for p in world.people if p.profile_path and not p.korean)
    profile = client.get(f"{image_base}h632{person.profile_path}").content
    given, *_, family = person.name_en.split()
    assert texts(profile)[0] == (given[0] + family[0]).upper()
    assert ET.fromstring(profile).get("height") == "632"


def test_an_unknown_size_is_tmdbs_404(client, world, image_base):
    path = next(m for m in world.tmdb_movies if m.poster_paths).poster_paths[0]
    response = client.get(f"{image_base}w123{path}")
    assert response.status_code == 404
    assert response.json()["status_code"] == 34


def test_an_unknown_file_still_answers_a_poster_drawn_from_its_path(client, image_base):
    response = client.get(f"{image_base}original/not-in-the-world.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert ET.fromstring(response.content).get("width") == "2000"


def test_images_need_no_key_and_take_no_injected_faults(client, image_base, world, settings):
    settings.SANDBOX_FAULTS = "503:1"
    path = next(m for m in world.tmdb_movies if m.poster_paths).poster_paths[0]
    assert client.get(f"{image_base}w92{path}").status_code == 200


def test_kmdb_poster_and_still_urls_point_at_the_sandbox_file_server(client, kmdb, world):
    movie = next(
        m for m in world.kmdb_movies if m.kmdb_posters and m.kmdb_stills and "kmdb_blank_title" not in m.kmdb_dirt
    )
    record = next(r for r in kmdb(listCount=500).json()["Data"][0]["Result"] if r["DOCID"] == movie.kmdb_id)
    poster_url = record["posters"].split("|")[0]
    assert poster_url.startswith("http://testserver/sandbox/kmdb/image/")
    poster = client.get(poster_url)
    assert poster.status_code == 200 and poster["Content-Type"] == "image/svg+xml"
    assert " ".join(texts(poster.content)) == movie.title_ko
    still = ET.fromstring(client.get(record["stlls"].split("|")[0]).content)
    assert int(still.get("width")) * 9 == int(still.get("height")) * 16


def test_text_is_escaped_and_control_characters_dropped():
    body = images.render_svg("/x.jpg", ImageFile("poster", 'Tom & Jerry <"괴물"> \x0b'))
    assert b"Tom &amp; Jerry" in body and b"&lt;&quot;" in body
    assert " ".join(texts(body)) == 'Tom & Jerry <"괴물">'


def test_long_titles_wrap_to_lines_that_fit():
    body = images.render_svg("/x.jpg", ImageFile("poster", "아주 오래된 그리고 아름다운 도시의 밤"))
    assert texts(body) == ["아주", "오래된", "그리고", "아름다운", "도시의 밤"]  # 10 columns, Hangul 2 each


def test_dimensions_follow_tmdb_size_names():
    assert images.dimensions("poster", "w92") == (92, 138)
    assert images.dimensions("still", "w300") == (300, 169)
    assert images.dimensions("profile", "h632") == (421, 632)
    assert images.dimensions("still", "original") == (1920, 1080)
