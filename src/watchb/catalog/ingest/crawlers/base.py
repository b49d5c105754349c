"""The crawler base class: fetch records from a source, validate them, save each movie atomically.

A subclass says where records come from (`fetch`) and how one becomes a model dict
(`to_model_dict`); the base class does the rest the same way for every source:

    crawler = TmdbCrawler()
    report = crawler.run(since=date(2024, 1, 1), until=date(2024, 1, 31), limit=100)
    print(report)
"""

import hashlib
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import DatabaseError, IntegrityError, OperationalError, connection, transaction
from rest_framework.exceptions import ValidationError

from watchb.catalog.ingest.drops import DropLog, describe_errors
from watchb.catalog.ingest.matching import people_without_id
from watchb.catalog.ingest.serializers import MovieSerializer
from watchb.catalog.models import Movie
from watchb.catalog.sources.http import SourceError

from .report import CrawlReport

logger = logging.getLogger(__name__)

#: How many times one movie's transaction is tried while crawls running at once race for its rows.
SAVE_ATTEMPTS = 5
#: PostgreSQL's SQLSTATE for a unique key taken; class 40 is a transaction rolled back for another
#: one (serialization failure 40001, deadlock 40P01).
UNIQUE_VIOLATION, TRANSACTION_ROLLBACK = "23505", "40"


def lost_a_race(exc: DatabaseError) -> bool:
    """Whether `exc`'s transaction may succeed if tried again: a unique key another transaction took
    first, or a transaction PostgreSQL rolled back for a concurrent one. (SQLite names no SQLSTATE:
    there any IntegrityError counts; one that is not a race fails every attempt alike.)"""
    state = getattr(exc.__cause__, "sqlstate", None)
    if state is None:
        return isinstance(exc, IntegrityError)
    return state == UNIQUE_VIOLATION or state.startswith(TRANSACTION_ROLLBACK)


def wait_for_others_saving(film: dict) -> None:
    """On PostgreSQL, wait until no other transaction is saving a film with `film`'s title and
    release date, so that a crawl of the other source running at once finds its row and merges into
    it (`matching.find_counterpart`) rather than making a second one: the two rows would share no id
    for a unique key to catch. Call it inside the transaction, before the look-up. Elsewhere nothing:
    SQLite's IMMEDIATE transactions already save one movie at a time."""
    if connection.vendor != "postgresql" or not (film.get("title") and film.get("release_date")):
        return
    name = f"{film['title'].upper()}|{film['release_date']}"  # `title__iexact` compares upper cases
    key = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


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

    def serialize(self, record, drops: DropLog) -> MovieSerializer:
        """The validated serializer of one record; ValidationError when the movie is rejected.

        What validation drops goes to `drops`. The context also names our source's id field, so that
        saving matches the film another source brought (see `MovieSerializer.find_existing`).
        """
        context = {"refresh": self.refresh, "source_id_field": self.id_field, "drops": drops}
        serializer = self.serializer_class(data=self.to_model_dict(record), context=context)
        serializer.is_valid(raise_exception=True)
        return serializer

    def get_or_register(self, serializer) -> tuple[Movie, bool]:
        """Save one validated movie in its own transaction; return it and whether it is new.

        The serializer finds the movie by its source ids, else as the same film from the other source;
        found, it is merged (blanks filled, nothing blanked), else created. When a crawl running at
        the same time inserts the same movie, person, genre or country first (a unique key violated,
        or a deadlock between the two), the transaction is tried again from the look-up, and merges.
        """
        attempts_left = SAVE_ATTEMPTS
        while True:
            try:
                with transaction.atomic():
                    wait_for_others_saving(serializer.validated_data)
                    movie = serializer.save()
                return movie, serializer.created
            except (IntegrityError, OperationalError) as exc:
                attempts_left -= 1
                if not attempts_left or not lost_a_race(exc):
                    raise
                # Another crawl wrote one of this movie's rows first: look everything up again, so
                # this movie merges into the rows that crawl made.
                logger.info("%s: retrying %r after %s", self.source, serializer.validated_data.get("title"), exc)
                serializer.instance = None

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
        drops = DropLog()
        try:
            serializer = self.serialize(record, drops)
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
        report.count_drops(drops.entries)
        report.kept_without_id += people_without_id(serializer.validated_data)
        if created:
            report.created += 1
        else:
            report.merged += 1

    def announce_total(self, total: int) -> None:
        """Tell the progress bar how many records to expect (a fetch calls it once it knows)."""
        if self.progress is not None and total:
            self.progress.total = min(total, self.limit) if self.limit else total
            self.progress.refresh()
