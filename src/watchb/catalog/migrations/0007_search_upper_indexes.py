"""Indexes for the search's candidates (`watchb.catalog.search._candidates`), on PostgreSQL only;
nothing on SQLite.

A query matching many rows ("the": half the titles) ranks only a bounded set of candidates: those
with a field equal to the query, those with a field starting with it, then any. A btree index per
searched column over `UPPER(column)` serves the first two tiers: `=` for Django's `iexact` and,
with `text_pattern_ops` (the databases' collation is not C), `LIKE 'THE%'` for its `istartswith`,
both of which compare `UPPER(column::text)`. The SQL is written out here, as in migration 0006, so
later changes to the app cannot change what this migration did.
"""

from django.db import migrations

COLUMNS = {"catalog_movie": ["title", "title_en", "original_title"], "catalog_person": ["name", "name_en"]}


def statements():
    """(create, drop) pairs, in creation order."""
    for table, columns in COLUMNS.items():
        for column in columns:
            name = f"{table}_{column}_upper"
            yield (
                f"CREATE INDEX {name} ON {table} (UPPER({column}::text) text_pattern_ops)",
                f"DROP INDEX {name}",
            )


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for create, _ in statements():
            schema_editor.execute(create)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for _, drop in reversed(list(statements())):
            schema_editor.execute(drop)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_search_indexes"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
