"""Issue 10, "fault tests": `crawlmovies` killed with SIGKILL at random points ten times, then run
again, leaves the catalogue a clean crawl leaves: the same rows, none twice, no movie half-written.

Each crawl is a real ``manage.py crawlmovies`` process reading the sandbox over HTTP (the test's
live server) into a database both the process and the test can reach: a SQLite file, or the test
database itself on PostgreSQL. The kill points are seeded and spread over the length of the clean
crawl; after each kill every movie present must be whole: as the clean crawl left it after KMDb,
or as it left it at the end (a film both sources have is written once by each).

Two things make the kills bite. The process loads Django, says it is ready and starts crawling when
told, so a kill point is a time into the crawl, not into Python's start-up, which a loaded machine
stretches. And each write statement is slowed a little, as a slow disk would: the moments a movie
is half-written widen from microseconds to a good share of the crawl (with its transaction taken
out, a crawl failed this test at its first kill; without the slowing, ten kills missed every one).
"""

import os
import random
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
import pytest
from catalogue_state import catalogue_rows, duplicates, movies_whole
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.utils import load_backend
from django.urls import include, path

from watchb.catalog.models import Country, Genre, Movie, Person

urlpatterns = [path("sandbox/", include("watchb.sandbox.urls"))]

pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db(transaction=True)]

REPO = Path(__file__).resolve().parents[2]
KILLS = 10
SEED = 10
#: Seconds each INSERT, UPDATE or DELETE of the crawl takes on top of its own time.
WRITE_DELAY = 0.005
#: A smaller world than the sandbox fixture's: kills at ten points of a crawl cost ten crawls.
FILMS = 30

#: ``python -c READY_THEN_CRAWL SOURCE``: set Django up, print "ready", wait for a line on stdin,
#: then run ``manage.py crawlmovies SOURCE`` with every write slowed by WRITE_DELAY.
READY_THEN_CRAWL = f"""
import sys, time
import django
django.setup()
from django.core.management import execute_from_command_line
from django.db import connection
import watchb.catalog.management.commands.crawlmovies

def slow_writes(execute, sql, params, many, context):
    if sql.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
        time.sleep({WRITE_DELAY})
    return execute(sql, params, many, context)

print("ready", flush=True)
sys.stdin.readline()
with connection.execute_wrapper(slow_writes):
    execute_from_command_line(["manage.py", "crawlmovies", *sys.argv[1:]])
"""


@pytest.fixture
def sandbox(sandbox_site, settings):
    settings.SANDBOX_MOVIES = FILMS
    return sandbox_site


class Crawl:
    """One ``crawlmovies SOURCE`` process into `database_url`, reading the sandbox `live_server` serves.

    The process loads Django as soon as it is made; `go` waits until it is ready, then starts the
    crawl and the clock.
    """

    def __init__(self, database_url: str, live_server, source: str):
        env = {
            **os.environ,
            "DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "watchb.settings",
            "DATABASE_URL": database_url,
            "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")]),
            "TMDB_API_URL": f"{live_server.url}/sandbox/tmdb/3",
            "KMDB_API_URL": f"{live_server.url}/sandbox/kmdb/openapi-data2/wisenut/search_api/search_json2.jsp",
            "TMDB_API_KEY": "sandbox",
            "KMDB_SERVICE_KEY": "sandbox",
        }
        command = [sys.executable, "-c", READY_THEN_CRAWL, source]
        self.process = subprocess.Popen(
            command, env=env, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def go(self):
        ready = self.process.stdout.readline()
        assert ready == "ready\n", self.process.communicate()[1]
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        self.started = time.monotonic()

    def to_the_end(self) -> float:
        """Wait for the crawl to end; its length in seconds."""
        _, err = self.process.communicate(timeout=300)
        assert self.process.returncode == 0, err
        return time.monotonic() - self.started

    def killed_at(self, point: float) -> bool:
        """SIGKILL the crawl `point` seconds after `go`; False if it ended before."""
        try:
            self.process.communicate(timeout=max(point - (time.monotonic() - self.started), 0))
        except subprocess.TimeoutExpired:
            self.stop()
            return True
        assert self.process.returncode == 0
        return False

    def stop(self):
        self.process.kill()  # SIGKILL; nothing if it has ended
        self.process.communicate()


def crawl(database_url, live_server, source) -> float:
    """Crawl `source` to the end; the crawl's length in seconds."""
    process = Crawl(database_url, live_server, source)
    try:
        process.go()
        return process.to_the_end()
    finally:
        process.stop()


@contextmanager
def sqlite_file(folder: Path):
    """A migrated SQLite file: its URL and the connection alias the test reads it through."""
    url = f"sqlite:///{folder / 'crawl.sqlite3'}"
    migrate = [sys.executable, str(REPO / "manage.py"), "migrate", "--verbosity=0"]
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": url, "PYTHONPATH": str(REPO / "src")}
    made = subprocess.run(migrate, env=env, cwd=REPO, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    # A connection made here, outside DATABASES: Django's test case lets such connections through
    # (it refuses the aliases of DATABASES the test did not ask for).
    alias = "crawl"
    settings_dict = connections.configure_settings({DEFAULT_DB_ALIAS: {}, alias: dj_database_url.parse(url)})[alias]
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    connections[alias] = wrapper
    try:
        yield url, alias
    finally:
        wrapper.close()
        del connections[alias]


def postgres_url() -> str:
    """The URL of the test database pytest-django made, for another process to write into."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def empty_catalogue(using):
    for model in (Movie, Person, Genre, Country):  # credits, images and links go with their movie
        model.objects.using(using).all().delete()


def kill_and_rerun(database_url, alias, live_server):
    """The clean crawl's rows, the rows left by ten killed crawls and one to the end, and figures."""
    length = crawl(database_url, live_server, "kmdb")
    after_kmdb = movies_whole(catalogue_rows(alias))
    length += crawl(database_url, live_server, "tmdb")
    clean = catalogue_rows(alias)
    allowed = {key: {after_kmdb.get(key), state} for key, state in movies_whole(clean).items()}
    allowed.update({key: {state} for key, state in after_kmdb.items() if key not in allowed})
    empty_catalogue(alias)

    # Kill points spread over the clean crawl's length, seeded, in order: each crawl runs from the
    # start again, so a later point reaches films the earlier crawls did not. A crawl that ends
    # before its point (one that only merges is quicker) is not a kill: the length shrinks to it.
    rng = random.Random(SEED)
    fractions = sorted(rng.random() for _ in range(KILLS))
    movies_after_kill, ended, process = [], 0, None
    # The next process loads Django while the current one crawls.
    upcoming = Crawl(database_url, live_server, "all")
    try:
        while len(movies_after_kill) < KILLS:
            point = fractions[len(movies_after_kill)] * length
            process, upcoming = upcoming, None
            process.go()
            upcoming = Crawl(database_url, live_server, "all")
            if not process.killed_at(point):
                ended += 1
                assert ended <= 3, "crawls keep ending before their kill points"
                length = 0.9 * (time.monotonic() - process.started)
                continue
            left = movies_whole(catalogue_rows(alias))
            half_written = [key for key, state in left.items() if state not in allowed.get(key, ())]
            assert half_written == [], f"after a kill {point:.2f} s into the crawl"
            movies_after_kill.append(Movie.objects.using(alias).count())
        upcoming.go()
        upcoming.to_the_end()
    finally:
        for crawl_process in (process, upcoming):
            if crawl_process is not None:
                crawl_process.stop()
    return clean, catalogue_rows(alias), movies_after_kill


def assert_same_catalogue(clean, again, movies_after_kill):
    assert duplicates(again) == {name: [] for name in again}
    for name in clean:
        assert again[name] == clean[name], name
    rows = sum(len(table) for table in clean.values())
    print(f"\n{KILLS} kills survived, movies present after each: {movies_after_kill}")
    print(f"{rows} rows compared with the clean crawl's: 0 missing, 0 duplicates")
    assert len(set(movies_after_kill)) > 1, "the kills fell at different points of the crawl"


def test_crawlmovies_killed_ten_times_on_sqlite_then_run_again_equals_a_clean_crawl(sandbox, tmp_path):
    with sqlite_file(tmp_path) as (url, alias):
        clean, again, movies_after_kill = kill_and_rerun(url, alias, sandbox)

    assert_same_catalogue(clean, again, movies_after_kill)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_crawlmovies_killed_ten_times_on_postgresql_then_run_again_equals_a_clean_crawl(sandbox):
    clean, again, movies_after_kill = kill_and_rerun(postgres_url(), DEFAULT_DB_ALIAS, sandbox)

    assert_same_catalogue(clean, again, movies_after_kill)
