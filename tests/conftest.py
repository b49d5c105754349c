import itertools

import pytest
from accounts_helpers import PASSWORD

_tmdb_ids = itertools.count(1000)


@pytest.fixture
def fast_passwords(settings):
    """Real password hashing costs ~0.3 s a user; tests that make many users don't need it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db):
    """`make_user("alice")` adds a user whose password is ``accounts_helpers.PASSWORD``."""
    from django.contrib.auth import get_user_model

    def make(username, password=PASSWORD):
        return get_user_model().objects.create_user(username, password=password)

    return make


@pytest.fixture
def alice(make_user):
    return make_user("alice")


@pytest.fixture
def make_movie(db):
    """`make_movie("기생충", title_en="Parasite", ...)` adds a catalogue movie with a fresh TMDB id."""
    from watchb.catalog.models import Movie

    def make(title="Movie", **fields):
        fields.setdefault("tmdb_id", next(_tmdb_ids))
        return Movie.objects.create(title=title, **fields)

    return make


@pytest.fixture
def sandbox_site(live_server, settings):
    """The offline TMDB/KMDb sandbox served over real HTTP, with the crawler settings pointing at it.

    A small world (60 films, seed 42) keeps a full crawl of both sources to a few seconds. The test
    module must route /sandbox/ (``pytest.mark.urls`` with the sandbox's urls), as the site mounts it
    only when SANDBOX_ENABLED.
    """
    settings.SANDBOX_SEED = 42
    settings.SANDBOX_MOVIES = 60
    settings.SANDBOX_FAULTS = ""
    settings.SANDBOX_API_KEY = settings.TMDB_API_KEY = settings.KMDB_SERVICE_KEY = "sandbox"
    settings.TMDB_API_URL = f"{live_server.url}/sandbox/tmdb/3"
    settings.KMDB_API_URL = f"{live_server.url}/sandbox/kmdb/openapi-data2/wisenut/search_api/search_json2.jsp"
    return live_server


# The longest test files, longest first. They are collected first, so that with pytest-xdist
# (`make test` runs two processes, each taking whole files) the other process works through the many
# short files beside them instead of waiting alone at the end for one of them.
_LONGEST_FIRST = (
    "tests/security/test_api_fuzz.py",
    "tests/catalog/test_crawl_kills.py",
    "tests/providers/test_movielens_pipeline_site.py",
    "tests/providers/test_pipeline_faults.py",
    "tests/catalog/test_crawl_races.py",
    "tests/providers/test_movielens_dag.py",
)


def pytest_collection_modifyitems(config, items):
    rank = {path: n for n, path in enumerate(_LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))
