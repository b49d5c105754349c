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
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db import connection

from . import summaries

STAGE = "rating_stage"
RATINGS = "ratings_rating"
# Rows sent to the database at a time; a chunk is a few MB of text for COPY.
CHUNK_SIZE = 50_000

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
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
            cursor.execute(
                f"CREATE TEMP TABLE {STAGE} (user_id integer NOT NULL, movie_id bigint NOT NULL, "
                "rating decimal(2, 1) NOT NULL, rated_at bigint NOT NULL)"
            )
        self._paused.__enter__()
        return self

    def __exit__(self, *exc_info):
        # On an error, the caller's rollback takes the pause and the table away.
        if exc_info[0] is None:
            self._paused.__exit__(None, None, None)
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE {STAGE}")
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

    def insert_new(self) -> int:
        """Insert the staged ratings whose (user, movie) the site lacks, then recount the touched
        movies' and users' summaries; returns how many were inserted."""
        rated_at = "to_timestamp(rated_at)" if self.postgres else "datetime(rated_at, 'unixepoch')"
        with connection.cursor() as cursor:
            # WHERE TRUE: SQLite's parser needs a WHERE before an upsert's ON CONFLICT.
            cursor.execute(
                f"INSERT INTO {RATINGS} (user_id, movie_id, rating, rated_at) "
                f"SELECT user_id, movie_id, rating, {rated_at} FROM {STAGE} WHERE TRUE "
                "ON CONFLICT (user_id, movie_id) DO NOTHING"
            )
            inserted = cursor.rowcount
        summaries.recount(f"SELECT movie_id FROM {STAGE}", f"SELECT user_id FROM {STAGE}")
        return inserted
