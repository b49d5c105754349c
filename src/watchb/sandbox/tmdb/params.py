"""Reading TMDB's query parameters as TMDB does, refusing bad ones with its error codes."""

from __future__ import annotations

from datetime import date

from .errors import TmdbError

MAX_APPENDS = 20


def language_of(value: str | None) -> str:
    """ "ko" for a Korean `language` (ko, ko-KR), "en" for anything else, as TMDB falls back."""
    return "ko" if (value or "").lower().split("-")[0] == "ko" else "en"


def parse_page(value: str | None, max_page: int) -> int:
    if value in (None, ""):
        return 1
    try:
        page = int(value)
    except ValueError:
        raise TmdbError(22) from None
    if not 1 <= page <= max_page:
        raise TmdbError(22)
    return page


def parse_date(value: str | None) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise TmdbError(23) from None


def parse_append(value: str | None) -> list[str]:
    names = [n.strip() for n in (value or "").split(",") if n.strip()]
    if len(names) > MAX_APPENDS:
        raise TmdbError(27)
    return names
