"""The ISO 3166-1 table the sources and the serializers share."""

import re

import pytest

from watchb.catalog.countries import (
    COUNTRY_CODES,
    code_for_name,
    country_name_en,
    country_name_ko,
    is_country_code,
)


def test_the_table_holds_every_assigned_code_once():
    assert len(COUNTRY_CODES) == 249
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in COUNTRY_CODES)
    assert all(country_name_en(code) for code in COUNTRY_CODES)


@pytest.mark.parametrize("code", ["KR", "kr", " us ", "KP", "HK", "TW", "GB"])
def test_assigned_codes(code):
    assert is_country_code(code)


@pytest.mark.parametrize("code", ["XX", "SU", "YU", "UK", "", "KOR", None, 82])
def test_codes_that_are_not_assigned(code):
    assert not is_country_code(code)


def test_names():
    assert (country_name_en("KR"), country_name_ko("KR")) == ("South Korea", "대한민국")
    assert (country_name_en("kp"), country_name_ko("kp")) == ("North Korea", "북한")
    assert country_name_ko("XX") == country_name_en("XX") == ""


def test_the_common_film_countries_have_korean_names():
    common = (  # noqa: SIM905 (sixty codes read better as one string)
        "KR US JP CN HK TW FR GB DE IT ES CA AU IN TH RU KP SE DK NO FI NL BE CH AT PL CZ HU IE NZ"
        " MX BR AR IR TR IL EG ZA VN PH ID MY SG MN KZ UA GR PT RO BG RS HR IS LU CL CO PE CU EE LT"
    ).split()
    assert len(common) >= 60
    assert [code for code in common if not country_name_ko(code)] == []


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("대한민국", "KR"),
        ("한국", "KR"),
        ("South Korea", "KR"),
        ("south  KOREA", "KR"),
        ("Korea, Republic of", "KR"),
        ("미국", "US"),
        ("United States of America", "US"),
        ("USA", "US"),
        ("영국", "GB"),
        ("United Kingdom", "GB"),
        ("북한", "KP"),
        ("홍콩", "HK"),
        ("대만", "TW"),
        ("중국", "CN"),
        ("서독", "DE"),
        ("남아프리카 공화국", "ZA"),
        ("남아프리카공화국", "ZA"),
        ("Czech Republic", "CZ"),
        ("jp", "JP"),
    ],
)
def test_code_for_name_accepts_korean_and_english_names(name, code):
    assert code_for_name(name) == code


@pytest.mark.parametrize("name", ["소련", "유고슬라비아", "Atlantis", "", "   ", None])
def test_code_for_name_is_none_for_names_it_does_not_know(name):
    assert code_for_name(name) is None
