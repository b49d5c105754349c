"""Forgiving readers for the JSON of open APIs, whose records miss keys, send null, or change type.

Records are built with these so that one odd field never stops a crawl: a reader returns the value
when it has the expected shape and a neutral one ("" or None or []) when it has not. They convert
shapes, not meanings: a negative number stays negative, a wrong date stays a string.
"""

import re
from collections.abc import Mapping
from typing import Any

_LATIN_LETTERS = re.compile(r"[A-Za-z\u00C0-\u024F]")
_NON_LATIN_LETTERS = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F]")
# Every control character but tab and line feed (`strip_controls` turns those into spaces first when it
# must), and the invisible marks: zero-width space, left-to-right and right-to-left marks, BOM.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\ufeff]")


def text(value: Any) -> str:
    """A string as given; numbers as their text; None, lists and objects as ""."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    return ""


def integer(value: Any) -> int | None:
    """An int from an int or an all-digit string (sign allowed); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d+\s*", value):
        return int(value)
    return None


def mapping(value: Any) -> Mapping:
    """``value`` when it is a JSON object, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def objects(value: Any) -> list[Mapping]:
    """The JSON objects in a list (a lone object counts as a list of one; other items are skipped)."""
    if isinstance(value, Mapping):
        value = [value]
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def is_latin(name: str) -> bool:
    """True when ``name`` is written in Latin letters only ("Bong Joon-ho", "Léa Seydoux"; not "봉준호")."""
    return bool(_LATIN_LETTERS.search(name)) and not _NON_LATIN_LETTERS.search(name)


def is_hangul(name: str) -> bool:
    """True when ``name`` has Hangul in it ("봉준호")."""
    return any(
        "\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff" or "\u3130" <= char <= "\u318f" for char in name
    )


def strip_controls(value: str, *, keep_newlines: bool = False) -> str:
    """``value`` without control characters: C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F), and the
    invisible marks that only break comparisons (zero-width space, the LTR and RTL marks, a stray BOM).

    Line breaks (``\\r\\n``, ``\\r``, ``\\n``) become "\\n" and tabs stay when ``keep_newlines`` is
    set (a synopsis has paragraphs); otherwise each line break and tab becomes a space. Spaces are not
    collapsed and ends not trimmed: `one_line`, `paragraphs` and the serializer fields do that, each its own way.
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if not keep_newlines:
        value = value.replace("\n", " ").replace("\t", " ")
    return _CONTROLS.sub("", value)


def one_line(value: str) -> str:
    """``value`` on one line: control characters removed, runs of white space made one space, trimmed."""
    return " ".join(strip_controls(value).split())


def paragraphs(value: str) -> str:
    """``value`` as running text: control characters removed, line breaks kept, spaces within lines collapsed."""
    lines = (" ".join(line.split()) for line in strip_controls(value, keep_newlines=True).split("\n"))
    return "\n".join(lines).strip()


def without_blanks(data: dict, *, keep: tuple[str, ...] = ()) -> dict:
    """``data`` without the keys whose value is None, "" or an empty list, except those in ``keep``.

    A source leaves out what it does not know, so that merging its record never blanks a field.
    """
    return {key: value for key, value in data.items() if key in keep or value not in (None, "", [])}


def person_film_key(source: str, film_id, name: str, name_en: str = "") -> str | None:
    """Where a source lists a person: ``"kmdb:F01234:홍길동:hong gil-dong"`` (names case-folded).

    It identifies someone the source lists without an id (see `Person.film_key`): only within one
    film of one source, never across films. None without a film id or a name.
    """
    if film_id in (None, "") or not name:
        return None
    return f"{source}:{film_id}:{name.casefold()}:{name_en.casefold()}"
