import pytest

from watchb.sandbox import faults
from watchb.sandbox.world import build_world

TMDB = "/sandbox/tmdb/3"
KMDB = "/sandbox/kmdb/openapi-data2/wisenut/search_api/search_json2.jsp"


@pytest.fixture(autouse=True)
def sandbox_settings(settings):
    """Every test sees the default world, the default key, no faults and a fixed "today"."""
    settings.SANDBOX_SEED = 42
    settings.SANDBOX_MOVIES = 300
    settings.SANDBOX_API_KEY = "sandbox"
    settings.SANDBOX_TMDB_MAX_PAGES = 500
    settings.SANDBOX_FAULTS = ""
    settings.SANDBOX_RETRY_AFTER = 1
    settings.SANDBOX_TODAY = "2026-11-20"
    faults.reset()
    return settings


@pytest.fixture
def world():
    return build_world(42, 300)


@pytest.fixture
def tmdb(client):
    """GET a TMDB path with the sandbox key; returns the response."""

    def get(path, **params):
        return client.get(f"{TMDB}{path}", {"api_key": "sandbox", **params})

    return get


@pytest.fixture
def kmdb(client):
    """GET the KMDb search with the sandbox key and the usual collection; returns the response."""

    def get(**params):
        return client.get(KMDB, {"ServiceKey": "sandbox", "collection": "kmdb_new2", "detail": "Y", **params})

    return get
