"""The TMDB crawler: discover pages (split by release dates past TMDB's 500-page cap), or changes."""

from collections.abc import Iterator
from datetime import date, timedelta
from itertools import islice

from watchb.catalog.sources.http import SourceNotFound
from watchb.catalog.sources.tmdb import TmdbClient

from .base import Crawler, Gone, fetch_ahead, unique

#: Movies per discover page (TMDB's fixed size): what one transaction saves.
PAGE_SIZE = 20
#: TMDB serves at most this many pages of one discover query.
MAX_DISCOVER_PAGES = 500
#: TMDB answers /movie/changes for windows of at most this many days.
MAX_CHANGES_DAYS = 14
#: Where an open-ended discover window starts when it has to be split (the first films).
EARLIEST_RELEASE = date(1874, 1, 1)
#: How far past today an open-ended window reaches (announced films).
YEARS_AHEAD = 10


class TmdbCrawler(Crawler):
    """Crawls TMDB v3: one `/discover/movie` listing, then one detail call per movie.

    `fetch` options:

    :param since: first release date (a ``date``), or None for no lower bound.
    :param until: last release date, or None.
    :param pages: read at most this many discover pages (20 movies each).
    :param changed_since: instead of discover, read the movies `/movie/changes` lists from this
        date to `until` (or today); their new values replace the ones we hold.
    """

    source = "tmdb"
    id_field = "tmdb_id"
    page_size = PAGE_SIZE
    #: Detail requests in flight while movies are saved (TMDB allows about 40 requests a second).
    detail_workers = 4

    def make_client(self):
        return TmdbClient()

    def fetch(self, *, since=None, until=None, pages=None, changed_since=None) -> Iterator:
        if changed_since is not None:
            self.refresh = True
            ids = self.changed_ids(changed_since, until or date.today())
        else:
            ids = self.discover_ids(since, until, pages)
        ids = unique(ids)  # a movie can move between pages while we read them
        if self.limit is not None:
            ids = islice(ids, self.limit)  # ask for no detail the crawl will not use
        yield from fetch_ahead(ids, self.movie, workers=self.detail_workers)

    def movie(self, tmdb_id):
        """One movie's record (one request, everything appended), or `Gone` if TMDB deleted it."""
        try:
            return self.client.movie(tmdb_id)
        except SourceNotFound:
            return Gone(tmdb_id)

    def discover_ids(self, since, until, pages=None) -> Iterator[int]:
        """Ids of the movies released between `since` and `until`, in at most `pages` pages.

        A window with more than 500 pages is split in two halves by release date, recursively,
        until every part fits; a single day that still does not fit is read up to the cap.
        """
        budget = [pages if pages is not None else float("inf")]
        first = self._page(1, since, until, budget)
        if first is None:
            return
        self.announce_total(min(first.total_results, pages * 20) if pages else first.total_results)
        yield from self._window(first, since, until, budget)

    def _window(self, first, since, until, budget) -> Iterator[int]:
        if first.total_pages > MAX_DISCOVER_PAGES:
            since = since or EARLIEST_RELEASE
            until = until or date(date.today().year + YEARS_AHEAD, 12, 31)
            if since < until:
                middle = since + (until - since) // 2
                for start, end in ((since, middle), (middle + timedelta(days=1), until)):
                    page = self._page(1, start, end, budget)
                    if page is None:
                        return
                    yield from self._window(page, start, end, budget)
                return
        yield from first.ids
        for number in range(2, min(first.total_pages, MAX_DISCOVER_PAGES) + 1):
            page = self._page(number, since, until, budget)
            if page is None:
                return
            yield from page.ids

    def _page(self, number, since, until, budget):
        if budget[0] <= 0:
            return None
        budget[0] -= 1
        return self.client.discover(page=number, release_date_gte=since, release_date_lte=until)

    def changed_ids(self, start: date, end: date) -> Iterator[int]:
        """Ids of movies changed from `start` to `end`, read in windows TMDB accepts."""
        while start <= end:
            window_end = min(start + timedelta(days=MAX_CHANGES_DAYS - 1), end)
            number, total_pages = 1, 1
            while number <= total_pages:
                page = self.client.changes(start_date=start, end_date=window_end, page=number)
                total_pages = page.total_pages
                yield from page.ids
                number += 1
            start = window_end + timedelta(days=1)
