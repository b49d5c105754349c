"""The sandbox's settings, read at request time so `override_settings` works in tests.

Their defaults, and the environment variables that change them, are written once, in
`watchb/settings.py`; this module only reads them:

SANDBOX_SEED, SANDBOX_MOVIES  which world is served (seed and number of films).
SANDBOX_API_KEY               the key accepted as TMDB `api_key` / `Bearer` and KMDb `ServiceKey`.
SANDBOX_TMDB_MAX_PAGES        the last `/discover/movie` page a client may ask for (TMDB: 500).
SANDBOX_FAULTS                injected failures, e.g. "429:7,503:11" (see `faults.py`); "" for none.
SANDBOX_RETRY_AFTER           seconds sent in `Retry-After` with injected 429 and 503 answers.
SANDBOX_TODAY                 ISO date that `/movie/changes` takes as today; "" for the real date.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from .world import World, build_world


def current_world() -> World:
    """The world the settings name; built once per (seed, size) and process."""
    return build_world(int(settings.SANDBOX_SEED), int(settings.SANDBOX_MOVIES))


def today() -> date:
    """SANDBOX_TODAY as a date, or the real date when it is blank."""
    pinned = settings.SANDBOX_TODAY
    if not pinned:
        return timezone.now().date()
    try:
        return date.fromisoformat(str(pinned))
    except ValueError:
        raise ImproperlyConfigured(f"SANDBOX_TODAY must be an ISO date, not {pinned!r}") from None
