"""The budget of wrong passwords, shared by every way of logging in.

A wrong password (`django.contrib.auth.user_login_failed`, sent by `authenticate()` for the log-in
pages, the admin's, the token endpoint and the export's basic auth alike) is counted three times in
the cache: for the client's address, for the username tried, and for that address and username
together. With `LIMIT` = `settings.LOGIN_FAILURE_LIMIT` within `settings.LOGIN_FAILURE_WINDOW`
seconds, an attempt is refused with a 429 and `Retry-After`, the right password included (otherwise
the 429 would tell a guesser nothing), when

- its address has failed `LIMIT` times, for any usernames: one client guessing; or
- its username has failed `LIMIT` times from any addresses, and this address is one of them: many
  clients guessing one name are each stopped after their first wrong try.

An address that has not failed for a username may still log in as it, the right password works:
so nobody can lock a known user (the pipeline's export user, an admin) out by failing on purpose
from elsewhere. The price is that, once a name is over its budget, a guesser with many addresses
gets one try per address and window; the per-address budget still bounds each.

The cache is Django's default one. Its default, local memory, is per process: a deployment with
several processes (gunicorn's workers) sets `CACHES` to a shared cache such as Redis, or each
process keeps its own budget.
"""

import hashlib
import time

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from rest_framework.throttling import BaseThrottle

_KEY = "watchb:login-failures:{kind}:{value}"


def client_address(request) -> str:
    """The client's address as DRF's throttles see it (`REMOTE_ADDR`, or through `NUM_PROXIES`)."""
    return BaseThrottle().get_ident(request) or "unknown"


def _digest(*parts) -> str:
    # Hashed: a username may be any text a client sends, too long or odd for a cache key.
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _keys(request, username) -> dict[str, str]:
    """The cache keys of the failures of this client (`address`), of `username` (`username`) and of
    the two together (`pair`); only those that apply."""
    address = None if request is None else client_address(request)
    name = str(username).lower() if username else None
    keys = {}
    if address:
        keys["address"] = _KEY.format(kind="address", value=address)
    if name:
        keys["username"] = _KEY.format(kind="username", value=_digest(name))
    if address and name:
        keys["pair"] = _KEY.format(kind="pair", value=_digest(address, name))
    return keys


def _recent(key: str, now: float) -> list[float]:
    """The times of the failures under `key` still inside the window, oldest first."""
    return [at for at in cache.get(key, []) if at > now - settings.LOGIN_FAILURE_WINDOW]


def record_failure(request, username) -> None:
    """Counts one wrong password for the client of `request`, for `username` and for both."""
    now = time.time()
    for key in _keys(request, username).values():
        # The latest LIMIT are all that `seconds_refused` reads.
        failures = [*_recent(key, now), now][-settings.LOGIN_FAILURE_LIMIT :]
        cache.set(key, failures, settings.LOGIN_FAILURE_WINDOW)


def _seconds_over(failures: list[float], count: int, now: float) -> float:
    """How long `failures` keep at least `count` inside the window (0 if they do not now)."""
    if len(failures) < count:
        return 0.0
    return failures[-count] + settings.LOGIN_FAILURE_WINDOW - now


def seconds_refused(request, username) -> int:
    """0 if the client of `request` may try `username`'s password now; otherwise how many seconds
    until it may (for `Retry-After`). The rules are the module docstring's."""
    now = time.time()
    limit = settings.LOGIN_FAILURE_LIMIT
    failures = {kind: _recent(key, now) for kind, key in _keys(request, username).items()}
    wait = _seconds_over(failures.get("address", []), limit, now)
    if "username" in failures:
        # Without an address (no request) nothing shows this client is not among the guessers.
        tried_here = failures.get("pair", [now])
        name_wait = min(_seconds_over(failures["username"], limit, now), _seconds_over(tried_here, 1, now))
        wait = max(wait, name_wait)
    return int(wait) + 1 if wait > 0 else 0


@receiver(user_login_failed)
def count_login_failure(sender, credentials, request=None, **kwargs):
    record_failure(request, credentials.get("username"))


class LoginFailureBudgetMixin:
    """For Django's `LoginView`: a POST while the client or the username is over budget is answered
    429 with `Retry-After` and the form's page, saying when to try again, without checking the password."""

    def post(self, request, *args, **kwargs):
        wait = seconds_refused(request, request.POST.get("username"))
        if wait:
            # Unbound, so the password is never checked; a form adds errors to what it cleaned (nothing).
            form = self.get_form_class()(request)
            form.cleaned_data = {}
            form.add_error(None, f"Too many wrong passwords. Try again in {wait} seconds.")
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)
