"""The HTTP client every source builds on: one session, timeouts, retries with back-off, clear errors.

    client = JsonHttpClient("https://api.example.org/3", max_attempts=5)
    data = client.get_json("movie/550", params={"language": "ko-KR"})

What it retries, and how (urllib3's ``Retry`` on the session's adapter, as the Airflow provider's
hooks do, with the policy of :class:`~.retry.SourceRetry`):

- 429 and 5xx answers (but 501, "not implemented"), connection errors and timeouts: up to ``max_attempts`` tries,
  sleeping ``backoff * 2 ** (try - 1)`` seconds between them (capped at ``max_backoff``), or what the
  server's ``Retry-After`` asks (seconds or an HTTP date, capped at ``max_retry_after``).
- Nothing else: a 4xx other than 429 is the caller's mistake or a missing record, and asking again
  will not change it.

What it raises (all :class:`SourceError`, whose message is one line naming the URL, without secrets):

- :class:`SourceUnavailable` when the retries are used up;
- :class:`SourceAuthError` on 401/403 (a wrong or missing key);
- :class:`SourceNotFound` on 404 (TMDB's change list names movies that were deleted since);
- :class:`SourceError` for any other 4xx and for an answer that is not JSON.

Secrets (the ``secret_params`` of a subclass, e.g. TMDB's ``api_key``) reach neither a message nor a
traceback nor a log line: our errors are raised ``from None`` (the requests and urllib3 exceptions
under them quote the full URL), and urllib3's own retry warnings pass through :class:`RedactSecrets`.

The sleep function is a constructor argument so tests run without waiting.
"""

import json
import logging
import re
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

import requests
from requests.adapters import HTTPAdapter

from .retry import SourceRetry

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504}) | frozenset(range(505, 600))


class RedactSecrets(logging.Filter):
    """Blanks the values of the named query parameters in a log record (urllib3 logs the URL it retries)."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self._pattern: re.Pattern | None = None

    def add(self, names) -> None:
        if not set(names) <= self.names:
            self.names |= set(names)
            alternatives = "|".join(map(re.escape, sorted(self.names)))
            self._pattern = re.compile(rf"((?:{alternatives})=)[^&\s'\"]*")

    def filter(self, record: logging.LogRecord) -> bool:
        if self._pattern is not None:
            message = record.getMessage()
            redacted = self._pattern.sub(r"\1***", message)
            if redacted != message:
                record.msg, record.args = redacted, None
        return True


redact_secrets = RedactSecrets()
# A logger's filters see only the records logged to it, not its children's: each one that names a URL.
for _name in ("urllib3.connectionpool", "urllib3.util.retry", "urllib3.poolmanager"):
    logging.getLogger(_name).addFilter(redact_secrets)


class SourceError(Exception):
    """A source could not give us what we asked for. ``url`` has no secrets; ``status`` may be None."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None):
        super().__init__(message)
        self.url = url
        self.status = status


class SourceUnavailable(SourceError):
    """The source kept failing (429, 5xx, network) until we gave up: try again later."""


class SourceAuthError(SourceError):
    """The source refused our key (401/403): fix the key in the settings."""


class SourceNotFound(SourceError):
    """The source has no such record (404)."""


class JsonHttpClient:
    """A GET-and-decode-JSON client for one API, with the retry policy described in the module.

    :param base_url: the API root; relative paths given to :meth:`get_json` are joined to it.
    :param timeout: ``(connect, read)`` seconds for each try.
    :param max_attempts: tries in all for one request, the first included (at least 1).
    :param backoff: seconds before the second try; doubled for each try after it.
    :param max_backoff: the longest back-off we sleep on our own.
    :param max_retry_after: the longest ``Retry-After`` we honour; a longer one is cut to this.
    :param session: a ``requests.Session`` to use instead of a new one (for tests or shared pools).
    :param sleep: the function that waits; ``time.sleep`` unless a test passes a recorder.
    """

    #: Query parameters whose values never appear in an error message or a log line.
    secret_params: frozenset[str] = frozenset()
    user_agent = "WatchB/0.1 (+https://github.com/watchb)"

    def __init__(
        self,
        base_url: str,
        *,
        timeout: tuple[float, float] = (5.0, 30.0),
        max_attempts: int = 5,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        max_retry_after: float = 120.0,
        session: requests.Session | None = None,
        sleep: Callable[[float], Any] = time.sleep,
    ):
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.retry = SourceRetry(
            total=max_attempts - 1,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET"}),
            backoff_factor=backoff,
            backoff_max=max_backoff,
            respect_retry_after_header=True,
            retry_after_max=max_retry_after,
            # Hand the last answer back instead of raising, so the error names its status and detail.
            raise_on_status=False,
            wait=sleep,
        )
        redact_secrets.add(self.secret_params)
        self.session = session or requests.Session()
        adapter = HTTPAdapter(max_retries=self.retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.setdefault("Accept", "application/json")
        self.session.headers["User-Agent"] = self.user_agent

    # -- hooks for subclasses -------------------------------------------------------------------

    def auth_params(self) -> dict[str, str]:
        """Query parameters that authenticate every request (a subclass adds its key here)."""
        return {}

    def decode(self, response: requests.Response) -> Any:
        """The JSON body. Raw control characters inside strings are accepted (``strict=False``):
        KMDb sends them unescaped, and they are the mapper's to strip, not a reason to lose a page."""
        return json.loads(response.content, strict=False)

    def error_detail(self, response: requests.Response) -> str:
        """The source's own explanation of a failed answer, or "" (TMDB: ``status_message``)."""
        try:
            body = response.json()
        except ValueError:
            return ""
        if isinstance(body, Mapping):
            for key in ("status_message", "message", "error", "errors"):
                value = body.get(key)
                if value:
                    return value if isinstance(value, str) else "; ".join(map(str, value))
        return ""

    # -- the request ----------------------------------------------------------------------------

    def url_for(self, path: str) -> str:
        """``path`` joined to the base URL; an absolute URL is used as it is."""
        if path.startswith(("http://", "https://")):
            return path
        return f"{self.base_url}/{path.lstrip('/')}" if path else self.base_url

    def get_json(self, path: str = "", params: Mapping[str, Any] | None = None) -> Any:
        """GET ``path`` with ``params`` (None values left out) and return the decoded JSON body.

        Retries (in the session's adapter) and raises as the module describes.
        """
        url = self.url_for(path)
        query = {key: value for key, value in (params or {}).items() if value is not None}
        shown = self._display_url(url, query)
        query.update(self.auth_params())
        tries = self.max_attempts

        try:
            response = self.session.get(url, params=query, timeout=self.timeout)
        except (requests.ConnectionError, requests.Timeout) as exc:
            # Not chained: requests' message and urllib3's under it quote the URL with its keys.
            raise SourceUnavailable(
                f"{shown} unreachable after {tries} attempts: {type(exc).__name__}", url=shown
            ) from None

        status = response.status_code
        if status in RETRY_STATUSES:
            # The adapter hands back the last answer once the retries are used up.
            detail = self.error_detail(response)
            raise SourceUnavailable(
                f"{shown} answered HTTP {status} after {tries} attempts" + (f": {detail}" if detail else ""),
                url=shown,
                status=status,
            )
        if status >= 400:
            raise self._client_error(response, shown)
        try:
            return self.decode(response)
        except ValueError as exc:
            raise SourceError(
                f"{shown} answered HTTP {status} with a body that is not JSON", url=shown, status=status
            ) from exc

    def close(self) -> None:
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # -- internals ------------------------------------------------------------------------------

    def _client_error(self, response: requests.Response, shown: str) -> SourceError:
        status = response.status_code
        detail = self.error_detail(response)
        message = f"{shown} answered HTTP {status}" + (f": {detail}" if detail else "")
        if status in (401, 403):
            return SourceAuthError(message, url=shown, status=status)
        if status == 404:
            return SourceNotFound(message, url=shown, status=status)
        return SourceError(message, url=shown, status=status)

    def _display_url(self, url: str, query: Mapping[str, Any]) -> str:
        shown = {key: value for key, value in query.items() if key not in self.secret_params}
        return f"{url}?{urlencode(shown, doseq=True)}" if shown else url
