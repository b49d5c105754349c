"""Set-based writes of many model instances in one statement each, for PostgreSQL and SQLite alike.

Django's `bulk_create` and `bulk_update` do the same jobs, but spend far more time building their
SQL than the database spends running it (`bulk_update` writes a ``CASE WHEN pk = …`` per row and
field). A page of the crawl writes thousands of rows: these two write them as plain multi-row
statements both databases run (SQLite from 3.35: ``RETURNING``, ``UPDATE … FROM``, ``ON CONFLICT``).
Values go through each field's `get_db_prep_save`, as the ORM's own writes do.
"""

from itertools import chain
from operator import attrgetter

from django.db import connections
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import CharField, Field, IntegerField, TextField


def insert_rows(
    model, instances, *, on_conflict: str | None = None, returning: bool = True, returning_keys: tuple[str, ...] = ()
) -> list[tuple]:
    """Insert `instances` (new rows of `model`) with one ``INSERT … VALUES (…), (…)`` per chunk.

    :param on_conflict: None (a duplicate key raises IntegrityError) or ``"ignore"`` (``ON CONFLICT
        DO NOTHING``: rows whose key exists are left out).
    :param returning: set each instance's primary key from ``RETURNING`` (not with ``"ignore"``,
        which returns no row for what it leaves out).
    :param returning_keys: with ``"ignore"``, fields whose values ``RETURNING`` gives back with the
        primary key of each row inserted, so the caller can tell which instance each is.

    Fields with ``auto_now``/``auto_now_add`` are set as `save` sets them (`Field.pre_save`).
    Returns the rows ``(pk, *returning_keys)`` of the rows inserted with `returning_keys`, else [].
    """
    inserted = []
    if not instances:
        return inserted
    connection = connections[model.objects.db]
    quote = connection.ops.quote_name
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    table = quote(meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    tail = ""
    if on_conflict == "ignore":
        tail, returning = " ON CONFLICT DO NOTHING", False
        if returning_keys:
            names = [meta.pk.column, *(meta.get_field(name).column for name in returning_keys)]
            tail += " RETURNING " + ", ".join(map(quote, names))
    elif on_conflict is not None:
        raise ValueError(f"on_conflict must be None or 'ignore', not {on_conflict!r}")
    elif returning_keys:
        raise ValueError("returning_keys goes with on_conflict='ignore'")
    if returning:
        tail += f" RETURNING {quote(meta.pk.column)}"
    limit = max_params(connection)
    per_statement = max(1, limit // len(fields))
    with connection.cursor() as cursor:
        for start in range(0, len(instances), per_statement):
            chunk = instances[start : start + per_statement]
            # Column by column, then row by row: one comprehension per column instead of two calls per value.
            columns_of = [_column(field, chunk, connection) for field in fields]
            params = list(chain.from_iterable(zip(*columns_of, strict=True)))
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(chunk))}{tail}", params)
            if returning:
                for instance, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                    instance.pk = pk
            elif returning_keys:
                inserted += cursor.fetchall()
            for instance in chunk:
                instance._state.adding = False
                instance._state.db = connection.alias
    return inserted


def max_params(connection) -> int:
    """How many parameters one statement may carry: SQLite's own limit (Django assumes the 999 of
    SQLite before 3.32; since then it is 32,766), PostgreSQL's 65,535 (its protocol's count is 16 bits)."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 65535


def _column(field, instances, connection) -> list:
    """`field`'s values of `instances`, ready to insert.

    Read by `pre_save` where it sets the value (``auto_now``, ``auto_now_add``), else from the
    attribute; prepared by `field.get_db_prep_save` for `connection`, except None, passed as it is
    as Django passes it, and a `str` for a text field or an `int` for an integer field whose class
    leaves Django's preparation as it is, since that preparation returns them unchanged (most of a
    page's values: preparing each was a tenth of a crawl's writing).
    """
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        values = [field.pre_save(instance, True) for instance in instances]
    else:
        values = list(map(attrgetter(field.attname), instances))
    prepare = field.get_db_prep_save
    unchanged = _unchanged_type(field, connection)
    if unchanged is None:
        return [None if value is None else prepare(value, connection) for value in values]
    return [value if value is None or type(value) is unchanged else prepare(value, connection) for value in values]


def _unchanged_type(field, connection):
    """`str` for a text field, `int` for an integer field, whose preparation is Django's own and
    gives back a value of that type as it is (ints only where the database's operations leave them
    as they are, as SQLite's do: PostgreSQL's give them a psycopg type); else None."""
    kind = type(field)
    if kind.get_db_prep_save is not Field.get_db_prep_save:
        return None
    text_preparation = (
        kind.get_prep_value in (CharField.get_prep_value, TextField.get_prep_value)
        and kind.get_db_prep_value is Field.get_db_prep_value
    )
    if isinstance(field, CharField | TextField) and text_preparation:
        return str
    integer_preparation = (
        kind.get_prep_value is IntegerField.get_prep_value
        and kind.get_db_prep_value is IntegerField.get_db_prep_value
        and type(connection.ops).adapt_integerfield_value is BaseDatabaseOperations.adapt_integerfield_value
    )
    if isinstance(field, IntegerField) and integer_preparation:
        return int
    return None


def update_rows(model, instances, names) -> None:
    """Write fields `names` of `instances` (rows of `model` that exist) in one statement.

    ``WITH v(pk, …) AS (VALUES (…), …) UPDATE table SET … FROM v WHERE table.pk = v.pk``, which both
    PostgreSQL and SQLite (3.33 and later) run. Django's `bulk_update` writes the same with a
    ``CASE WHEN pk = … THEN …`` per row and field, which costs far more to build than to run.
    Values are cast to their columns' types: PostgreSQL reads untyped parameters in VALUES as text.
    """
    if not instances:
        return
    connection = connections[model.objects.db]
    quote = connection.ops.quote_name
    fields = [model._meta.pk, *(model._meta.get_field(name) for name in names)]
    casts = ", ".join(f"CAST(%s AS {field.db_type(connection)})" for field in fields)
    columns = ", ".join(quote(field.column) for field in fields)
    table = quote(model._meta.db_table)
    assignments = ", ".join(f"{quote(field.column)} = v.{quote(field.column)}" for field in fields[1:])
    limit = max_params(connection)
    per_statement = max(1, limit // len(fields))
    with connection.cursor() as cursor:
        for start in range(0, len(instances), per_statement):
            chunk = instances[start : start + per_statement]
            params = [
                field.get_db_prep_save(getattr(instance, field.attname), connection)
                for instance in chunk
                for field in fields
            ]
            values = ", ".join([f"({casts})"] * len(chunk))
            pk = quote(fields[0].column)
            cursor.execute(
                f"WITH v({columns}) AS (VALUES {values}) "
                f"UPDATE {table} SET {assignments} FROM v WHERE {table}.{pk} = v.{pk}",
                params,
            )
