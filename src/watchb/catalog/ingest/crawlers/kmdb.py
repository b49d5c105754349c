"""The KMDb crawler: the search paged by release-date range (records come with their details)."""

from collections.abc import Iterator

from watchb.catalog.sources.kmdb import KmdbClient

from .base import Crawler

#: Movies asked for per search page (KMDb serves up to 500; smaller pages keep answers quick).
PAGE_SIZE = 100


class KmdbCrawler(Crawler):
    """Crawls KMDb's ``search_json2.jsp`` with ``detail=Y``: each page carries whole records.

    `fetch` options:

    :param since: first release date (a ``date``), or None for no lower bound.
    :param until: last release date, or None.
    :param pages: read at most this many pages of `PAGE_SIZE` movies.
    """

    source = "kmdb"
    id_field = "kmdb_id"
    page_size = PAGE_SIZE

    def make_client(self):
        return KmdbClient()

    def fetch(self, *, since=None, until=None, pages=None, changed_since=None) -> Iterator:
        if changed_since is not None:
            raise ValueError("KMDb has no list of changes; crawl a release-date range instead")
        start, read = 0, 0
        while pages is None or read < pages:
            page = self.client.search(release_dts=since, release_dte=until, start_count=start, list_count=PAGE_SIZE)
            read += 1
            if read == 1:
                self.announce_total(min(page.total_count, pages * PAGE_SIZE) if pages else page.total_count)
            yield from page.movies
            # Advance by what came, not by what was asked for: a server may send fewer.
            start += len(page.movies)
            if not page.movies or start >= page.total_count:
                return
