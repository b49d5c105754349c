"""Storing a day's ranking: one transaction that replaces whatever the day held before."""

from .models import DailyRanking, RankingEntry
from .published.storing import publish_day


def publish_ranking(date, entries, source="", window=DailyRanking.Window.DAY):
    """Store `entries` as the ranking of `date` (of the `window` days ending with it), replacing any
    earlier publish of that day and window.

    `entries` are dicts of RankingEntry field values (`movie_id`, `rank`, `avg_rating`,
    `num_ratings`, `weighted_rating`), already checked (see `RankingResultsField`). Returns
    `(ranking, created)`, `created` being False when the day had been published before; readers see
    the old ranking or the new one, never a mix (see `publish_day`).
    """
    return publish_day(DailyRanking, date, source, {RankingEntry: entries}, window=window)
