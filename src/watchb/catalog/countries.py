"""ISO 3166-1 alpha-2 country codes with English names, and Korean names for the common film nations.

TMDB names a production country by its code (``{"iso_3166_1": "KR", "name": "South Korea"}``); KMDb
names it in Korean (``"nation": "대한민국,미국"``). This table lets both land on the same Country row,
keyed by the code:

    >>> code_for_name("대한민국"), code_for_name("south korea"), code_for_name("United States of America")
    ('KR', 'KR', 'US')
    >>> is_country_code("kr"), is_country_code("XX")
    (True, False)
    >>> country_name_ko("JP"), country_name_en("JP")
    ('일본', 'Japan')

Only current codes are valid: historical ones (SU, YU, XC, DD) are not in ISO 3166-1 any more, so
films credited to the Soviet Union or Czechoslovakia keep their other countries and lose that one,
which validation counts. West Germany (서독) is taken as Germany, the state that continued it.

The table is data, in ``data/countries.json``: ``countries`` lists ``[code, English short name, Korean
name or ""]`` (ISO 3166-1), and ``aliases`` the other names the sources use for a code (TMDB's long
forms, common English forms, and the older or shorter Korean names KMDb records carry).
"""

import json
import re
from pathlib import Path

_TABLE = json.loads((Path(__file__).parent / "data" / "countries.json").read_text(encoding="utf-8"))
_COUNTRIES = [tuple(row) for row in _TABLE["countries"]]
_ALIASES = _TABLE["aliases"]

_BY_CODE = {code: (name_en, name_ko) for code, name_en, name_ko in _COUNTRIES}

_SPACES = re.compile(r"\s+")


def _key(name: str) -> str:
    """Normalise a country name for look-up: case and all spacing ignored ("남아프리카 공화국" = "남아프리카공화국")."""
    return _SPACES.sub("", name).casefold()


def _build_name_index() -> dict[str, str]:
    index = {}
    for code, name_en, name_ko in _COUNTRIES:
        for name in (name_en, name_ko):
            if name:
                index[_key(name)] = code
    for code, names in _ALIASES.items():
        for name in names:
            index.setdefault(_key(name), code)
    return index


_BY_NAME = _build_name_index()

COUNTRY_CODES = frozenset(_BY_CODE)
"""Every ISO 3166-1 alpha-2 code in use."""


def is_country_code(code) -> bool:
    """True when ``code`` is an assigned ISO 3166-1 alpha-2 code (either case; "XX", "SU", "" are not)."""
    return isinstance(code, str) and code.strip().upper() in _BY_CODE


def country_name_en(code: str) -> str:
    """The English short name of ``code`` ("KR" → "South Korea"); "" for an unknown code."""
    return _BY_CODE.get((code or "").strip().upper(), ("", ""))[0]


def country_name_ko(code: str) -> str:
    """The Korean name of ``code`` ("KR" → "대한민국"); "" when unknown or not in our table yet."""
    return _BY_CODE.get((code or "").strip().upper(), ("", ""))[1]


def code_for_name(name: str) -> str | None:
    """The code of a country named in Korean or English ("미국", "United States of America" → "US").

    Case and spacing are ignored. A two-letter string that is itself a code is accepted too. Returns
    None for a name we do not know (a historical state, a typo), so the caller can drop and count it.
    """
    if not isinstance(name, str) or not name.strip():
        return None
    code = _BY_NAME.get(_key(name))
    if code is None and is_country_code(name):
        code = name.strip().upper()
    return code
