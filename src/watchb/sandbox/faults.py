"""Deterministic fault injection, so clients' retry and back-off paths can be tested for real.

`SANDBOX_FAULTS` is a comma-separated list of `STATUS:EVERY` rules: "429:7,503:11" makes every 7th
sandbox request answer 429 (with `Retry-After`) and every 11th answer 503. The count is per process
and shared by the TMDB and KMDb endpoints; when a request matches several rules the first listed wins.
Changing the setting (e.g. with `override_settings`) restarts the count, so tests know which request
fails.
"""

import itertools
import threading

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

SUPPORTED = (429, 500, 502, 503, 504)

_lock = threading.Lock()
_counter = itertools.count(1)


def parse(spec: str) -> list[tuple[int, int]]:
    """ "429:7,503:11" -> [(429, 7), (503, 11)]; a bad rule is a configuration error."""
    rules = []
    for rule in (spec or "").split(","):
        if not rule.strip():
            continue
        status, sep, every = rule.strip().partition(":")
        try:
            status_code, period = int(status), int(every)
        except ValueError:
            status_code = period = 0
        if not sep or status_code not in SUPPORTED or period < 1:
            raise ImproperlyConfigured(
                f"SANDBOX_FAULTS rule {rule.strip()!r} must be STATUS:EVERY with STATUS one of "
                f"{', '.join(map(str, SUPPORTED))} and EVERY a positive integer"
            )
        rules.append((status_code, period))
    return rules


def next_fault() -> int | None:
    """Count this request; return the HTTP status it must fail with, or None to serve it."""
    rules = parse(settings.SANDBOX_FAULTS)
    if not rules:
        return None
    with _lock:
        number = next(_counter)
    for status, period in rules:
        if number % period == 0:
            return status
    return None


def reset() -> None:
    """Start counting requests from 1 again."""
    global _counter
    with _lock:
        _counter = itertools.count(1)


@receiver(setting_changed)
def _reset_on_change(setting, **kwargs):
    if setting == "SANDBOX_FAULTS":
        reset()
