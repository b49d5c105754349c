"""Every record a crawl fetches is in its report once: fetched = created + merged + skipped."""

import pytest
from django.urls import include, path

from watchb.catalog.ingest.crawlers import KmdbCrawler, TmdbCrawler
from watchb.catalog.models import Movie

urlpatterns = [path("sandbox/", include("watchb.sandbox.urls"))]

pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("crawler", [KmdbCrawler, TmdbCrawler])
def test_each_source_report_adds_up(sandbox_site, crawler):
    report = crawler().run()

    assert report.fetched > 0 and report.skipped_total > 0, "the sandbox's dirty records are in the crawl"
    assert report.fetched == report.created + report.merged + report.skipped_total
    assert Movie.objects.count() == report.created


def test_the_total_of_both_and_a_second_crawl_add_up(sandbox_site):
    first = KmdbCrawler().run() + TmdbCrawler().run()
    again = KmdbCrawler().run() + TmdbCrawler().run()

    for report in (first, again):
        assert report.fetched == report.created + report.merged + report.skipped_total
    assert again.created == 0
