"""Storing a day's recommendations: one transaction that replaces whatever the day held before."""

from django.db import connection, transaction
from django.utils import timezone

from .models import DailyRecommendations, SimilarMovie, UserRecommendation
from .publishing import max_query_params

SIMILAR_COLUMNS = ("recommendations", "movie", "similar", "score", "rank")
USER_COLUMNS = ("recommendations", "user", "movie", "because", "score", "rank")


def publish_recommendations(date, similar, users, source=""):
    """Store the checked entries as the recommendations of `date`, replacing an earlier publish.

    `similar` holds dicts with `movie_id`, `similar_id`, `score`, `rank`; `users` dicts with
    `user_id`, `movie_id`, `because_id`, `score`, `rank` (see `recommendation_serializers.py`).
    Returns `(day, created)`. As with rankings, readers see the old day or the new one, never a mix.
    """
    with transaction.atomic():
        # update_or_create locks an existing day's row, so two publishers of one day take turns.
        day, created = DailyRecommendations.objects.update_or_create(
            date=date, defaults={"published_at": timezone.now(), "source": source}
        )
        if not created:
            SimilarMovie.objects.filter(recommendations=day).delete()
            UserRecommendation.objects.filter(recommendations=day).delete()
        insert_rows(
            SimilarMovie,
            SIMILAR_COLUMNS,
            [(day.pk, e["movie_id"], e["similar_id"], e["score"], e["rank"]) for e in similar],
        )
        insert_rows(
            UserRecommendation,
            USER_COLUMNS,
            [(day.pk, e["user_id"], e["movie_id"], e["because_id"], e["score"], e["rank"]) for e in users],
        )
    return day, created


def insert_rows(model, fields, rows):
    """Insert `rows` (tuples in `fields` order) with multi-row INSERTs as large as the database allows.

    For the reason rankings do it this way rather than with `bulk_create` (several times faster for
    checked plain values), see `publishing.insert_entries`.
    """
    if not rows:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    row_placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    batch_size = max_query_params() // len(fields)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {', '.join([row_placeholders] * len(batch))}",
                [value for row in batch for value in row],
            )
