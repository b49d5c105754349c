"""Merge genre rows that mean the same genre (issue 11): one row per `watchb.catalog.genres` meaning.

Before this, a genre KMDb spelled its own way (``코메디``, ``멜로/로맨스``) was a row of its own beside
TMDB's (``코미디``, 35). Each group of rows with one meaning becomes one row, named and keyed the
canonical way, and every film keeps each of its genres: a film linked to two rows of a group ends
linked once to the one kept. Rolling back leaves the rows merged: which film came with which
spelling is not recorded.
"""

from django.db import migrations

from watchb.catalog.genres import canonical_genre


def merge_genres(apps, schema_editor):
    Genre = apps.get_model("catalog", "Genre")
    Link = apps.get_model("catalog", "Movie").genres.through
    groups = {}
    for genre in Genre.objects.order_by("pk"):
        canonical = canonical_genre(genre.name, genre.tmdb_id)
        key = canonical["tmdb_id"] if canonical["tmdb_id"] is not None else canonical["name"]
        groups.setdefault(key, (canonical, []))[1].append(genre)
    for canonical, rows in groups.values():
        # Keep the row TMDB's id already names, else the one with the canonical name, else the oldest.
        by_id = [g for g in rows if canonical["tmdb_id"] is not None and g.tmdb_id == canonical["tmdb_id"]]
        kept = (by_id or [g for g in rows if g.name == canonical["name"]] or rows)[0]
        for other in rows:
            if other.pk == kept.pk:
                continue
            linked = set(Link.objects.filter(genre_id=kept.pk).values_list("movie_id", flat=True))
            for link in Link.objects.filter(genre_id=other.pk):
                if link.movie_id in linked:
                    link.delete()
                else:
                    Link.objects.filter(pk=link.pk).update(genre_id=kept.pk)
            other.delete()
        if (kept.name, kept.tmdb_id) != (canonical["name"], canonical["tmdb_id"]):
            kept.name, kept.tmdb_id = canonical["name"], canonical["tmdb_id"]
            kept.save(update_fields=["name", "tmdb_id"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_person_film_key")]

    operations = [migrations.RunPython(merge_genres, migrations.RunPython.noop)]
