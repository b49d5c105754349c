"""Hooks: the MovieLens ratings API (read) and the WatchB publishing API (write).

Each hook owns its Airflow connection and one ``requests.Session`` with retries, so operators and
sensors only hold parameters and call a hook method. Connections come from wherever Airflow keeps them
(the metadata DB, a secrets backend, or ``AIRFLOW_CONN_<ID>`` variables, URI or JSON form)::

    AIRFLOW_CONN_MOVIELENS='{"conn_type": "movielens", "host": "127.0.0.1", "port": 8000,
                             "schema": "http", "login": "exporter", "password": "..."}'
    AIRFLOW_CONN_WATCHB='{"conn_type": "watchb", "host": "127.0.0.1", "port": 8000, "password": "<token>"}'

``schema`` is the URL scheme (``http`` or ``https``); a host given as a full URL is used as it is.
Optional extras: ``timeout`` (seconds per request, default 30), ``retries`` (default 5) and
``backoff_factor`` (seconds, default 0.5: the first retry is immediate, the next ones wait
``backoff_factor`` × 2, × 4, … up to 120 s, or what a ``Retry-After`` header asks).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cached_property
from typing import Any

import requests
from airflow.sdk import BaseHook
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from airflow_movielens.paging import CursorPages, OffsetPages, check_batch_size, page_records

# Rate limiting and the transient server errors a restart or a proxy produces.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class MovielensApiError(RuntimeError):
    """The API answered with an error that retrying did not cure; ``status`` is its HTTP status."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class MovielensAuthError(MovielensApiError):
    """The API refused the connection's credentials (401) or their permissions (403)."""


def connection_base_url(conn: Any, default_schema: str, default_host: str, default_port: int | None) -> str:
    """The base URL (no trailing slash) for an Airflow connection, filling in local defaults.

    Shared by the hooks and the deferrable trigger so both reach the same server.
    """
    host = (conn.host or default_host).rstrip("/")
    if "://" in host:
        return host
    schema = conn.schema or default_schema
    port = conn.port or default_port
    return f"{schema}://{host}:{port}" if port else f"{schema}://{host}"


def iso_date(value: str | dt.date | dt.datetime | None, name: str) -> str | None:
    """``value`` as ``YYYY-MM-DD`` (dates are UTC days); ``None`` stays ``None`` (no bound)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise ValueError(f"{name} must be an ISO date (YYYY-MM-DD), got {value!r}") from None


class _HttpApiHook(BaseHook):
    """A JSON-over-HTTP hook: base URL and credentials from a connection, one session with retries.

    Subclasses set the connection defaults and :meth:`authenticate` the session.
    """

    conn_name_attr = "conn_id"
    default_schema = "http"
    default_host = "127.0.0.1"
    default_port: int | None = 8000
    default_timeout = 30.0
    default_retries = 5
    default_backoff_factor = 0.5

    def __init__(
        self,
        conn_id: str,
        *,
        timeout: float | None = None,
        retries: int | None = None,
        backoff_factor: float | None = None,
    ) -> None:
        super().__init__()
        self.conn_id = conn_id
        self._timeout = timeout
        self._retries = retries
        self._backoff_factor = backoff_factor
        self._session: requests.Session | None = None

    @cached_property
    def connection(self):
        return self.get_connection(self.conn_id)

    def _setting(self, explicit: Any, extra_key: str, default: Any, cast: type) -> Any:
        if explicit is not None:
            return explicit
        value = self.connection.extra_dejson.get(extra_key)
        return default if value in (None, "") else cast(value)

    @cached_property
    def base_url(self) -> str:
        return connection_base_url(self.connection, self.default_schema, self.default_host, self.default_port)

    @property
    def timeout(self) -> float:
        return self._setting(self._timeout, "timeout", self.default_timeout, float)

    def get_conn(self) -> requests.Session:
        """The hook's session, created on first use and reused for every request."""
        if self._session is None:
            retry = Retry(
                total=self._setting(self._retries, "retries", self.default_retries, int),
                backoff_factor=self._setting(
                    self._backoff_factor, "backoff_factor", self.default_backoff_factor, float
                ),
                status_forcelist=RETRY_STATUSES,
                # GET reads and PUT replaces a whole day, so both are safe to repeat.
                allowed_methods=frozenset({"GET", "PUT"}),
                respect_retry_after_header=True,
                # Hand the last response back instead of raising, so the error names the status.
                raise_on_status=False,
            )
            session = requests.Session()
            adapter = HTTPAdapter(max_retries=retry)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            session.headers["Accept"] = "application/json"
            self.authenticate(session)
            self._session = session
        return self._session

    def authenticate(self, session: requests.Session) -> None:
        """Put the connection's credentials on ``session``; the default sends none."""

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """Send one request (retried on 429/5xx and connection errors) and return its JSON body.

        Raises :class:`MovielensAuthError` on 401/403 and :class:`MovielensApiError` on any other
        error status or an answer that is not JSON.
        """
        url = f"{self.base_url}/{path.lstrip('/')}"
        try:
            response = self.get_conn().request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as exc:
            raise MovielensApiError(f"{method} {url} failed: {exc}") from exc
        if response.status_code in (401, 403):
            raise MovielensAuthError(
                f"{method} {url} was refused ({response.status_code}): check login and password "
                f"of connection {self.conn_id!r}",
                response.status_code,
            )
        if response.status_code >= 400:
            raise MovielensApiError(
                f"{method} {url} answered {response.status_code}: {response.text[:500]}",
                response.status_code,
            )
        try:
            return response.json()
        except ValueError as exc:
            raise MovielensApiError(f"{method} {url} answered non-JSON: {response.text[:200]!r}") from exc


class MovielensHook(_HttpApiHook):
    """Reads ratings and movies from a MovieLens-compatible API with HTTP basic auth.

    Works with the WatchB site's ``/ratings`` and with the simulated MovieLens API of the Airflow
    book: it asks for the cursor mode and follows ``next`` cursors when the answer carries one, and
    pages by ``offset``/``limit`` otherwise.

    :param conn_id: the Airflow connection (type ``movielens``): schema, host, port, login, password.
    :param timeout: seconds per request; overrides the connection's ``timeout`` extra.
    :param retries: retries on 429/5xx and connection errors; overrides the ``retries`` extra.
    :param backoff_factor: back-off base in seconds; overrides the ``backoff_factor`` extra.
    """

    default_conn_name = "movielens"
    conn_type = "movielens"
    hook_name = "MovieLens ratings API"

    #: Sent with the first page to ask for cursor paging (WatchB: an empty ``cursor``). A server that
    #: does not know the parameter ignores it and answers an offset page without ``next``, which is
    #: how the hook tells the two apart.
    cursor_opt_in: dict[str, Any] = {"cursor": ""}

    def __init__(self, conn_id: str = default_conn_name, **kwargs: Any) -> None:
        super().__init__(conn_id, **kwargs)

    @classmethod
    def get_ui_field_behaviour(cls) -> dict[str, Any]:
        return {
            "hidden_fields": [],
            "relabeling": {"schema": "Scheme (http or https)", "login": "Username"},
            "placeholders": {"host": "127.0.0.1", "port": "8000", "schema": "http"},
        }

    def authenticate(self, session: requests.Session) -> None:
        conn = self.connection
        if conn.login:
            session.auth = (conn.login, conn.password or "")

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
        params = {
            "start_date": iso_date(start_date, "start_date"),
            "end_date": iso_date(end_date, "end_date"),
        }
        return self._iter_records("ratings", {k: v for k, v in params.items() if v}, batch_size)

    def get_movies(self, batch_size: int = 100) -> Iterator[dict[str, Any]]:
        """Yield the server's movies (``movieId``, ``title`` and whatever else it sends)."""
        return self._iter_records("movies", {}, batch_size)

    def has_ratings(self, start_date: str | dt.date | None, end_date: str | dt.date | None) -> bool:
        """Whether ``[start_date, end_date)`` holds at least one rating (one request, one record)."""
        params = {"start_date": iso_date(start_date, "start_date"), "end_date": iso_date(end_date, "end_date")}
        answer = self.request("GET", "ratings", params={**{k: v for k, v in params.items() if v}, "limit": 1})
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
            return self.request("GET", path, params=page_params)

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


class WatchbHook(_HttpApiHook):
    """Publishes results to the WatchB site's API with token authentication.

    :param conn_id: the Airflow connection (type ``watchb``): schema, host, port, and the API token
        as the password (sent as ``Authorization: Token <password>``).
    :param timeout: seconds per request; overrides the connection's ``timeout`` extra.
    :param retries: retries on 429/5xx and connection errors; overrides the ``retries`` extra.
    :param backoff_factor: back-off base in seconds; overrides the ``backoff_factor`` extra.
    """

    default_conn_name = "watchb"
    conn_type = "watchb"
    hook_name = "WatchB publishing API"

    def __init__(self, conn_id: str = default_conn_name, **kwargs: Any) -> None:
        super().__init__(conn_id, **kwargs)

    @classmethod
    def get_ui_field_behaviour(cls) -> dict[str, Any]:
        return {
            "hidden_fields": ["login"],
            "relabeling": {"schema": "Scheme (http or https)", "password": "API token"},
            "placeholders": {"host": "127.0.0.1", "port": "8000", "schema": "http"},
        }

    def authenticate(self, session: requests.Session) -> None:
        token = self.connection.password
        if token:
            session.headers["Authorization"] = f"Token {token}"

    def publish_ranking(self, day: str | dt.date, results: list[dict[str, Any]]) -> dict[str, Any]:
        """Replace the site's ranking of ``day`` with ``results`` and return the site's answer.

        ``results`` are ``{"movieId", "avg_rating", "num_ratings", "weighted_rating", "rank"}`` dicts
        in rank order. The call is a PUT of the whole day, so publishing twice is harmless.
        """
        return self.request("PUT", f"api/rankings/{iso_date(day, 'day')}/", json={"results": results})

    def publish_recommendations(
        self, day: str | dt.date, similar: list[dict[str, Any]], users: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """Replace the site's recommendations of ``day`` and return the site's summary of them.

        ``similar`` are ``{"movieId", "similarId", "score"}`` dicts and ``users``
        ``{"userId", "movieId", "becauseId", "score"}`` dicts, each movie's and each user's entries
        best first (the site ranks them in that order); see
        :meth:`airflow_movielens.recommend.Recommendations.publish_body`. A PUT of the whole day.
        """
        return self.request(
            "PUT", f"api/recommendations/{iso_date(day, 'day')}/", json={"similar": similar, "users": users}
        )

    def test_connection(self) -> tuple[bool, str]:
        try:
            self.request("GET", "api/rankings/")
        except MovielensApiError as exc:
            # No ranking published yet is a 404 from a reachable, working site.
            if exc.status != 404:
                return False, str(exc)
        except Exception as exc:
            return False, str(exc)
        return True, f"Connected to {self.base_url}"
