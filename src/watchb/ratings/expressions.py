"""Database expressions: counts of related rows as subqueries, and those that let the export read a
page as plain values, converted by the database.

A page of 10,000 records is read with `.values_list()`; these make the database answer with the
JSON types themselves (an int for a timestamp, a float for a rating), so that Python converts
nothing per record.
"""

from django.db import NotSupportedError
from django.db.models import (
    BigIntegerField,
    Count,
    DecimalField,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce


def count_of(model, field: str):
    """How many `model` rows point at the outer row through `field` (a subquery, so several counts
    on one row don't multiply each other's joins)."""
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("*")).values("n")), Value(0), output_field=IntegerField())


class EpochSeconds(Func):
    """A datetime column as whole seconds since 1970-01-01 UTC, computed by the database."""

    output_field = BigIntegerField()

    def get_db_converters(self, connection):
        # The database answers with an int already; skipping Django's per-value int() saves a
        # function call per record, about a tenth of the time of a 10,000-record page.
        return []

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(f"EpochSeconds is not implemented for {connection.vendor}")

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django keeps SQLite datetimes as UTC text; the format goes in as a parameter so that
        # its "%s" is not taken for a placeholder.
        fmt, column = Value("%s"), self.get_source_expressions()[0]
        return Cast(Func(fmt, column, function="strftime"), IntegerField()).as_sql(compiler, connection)

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="CAST(FLOOR(EXTRACT(EPOCH FROM %(expressions)s)) AS BIGINT)"
        )


class AsFloat(Cast):
    """The value cast to a float by the database (which answers with a Python float already)."""

    def __init__(self, expression):
        super().__init__(expression, FloatField())

    def get_db_converters(self, connection):
        return []  # see EpochSeconds


class SummaryAverage(Func):
    """A summary's `total / count` rounded to 2 decimals (NULL when the count is 0 or NULL), computed
    as the database computes `ROUND(AVG(rating), 2)` over the same ratings, so the figure is the one
    a per-request aggregate gave: exact decimals on PostgreSQL, a float division on SQLite (whose AVG
    divides a float sum)."""

    output_field = DecimalField()

    def __init__(self, total, count):
        super().__init__(total, count)

    def as_sql(self, compiler, connection, **extra_context):
        (total, total_params), (count, count_params) = (compiler.compile(e) for e in self.get_source_expressions())
        if connection.vendor == "sqlite":
            total = f"CAST({total} AS REAL)"
        return f"ROUND({total} / NULLIF({count}, 0), 2)", (*total_params, *count_params)
