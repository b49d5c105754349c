"""The two ways a MovieLens-compatible API pages a listing, one class each.

Both take a ``fetch(params) -> dict`` callable (the hook's GET, with auth and retries) and yield the
records of every page in server order. The hook picks the scheme after the first page, so callers never
see which one the server speaks.

- :class:`OffsetPages` is the contract of the simulated API in the Airflow book's custom-components
  chapter: ``offset``/``limit`` in, ``result``/``offset``/``limit``/``total`` out.
- :class:`CursorPages` follows an opaque ``next`` cursor that the server returns, so a deep page costs
  what the first one does (a keyset on the listing's ordering, server side).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from airflow_movielens.checks import positive_int

Fetch = Callable[[dict[str, Any]], dict[str, Any]]


class PagingError(RuntimeError):
    """The server's answer does not follow the paging contract it announced."""


def check_batch_size(batch_size: int) -> int:
    """Return ``batch_size`` if it is a usable page size; a zero or negative one would never advance."""
    return positive_int("batch_size", batch_size)


def page_records(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The records of one answer, or a :class:`PagingError` naming what is wrong with it."""
    result = answer.get("result")
    if not isinstance(result, list):
        raise PagingError(f"expected a 'result' list in the answer, got keys {sorted(answer)}")
    return result


class OffsetPages:
    """Offset paging: ask for ``limit`` records at ``offset`` until ``total`` records have been seen.

    The offset advances by the number of records *received*, not by the limit asked for, so a server
    that caps ``limit`` below ``batch_size`` loses nothing. An empty page ends the listing even if
    ``total`` promised more (rows deleted while paging), rather than looping forever.
    """

    def __init__(self, fetch: Fetch, params: dict[str, Any], batch_size: int) -> None:
        self.fetch = fetch
        self.params = params
        self.batch_size = check_batch_size(batch_size)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self.iter_from(0, first_answer=None)

    def iter_from(self, offset: int, first_answer: dict[str, Any] | None) -> Iterator[dict[str, Any]]:
        """Yield records from ``offset`` on; ``first_answer`` is the page at ``offset`` if already fetched."""
        answer = first_answer
        while True:
            if answer is None:
                answer = self.fetch({**self.params, "offset": offset, "limit": self.batch_size})
            records = page_records(answer)
            yield from records
            offset += len(records)
            total = answer.get("total")
            if not records or (isinstance(total, int) and offset >= total):
                return
            answer = None


class CursorPages:
    """Cursor paging: follow the server's ``next`` cursor until it is empty.

    The first page is asked for with an empty ``cursor``; after that the cursor is opaque and sent
    back exactly as received.
    """

    def __init__(self, fetch: Fetch, params: dict[str, Any], batch_size: int) -> None:
        self.fetch = fetch
        self.params = params
        self.batch_size = check_batch_size(batch_size)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self.iter_from(self.fetch({**self.params, "cursor": "", "limit": self.batch_size}))

    def iter_from(self, first_answer: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """Yield the records of ``first_answer`` and of every page its ``next`` cursor leads to."""
        answer = first_answer
        seen_cursors: set[str] = set()
        while True:
            yield from page_records(answer)
            cursor = answer.get("next")
            if not cursor:
                return
            if cursor in seen_cursors:
                # A server bug would otherwise turn into an endless export.
                raise PagingError(f"the server returned cursor {cursor!r} twice")
            seen_cursors.add(cursor)
            answer = self.fetch({**self.params, "cursor": cursor, "limit": self.batch_size})
