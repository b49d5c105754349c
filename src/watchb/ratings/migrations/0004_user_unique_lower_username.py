"""One account per username in any letter case, kept by the database: `Alice` and `alice` signing up
at the same moment both pass `usernames.validate_new_username`, and this index makes the second
insert fail (the sign-up views answer it with a 400 naming `username`).

A functional unique index on `auth_user`, which PostgreSQL and SQLite both have. A database that
already holds two names differing only in case is not changed: the migration stops and names them,
so that one can be renamed first (`manage.py shell`, or the admin).
"""

from django.db import migrations

INDEX = "auth_user_username_lower_uniq"


def refuse_case_duplicates(apps, schema_editor):
    from django.db.models import Count
    from django.db.models.functions import Lower

    User = apps.get_model("auth", "User")
    clashes = (
        User.objects.annotate(lowered=Lower("username"))
        .values("lowered")
        .annotate(count=Count("id"))
        .filter(count__gt=1)
        .values_list("lowered", flat=True)
    )
    if clashes:
        names = ", ".join(sorted(clashes)[:10])
        raise RuntimeError(f"Usernames differing only in letter case must be renamed before this migration: {names}")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("ratings", "0003_reply"),
    ]

    operations = [
        migrations.RunPython(refuse_case_duplicates, migrations.RunPython.noop),
        migrations.RunSQL(
            f"CREATE UNIQUE INDEX {INDEX} ON auth_user (LOWER(username))",
            reverse_sql=f"DROP INDEX {INDEX}",
        ),
    ]
