"""Issue 13: a crawl writes a page of the source's API at a time, set-based, and ends exactly where a
crawl writing one movie per transaction ends: the same rows, the same report, in a few queries a page.
"""

import pytest
from catalogue_state import catalogue_rows, duplicates
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from source_records import StandInKmdb, kmdb_films

from watchb.catalog.ingest.crawlers import KmdbCrawler, TmdbCrawler
from watchb.catalog.ingest.pages import UpsertRowMerger
from watchb.catalog.models import Country, Credit, Genre, Movie, Person

urlpatterns = [path("sandbox/", include("watchb.sandbox.urls"))]

REPORTED = ("fetched", "created", "merged", "skipped", "dropped_fields", "dropped_children", "kept_without_id")


def figures(report) -> dict:
    return {name: getattr(report, name) for name in REPORTED}


def one_movie_a_page(crawler_class):
    """`crawler_class` writing one movie per transaction, as crawls did before pages."""
    return type(f"OneByOne{crawler_class.__name__}", (crawler_class,), {"page_size": 1})


def crawl_both(kmdb=KmdbCrawler, tmdb=TmdbCrawler):
    return [kmdb().run(), tmdb().run()]


def empty_catalogue():
    for model in (Movie, Person, Genre, Country):  # credits, images and links go with their movie
        model.objects.all().delete()


@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
def test_a_crawl_by_pages_ends_with_the_rows_and_report_of_a_crawl_movie_by_movie(sandbox_site):
    by_pages = crawl_both()
    rows = catalogue_rows()
    empty_catalogue()

    one_by_one = crawl_both(one_movie_a_page(KmdbCrawler), one_movie_a_page(TmdbCrawler))

    assert catalogue_rows() == rows
    assert duplicates(rows) == {name: [] for name in rows}
    assert [figures(report) for report in by_pages] == [figures(report) for report in one_by_one]
    assert by_pages[1].merged, "the world has films both sources bring: pages merged across sources"
    assert by_pages[0].kept_without_id, "and people without an id"


@pytest.mark.django_db(transaction=True)
def test_the_queries_of_a_page_do_not_grow_with_its_movies():
    queries = {}
    for count in (5, 50):
        empty_catalogue()
        with CaptureQueriesContext(connection) as captured:
            report = KmdbCrawler(StandInKmdb(kmdb_films(count))).run()
        assert report.created == count
        queries[count] = len(captured)

    assert queries[50] == queries[5]
    assert queries[50] / 50 <= 3 / 5, "the bench's goal is 3 queries a movie; a page of 50 needs far fewer"
    again = KmdbCrawler(StandInKmdb(kmdb_films(50)))
    with CaptureQueriesContext(connection) as captured:
        assert again.run().merged == 50
    assert len(captured) <= queries[50], "merging a page reads more but writes less"


@pytest.mark.django_db(transaction=True)
def test_the_same_movie_twice_in_one_page_is_one_movie_created_then_merged():
    record = kmdb_films(1)[0]
    twice = [record, {**record, "titleEng": "A FILM"}]

    report = KmdbCrawler(StandInKmdb(twice)).run()

    assert (report.created, report.merged) == (1, 1)
    assert Movie.objects.get().title_en == "A FILM"
    assert Person.objects.filter(kmdb_id="99999999").count() == 1


@pytest.mark.django_db(transaction=True)
def test_people_genres_and_countries_another_crawl_inserted_after_our_look_up_are_linked_not_duplicated(
    monkeypatch,
):
    KmdbCrawler(StandInKmdb(kmdb_films(10))).run()
    before = catalogue_rows()
    # As if another crawl committed every shared row between our look-up and our insert: the look-up
    # finds none, so each one is inserted, and reading it back by its keys finds the row that is there.
    monkeypatch.setattr(UpsertRowMerger, "load", lambda self, rows: None)

    report = KmdbCrawler(StandInKmdb(kmdb_films(10))).run()

    assert (report.created, report.merged, report.skipped_total) == (0, 10, 0)
    assert catalogue_rows() == before
    assert Credit.objects.filter(person__kmdb_id="99999999").count() == 10


@pytest.mark.django_db
def test_a_shared_row_that_clashes_on_its_second_key_is_linked_not_an_error():
    # Another crawl committed "드라마" by name after our look-up, while ours carries TMDB's id too: an
    # upsert on the TMDB id would fail on the name (CI saw it once, as a retried page). Two rows
    # clash on a person's second id the same way.
    drama = Genre.objects.create(name="드라마")
    song = Person.objects.create(name="송강호", kmdb_id="00001")
    genres = UpsertRowMerger(Genre, [("tmdb_id",), ("name",)]).merge(
        [{"tmdb_id": 18, "name": "드라마"}, {"tmdb_id": 35, "name": "코미디"}], fetch=False
    )
    people = UpsertRowMerger(Person, [("tmdb_id",), ("kmdb_id",), ("film_key",)]).merge(
        [{"name": "송강호", "tmdb_id": 20738, "kmdb_id": "00001"}], fetch=False
    )

    assert [genre.pk for genre in genres] == [drama.pk, Genre.objects.get(name="코미디").pk]
    assert [person.pk for person in people] == [song.pk]
    assert Genre.objects.count() == 2 and Person.objects.count() == 1


@pytest.mark.django_db
def test_new_shared_rows_are_known_by_the_insert_that_returns_them_without_reading_them_back():
    people = [{"name": f"배우 {n}", "tmdb_id": 9000 + n} for n in range(3)] + [{"name": "감독", "film_key": "k:1"}]

    with CaptureQueriesContext(connection) as queries:
        rows = UpsertRowMerger(Person, [("tmdb_id",), ("kmdb_id",), ("film_key",)]).merge(people, fetch=False)

    assert len(queries) == 1
    assert [(row.pk, row.name) for row in rows] == list(Person.objects.order_by("pk").values_list("pk", "name")[:4])
    assert [Person.objects.get(pk=row.pk).tmdb_id for row in rows] == [9000, 9001, 9002, None]
