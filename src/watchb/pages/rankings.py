"""Which published ranking the home page shows: a day's, or a window of days ending with it.

A day alone is often too sparse to rank (on a typical public ratings history most days have no
movie with enough raters), so the pipeline also publishes the last 7 and 30 days. The home page
shows the narrowest window with at least `ENOUGH_ENTRIES` ranked movies, unless the visitor picked one.
"""

import hashlib
from typing import NamedTuple

from django.db import connection
from django.db.models import Count

from watchb.rankings.models import DailyRanking
from watchb.recommendations.models import DailyRecommendations

# A ranking this long is worth showing as it is; a shorter one gives way to a wider window.
ENOUGH_ENTRIES = 10
WINDOWS = DailyRanking.Window.values


def published_dates(window=DailyRanking.Window.DAY):
    """The dates with a published ranking of `window` days, oldest first."""
    return list(DailyRanking.objects.filter(window=window).order_by("date").values_list("date", flat=True))


def published_dates_and_version(window=DailyRanking.Window.DAY):
    """`(dates, version)`: `published_dates(window)` and the moment the latest of those rankings
    was published (None before the first), which changes whenever any of them is (re)published."""
    rows = list(DailyRanking.objects.filter(window=window).order_by("date").values_list("date", "published_at"))
    return [day for day, _ in rows], max((at for _, at in rows), default=None)


class PublishedVersion(NamedTuple):
    """What the pipeline has published, as far as a movie page shows it."""

    key: str  # changes whenever a day ranking or the latest recommendations are published or removed
    recommendations: int | None  # the id of the latest published DailyRecommendations, or None


def published_version() -> PublishedVersion:
    """The day rankings' count and latest publishing moment and the latest recommendations' id and
    publishing moment, in one query: a page keeps what it drew from them under `key`."""
    rankings, recommendations = DailyRanking._meta.db_table, DailyRecommendations._meta.db_table
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {quote(rankings)} WHERE {quote('window')} = %s),"
            f" (SELECT MAX(published_at) FROM {quote(rankings)} WHERE {quote('window')} = %s),"
            f" latest.id, latest.published_at"
            f" FROM (SELECT 1) AS one LEFT JOIN"
            f" (SELECT id, published_at FROM {quote(recommendations)} ORDER BY date DESC LIMIT 1) AS latest ON TRUE",
            [DailyRanking.Window.DAY, DailyRanking.Window.DAY],
        )
        count, ranked_at, latest_id, recommended_at = cursor.fetchone()
    raw = f"{count}|{ranked_at}|{latest_id}|{recommended_at}"  # the moments are strings on SQLite
    return PublishedVersion(hashlib.blake2b(raw.encode(), digest_size=8).hexdigest(), latest_id)


def latest_date():
    """The latest date any ranking was published for, or None before the first publish."""
    return DailyRanking.objects.order_by("-date").values_list("date", flat=True).first()


def rankings_of(date):
    """The rankings published for `date`, narrowest window first, each with `entry_count` set."""
    return list(DailyRanking.objects.filter(date=date).annotate(entry_count=Count("entries")).order_by("window"))


def choose_ranking(rankings, window=None):
    """The ranking to show among `rankings` (one date's, narrowest first).

    `window` when the visitor asked for one (None if that window was not published for the date);
    otherwise the narrowest with at least ENOUGH_ENTRIES entries, else the one with the most.
    """
    if window is not None:
        return next((ranking for ranking in rankings if ranking.window == window), None)
    for ranking in rankings:
        if ranking.entry_count >= ENOUGH_ENTRIES:
            return ranking
    return max(rankings, key=lambda ranking: ranking.entry_count, default=None)
