"""Database expressions: counts of related rows as subqueries, and those that let the export read a
page already written as JSON by the database.

A page of 10,000 records is read with `.values_list()`; `JSONObjectText` makes the database answer
each record as its JSON text, so that Python converts nothing per record: it joins the texts.
"""

import json

from django.db import NotSupportedError
from django.db.models import (
    BigIntegerField,
    Count,
    DecimalField,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce

from .models import Follow


def count_of(model, field: str):
    """How many `model` rows point at the outer row through `field` (a subquery, so several counts
    on one row don't multiply each other's joins)."""
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("*")).values("n")), Value(0), output_field=IntegerField())


def with_profile_counts(users):
    """`users` annotated with what a profile shows of each: `rating_count` (from their maintained
    summary, 0 without one), `follower_count` and `following_count` (subqueries)."""
    return users.annotate(
        rating_count=Coalesce("rating_summary__rating_count", Value(0)),
        follower_count=count_of(Follow, "followee"),
        following_count=count_of(Follow, "follower"),
    )


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
        # date_part's double, not EXTRACT's numeric (PostgreSQL 14+): half the cost, which is a
        # seventh of a 10,000-record export page's time in PostgreSQL. Exact until the year 2255,
        # while a double holds the microseconds since 1970, so the floor is the moment's second.
        return super().as_sql(
            compiler, connection, template="CAST(FLOOR(date_part('epoch', %(expressions)s)) AS BIGINT)"
        )


class JSONDecimal(Func):
    """A decimal column as a number whose text in the database is the JSON `json.dumps` writes for
    its Python float: `4.5`, and `3.0` rather than `3`. PostgreSQL writes a `numeric` with its scale,
    so a column with one decimal place or more is already that text; SQLite keeps `3.0` as the
    integer 3, so it is cast to a REAL, which it writes as `3.0`. Exact for decimals of up to 15
    significant digits written without an exponent, where `repr(float)` writes the same digits: a
    rating's 0.5 to 5.0 in half stars."""

    output_field = DecimalField()

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(f"JSONDecimal is not implemented for {connection.vendor}")

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="CAST(%(expressions)s AS REAL)")

    def as_postgresql(self, compiler, connection, **extra_context):
        return compiler.compile(self.get_source_expressions()[0])


class JSONObjectText(Func):
    """`{"key":value,…}` as compact JSON text written by the database, byte for byte what
    `json.dumps(…, separators=(",", ":"))` writes for the same keys and values, for values whose text
    is their JSON: integers (`EpochSeconds` among them) and `JSONDecimal`s, never null.

    A page of the export is then a string per record that Python only joins: converting 40,000
    values to ints and floats and writing them back as text took most of a 10,000-record page's
    time in the site. `||` rather than `format()` or `json_build_object()`: it is the cheapest in
    PostgreSQL, and `json_build_object` puts spaces after its colons."""

    output_field = TextField()
    arg_joiner = " || "
    template = "(%(expressions)s)"

    def __init__(self, **values):
        parts = []
        for n, (key, value) in enumerate(values.items()):
            parts += [Value(("{" if n == 0 else ",") + json.dumps(key) + ":"), Cast(value, TextField())]
        super().__init__(*parts, Value("}"))


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
