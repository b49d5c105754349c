"""The indexes of the search (`watchb.catalog.search`), on PostgreSQL only; nothing on SQLite.

`pg_trgm` and a GIN trigram index per searched column serve ILIKE '%word%' and the `%>` (word
similarity) operator; a GIN index per model over `to_tsvector('simple', ...)` of its searched columns
serves the full-text match. That expression must stay the one Django's `SearchVector(*fields,
config="simple")` writes, or the planner will not use the index (a test reads the query plan).
The SQL is written out here rather than read from the app, so later changes to the app cannot change
what this migration did.
"""

from django.db import migrations

COLUMNS = {"catalog_movie": ["title", "title_en", "original_title"], "catalog_person": ["name", "name_en"]}


def vector(columns):
    joined = " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns)
    return f"to_tsvector('simple'::regconfig, {joined})"


def statements():
    """(create, drop) pairs, in creation order."""
    # Trusted since PostgreSQL 13: a database owner may create it without being a superuser.
    yield "CREATE EXTENSION IF NOT EXISTS pg_trgm", "DROP EXTENSION IF EXISTS pg_trgm"
    for table, columns in COLUMNS.items():
        for column in columns:
            name = f"{table}_{column}_trgm"
            yield f"CREATE INDEX {name} ON {table} USING gin ({column} gin_trgm_ops)", f"DROP INDEX {name}"
        name = f"{table}_search_simple"
        yield f"CREATE INDEX {name} ON {table} USING gin ({vector(columns)})", f"DROP INDEX {name}"


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
        ("catalog", "0005_movie_tagline"),
    ]

    # Not Django's TrigramExtension: its reverse queries pg_extension on any database.
    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
