"""The retry policy of the sources' HTTP client, as a urllib3 ``Retry`` mounted on its session.

urllib3 does the retrying (connection errors, timeouts, the statuses in ``status_forcelist``, and
``Retry-After``); this subclass changes only what our policy says differently:

- the first retry waits ``backoff_factor`` too (urllib3's is immediate): try *n* + 1 waits
  ``backoff_factor * 2 ** (n - 1)`` seconds, capped at ``backoff_max``;
- an unreadable ``Retry-After`` falls back to that back-off instead of failing the request;
- a ``Retry-After`` is honoured on every retried status, and retries no status of its own;
- the waiting is done by ``wait`` (``time.sleep`` unless a test passes a recorder), and logged
  without the query string, where the keys are.
"""

import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from urllib3.exceptions import InvalidHeader
from urllib3.util.retry import Retry

logger = logging.getLogger(__name__)


class SourceRetry(Retry):
    """urllib3's ``Retry`` with the back-off and waiting described in the module.

    :param wait: the function that waits a number of seconds; the other parameters are ``Retry``'s.
    """

    # Only ``status_forcelist`` says which answers are retried (urllib3 would add 413 with Retry-After).
    RETRY_AFTER_STATUS_CODES = frozenset()

    def __init__(self, *args: Any, wait: Callable[[float], Any] = time.sleep, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.wait = wait

    def new(self, **kw: Any) -> "SourceRetry":
        # urllib3 makes a new Retry for every try; each must wait the same way.
        kw.setdefault("wait", self.wait)
        return super().new(**kw)

    def get_backoff_time(self) -> float:
        failed = len(self.history)
        if not failed:
            return 0.0
        return min(self.backoff_factor * 2 ** (failed - 1), self.backoff_max)

    def get_retry_after(self, response: Any) -> float | None:
        try:
            return super().get_retry_after(response)
        except InvalidHeader:
            return None

    def sleep(self, response: Any = None) -> None:
        """Wait before the next try: what ``Retry-After`` asks, else the back-off."""
        delay = self.get_retry_after(response) if response is not None else None
        if delay is None:
            delay = self.get_backoff_time()
        if self.history:
            last = self.history[-1]
            reason = f"HTTP {last.status}" if last.status else type(last.error).__name__
            path = urlsplit(last.url or "").path
            logger.info("%s: %s, try %d in %.1fs", path, reason, len(self.history) + 1, delay)
        self.wait(delay)
