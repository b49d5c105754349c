"""Issue 10, "fault tests": two crawlers over overlapping pages at once on PostgreSQL create no
duplicate movie, person, genre or country, neither fails, and each one's report adds up.

The two crawlers run in threads, each with its own database connection, and save their records in
lockstep (a barrier before each page's transaction), so over the pages they share both write the
same film, its people, genres and countries at the same moment: the loser of each insert race must
merge into the winner's row. Where one crawler reads further, it goes on alone. Crawlers of the two
sources at once, in lockstep over the films both have, must make one movie of each, with both ids.
"""

import contextlib
import logging
import threading

import pytest
from catalogue_state import catalogue_rows, duplicates
from django.db import connection
from django.urls import include, path
from source_records import StandInKmdb, kmdb_films

from watchb.catalog.ingest.crawlers import KmdbCrawler, TmdbCrawler
from watchb.catalog.models import Country, Genre, Movie, Person
from watchb.sandbox.conf import current_world

urlpatterns = [path("sandbox/", include("watchb.sandbox.urls"))]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.urls(__name__),
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 3


def in_lockstep(crawler_class, barrier: threading.Barrier, films=None, client=None):
    """A `crawler_class` crawler that waits at `barrier` before saving each page.

    With `films` (the source ids of films, per id field, in one order), it crawls only those, in
    that order, so crawlers of two sources save the same film at the same moment.
    """

    class LockstepCrawler(crawler_class):
        def fetch(self, **options):
            records = super().fetch(**options)
            if films is None:
                yield from records
                return
            order = {source_id: number for number, source_id in enumerate(films[self.id_field])}
            ours = [(order[i], r) for r in records if (i := self.to_model_dict(r).get(self.id_field)) in order]
            yield from (record for _, record in sorted(ours, key=lambda pair: pair[0]))

        def save_page(self, movies):
            with contextlib.suppress(threading.BrokenBarrierError):  # the other one has ended: go on alone
                barrier.wait(timeout=30)
            return super().save_page(movies)

    return LockstepCrawler(client)


def crawl_at_once(*crawls: tuple, films=None, clients=None) -> list:
    """Run one crawler per ``(crawler_class, options)`` at the same time (with `clients`, one each);
    their reports, or what they raised."""
    barrier = threading.Barrier(len(crawls))
    clients = clients or [None] * len(crawls)
    crawlers = [
        in_lockstep(crawler_class, barrier, films, client)
        for (crawler_class, _), client in zip(crawls, clients, strict=True)
    ]
    outcomes = [None] * len(crawls)

    def crawl(number):
        try:
            outcomes[number] = crawlers[number].run(**crawls[number][1])
        except Exception as exc:  # a crash is what the test looks for
            outcomes[number] = exc
        finally:
            barrier.abort()  # the other one goes on alone
            connection.close()

    threads = [threading.Thread(target=crawl, args=(number,)) for number in range(len(crawls))]
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
        outcomes = crawl_at_once((crawler_class, first), (crawler_class, second))

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


def test_two_sources_crawled_at_once_make_one_movie_of_a_film_both_have(sandbox_site):
    shared = current_world().shared
    films = {"tmdb_id": [film.tmdb_id for film in shared], "kmdb_id": [film.kmdb_id for film in shared]}

    for _ in range(ROUNDS):
        empty_catalogue()
        outcomes = crawl_at_once((KmdbCrawler, {}), (TmdbCrawler, {}), films=films)

        assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)]
        kmdb, tmdb = outcomes
        assert "database: IntegrityError" not in kmdb.skipped + tmdb.skipped
        saved = tmdb.fetched - tmdb.skipped_total
        assert Movie.objects.count() == kmdb.created + tmdb.created == saved
        assert Movie.objects.filter(tmdb_id__isnull=False, kmdb_id__isnull=False).count() == saved
    print(f"\n{ROUNDS} rounds: {saved} films saved by both sources at once, each one movie with both ids")


def test_two_crawlers_of_different_films_with_the_same_people_at_once_make_each_person_once(caplog):
    # Different films on different days: no advisory lock keeps the two pages apart, so both insert
    # the actor every film lists, its genre and its country at the same moment, and the upserts of
    # the loser hand back the winner's rows.
    caplog.set_level(logging.INFO, logger="watchb.catalog.ingest.crawlers")
    for _ in range(ROUNDS):
        empty_catalogue()
        clients = [StandInKmdb(kmdb_films(30)), StandInKmdb(kmdb_films(30, first=31))]
        outcomes = crawl_at_once((KmdbCrawler, {}), (KmdbCrawler, {}), clients=clients)

        assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)]
        assert [report.created for report in outcomes] == [30, 30]
        rows = catalogue_rows()
        assert duplicates(rows) == {name: [] for name in rows}
        everyone = Person.objects.get(kmdb_id="99999999")
        assert everyone.credits.count() == 60
        assert Genre.objects.count() == 1 and Country.objects.count() == 1
    races = sum("retrying" in message for message in caplog.messages)
    print(f"\n{ROUNDS} rounds: 60 films by two crawlers at once, one shared actor, {races} pages tried again")
    assert races == 0, "a shared row inserted by the other crawl comes back from the upsert: nothing to try again"
