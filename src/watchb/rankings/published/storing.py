"""Storing a published day: one transaction that replaces whatever the day held before."""

from operator import itemgetter

from django.db import connection, transaction
from django.utils import timezone


def publish_day(day_model, date, source, entries_by_model, **identity):
    """Store the day `date` of `day_model` with its entries, replacing an earlier publish of it whole.

    `identity` names the day further where a model keeps several per date (a ranking's `window`).

    `entries_by_model` maps each entry model to its checked entries: dicts keyed by the model's
    field attnames (`movie_id`, `rank`, ...), everything but the foreign key to the day. Returns
    `(day, created)`, `created` being False when the day had been published before.

    Readers see the old day or the new one, never a mix: the day's row is locked, its entries
    deleted and the new ones inserted in one transaction. Publishing the same entries twice leaves
    the same rows behind (only `published_at` moves).
    """
    with transaction.atomic():
        # update_or_create locks an existing row (SELECT ... FOR UPDATE), so two publishers of the
        # same day take turns; a race on the first publish ends in one row (the unique date, or date and window).
        day, created = day_model.objects.update_or_create(
            date=date, **identity, defaults={"published_at": timezone.now(), "source": source}
        )
        for model, entries in entries_by_model.items():
            day_field = foreign_key_to(model, day_model)
            if not created:
                model.objects.filter(**{day_field.name: day}).delete()
            insert_entries(model, day_field, day, entries)
    return day, created


def foreign_key_to(model, day_model):
    """The field of `model` that names its day (there is exactly one)."""
    (field,) = [field for field in model._meta.concrete_fields if field.related_model is day_model]
    return field


def insert_entries(model, day_field, day, entries):
    """Insert checked `entries` of `day` into `model` with multi-row INSERTs as large as the database allows.

    `bulk_create` writes the same statements but compiles them value by value: for 10,000 ranking
    entries on SQLite that was 0.4 s of a 0.5 s publish, against under 0.1 s here. The values are
    plain ints and floats already checked by the publish serializer, so nothing is lost by skipping
    the model layer (no signals are attached to the entry models).
    """
    if not entries:
        return
    given = [field for field in model._meta.concrete_fields if not field.primary_key and field is not day_field]
    values_of = itemgetter(*[field.attname for field in given])  # every entry model has several fields
    rows = [(day.pk, *values_of(entry)) for entry in entries]
    columns = [day_field, *given]
    quote = connection.ops.quote_name
    column_names = ", ".join(quote(field.column) for field in columns)
    row_placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    batch_size = max_query_params() // len(columns)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            values = ", ".join([row_placeholders] * len(batch))
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({column_names}) VALUES {values}",
                [value for row in batch for value in row],
            )


def max_query_params():
    """Parameters one statement may carry: SQLite's 999, else a size that keeps statements small."""
    return connection.features.max_query_params or 6000
