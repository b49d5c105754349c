"""One definition of a control character (`sources.fields.strip_controls`), and the serializer fields using it."""

import pytest
from rest_framework import serializers

from watchb.catalog.ingest.fields import CleanCharField, CleanTextField, CleanURLField, clean_text
from watchb.catalog.sources.fields import strip_controls


@pytest.mark.parametrize(
    "noise",
    ["\x00", "\x07", "\x0b", "\x1b", "\x1f", "\x7f", "\x80", "\x9f", "\u200b", "\u200e", "\u200f", "\ufeff"],
)
def test_control_characters_and_invisible_marks_are_removed(noise):
    assert strip_controls(f"기생{noise}충") == "기생충"
    assert strip_controls(f"기생{noise}충", keep_newlines=True) == "기생충"


def test_tabs_and_line_breaks_are_kept_only_when_asked():
    text = "첫 줄\r\n둘째\t줄\r셋째 줄\n"

    assert strip_controls(text) == "첫 줄 둘째 줄 셋째 줄 "
    assert strip_controls(text, keep_newlines=True) == "첫 줄\n둘째\t줄\n셋째 줄\n"


def test_visible_text_is_left_alone():
    text = "Léa Seydoux · 봉준호 — «Parasite» \u00a0 ½"

    assert strip_controls(text) == text


def test_printable_text_has_nothing_to_clean_but_its_ends():
    """`clean_text` only trims printable text without double spaces: true of every code point."""
    for point in range(0x110000):
        char = chr(point)
        if char.isprintable():
            assert strip_controls(char) == strip_controls(char, keep_newlines=True) == char, hex(point)
            assert char == " " or not char.isspace(), hex(point)
            assert clean_text(f" a{char}b ") == clean_text(f" a{char}b ", multiline=True) == f"a{char}b".strip()


def test_the_serializer_fields_clean_with_the_same_definition():
    assert CleanCharField().run_validation(" 기생\u200b충\x85\t 2019 ") == "기생충 2019"
    assert CleanTextField().run_validation("\ufeff첫 줄\x07\n\t둘째 줄 ") == "첫 줄\n\t둘째 줄"


@pytest.mark.parametrize("field", [CleanCharField(), CleanTextField()])
def test_a_surrogate_is_refused_as_drf_refuses_it(field):
    with pytest.raises(serializers.ValidationError) as refused:
        field.run_validation("기생\ud83d충")

    assert refused.value.detail == ["Surrogate characters are not allowed: U+D83D."]
    assert refused.value.detail[0].code == "surrogate_characters_not_allowed"
    assert field.run_validation("기생충 🎬") == "기생충 🎬", "characters beyond the BMP are not surrogates"


def test_a_url_with_a_surrogate_is_refused():
    with pytest.raises(serializers.ValidationError) as refused:
        CleanURLField().run_validation("https://example.org/\ud83d")

    assert "surrogate_characters_not_allowed" in [error.code for error in refused.value.detail]
