"""The KMDb client: one session, the ``ServiceKey`` from settings, the search and its pages."""

import re
from collections.abc import Iterator, Mapping
from datetime import date

from ..http import JsonHttpClient, SourceError
from .mapper import movie_to_model_dict
from .records import COLLECTION, KmdbMovie, KmdbPage

MAX_LIST_COUNT = 500


class KmdbClient(JsonHttpClient):
    """A KMDb ``search_json2.jsp`` client.

    :param api_url: the full ``search_json2.jsp`` address; ``settings.KMDB_API_URL`` when None.
    :param service_key: the ``ServiceKey``; ``settings.KMDB_SERVICE_KEY`` when None.
    :param options: the retry and timeout options of :class:`JsonHttpClient`.
    """

    secret_params = frozenset({"ServiceKey"})

    def __init__(self, api_url: str | None = None, service_key: str | None = None, **options):
        if api_url is None or service_key is None:
            from django.conf import settings

            api_url = api_url if api_url is not None else settings.KMDB_API_URL
            service_key = service_key if service_key is not None else settings.KMDB_SERVICE_KEY
        super().__init__(api_url, **options)
        self._service_key = service_key or ""

    def auth_params(self) -> dict[str, str]:
        return {"ServiceKey": self._service_key}

    def search(
        self,
        *,
        release_dts: date | str | None = None,
        release_dte: date | str | None = None,
        title: str | None = None,
        director: str | None = None,
        start_count: int = 0,
        list_count: int = 100,
    ) -> KmdbPage:
        """One page of the search, movies ``start_count`` (0-based) to ``start_count + list_count - 1``.

        Release dates are days (a ``date``, ``"YYYY-MM-DD"`` or ``"YYYYMMDD"``), both ends included.
        """
        if isinstance(start_count, bool) or not isinstance(start_count, int) or start_count < 0:
            raise ValueError(f"start_count must be an integer of 0 or more, not {start_count!r}")
        if isinstance(list_count, bool) or not isinstance(list_count, int) or not 1 <= list_count <= MAX_LIST_COUNT:
            raise ValueError(f"list_count must be an integer from 1 to {MAX_LIST_COUNT}, not {list_count!r}")
        data = self.get_json(
            "",
            {
                "collection": COLLECTION,
                "detail": "Y",
                "releaseDts": _yyyymmdd(release_dts),
                "releaseDte": _yyyymmdd(release_dte),
                "title": title,
                "director": director,
                "startCount": start_count,
                "listCount": list_count,
            },
        )
        if not isinstance(data, Mapping) or "Data" not in data:
            raise SourceError(
                f"{self.base_url} answered without a Data list: not a KMDb search answer", url=self.base_url
            )
        return KmdbPage.from_json(data, start_count=start_count)

    def iter_movies(self, *, list_count: int = 100, limit: int | None = None, **criteria) -> Iterator[KmdbMovie]:
        """Every movie the search finds, page after page, up to ``limit`` movies.

        Advances by the number of movies received, not by ``list_count``, so a server that sends
        fewer than asked loses nothing; an empty page ends the search early.
        """
        start = 0
        while limit is None or start < limit:
            page = self.search(start_count=start, list_count=list_count, **criteria)
            movies = page.movies if limit is None else page.movies[: limit - start]
            yield from movies
            start += len(page.movies)
            if not page.movies or start >= page.total_count:
                return

    def to_model_dict(self, movie: KmdbMovie) -> dict:
        """:func:`movie_to_model_dict`, offered here too so crawlers treat both clients alike."""
        return movie_to_model_dict(movie)


def _yyyymmdd(value: date | str | None) -> str | None:
    """A day as KMDb wants it: a ``date``, an ISO "2024-01-31" or "20240131" all become "20240131"."""
    if isinstance(value, date):
        return value.strftime("%Y%m%d")
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return value.strip().replace("-", "")
    return value
