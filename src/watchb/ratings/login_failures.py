"""The budget of wrong passwords, shared by every way of logging in.

A wrong password (`django.contrib.auth.user_login_failed`, sent by `authenticate()` for the log-in
pages, the token endpoint and the export's basic auth alike) is counted twice in the cache: for the
client's address and for the username tried. When either count reaches
`settings.LOGIN_FAILURE_LIMIT` within `settings.LOGIN_FAILURE_WINDOW` seconds, every attempt of that
client, or for that username, is refused with a 429 and `Retry-After` until the oldest failure
leaves the window, the right password included: otherwise the 429 would tell a guesser nothing.

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


def _keys(request, username) -> list[str]:
    keys = [] if request is None else [_KEY.format(kind="address", value=client_address(request))]
    if username:
        # Hashed: a username may be any text a client sends, too long or odd for a cache key.
        digest = hashlib.sha256(str(username).lower().encode()).hexdigest()
        keys.append(_KEY.format(kind="username", value=digest))
    return keys


def _recent(key: str, now: float) -> list[float]:
    """The times of the failures under `key` still inside the window, oldest first."""
    return [at for at in cache.get(key, []) if at > now - settings.LOGIN_FAILURE_WINDOW]


def record_failure(request, username) -> None:
    """Counts one wrong password for the client of `request` and for `username`."""
    now = time.time()
    for key in _keys(request, username):
        # The latest LIMIT are all that `seconds_refused` reads.
        failures = [*_recent(key, now), now][-settings.LOGIN_FAILURE_LIMIT :]
        cache.set(key, failures, settings.LOGIN_FAILURE_WINDOW)


def seconds_refused(request, username) -> int:
    """0 if the client of `request` may try `username`'s password now; otherwise how many seconds
    until it may (for `Retry-After`)."""
    now = time.time()
    wait = 0.0
    for key in _keys(request, username):
        failures = _recent(key, now)
        if len(failures) >= settings.LOGIN_FAILURE_LIMIT:
            wait = max(wait, failures[-settings.LOGIN_FAILURE_LIMIT] + settings.LOGIN_FAILURE_WINDOW - now)
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
