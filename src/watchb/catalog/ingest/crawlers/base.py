"""The crawler base class: fetch records from a source, validate them, save them a page at a time.

A subclass says where records come from (`fetch`), how one becomes a model dict (`to_model_dict`)
and how many records its API sends per page (`page_size`); the base class does the rest the same
way for every source: each record of a page is validated on its own (a rejected one is skipped with
its reason), then the page's valid movies are written together in one transaction
(`ingest.pages.save_movies`). A page that fails for another reason than a race is written again
one movie per transaction, so only the movie that fails is lost.

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
from watchb.catalog.ingest.pages import SavedMovie, save_movies
from watchb.catalog.ingest.serializers import MovieSerializer
from watchb.catalog.models import Movie
from watchb.catalog.sources.http import SourceError

from .report import CrawlReport

logger = logging.getLogger(__name__)

#: How many times a page's (or one movie's) transaction is tried while crawls running at once race
#: for its rows.
SAVE_ATTEMPTS = 8
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


def wait_for_others_saving(films: list[dict]) -> None:
    """On PostgreSQL, wait until no other transaction is saving a film with the title and release
    date of one of `films`, so that a crawl of the other source running at once finds its row and
    merges into it (`matching.find_counterpart`) rather than making a second one: the two rows would
    share no id for a unique key to catch. One statement takes every film's lock, in the order of
    their keys, so two pages that share films never wait for each other in a cycle. Call it inside
    the transaction, before the look-ups. Elsewhere nothing: SQLite's IMMEDIATE transactions
    already save one page at a time."""
    if connection.vendor != "postgresql":
        return
    keys = sorted({film_lock(film) for film in films if film.get("title") and film.get("release_date")})
    if keys:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(key) FROM unnest(%s::bigint[]) WITH ORDINALITY AS t(key, n) ORDER BY n",
                [keys],
            )


def film_lock(film: dict) -> int:
    """The advisory lock key of `film`'s title (upper-cased, as `title__iexact` compares) and date."""
    name = f"{film['title'].upper()}|{film['release_date']}"
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


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

    Subclasses set `source` (its name in reports), `id_field` (the Movie field holding its ids),
    `page_size` (the records one page of its API holds: what is written in one transaction) and
    implement `fetch` and `make_client`.
    """

    source: str = ""
    id_field: str = ""
    page_size: int = 20
    serializer_class = MovieSerializer

    def __init__(self, client=None, *, progress=None):
        self.client = client if client is not None else self.make_client()
        self.progress = progress
        #: Set for a crawl of reported changes: the source's new values replace the ones we hold.
        self.refresh = False
        self.limit = None
        self._validator = None

    def make_client(self):
        raise NotImplementedError

    # -- the steps --------------------------------------------------------------------------------

    def fetch(self, **options) -> Iterator:
        """Yield the source's records (or `Gone` markers) for the crawl `options` describe."""
        raise NotImplementedError

    def to_model_dict(self, record) -> dict:
        """The model dict of one record (the source module's mapper)."""
        return self.client.to_model_dict(record)

    @property
    def validator(self) -> MovieSerializer:
        """The one `serializer_class` instance that validates every record of this crawler.

        Validating never changes a serializer (its fields hold no state between records), so its
        field tree is built once, not once per record: building it was most of the cost of
        validating. What each record drops goes to the `DropLog` its context names at the time.
        """
        if self._validator is None:
            self._validator = self.serializer_class(context={"source_id_field": self.id_field})
        return self._validator

    def validated_movie(self, data: dict, drops: DropLog) -> dict:
        """The validated movie of model dict `data`; ValidationError when the movie is rejected.

        What validation drops goes to `drops`.
        """
        self.validator.context["drops"] = drops
        return self.validator.run_validation(data)

    def serialize(self, data: dict, drops: DropLog) -> MovieSerializer:
        """A validated serializer of model dict `data`, ready to `save` one movie on its own;
        ValidationError when the movie is rejected.

        What validation drops goes to `drops`. The context also names our source's id field, so that
        saving matches the film another source brought (see `MovieSerializer.find_existing`).
        """
        context = {"refresh": self.refresh, "source_id_field": self.id_field, "drops": drops}
        serializer = self.serializer_class(data=data, context=context)
        serializer.is_valid(raise_exception=True)
        return serializer

    def save_page(self, movies: list[dict]) -> list[SavedMovie]:
        """Save a page of validated movies in one transaction, set-based (`pages.save_movies`).

        Each movie is found by its source ids, else as the same film from the other source; found, it
        is merged, else created. When a crawl running at the same time inserts one of the page's
        movies first (a unique key violated, or a deadlock between the two), the transaction is
        tried again from the look-ups, and merges. Any other DatabaseError is raised.
        """
        attempts_left = SAVE_ATTEMPTS
        while True:
            try:
                with transaction.atomic():
                    wait_for_others_saving(movies)
                    return save_movies(movies, id_field=self.id_field, refresh=self.refresh)
            except (IntegrityError, OperationalError) as exc:
                attempts_left -= 1
                if not attempts_left or not lost_a_race(exc):
                    raise
                logger.info("%s: retrying a page of %d movies after %s", self.source, len(movies), exc)

    def get_or_register(self, serializer) -> tuple[Movie, bool]:
        """Save one validated movie in its own transaction; return it and whether it is new.

        The one-by-one path, taken for the movies of a page that failed as a whole.

        The serializer finds the movie by its source ids, else as the same film from the other source;
        found, it is merged (blanks filled, nothing blanked), else created. When a crawl running at
        the same time inserts the same movie, person, genre or country first (a unique key violated,
        or a deadlock between the two), the transaction is tried again from the look-up, and merges.
        """
        attempts_left = SAVE_ATTEMPTS
        while True:
            try:
                with transaction.atomic():
                    wait_for_others_saving([serializer.validated_data])
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
        """Crawl what `options` select (see the subclass's `fetch`), at most `limit` records, saving
        them `page_size` at a time.

        A source that fails for good raises its SourceError, carrying the report so far as `report`;
        the records it gave before failing are saved first.
        """
        report = CrawlReport(self.source)
        self.limit = limit
        started = time.monotonic()
        page = []
        try:
            for record in self.fetch(**options):
                report.fetched += 1
                page.append(record)
                enough = limit is not None and report.fetched >= limit
                if len(page) >= self.page_size or enough:
                    self.register_page(page, report)
                    page = []
                if enough:
                    break
            self.register_page(page, report)
        except SourceError as exc:
            self.register_page(page, report)
            exc.report = report  # what was saved before the source failed stays saved; say so
            raise
        finally:
            report.elapsed = time.monotonic() - started
        return report

    def register(self, record, report: CrawlReport) -> None:
        """Validate and save one record, counting what happened in `report`."""
        self.register_page([record], report)

    def register_page(self, records: list, report: CrawlReport) -> None:
        """Validate each of `records`, save the valid ones as one page, and count what happened."""
        valid = [checked for record in records if (checked := self.validate(record, report))]
        if valid:
            try:
                saved = self.save_page([movie for _, movie, _ in valid])
            except DatabaseError as exc:
                # The page rolled back whole: save its movies one by one, so only a failing one is lost.
                logger.warning(
                    "%s: could not save a page of %d movies (%s); saving them one by one", self.source, len(valid), exc
                )
                for data, _, drops in valid:
                    self.register_one(data, drops, report)
            else:
                for (_, _, drops), movie in zip(valid, saved, strict=True):
                    self.count(report, drops, movie.created, movie.kept_without_id)
        if self.progress is not None and records:
            self.progress.update(len(records))

    def validate(self, record, report: CrawlReport) -> tuple[dict, dict, DropLog] | None:
        """`record`'s model dict, its validated movie and what validation dropped; None, counted in
        `report`, when it is skipped."""
        if isinstance(record, Gone):
            report.skip(record.reason)
            return None
        drops = DropLog()
        try:
            data = self.to_model_dict(record)
            return data, self.validated_movie(data, drops), drops
        except ValidationError as exc:
            report.skip(describe_errors(exc.detail))
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            # A record shaped in a way the mapper never met: one record lost, not the whole crawl.
            logger.exception("%s: could not read a record", self.source)
            report.skip(f"unreadable record: {type(exc).__name__}")
        return None

    def register_one(self, data: dict, drops: DropLog, report: CrawlReport) -> None:
        """Save the movie of model dict `data` (valid) in its own transaction, counting what happened."""
        serializer = self.serialize(data, DropLog())  # what it drops is in `drops` already
        try:
            _, created = self.get_or_register(serializer)
        except DatabaseError as exc:
            # The transaction rolled back: the movie is absent, the crawl goes on.
            logger.warning("%s: could not save %r: %s", self.source, serializer.validated_data.get("title"), exc)
            report.skip(f"database: {type(exc).__name__}")
            return
        self.count(report, drops, created, people_without_id(serializer.validated_data))

    @staticmethod
    def count(report: CrawlReport, drops: DropLog, created: bool, kept_without_id: int) -> None:
        report.count_drops(drops.entries)
        report.kept_without_id += kept_without_id
        if created:
            report.created += 1
        else:
            report.merged += 1

    def announce_total(self, total: int) -> None:
        """Tell the progress bar how many records to expect (a fetch calls it once it knows)."""
        if self.progress is not None and total:
            self.progress.total = min(total, self.limit) if self.limit else total
            self.progress.refresh()
