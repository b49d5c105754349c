"""The hook for a MovieLens-compatible ratings API (connection type ``movielens``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from airflow_movielens.hooks.base import ApiHook, MovielensApiError, MovielensAuthError, iso_date
from airflow_movielens.paging import CursorPages, OffsetPages, check_batch_size, page_records

__all__ = ["MovielensApiError", "MovielensAuthError", "MovielensHook"]


def period_params(start_date: str | dt.date | None, end_date: str | dt.date | None) -> dict[str, Any]:
    """The API's ``start_date``/``end_date`` query for ``[start_date, end_date)``, open bounds left out."""
    params = {"start_date": iso_date(start_date, "start_date"), "end_date": iso_date(end_date, "end_date")}
    return {name: value for name, value in params.items() if value}


class MovielensHook(ApiHook):
    """Reads ratings and movies from a MovieLens-compatible API with HTTP basic auth.

    Works with the WatchB site's ``/ratings`` and with the simulated MovieLens API of the Airflow
    book: it asks for the cursor mode and follows ``next`` cursors when the answer carries one, and
    pages by ``offset``/``limit`` otherwise. :meth:`ahas_ratings` is :meth:`has_ratings` for the
    triggerer's event loop.

    :param conn_id: the Airflow connection (type ``movielens``): schema, host, port, login, password;
        ``timeout``, ``retries`` and ``backoff_factor`` as for :class:`~airflow_movielens.hooks.base.ApiHook`.
    """

    default_conn_name = "movielens"
    conn_type = "movielens"
    hook_name = "MovieLens ratings API"

    #: Sent with the first page to ask for cursor paging (WatchB: an empty ``cursor``). A server that
    #: does not know the parameter ignores it and answers an offset page without ``next``, which is
    #: how the hook tells the two apart.
    cursor_opt_in: dict[str, Any] = {"cursor": ""}

    @classmethod
    def get_ui_field_behaviour(cls) -> dict[str, Any]:
        return {
            "hidden_fields": [],
            "relabeling": {"schema": "Scheme (http or https)", "login": "Username"},
            "placeholders": {"host": "127.0.0.1", "port": "8000", "schema": "http"},
        }

    def auth(self) -> tuple[str, str] | None:
        conn = self.connection
        return (conn.login, conn.password or "") if conn.login else None

    def get_ratings(
        self,
        start_date: str | dt.date | None = None,
        end_date: str | dt.date | None = None,
        batch_size: int = 100,
    ) -> Iterator[dict[str, Any]]:
        """Yield the ratings of ``[start_date, end_date)`` (UTC days) in the server's order.

        Records are dicts ``{"userId", "movieId", "rating", "timestamp"}`` as the server sends them.
        Pages are fetched lazily, so a caller that streams them never holds the whole period.
        """
        return self._iter_records("ratings", period_params(start_date, end_date), batch_size)

    def get_movies(self, batch_size: int = 100) -> Iterator[dict[str, Any]]:
        """Yield the server's movies (``movieId``, ``title`` and whatever else it sends)."""
        return self._iter_records("movies", {}, batch_size)

    def has_ratings(self, start_date: str | dt.date | None, end_date: str | dt.date | None) -> bool:
        """Whether ``[start_date, end_date)`` holds at least one rating (one request, one record)."""
        answer = self.request("GET", "ratings", params={**period_params(start_date, end_date), "limit": 1})
        return bool(page_records(answer))

    async def ahas_ratings(self, start_date: str | dt.date | None, end_date: str | dt.date | None) -> bool:
        """:meth:`has_ratings` without blocking the event loop: the same request, errors and retries."""
        answer = await self.arequest("GET", "ratings", params={**period_params(start_date, end_date), "limit": 1})
        return bool(page_records(answer))

    def test_connection(self) -> tuple[bool, str]:
        """Called by the Airflow UI's "Test" button: one authenticated request for one rating."""
        try:
            answer = self.request("GET", "ratings", params={"limit": 1})
            page_records(answer)
        except Exception as exc:  # the UI shows the message; any failure is a failed test
            return False, str(exc)
        total = answer.get("total")
        return True, f"Connected to {self.base_url}" + (f": {total} ratings" if total is not None else "")

    def _iter_records(self, path: str, params: dict[str, Any], batch_size: int) -> Iterator[dict[str, Any]]:
        # Validate before the first request; a generator would only fail when first iterated.
        check_batch_size(batch_size)

        def fetch(page_params: dict[str, Any]) -> dict[str, Any]:
            answer: dict[str, Any] = self.request("GET", path, params=page_params)
            return answer

        def records() -> Iterator[dict[str, Any]]:
            # No `offset` on the first page: it defaults to 0 in offset mode, and a cursor-mode
            # server refuses `offset` together with `cursor`.
            first = fetch({**params, **self.cursor_opt_in, "limit": batch_size})
            if "next" in first:
                self.log.debug("%s: cursor paging", path)
                yield from CursorPages(fetch, params, batch_size).iter_from(first)
            else:
                self.log.debug("%s: offset paging", path)
                yield from OffsetPages(fetch, params, batch_size).iter_from(0, first)

        return records()
