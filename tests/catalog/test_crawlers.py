"""The crawlers on real-shaped records from stand-in clients: matching, idempotency, paging, atomicity."""

import copy
import json
import math
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import IntegrityError, OperationalError

from watchb.catalog.ingest.crawlers import KmdbCrawler, TmdbCrawler
from watchb.catalog.ingest.crawlers.base import lost_a_race
from watchb.catalog.ingest.matching import share_people
from watchb.catalog.ingest.merging import RowMerger
from watchb.catalog.ingest.serializers import MovieSerializer
from watchb.catalog.models import Country, Credit, Genre, Movie, Person, Poster, Still, Video
from watchb.catalog.sources import kmdb, tmdb
from watchb.catalog.sources.http import SourceNotFound

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "sources" / "fixtures"
TABLES = (Movie, Person, Credit, Genre, Country, Poster, Still, Video)


def fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class StandInTmdb:
    """Answers like TmdbClient from a dict of movie JSON by id; records every call."""

    def __init__(self, movies, changed=()):
        self.movies = movies
        self.changed = list(changed)
        self.calls = []

    def discover(self, page=1, release_date_gte=None, release_date_lte=None):
        self.calls.append(("discover", page))
        ids = sorted(self.movies)
        return tmdb.TmdbPage(page, math.ceil(len(ids) / 20), len(ids), ids[(page - 1) * 20 : page * 20])

    def changes(self, start_date=None, end_date=None, page=1):
        self.calls.append(("changes", start_date, end_date))
        return tmdb.TmdbPage(1, 1, len(self.changed), self.changed)

    def movie(self, tmdb_id):
        self.calls.append(("movie", tmdb_id))
        if tmdb_id not in self.movies:
            raise SourceNotFound("gone")
        return tmdb.TmdbMovie.from_json(self.movies[tmdb_id])

    def to_model_dict(self, movie):
        return tmdb.movie_to_model_dict(movie)


class StandInKmdb:
    def __init__(self, results):
        self.results = results

    def search(self, *, release_dts=None, release_dte=None, start_count=0, list_count=100):
        movies = [kmdb.KmdbMovie.from_json(r) for r in self.results[start_count : start_count + list_count]]
        return kmdb.KmdbPage(total_count=len(self.results), start_count=start_count, movies=movies)

    def to_model_dict(self, movie):
        return kmdb.movie_to_model_dict(movie)


@pytest.fixture
def parasite():
    return fixture("tmdb_movie_parasite.json")


@pytest.fixture
def tmdb_crawler(parasite):
    dirty = fixture("tmdb_movie_dirty.json")
    return TmdbCrawler(StandInTmdb({parasite["id"]: parasite, dirty["id"]: dirty}))


@pytest.fixture
def kmdb_crawler():
    return KmdbCrawler(StandInKmdb(fixture("kmdb_search.json")["Data"][0]["Result"]))


def counts():
    return [model.objects.count() for model in TABLES]


def test_the_same_movie_from_both_sources_ends_as_one_movie_with_both_ids(kmdb_crawler, tmdb_crawler):
    kmdb_report = kmdb_crawler.run()
    tmdb_report = tmdb_crawler.run()

    assert (kmdb_report.created, kmdb_report.merged) == (2, 0)
    assert (tmdb_report.created, tmdb_report.merged) == (1, 1)
    parasite = Movie.objects.get(title="기생충")
    assert (parasite.tmdb_id, parasite.kmdb_id) == (496243, "K19398")
    assert Movie.objects.count() == 3


def test_a_person_met_in_both_sources_of_one_movie_is_one_person_with_both_ids(kmdb_crawler, tmdb_crawler):
    kmdb_crawler.run()
    tmdb_crawler.run()

    director = Movie.objects.get(title="기생충").credits.get(job="director").person
    assert (director.name, director.tmdb_id, director.kmdb_id) == ("봉준호", 21684, "00004475")
    assert Person.objects.filter(name="봉준호").count() == 1


def test_the_tmdb_first_order_merges_the_same_way(kmdb_crawler, tmdb_crawler):
    tmdb_crawler.run()
    report = kmdb_crawler.run()

    assert (report.created, report.merged) == (1, 1)
    assert Movie.objects.get(title="기생충").kmdb_id == "K19398"


def test_a_second_run_creates_nothing_and_leaves_every_table_as_it_was(kmdb_crawler, tmdb_crawler):
    kmdb_crawler.run()
    tmdb_crawler.run()
    before = counts()

    again = kmdb_crawler.run() + tmdb_crawler.run()

    assert counts() == before
    assert (again.created, again.merged, again.fetched) == (0, 4, 4)


def test_the_report_counts_skips_and_drops_per_reason(tmdb_crawler, parasite):
    blank = copy.deepcopy(parasite) | {"id": 7, "title": "", "original_title": ""}
    tmdb_crawler.client.movies[7] = blank

    report = tmdb_crawler.run()

    assert (report.fetched, report.created, report.skipped_total) == (3, 2, 1)
    assert report.skipped == {"title: blank": 1}
    assert report.dropped_fields == {"release_date (invalid)": 1, "runtime (min_value)": 1}
    assert report.dropped_children == {"countries (code: unknown_country)": 1}
    assert report.kept_without_id == 1  # the extra TMDB lists with id null
    assert "people kept without an id: 1" in str(report)
    assert "title: blank" in str(report) and report.summary().startswith(
        "tmdb: 3 fetched, 2 created, 0 merged, 1 skipped"
    )


def test_a_movie_that_fails_to_save_is_absent_whole_and_the_crawl_goes_on(tmdb_crawler, monkeypatch):
    real_merge = RowMerger.merge

    def fail_on_videos(self, rows, **kwargs):
        if self.model is Video and any(r.get("key") == "SEUXfv87Wpk" for r in rows):
            raise IntegrityError("simulated failure half-way through a movie")
        return real_merge(self, rows, **kwargs)

    monkeypatch.setattr(RowMerger, "merge", fail_on_videos)

    report = tmdb_crawler.run()

    assert report.skipped == {"database: IntegrityError": 1} and report.created == 1
    assert not Movie.objects.filter(tmdb_id=496243).exists()
    assert not Credit.objects.filter(person__tmdb_id=21684).exists()  # the credits went with it
    assert Movie.objects.filter(tmdb_id=900001).exists()


def test_a_movie_another_crawl_saved_after_our_look_up_is_merged_into_its_row(tmdb_crawler, monkeypatch):
    tmdb_crawler.run()  # the other crawl, which saved both movies first
    before = counts()
    real_find = MovieSerializer.find_existing
    stale = iter([True])

    def look_up_before_the_other_crawl_committed(self, validated_data):
        return None if next(stale, False) else real_find(self, validated_data)

    monkeypatch.setattr(MovieSerializer, "find_existing", look_up_before_the_other_crawl_committed)

    report = tmdb_crawler.run()

    assert (report.created, report.merged, report.skipped) == (0, 2, {})
    assert counts() == before


class PostgresError(Exception):
    """Stands in for a psycopg error: what Django's wrapper keeps as the cause."""

    def __init__(self, sqlstate):
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("error", "sqlstate", "retried"),
    [
        (IntegrityError, "23505", True),  # unique_violation: the other crawl inserted the row first
        (OperationalError, "40P01", True),  # deadlock_detected
        (OperationalError, "40001", True),  # serialization_failure
        (IntegrityError, "23514", False),  # check_violation: the same every time
        (OperationalError, "57014", False),  # query_canceled
        (IntegrityError, None, True),  # SQLite names no SQLSTATE
        (OperationalError, None, False),  # SQLite: database is locked, past its busy timeout
    ],
)
def test_a_transaction_is_tried_again_only_when_it_lost_a_race(error, sqlstate, retried):
    exc = error("simulated")
    if sqlstate is not None:
        exc.__cause__ = PostgresError(sqlstate)

    assert lost_a_race(exc) is retried


def test_a_movie_deleted_at_the_source_after_listing_is_skipped(tmdb_crawler):
    tmdb_crawler.client.discover = lambda **kw: tmdb.TmdbPage(1, 1, 2, [496243, 404])

    report = tmdb_crawler.run()

    assert report.skipped == {"gone from the source": 1} and report.created == 1


def test_limit_stops_before_asking_for_more_details(tmdb_crawler):
    report = tmdb_crawler.run(limit=1)

    assert report.fetched == 1
    assert [c for c in tmdb_crawler.client.calls if c[0] == "movie"] == [("movie", 496243)]


def test_changed_since_reads_the_change_list_in_14_day_windows_and_refreshes_values(parasite):
    client = StandInTmdb({parasite["id"]: parasite}, changed=[parasite["id"]])
    TmdbCrawler(client).run()
    parasite["runtime"] = 132
    client.calls.clear()

    report = TmdbCrawler(client).run(changed_since=date(2026, 1, 1), until=date(2026, 1, 20))

    windows = [(c[1], c[2]) for c in client.calls if c[0] == "changes"]
    assert windows == [(date(2026, 1, 1), date(2026, 1, 14)), (date(2026, 1, 15), date(2026, 1, 20))]
    assert (report.fetched, report.merged) == (1, 1)  # one movie, listed in both windows, read once
    assert Movie.objects.get().runtime == 132


class CappedDiscover:
    """A discover endpoint over `movies` (id → release date) that serves at most 500 pages."""

    def __init__(self, movies):
        self.movies = movies
        self.requests = []

    def discover(self, page=1, release_date_gte=None, release_date_lte=None):
        assert 1 <= page <= 500, "TMDB serves no page past 500"
        self.requests.append((page, release_date_gte, release_date_lte))
        ids = sorted(
            i
            for i, day in self.movies.items()
            if (release_date_gte is None or day >= release_date_gte)
            and (release_date_lte is None or day <= release_date_lte)
        )
        return tmdb.TmdbPage(page, math.ceil(len(ids) / 20), len(ids), ids[(page - 1) * 20 : page * 20])


def test_discover_splits_release_date_ranges_past_500_pages_and_lists_every_movie_once():
    start = date(2000, 1, 1)
    movies = {n: start + timedelta(days=n % 3000) for n in range(1, 12_001)}  # 600 pages in one query
    client = CappedDiscover(movies)

    ids = list(TmdbCrawler(client).discover_ids(date(2000, 1, 1), date(2008, 12, 31)))

    assert sorted(ids) == sorted(movies)
    assert len(ids) == len(set(ids))
    assert any(gte != date(2000, 1, 1) for _, gte, _ in client.requests)


def test_discover_reads_no_more_pages_than_asked():
    client = CappedDiscover({n: date(2020, 1, 1) for n in range(1, 101)})

    ids = list(TmdbCrawler(client).discover_ids(None, None, pages=2))

    assert len(ids) == 40 and len(client.requests) == 2


def test_fetch_ahead_keeps_the_order_with_at_most_workers_requests_in_flight():
    import threading
    import time

    from watchb.catalog.ingest.crawlers.base import fetch_ahead

    lock, running, peak = threading.Lock(), [0], [0]

    def slow_fetch(n):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.002 * (5 - n % 5))  # later items often finish first
        with lock:
            running[0] -= 1
        return n * 10

    assert list(fetch_ahead(range(20), slow_fetch, workers=3)) == [n * 10 for n in range(20)]
    assert 1 < peak[0] <= 3


def test_fetch_ahead_stops_asking_when_the_crawl_stops_reading():
    from watchb.catalog.ingest.crawlers.base import fetch_ahead

    asked = []
    records = fetch_ahead(range(1000), lambda n: asked.append(n) or n, workers=3)

    assert next(records) == 0
    records.close()
    assert len(asked) <= 3


def test_kmdb_pages_advance_by_the_records_received_and_stop_at_the_page_budget():
    results = fixture("kmdb_search.json")["Data"][0]["Result"]
    many = [dict(results[0], DOCID=f"K{n:05d}", title=f"영화 {n}") for n in range(7)]

    class ShortPages(StandInKmdb):
        """Sends at most 3 records a page, whatever was asked for."""

        def __init__(self, results):
            super().__init__(results)
            self.starts = []

        def search(self, *, start_count=0, list_count=100, **criteria):
            self.starts.append(start_count)
            return super().search(start_count=start_count, list_count=min(list_count, 3), **criteria)

    every = KmdbCrawler(ShortPages(many))
    assert every.run().created == 7 and every.client.starts == [0, 3, 6]

    budget = KmdbCrawler(ShortPages(many))
    assert budget.run(pages=2).fetched == 6 and budget.client.starts == [0, 3]


def test_a_record_the_mapper_cannot_read_is_skipped_and_the_crawl_goes_on(tmdb_crawler, monkeypatch):
    real = tmdb_crawler.client.to_model_dict

    def fussy(movie):
        if movie.tmdb_id == 900001:
            raise TypeError("an unexpected shape")
        return real(movie)

    monkeypatch.setattr(tmdb_crawler.client, "to_model_dict", fussy)

    report = tmdb_crawler.run()

    assert report.skipped == {"unreadable record: TypeError": 1} and report.created == 1


def test_a_foreign_person_named_in_english_by_tmdb_and_in_hangul_by_kmdb_is_one_person():
    movie = Movie.objects.create(title="옥자", kmdb_id="K00001", release_date=date(2017, 6, 29))
    hangul = Person.objects.create(name="매튜 화이트", name_en="Matthew White", kmdb_id="00099999")
    Credit.objects.create(movie=movie, person=hangul, job="actor")
    incoming = {
        "credits": [
            {"job": "actor", "person": {"name": "Matthew White", "name_en": "", "tmdb_id": 77, "kmdb_id": None}},
            {"job": "director", "person": {"name": "Matthew White", "name_en": "", "tmdb_id": 78, "kmdb_id": None}},
        ]
    }

    share_people(movie, incoming, TmdbCrawler.id_field)

    actor, director = (credit["person"] for credit in incoming["credits"])
    assert actor["kmdb_id"] == "00099999"
    assert director["kmdb_id"] is None, "a different job is a different credit, not evidence of the same person"
