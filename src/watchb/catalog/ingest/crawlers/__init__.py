"""Crawlers: read an open movie source into the catalogue.

    from watchb.catalog.ingest.crawlers import KmdbCrawler, TmdbCrawler

    report = KmdbCrawler().run(since=date(2024, 1, 1), until=date(2024, 12, 31))
    report += TmdbCrawler().run(pages=10, limit=150)
    print(report)            # fetched, created, merged, skipped and dropped, per reason

`Crawler` (in `base`) holds the steps every source shares — `fetch` → `validate` (mapper, then
`MovieSerializer` validation, record by record) → `save_page` (a page of the source's API in one
transaction: each movie found by its ids or as the other source's copy, then everything written
set-based, `ingest.pages`) — and `run`, which counts them in a `CrawlReport`.
`TmdbCrawler` and `KmdbCrawler` only say where records come from. `manage.py crawlmovies` is the
command-line face of the same classes.
"""

from .base import Crawler, Gone
from .kmdb import KmdbCrawler
from .report import CrawlReport
from .tmdb import TmdbCrawler

CRAWLERS = {"kmdb": KmdbCrawler, "tmdb": TmdbCrawler}

__all__ = ["CRAWLERS", "CrawlReport", "Crawler", "Gone", "KmdbCrawler", "TmdbCrawler"]
