"""Storing a day's ranking: one transaction that replaces whatever the day held before."""

from django.db import transaction
from django.utils import timezone

from .models import DailyRanking, RankingEntry

# Rows per INSERT; Django lowers it further where the database needs (SQLite's parameter limit).
BULK_BATCH_SIZE = 1000


def publish_ranking(date, entries, source=""):
    """Store `entries` as the ranking of `date`, replacing any earlier publish of that day.

    `entries` are dicts of RankingEntry field values (`movie_id`, `rank`, `avg_rating`,
    `num_ratings`, `weighted_rating`), already checked (see `RankingResultsField`). Returns
    `(ranking, created)`, `created` being False when the day had been published before.

    Readers see the old ranking or the new one, never a mix: the day's row is locked, its entries
    deleted and the new ones bulk-inserted in one transaction. Publishing the same entries twice
    leaves the same rows behind (only `published_at` moves).
    """
    with transaction.atomic():
        # update_or_create locks an existing row (SELECT ... FOR UPDATE), so two publishers of the
        # same day take turns; a race on the first publish ends in one row (the unique date).
        ranking, created = DailyRanking.objects.update_or_create(
            date=date, defaults={"published_at": timezone.now(), "source": source}
        )
        if not created:
            RankingEntry.objects.filter(ranking=ranking).delete()
        RankingEntry.objects.bulk_create(
            [RankingEntry(ranking=ranking, **entry) for entry in entries], batch_size=BULK_BATCH_SIZE
        )
    return ranking, created
