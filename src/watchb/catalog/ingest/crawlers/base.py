"""The crawler base class: fetch records from a source, validate them, save each movie atomically.

A subclass says where records come from (`fetch`) and how one becomes a model dict
(`to_model_dict`); the base class does the rest the same way for every source:

    crawler = TmdbCrawler()
    report = crawler.run(since=date(2024, 1, 1), until=date(2024, 1, 31), limit=100)
    print(report)
"""

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import DatabaseError, transaction
from django.db.models import Q
from rest_framework.exceptions import ValidationError

from watchb.catalog.ingest import MovieSerializer, describe_errors
from watchb.catalog.models import Credit, Movie
from watchb.catalog.sources.http import SourceError

from .report import CrawlReport

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Gone:
    """A record the source listed but could not give (deleted since it was listed)."""

    source_id: object
    reason: str = "gone from the source"


def unique(items: Iterable) -> Iterator:
    """`items` without repeats, in their first order."""
    seen = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            yield item


def fetch_ahead(items: Iterable, fetch_one: Callable, *, workers: int = 4) -> Iterator:
    """``fetch_one(item)`` for each item, in order, with up to `workers` calls running ahead.

    For sources that need one request per record: the requests for the next records are in flight
    while the current one is validated and saved (the database is only touched by the caller's
    thread). Closing the generator early cancels what has not started.
    """
    if workers <= 1:
        yield from map(fetch_one, items)
        return
    pool = ThreadPoolExecutor(workers, thread_name_prefix="fetch")
    try:
        pending = deque()
        for item in items:
            pending.append(pool.submit(fetch_one, item))
            if len(pending) >= workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class Crawler:
    """Reads one open source into the catalogue by the ingestion rules of DESIGN.md.

    :param client: the source's client; the subclass builds one from the settings when None.
    :param progress: anything with tqdm's ``update(n)`` and a writable ``total`` (or None).

    Subclasses set `source` (its name in reports), `id_field` (the Movie field holding its ids) and
    implement `fetch` and `make_client`.
    """

    source: str = ""
    id_field: str = ""
    serializer_class = MovieSerializer

    def __init__(self, client=None, *, progress=None):
        self.client = client if client is not None else self.make_client()
        self.progress = progress
        #: Set for a crawl of reported changes: the source's new values replace the ones we hold.
        self.refresh = False
        self.limit = None

    def make_client(self):
        raise NotImplementedError

    # -- the four steps ---------------------------------------------------------------------------

    def fetch(self, **options) -> Iterator:
        """Yield the source's records (or `Gone` markers) for the crawl `options` describe."""
        raise NotImplementedError

    def to_model_dict(self, record) -> dict:
        """The model dict of one record (the source module's mapper)."""
        return self.client.to_model_dict(record)

    def serialize(self, record) -> MovieSerializer:
        """The validated serializer of one record; ValidationError when the movie is rejected."""
        serializer = self.serializer_class(data=self.to_model_dict(record), context={"refresh": self.refresh})
        serializer.is_valid(raise_exception=True)
        return serializer

    def get_or_register(self, serializer) -> tuple[Movie, bool]:
        """Save one validated movie in its own transaction; return it and whether it is new.

        The movie is found by its source ids, else as the same film from the other source
        (`find_counterpart`); found, it is merged (blanks filled, nothing blanked), else created.
        """
        data = serializer.validated_data
        with transaction.atomic():
            movie = serializer.find_existing(data)
            if movie is None:
                movie = self.find_counterpart(data)
                if movie is not None:
                    self.share_people(movie, data)
            if movie is not None:
                serializer.instance = movie
            movie = serializer.save()
        return movie, serializer.created

    def run(self, *, limit: int | None = None, **options) -> CrawlReport:
        """Crawl what `options` select (see the subclass's `fetch`), at most `limit` records.

        A source that fails for good raises its SourceError, carrying the report so far as `report`.
        """
        report = CrawlReport(self.source)
        self.limit = limit
        started = time.monotonic()
        try:
            for record in self.fetch(**options):
                report.fetched += 1
                self.register(record, report)
                if self.progress is not None:
                    self.progress.update(1)
                if limit is not None and report.fetched >= limit:
                    break
        except SourceError as exc:
            exc.report = report  # what was saved before the source failed stays saved; say so
            raise
        finally:
            report.elapsed = time.monotonic() - started
        return report

    def register(self, record, report: CrawlReport) -> None:
        """Validate and save one record, counting what happened in `report`."""
        if isinstance(record, Gone):
            report.skip(record.reason)
            return
        try:
            serializer = self.serialize(record)
        except ValidationError as exc:
            report.skip(describe_errors(exc.detail))
            return
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            # A record shaped in a way the mapper never met: one record lost, not the whole crawl.
            logger.exception("%s: could not read a record", self.source)
            report.skip(f"unreadable record: {type(exc).__name__}")
            return
        try:
            _, created = self.get_or_register(serializer)
        except DatabaseError as exc:
            # The transaction rolled back: the movie is absent, the crawl goes on.
            logger.warning("%s: could not save %r: %s", self.source, serializer.validated_data.get("title"), exc)
            report.skip(f"database: {type(exc).__name__}")
            return
        report.count_drops(serializer.dropped_fields + serializer.dropped_children)
        if created:
            report.created += 1
        else:
            report.merged += 1

    def announce_total(self, total: int) -> None:
        """Tell the progress bar how many records to expect (a fetch calls it once it knows)."""
        if self.progress is not None and total:
            self.progress.total = min(total, self.limit) if self.limit else total
            self.progress.refresh()

    # -- cross-source matching --------------------------------------------------------------------

    def find_counterpart(self, data) -> Movie | None:
        """The movie another source brought that `data` describes too, or None.

        Same title (case aside), same release date, a director in common (by name or English name),
        and no id of ours yet. Ambiguous matches are not merged.
        """
        directors = {
            value
            for credit in data.get("credits", ())
            if credit["job"] == Credit.Job.DIRECTOR
            for value in (credit["person"].get("name"), credit["person"].get("name_en"))
            if value
        }
        if not (data.get("title") and data.get("release_date") and directors):
            return None
        candidates = list(
            Movie.objects.filter(
                Q(credits__person__name__in=directors) | Q(credits__person__name_en__in=directors),
                **{f"{self.id_field}__isnull": True},
                title__iexact=data["title"],
                release_date=data["release_date"],
                credits__job=Credit.Job.DIRECTOR,
            ).distinct()[:2]
        )
        return candidates[0] if len(candidates) == 1 else None

    def share_people(self, movie: Movie, data) -> None:
        """Give people met in both sources of one film one row: same job, a name in common, an id missing.

        An incoming person whose counterpart in `movie` (same job, same name or English name, without
        our id) has the other source's id gets that id too, so the merge finds the existing person and
        fills in ours. English names matter for foreign people: TMDB names them in English where KMDb
        writes their name in Hangul and keeps the English one beside it.
        """
        theirs = {}
        for credit in movie.credits.select_related("person"):
            person = credit.person
            if getattr(person, self.id_field) is None:
                for name in (person.name, person.name_en):
                    if name:
                        theirs.setdefault((credit.job, name.casefold()), person)
        for credit in data.get("credits", ()):
            person = credit["person"]
            names = [n.casefold() for n in (person.get("name"), person.get("name_en")) if n]
            match = next((theirs[key] for n in names if (key := (credit["job"], n)) in theirs), None)
            if match is None or not person.get(self.id_field):
                continue
            for field in ("tmdb_id", "kmdb_id"):
                if field != self.id_field and not person.get(field) and getattr(match, field):
                    person[field] = getattr(match, field)
