"""What both hooks share: one JSON-over-HTTP client per Airflow connection, for sync and async code.

A hook owns its connection. Operators and sensors call its sync methods, served by one
``requests.Session``; the deferred sensor's trigger calls its async ones, served by one
``httpx.AsyncClient``. Both clients take the base URL, credentials, headers, timeout and retry policy
from the same connection through the same methods, so the two paths cannot drift apart. Connections
come from wherever Airflow keeps them (the metadata DB, a secrets backend, or ``AIRFLOW_CONN_<ID>``
variables, URI or JSON form)::

    AIRFLOW_CONN_MOVIELENS='{"conn_type": "movielens", "host": "127.0.0.1", "port": 8000,
                             "schema": "http", "login": "exporter", "password": "..."}'
    AIRFLOW_CONN_WATCHB='{"conn_type": "watchb", "host": "127.0.0.1", "port": 8000, "password": "<token>"}'

``schema`` is the URL scheme (``http`` or ``https``); a host given as a full URL is used as it is.
Optional extras: ``timeout`` (seconds per request, default 30), ``retries`` (default 5) and
``backoff_factor`` (seconds, default 0.5: the first retry is immediate, the next ones wait
``backoff_factor`` × 2, × 4, … up to 120 s, or what a ``Retry-After`` header asks).

An answer whose body breaks off (the connection reset or timed out after the headers, or a body
without a length that ends before its JSON does) is asked for again too, within the same number of
retries: urllib3's retries end once the headers are in, so the hook counts these itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import httpx
import requests
from airflow.sdk import BaseHook
from requests.adapters import HTTPAdapter
from urllib3.exceptions import InvalidHeader, MaxRetryError
from urllib3.util.retry import Retry

if TYPE_CHECKING:
    from types import TracebackType

    from airflow.sdk import Connection

# Rate limiting and the transient server errors a restart or a proxy produces.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# GET reads and PUT replaces a whole day, so both are safe to repeat.
RETRIED_METHODS = frozenset({"GET", "PUT"})

_Hook = TypeVar("_Hook", bound="ApiHook")


class MovielensApiError(RuntimeError):
    """The API answered with an error that retrying did not cure; ``status`` is its HTTP status
    (``None`` when no answer came at all)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status

    @property
    def transient(self) -> bool:
        """Whether asking again later may succeed: no answer at all, or a 429 or 5xx."""
        return self.status is None or self.status in RETRY_STATUSES


class MovielensCutAnswerError(MovielensApiError):
    """The answer broke off before its body was complete; asking again may succeed."""

    @property
    def transient(self) -> bool:
        return True


class MovielensAuthError(MovielensApiError):
    """The API refused the connection's credentials (401) or their permissions (403)."""


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


class _Response(Protocol):
    """What a ``requests`` and an ``httpx`` response both offer, all :meth:`ApiHook.json_body` reads."""

    status_code: int

    @property
    def text(self) -> str: ...

    def json(self) -> Any: ...


class ApiHook(BaseHook):
    """A JSON-over-HTTP hook: base URL, credentials, timeout and retries from one Airflow connection.

    Subclasses set the connection defaults and say how to authenticate (:meth:`auth`,
    :meth:`headers`). :meth:`request` and :meth:`arequest` send the same request the same way, one
    from a ``requests.Session`` and one from an ``httpx.AsyncClient``, both retried by
    :meth:`retry_policy`.

    :param conn_id: the Airflow connection; the hook's ``default_conn_name`` when omitted.
    :param timeout: seconds per request; overrides the connection's ``timeout`` extra.
    :param retries: retries on 429/5xx and connection errors; overrides the ``retries`` extra.
    :param backoff_factor: back-off base in seconds; overrides the ``backoff_factor`` extra.
    """

    conn_name_attr = "conn_id"
    default_conn_name = ""
    default_schema = "http"
    default_host = "127.0.0.1"
    default_port: int | None = 8000
    default_timeout = 30.0
    default_retries = 5
    default_backoff_factor = 0.5

    def __init__(
        self,
        conn_id: str | None = None,
        *,
        timeout: float | None = None,
        retries: int | None = None,
        backoff_factor: float | None = None,
    ) -> None:
        super().__init__()
        self.conn_id = conn_id or self.default_conn_name
        self._overrides = {"timeout": timeout, "retries": retries, "backoff_factor": backoff_factor}
        self._connection: Connection | None = None
        self._session: requests.Session | None = None
        self._async_client: httpx.AsyncClient | None = None

    # --- the connection and what it says ----------------------------------------------------

    @property
    def connection(self) -> Connection:
        """The Airflow connection, looked up on first use."""
        if self._connection is None:
            self._connection = self.get_connection(self.conn_id)
        return self._connection

    async def aconnection(self) -> Connection:
        """:attr:`connection`, looked up without blocking the event loop."""
        if self._connection is None:
            self._connection = await self.aget_connection(self.conn_id)
        return self._connection

    def _setting(self, key: str, default: float) -> float:
        explicit = self._overrides[key]
        if explicit is not None:
            return explicit
        value = self.connection.extra_dejson.get(key)
        return default if value in (None, "") else float(value)

    @property
    def base_url(self) -> str:
        """The connection's base URL (no trailing slash), local defaults filled in."""
        conn = self.connection
        host = (conn.host or self.default_host).rstrip("/")
        if "://" in host:
            return host
        schema = conn.schema or self.default_schema
        port = conn.port or self.default_port
        return f"{schema}://{host}:{port}" if port else f"{schema}://{host}"

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    @property
    def timeout(self) -> float:
        """Seconds per request."""
        return self._setting("timeout", self.default_timeout)

    def retry_policy(self) -> Retry:
        """When and how long to wait before asking again, for the sync and the async client alike."""
        return Retry(
            total=int(self._setting("retries", self.default_retries)),
            backoff_factor=self._setting("backoff_factor", self.default_backoff_factor),
            status_forcelist=RETRY_STATUSES,
            allowed_methods=RETRIED_METHODS,
            respect_retry_after_header=True,
            # Hand the last response back instead of raising, so the error names the status.
            raise_on_status=False,
        )

    def auth(self) -> tuple[str, str] | None:
        """HTTP basic credentials from the connection; the default sends none."""
        return None

    def headers(self) -> dict[str, str]:
        """Headers every request carries."""
        return {"Accept": "application/json"}

    # --- sync ----------------------------------------------------------------------------------

    def get_conn(self) -> requests.Session:
        """The hook's session, created on first use and reused for every request."""
        if self._session is None:
            session = requests.Session()
            adapter = HTTPAdapter(max_retries=self.retry_policy())
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            session.headers.update(self.headers())
            session.auth = self.auth()
            self._session = session
        return self._session

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """Send one request (retried on 429/5xx, connection errors and answers cut mid-body) and
        return its JSON body.

        Raises :class:`MovielensAuthError` on 401/403, :class:`MovielensCutAnswerError` when answers
        still break off once the retries are spent, and :class:`MovielensApiError` on any other error
        status, a failed connection or an answer that is not JSON.
        """
        url = self.url(path)
        retry = self.retry_policy()
        while True:
            try:
                # The session's retries cover everything up to the headers; the body is read below.
                response = self.get_conn().request(method, url, timeout=self.timeout, stream=True, **kwargs)
            except requests.RequestException as exc:
                raise MovielensApiError(f"{method} {url} failed: {exc}") from exc
            try:
                response.content  # noqa: B018  reads the body: a reset or a timeout here raises
                return self.json_body(method, url, response)
            except (requests.RequestException, MovielensCutAnswerError) as exc:
                retry = _retry_cut_answer(retry, method, url, exc)
            finally:
                response.close()
            time.sleep(retry.get_backoff_time())

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def __enter__(self: _Hook) -> _Hook:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- async ---------------------------------------------------------------------------------

    async def aget_conn(self) -> httpx.AsyncClient:
        """The hook's async client, created on first use: the session's headers, credentials and timeout."""
        if self._async_client is None:
            await self.aconnection()
            self._async_client = httpx.AsyncClient(headers=self.headers(), auth=self.auth(), timeout=self.timeout)
        return self._async_client

    async def arequest(self, method: str, path: str, **kwargs: Any) -> Any:
        """:meth:`request` for async code: the same answers and errors, and the same retries, waiting
        with ``asyncio.sleep`` so the event loop (the triggerer's) never blocks."""
        client = await self.aget_conn()
        url = self.url(path)
        retry = self.retry_policy()
        while True:
            try:
                response = await client.request(method, url, **kwargs)
            except httpx.TransportError as exc:
                try:
                    retry = retry.increment(method, url, error=exc)
                except MaxRetryError:
                    raise MovielensApiError(f"{method} {url} failed: {exc}") from exc
                delay = retry.get_backoff_time()
            else:
                retry_after = response.headers.get("Retry-After")
                if not retry.is_retry(method, response.status_code, has_retry_after=bool(retry_after)):
                    try:
                        return self.json_body(method, url, response)
                    except MovielensCutAnswerError as exc:
                        retry = _retry_cut_answer(retry, method, url, exc)
                        delay = retry.get_backoff_time()
                else:
                    try:
                        retry = retry.increment(method, url)
                    except MaxRetryError:
                        return self.json_body(method, url, response)
                    delay = _retry_after_seconds(retry, retry_after) or retry.get_backoff_time()
            await asyncio.sleep(delay)

    async def aclose(self) -> None:
        if self._async_client is not None:
            await self._async_client.aclose()
            self._async_client = None

    async def __aenter__(self: _Hook) -> _Hook:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    # --- answers -------------------------------------------------------------------------------

    def json_body(self, method: str, url: str, response: _Response) -> Any:
        """The JSON body of a final answer, or the error it stands for."""
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
            if response.status_code < 300 and response.text.lstrip()[:1] in ("", "{", "["):
                # JSON that stops early (or never starts): a body cut off where no length was announced.
                raise MovielensCutAnswerError(
                    f"{method} {url} answered JSON cut short: {response.text[-200:]!r}"
                ) from exc
            raise MovielensApiError(
                f"{method} {url} answered non-JSON: {response.text[:200]!r}", response.status_code
            ) from exc


def _retry_cut_answer(retry: Retry, method: str, url: str, error: Exception) -> Retry:
    """``retry`` with one attempt spent on an answer cut mid-body; a :class:`MovielensCutAnswerError`
    once none are left, or at once for a method other than GET or PUT (it may have taken effect)."""
    if method.upper() in RETRIED_METHODS:
        with contextlib.suppress(MaxRetryError):
            return retry.increment(method, url, error=error)
    if isinstance(error, MovielensCutAnswerError):
        raise error
    raise MovielensCutAnswerError(f"{method} {url} failed: the answer was cut short: {error}") from error


def _retry_after_seconds(retry: Retry, header: str | None) -> float:
    """Seconds a ``Retry-After`` header asks for, as urllib3 reads it for the session; 0 if none or unreadable."""
    if not header:
        return 0.0
    try:
        return retry.parse_retry_after(header)
    except InvalidHeader:
        return 0.0
