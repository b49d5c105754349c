"""Issue 10, "fault tests": two crawlers over overlapping pages at once on PostgreSQL create no
duplicate movie, person, genre or country, neither fails, and each one's report adds up.

The two crawlers run in threads, each with its own database connection, and save their records in
lockstep (a barrier before each movie's transaction), so over the pages they share both write the
same film, its people, genres and countries at the same moment: the loser of each insert race must
merge into the winner's row. Where one crawler reads further, it goes on alone.
"""

import contextlib
import logging
import threading

import pytest
from catalogue_state import catalogue_rows, duplicates
from django.db import connection
from django.urls import include, path

from watchb.catalog.ingest.crawlers import KmdbCrawler, TmdbCrawler
from watchb.catalog.models import Country, Genre, Movie, Person

urlpatterns = [path("sandbox/", include("watchb.sandbox.urls"))]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.urls(__name__),
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 3


def in_lockstep(crawler_class, barrier: threading.Barrier):
    """A `crawler_class` crawler that waits at `barrier` before saving each movie."""

    class LockstepCrawler(crawler_class):
        def get_or_register(self, serializer):
            with contextlib.suppress(threading.BrokenBarrierError):  # the other one has ended: go on alone
                barrier.wait(timeout=30)
            return super().get_or_register(serializer)

    return LockstepCrawler()


def crawl_at_once(crawler_class, *options: dict) -> list:
    """Run one `crawler_class` crawler per `options` at the same time; their reports, or what they raised."""
    barrier = threading.Barrier(len(options))
    crawlers = [in_lockstep(crawler_class, barrier) for _ in options]
    outcomes = [None] * len(options)

    def crawl(number):
        try:
            outcomes[number] = crawlers[number].run(**options[number])
        except Exception as exc:  # a crash is what the test looks for
            outcomes[number] = exc
        finally:
            barrier.abort()  # the other one goes on alone
            connection.close()

    threads = [threading.Thread(target=crawl, args=(number,)) for number in range(len(options))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def empty_catalogue():
    for model in (Movie, Person, Genre, Country):  # credits, images and links go with their movie
        model.objects.all().delete()


@pytest.mark.parametrize(
    ("crawler_class", "first", "second"),
    [
        (TmdbCrawler, {"pages": 2}, {"pages": 3}),  # 40 films in both, 20 more in the second
        (KmdbCrawler, {"limit": 20}, {}),  # 20 films in both, the rest in the second
    ],
    ids=["tmdb", "kmdb"],
)
def test_two_crawlers_over_overlapping_pages_create_nothing_twice(sandbox_site, caplog, crawler_class, first, second):
    alone = crawler_class().run(**second)
    clean = catalogue_rows()
    caplog.set_level(logging.INFO, logger="watchb.catalog.ingest.crawlers")

    for _ in range(ROUNDS):
        empty_catalogue()
        outcomes = crawl_at_once(crawler_class, first, second)

        assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)]
        one, other = outcomes
        for report in outcomes:
            assert report.fetched == report.created + report.merged + report.skipped_total
            assert set(report.skipped) <= set(alone.skipped), "skipped only for what a crawl alone skips"
        assert other.skipped == alone.skipped
        assert one.created + other.created == alone.created == Movie.objects.count()
        rows = catalogue_rows()
        assert duplicates(rows) == {name: [] for name in rows}
        assert rows == clean
    races = sum("retrying" in message for message in caplog.messages)
    print(f"\n{ROUNDS} rounds: {races} movies tried again after losing a race, 0 duplicates, 0 skipped by it")
