"""One way to read a query parameter, for every view of the API.

Each reader takes the request and the parameter's name, answers its default when the parameter is
absent or empty, and otherwise either a value within bounds or a 400 whose body names the parameter:
``{"limit": ["must be an integer, not 'x'."]}``. Integers are plain ASCII digits (``²`` and
``٣`` pass ``str.isdigit`` and ``int`` but are no id) and never exceed a database's 64-bit integers.
"""

import re
from datetime import UTC, date, datetime, time

from rest_framework.exceptions import ValidationError

# Larger numbers don't fit a database's 64-bit integers; no real id, offset or limit comes near.
LARGEST_INTEGER = 2**63 - 1
_INTEGER = re.compile(r"[+-]?[0-9]{1,19}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_integer(raw: str, name: str, *, minimum: int = 0, maximum: int = LARGEST_INTEGER) -> int:
    """`raw` as an integer in [`minimum`, `maximum`]; a ValidationError naming `name` otherwise."""
    if not _INTEGER.fullmatch(raw):
        raise ValidationError({name: [f"must be an integer, not {raw[:40]!r}."]})
    value = int(raw)
    if value < minimum:
        raise ValidationError({name: [f"must be at least {minimum}, not {value}."]})
    if value > maximum:
        raise ValidationError({name: [f"must be at most {maximum}."]})
    return value


def query_raw(request, name: str) -> str | None:
    """The parameter's text, or None when it is absent or empty."""
    raw = request.query_params.get(name) if hasattr(request, "query_params") else request.GET.get(name)
    return raw if raw else None


def query_integer(request, name: str, *, default=None, minimum: int = 0, maximum: int = LARGEST_INTEGER):
    """An integer query parameter in [`minimum`, `maximum`], or `default` when absent."""
    raw = query_raw(request, name)
    return default if raw is None else parse_integer(raw, name, minimum=minimum, maximum=maximum)


def query_id(request, name: str) -> int | None:
    """A row id (1 or more, within 64 bits), or None when absent."""
    return query_integer(request, name, minimum=1)


def query_limit(request, *, default: int | None, maximum: int, name: str = "limit") -> int | None:
    """A page size of 1 or more; above `maximum` it is lowered to `maximum`, so a client that asks
    for too much gets smaller pages, not an error (the answer says which limit was used)."""
    limit = query_integer(request, name, default=default, minimum=1)
    return limit if limit is None else min(limit, maximum)


def query_choice(request, name: str, choices) -> str:
    """One of `choices` (the first is the default when the parameter is absent); a 400 naming `name`
    otherwise."""
    raw = query_raw(request, name)
    if raw is None:
        return next(iter(choices))
    if raw not in choices:
        raise ValidationError({name: [f"must be one of {', '.join(choices)}, not {raw[:40]!r}."]})
    return raw


def parse_date(raw: str, name: str) -> date:
    """`raw` as an ISO date (YYYY-MM-DD); a ValidationError naming `name` otherwise."""
    try:
        if _ISO_DATE.fullmatch(raw):
            return date.fromisoformat(raw)
    except ValueError:
        pass
    raise ValidationError({name: [f"must be an ISO date (YYYY-MM-DD), not {raw[:40]!r}."]})


def query_date(request, name: str) -> date | None:
    """An ISO date parameter, or None when absent."""
    raw = query_raw(request, name)
    return None if raw is None else parse_date(raw, name)


def query_day_start(request, name: str) -> datetime | None:
    """The UTC midnight that starts the ISO date in `name`, or None when absent."""
    day = query_date(request, name)
    return None if day is None else datetime.combine(day, time.min, tzinfo=UTC)


def positive_int(text: str) -> int:
    """An argparse `type` for a command's count or size: 1 or more, within 64 bits.

    argparse turns the ValueError into one readable line naming the option.
    """
    try:
        return parse_integer(text, "value", minimum=1)
    except ValidationError:
        raise ValueError(text) from None
