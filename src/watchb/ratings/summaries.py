"""The rating summaries (`MovieRatingSummary`, `UserRatingSummary`) and how they stay right.

A movie's page and `/api/movies/` show its average, count and histogram; a user's page and
`/api/users/` their count. Computing those per request scans all of a movie's ratings (80,000 for a
popular film of MovieLens 25M), so they are read from summary rows instead, kept by the database:

- **Every write.** Triggers on the ratings table add a new rating to its movie's and user's rows,
  move a re-rate from its old stars to its new ones and take a deleted rating off (cascades from a
  deleted movie or user included), in the transaction of the write, whatever made it: the API, the
  admin, the ORM, raw SQL. The changes are relative (`count = count + 1`), made under the summary
  row's lock, so concurrent writers add up instead of overwriting each other (PostgreSQL's upsert
  re-reads the latest row version; SQLite has one writer at a time).
- **Locks.** A rating's trigger locks its movie's row, then its user's, so writers of one rating
  per statement (the API, the pages) queue on a popular movie's row and never deadlock. A statement
  that changes many ratings at once (a queryset update, a deleted user's ratings) locks its movies
  in the order it meets them, so two such statements running together over the same movies can
  deadlock; PostgreSQL then fails one of them (a retry succeeds). Statement-level triggers over
  transition tables, locking in movie order, would remove that; not done yet.
- **Bulk loads.** A trigger per row would cost a bulk load of millions of rows as much again, so the
  loads pause the triggers for their own transaction (`paused_triggers`) and then recount the touched
  movies and users in two set-based statements (`recount`). On PostgreSQL the recount first locks
  the summary tables against writers (readers go on), so a rating committed meanwhile is either
  counted by the recount or added after it, never both or neither.

The pause is the transaction's alone: on PostgreSQL a transaction-local setting
(`watchb.summaries_paused`), on SQLite a row in `ratings_summary_pause` that only the writing
transaction sees (SQLite has one writer).
"""

from contextlib import contextmanager

from django.db import connection

from .models import HALF_STARS, HISTOGRAM_FIELDS

MOVIES, USERS, RATINGS = "ratings_movieratingsummary", "ratings_userratingsummary", "ratings_rating"
PAUSE_SETTING, PAUSE_TABLE = "watchb.summaries_paused", "ratings_summary_pause"


def _star_flags(row: str) -> list[str]:
    """For each histogram column, 1 when `row`'s rating is its half star, else 0."""
    return [f"CASE WHEN {row}.rating = {value} THEN 1 ELSE 0 END" for value in HALF_STARS]


def _add(table: str, key: str, row: str, histogram: bool) -> str:
    """An upsert adding rating `row` (NEW) to its summary row in `table`."""
    columns = [key, "rating_count", "rating_total", *(HISTOGRAM_FIELDS if histogram else [])]
    values = [f"{row}.{key}", "1", f"{row}.rating", *(_star_flags(row) if histogram else [])]
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in columns[1:])
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values)}) "
        f"ON CONFLICT ({key}) DO UPDATE SET {updates};"
    )


def _take_off(table: str, key: str, row: str, histogram: bool) -> str:
    """An update taking rating `row` (OLD) off its summary row in `table`."""
    changes = [("rating_count", "1"), ("rating_total", f"{row}.rating")]
    if histogram:
        changes += list(zip(HISTOGRAM_FIELDS, _star_flags(row), strict=True))
    sets = ", ".join(f"{column} = {column} - {amount}" for column, amount in changes)
    return f"UPDATE {table} SET {sets} WHERE {key} = {row}.{key};"


def _adding(row: str) -> str:
    return _add(MOVIES, "movie_id", row, True) + "\n" + _add(USERS, "user_id", row, False)


def _taking_off(row: str) -> str:
    return _take_off(MOVIES, "movie_id", row, True) + "\n" + _take_off(USERS, "user_id", row, False)


def trigger_statements(vendor: str) -> list[str]:
    """The DDL that installs the triggers on `vendor` ("postgresql" or "sqlite")."""
    if vendor == "postgresql":
        return [
            f"""CREATE OR REPLACE FUNCTION ratings_summaries_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    {_taking_off("OLD")}
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    {_adding("NEW")}
  END IF;
  RETURN NULL;
END $$""",
            f"""CREATE TRIGGER ratings_summaries AFTER INSERT OR DELETE OR UPDATE OF rating, movie_id, user_id
ON {RATINGS} FOR EACH ROW WHEN (current_setting('{PAUSE_SETTING}', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION ratings_summaries_follow()""",
        ]
    if vendor == "sqlite":
        when = f"WHEN NOT EXISTS (SELECT 1 FROM {PAUSE_TABLE})"
        return [
            f"CREATE TABLE IF NOT EXISTS {PAUSE_TABLE} (paused integer NOT NULL)",
            f"CREATE TRIGGER ratings_summaries_insert AFTER INSERT ON {RATINGS} {when} BEGIN {_adding('NEW')} END",
            f"CREATE TRIGGER ratings_summaries_update AFTER UPDATE OF rating, movie_id, user_id ON {RATINGS} {when} "
            f"BEGIN {_taking_off('OLD')} {_adding('NEW')} END",
            f"CREATE TRIGGER ratings_summaries_delete AFTER DELETE ON {RATINGS} {when} BEGIN {_taking_off('OLD')} END",
        ]
    raise NotImplementedError(f"rating summaries have no triggers for {vendor}")


def drop_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS ratings_summaries ON {RATINGS}",
            "DROP FUNCTION IF EXISTS ratings_summaries_follow()",
        ]
    return [
        *(f"DROP TRIGGER IF EXISTS ratings_summaries_{event}" for event in ("insert", "update", "delete")),
        f"DROP TABLE IF EXISTS {PAUSE_TABLE}",
    ]


@contextmanager
def paused_triggers():
    """Within a transaction: the summary triggers stand aside for this transaction's writes, which
    must then be followed by `recount` of what they touched before the transaction ends. On an
    error the pause goes with the rolled-back transaction (or savepoint) it was made in."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, 'on', true)", [PAUSE_SETTING])
        else:
            cursor.execute(f"INSERT INTO {PAUSE_TABLE} (paused) VALUES (1)")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, 'off', true)", [PAUSE_SETTING])
        else:
            cursor.execute(f"DELETE FROM {PAUSE_TABLE}")


def recount_statements(movies: str | None, users: str | None) -> list[str]:
    """Statements that set the summaries of the movies (users) that the SQL query `movies` (`users`)
    selects, all of them when None, to a recount of their ratings. A movie without ratings left
    keeps a row of zeros."""
    movie_filter = f"movie_id IN ({movies})" if movies else "TRUE"
    user_filter = f"user_id IN ({users})" if users else "TRUE"
    stars = [f"SUM(CASE WHEN rating = {value} THEN n ELSE 0 END)" for value in HALF_STARS]
    movie_columns = ["movie_id", "rating_count", "rating_total", *HISTOGRAM_FIELDS]
    user_columns = ["user_id", "rating_count", "rating_total"]

    def replace(columns):
        return ", ".join(f"{c} = excluded.{c}" for c in columns[1:])

    return [
        f"UPDATE {MOVIES} SET {', '.join(f'{c} = 0' for c in movie_columns[1:])} WHERE {movie_filter}",
        f"UPDATE {USERS} SET rating_count = 0, rating_total = 0 WHERE {user_filter}",
        # Counted per movie and half star first: the histogram's CASEs then run over ten rows a movie.
        f"INSERT INTO {MOVIES} ({', '.join(movie_columns)}) "
        f"SELECT movie_id, SUM(n), SUM(rating * n), {', '.join(stars)} FROM ("
        f"SELECT movie_id, rating, COUNT(*) AS n FROM {RATINGS} WHERE {movie_filter} GROUP BY movie_id, rating"
        f") AS by_star WHERE TRUE GROUP BY movie_id "
        f"ON CONFLICT (movie_id) DO UPDATE SET {replace(movie_columns)}",
        f"INSERT INTO {USERS} ({', '.join(user_columns)}) "
        f"SELECT user_id, COUNT(*), SUM(rating) FROM {RATINGS} WHERE {user_filter} GROUP BY user_id "
        f"ON CONFLICT (user_id) DO UPDATE SET {replace(user_columns)}",
    ]


def recount(movies: str | None = None, users: str | None = None) -> None:
    """Recount the summaries of the movies and users the SQL queries select (see `recount_statements`),
    in the current transaction; on PostgreSQL under a lock that keeps writers out until it ends."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {MOVIES}, {USERS} IN SHARE ROW EXCLUSIVE MODE")
        for statement in recount_statements(movies, users):
            cursor.execute(statement)
