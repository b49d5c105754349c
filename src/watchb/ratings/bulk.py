"""Adding millions of ratings in one transaction: stage them, then insert the new ones set-based.

    with transaction.atomic(), RatingStage() as stage:
        for chunk in chunks:                 # bounded memory: a chunk at a time
            stage.add(chunk)                 # (user id, movie id, rating, epoch seconds) tuples
        inserted = stage.insert_new()        # the pairs the site lacks; the rest left as they are

The stage is a temporary table, filled through PostgreSQL's `COPY` (psycopg 3's `cursor.copy`) or
SQLite's batched `executemany`. `insert_new` moves it into the ratings with one
`INSERT ... SELECT ... ON CONFLICT DO NOTHING`: a pair the site already has keeps its rating, so
loading the same rows again adds nothing, and a unique-constraint race with a user rating at the
same moment is settled by the database. The summary triggers stand aside for the stage's
transaction and the touched movies' and users' summaries are recounted set-based instead
(`summaries.py`). Nothing is visible to others before the caller's transaction commits, and a
failure anywhere rolls all of it back.

A pair staged twice (a file that repeats a row) is inserted once; which of the two is not promised.

**A big load on PostgreSQL** (at least `REBUILD_AT` ratings, and at least as many as the table
holds) sets the ratings' constraints and indexes aside and makes them again after the insert,
inside the same transaction: the two foreign keys checked row by row cost about 40 µs a rating at
commit (25M ratings: a quarter of an hour for the checks alone) where re-adding them checks the
table in one join each,
and an index built by sorting beats millions of scattered inserts (measured at 1M ratings on this
machine: 23 s for the upsert into the indexed table, 8 s for the plain insert and the two key
builds). The price: the ratings table is locked (ACCESS EXCLUSIVE) until the load commits, so
pages that read ratings wait for it. A smaller load into a bigger table keeps them, and readers
never wait. A big load ends by gathering the planner's statistics (`ANALYZE`) on what it filled.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db import DatabaseError, connection

from . import summaries

STAGE = "rating_stage"
RATINGS = "ratings_rating"
# Rows sent to the database at a time; a chunk is a few MB of text for COPY.
CHUNK_SIZE = 50_000
SQLITE_CACHE_KIB = 512 * 1024
REBUILD_AT = 500_000
# Memory for PostgreSQL's index builds (sorts) and the recount's aggregates, for this transaction.
POSTGRES_WORK_MEM = "256MB"

StagedRating = tuple[int, int, Decimal | str, int]  # user id, movie id, rating, epoch seconds


class RatingStage:
    """A temporary table of ratings to add, for the length of the caller's transaction."""

    def __init__(self):
        self.staged = 0
        self.postgres = connection.vendor == "postgresql"
        self._paused = summaries.paused_triggers()

    def __enter__(self):
        if not connection.in_atomic_block:
            raise RuntimeError("a RatingStage must be used inside transaction.atomic()")
        with connection.cursor() as cursor:
            if not self.postgres:
                # SQLite's default page cache (2 MB) makes each insert into the ratings' indexes a
                # read from disk once they outgrow it: a bulk load keeps them in memory instead.
                cursor.execute("PRAGMA cache_size")
                self._cache_size = cursor.fetchone()[0]
                cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
            cursor.execute(
                f"CREATE TEMP TABLE {STAGE} (user_id integer NOT NULL, movie_id bigint NOT NULL, "
                "rating decimal(2, 1) NOT NULL, rated_at bigint NOT NULL)"
            )
        self._paused.__enter__()
        return self

    def __exit__(self, *exc_info):
        if connection.needs_rollback:
            return False  # no statement may run until the rollback, which ends the pause
        try:
            with connection.cursor() as cursor:
                self._paused.__exit__(None, None, None)
                cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
                if not self.postgres:
                    cursor.execute(f"PRAGMA cache_size = {self._cache_size}")
        except DatabaseError:
            if exc_info[0] is None:
                raise
            # The transaction failed already (PostgreSQL refuses every statement until the
            # rollback, which ends the pause too): the error that failed it is the one to see.
        return False

    def add(self, rows: Iterable[StagedRating]) -> None:
        """Stage `rows`: (user id, movie id, rating, rated_at as whole seconds since 1970, UTC)."""
        rows = list(rows)
        if not rows:
            return
        with connection.cursor() as cursor:
            if self.postgres:
                text = "".join(f"{user}\t{movie}\t{rating}\t{at}\n" for user, movie, rating, at in rows)
                with cursor.copy(f"COPY {STAGE} (user_id, movie_id, rating, rated_at) FROM STDIN") as copy:
                    copy.write(text)
            else:
                cursor.executemany(
                    f"INSERT INTO {STAGE} (user_id, movie_id, rating, rated_at) VALUES (%s, %s, %s, %s)",
                    [(user, movie, str(rating), at) for user, movie, rating, at in rows],
                )
        self.staged += len(rows)

    def worth_rebuilding(self, cursor) -> bool:
        """PostgreSQL: whether this load is big enough to set the table's constraints and indexes
        aside (see the module's docstring)."""
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [RATINGS])
        return self.staged >= max(REBUILD_AT, cursor.fetchone()[0])

    def insert_new(self) -> int:
        """Insert the staged ratings whose (user, movie) the site lacks, then recount the touched
        movies' and users' summaries; returns how many were inserted."""
        rated_at = "to_timestamp(rated_at)" if self.postgres else "datetime(rated_at, 'unixepoch')"
        columns = f"user_id, movie_id, rating, {rated_at}"
        with connection.cursor() as cursor:
            rebuild = []
            if self.postgres:
                cursor.execute(f"SET LOCAL work_mem = '{POSTGRES_WORK_MEM}'")
                cursor.execute(f"SET LOCAL maintenance_work_mem = '{POSTGRES_WORK_MEM}'")
                if self.worth_rebuilding(cursor):
                    rebuild = _set_aside_constraints_and_indexes(cursor)
            if rebuild:
                # No unique index to arbitrate: the pairs the table has are left out by an anti-join
                # (nobody else writes while it is locked), the staged repeats by DISTINCT ON, whose
                # sort also lays the rows out in the order the unique index is then built in.
                cursor.execute(
                    f"INSERT INTO {RATINGS} (user_id, movie_id, rating, rated_at) "
                    f"SELECT DISTINCT ON (user_id, movie_id) {columns} FROM {STAGE} AS staged "
                    f"WHERE NOT EXISTS (SELECT FROM {RATINGS} AS rated "
                    "WHERE rated.user_id = staged.user_id AND rated.movie_id = staged.movie_id) "
                    "ORDER BY user_id, movie_id"
                )
            else:
                # WHERE TRUE: SQLite's parser needs a WHERE before an upsert's ON CONFLICT.
                cursor.execute(
                    f"INSERT INTO {RATINGS} (user_id, movie_id, rating, rated_at) "
                    f"SELECT {columns} FROM {STAGE} WHERE TRUE ON CONFLICT (user_id, movie_id) DO NOTHING"
                )
            inserted = cursor.rowcount
            for statement in rebuild:
                cursor.execute(statement)
        summaries.recount(f"SELECT movie_id FROM {STAGE}", f"SELECT user_id FROM {STAGE}")
        if rebuild:
            _analyze_after_big_load()
        return inserted


def _analyze_after_big_load() -> None:
    """Gather the planner's statistics on the tables a big load filled, in its transaction.

    Without them PostgreSQL plans a user's latest ratings as a walk backwards through the whole
    export index (3.8 s at 25M ratings, where 35 ms will do), and autovacuum, which would gather
    them later, may be slow to come or switched off. PostgreSQL's manual advises it after any bulk
    load ("Populating a Database": "Run ANALYZE Afterwards"); it samples, so it costs seconds at 25M.
    """
    from django.contrib.auth import get_user_model

    from watchb.catalog.models import Movie

    tables = [RATINGS, summaries.MOVIES, summaries.USERS, get_user_model()._meta.db_table, Movie._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")


def _set_aside_constraints_and_indexes(cursor) -> list[str]:
    """Lock the ratings table, drop its constraints (keys, unique, checks) and indexes, and return
    the statements that make them again as they were: the primary and unique keys first, whose
    indexes the others' checks use, the foreign keys last."""
    order = "CASE contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'c' THEN 2 ELSE 4 END"
    cursor.execute(
        f"SELECT 'ALTER TABLE {RATINGS} DROP CONSTRAINT ' || quote_ident(conname), "
        f"'ALTER TABLE {RATINGS} ADD CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid), "
        f"{order} FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'c', 'f') "
        "UNION ALL "
        "SELECT 'DROP INDEX ' || indexrelid::regclass::text, pg_get_indexdef(indexrelid), 3 FROM pg_index "
        "WHERE indrelid = %s::regclass AND NOT EXISTS (SELECT FROM pg_constraint WHERE conindid = indexrelid) "
        "ORDER BY 3 DESC",
        [RATINGS, RATINGS],
    )
    rows = cursor.fetchall()
    # Checks still pending from earlier writes of this transaction would forbid the ALTERs: run them now.
    cursor.execute(
        "SELECT string_agg(quote_ident(conname), ', ') FROM pg_constraint WHERE conrelid = %s::regclass "
        "AND contype = 'f' AND condeferrable",
        [RATINGS],
    )
    deferred = cursor.fetchone()[0]
    if deferred:
        cursor.execute(f"SET CONSTRAINTS {deferred} IMMEDIATE")
    for drop, _, _ in rows:  # foreign keys and plain indexes first, the keys they may lean on last
        cursor.execute(drop)
    return [make for _, make, _ in reversed(rows)]
