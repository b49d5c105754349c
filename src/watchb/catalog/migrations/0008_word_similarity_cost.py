"""Tells PostgreSQL's planner what a typo test costs, on PostgreSQL only; nothing on SQLite.

The search's typo test is pg_trgm's `%>` (word similarity at a threshold), whose function pg_trgm
declares at the default cost of 1, as cheap as comparing two integers. It makes the trigrams of both
strings on every call, a few microseconds, a hundred times that. Believing it cheap, the planner
read the whole movie table with it on every row (three processes in parallel) rather than the
trigram indexes whenever a query's trigrams were common: on the 25M load test's 62,292 titles,
"secrte" took 346 ms for the count and 217 ms for the page, "strange face" 239 and 237, against
32–54 ms each from the indexes. COST 100 is the figure PostgreSQL's manual gives as an example for
an expensive function (CREATE FUNCTION, "execution_cost"); with it the planner takes the indexes.

The function belongs to whoever installed pg_trgm: where that is not the site's database user (an
extension installed by an administrator), the ALTER is refused, and the migration says so in a
NOTICE and leaves the default: the search is then right, only slower for such queries.
"""

from django.db import migrations

FUNCTION = "word_similarity_commutator_op(text, text)"


def set_cost(cost):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"""
            DO $$
            BEGIN
                ALTER FUNCTION {FUNCTION} COST {cost};
            EXCEPTION WHEN insufficient_privilege THEN
                RAISE NOTICE 'pg_trgm''s {FUNCTION} is not ours to change: its cost stays as it is';
            END
            $$
            """
        )

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_search_upper_indexes"),
    ]

    operations = [
        migrations.RunPython(set_cost(100), set_cost(1), elidable=False),
    ]
