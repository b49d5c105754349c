"""Small charts drawn on the server: a movie's rank over the published days, and its ratings'
histogram. Each function returns plain numbers for a template to draw (inline SVG or CSS bars), so
a page costs no script and no image request. The rank trend also draws itself (`RankTrend.svg`): the
home page shows a hundred of them, and a template loop per dot cost that page most of a second.
"""

from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

from watchb.rankings.models import RankingEntry
from watchb.ratings.models import HALF_STARS, MovieRatingSummary

# The buckets of the histogram: every rating a user can give, 0.5 … 5.0.
RATING_BUCKETS = HALF_STARS


@dataclass
class RankTrend:
    """A movie's rank on each published day, scaled into a `width` × `height` box.

    `segments` are SVG polyline `points` strings; a day on which the movie was not ranked breaks the
    line. `dots` are `(x, y, date, rank)` for each ranked day. Rank 1 is at the top; the vertical
    scale runs from the movie's best to its worst rank (`best`, `worst`), so a small change shows.
    """

    width: int
    height: int
    segments: list = field(default_factory=list)
    dots: list = field(default_factory=list)
    best: int | None = None
    worst: int | None = None
    latest: int | None = None
    days: int = 0
    first_day: object = None
    last_day: object = None

    @property
    def ranked_days(self):
        return len(self.dots)

    def svg(self, large=False) -> SafeString:
        """The trend as an inline `<svg>` sparkline ("" when the movie was never ranked): a line per
        segment, a dot per ranked day titled with its date and rank; `large` (the movie page) adds each
        dot's rank and the first and last days below. Only numbers and dates go into the markup,
        which is why it needs no escaping."""
        if not self.dots:
            return mark_safe("")
        radius = "3" if large else "1.8"
        width, height = self.width, self.height
        parts = [
            f'<svg class="rank-trend" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="Rank over {self.days} published days: best {self.best}, worst {self.worst}">',
            f"<title>Ranked on {self.ranked_days} of {self.days} days; best #{self.best}, worst #{self.worst}</title>",
        ]
        parts += [
            f'<polyline points="{points}" fill="none" stroke="currentColor" stroke-width="1.5"/>'
            for points in self.segments
        ]
        for x, y, day, rank in self.dots:
            parts.append(f'<circle cx="{x}" cy="{y}" r="{radius}" fill="currentColor">')
            parts.append(f"<title>{day:%Y-%m-%d}: #{rank}</title></circle>")
            if large:
                parts.append(f'<text x="{x}" y="{y}" dy="-6" text-anchor="middle">{rank}</text>')
        if large:
            parts.append(
                f'<text x="{width}" y="{height}" dy="-1" text-anchor="end" class="axis">{self.last_day:%m-%d}</text>'
                f'<text x="0" y="{height}" dy="-1" class="axis">{self.first_day:%m-%d}</text>'
            )
        parts.append("</svg>")
        return mark_safe("".join(parts))


def rank_trend(dates, rank_by_date, width=120, height=28, padding=3):
    """Scale one movie's ranks into a RankTrend.

    :param dates: the published dates, oldest first (the x axis; each date gets a slot).
    :param rank_by_date: `{date: rank}` for the days on which the movie was ranked.
    """
    trend = RankTrend(width=width, height=height, days=len(dates))
    if dates:
        trend.first_day, trend.last_day = dates[0], dates[-1]
    ranks = [rank_by_date[day] for day in dates if day in rank_by_date]
    if not ranks:
        return trend
    trend.best, trend.worst = min(ranks), max(ranks)
    trend.latest = rank_by_date.get(dates[-1])
    span_x = width - 2 * padding
    span_y = height - 2 * padding
    step = span_x / (len(dates) - 1) if len(dates) > 1 else 0
    current = []
    for index, day in enumerate(dates):
        rank = rank_by_date.get(day)
        if rank is None:
            if current:
                trend.segments.append(" ".join(current))
                current = []
            continue
        x = padding + index * step if len(dates) > 1 else width / 2
        share = (rank - trend.best) / (trend.worst - trend.best) if trend.worst > trend.best else 0.5
        y = padding + share * span_y
        current.append(f"{x:.1f},{y:.1f}")
        trend.dots.append((round(x, 1), round(y, 1), day, rank))
    if current:
        trend.segments.append(" ".join(current))
    return trend


def rank_trends(movie_ids, dates, window=1, **size):
    """`{movie_id: RankTrend}` for many movies over the published `dates` of the rankings of
    `window` days, in one query."""
    ranks = {movie_id: {} for movie_id in movie_ids}
    rows = RankingEntry.objects.filter(
        movie_id__in=list(ranks), ranking__date__in=dates, ranking__window=window
    ).values_list("movie_id", "ranking__date", "rank")
    for movie_id, day, rank in rows:
        ranks[movie_id][day] = rank
    return {movie_id: rank_trend(dates, by_date, **size) for movie_id, by_date in ranks.items()}


def rating_histogram(movie, summary=None):
    """The number of each rating `movie` received, one bucket per half star (0.5 … 5.0), from its
    maintained summary (`summary`, if the caller has read it already).

    Returns `{"total", "buckets": [{"value", "count", "percent"}]}`; `percent` is the bar's height
    relative to the tallest bucket (0–100), which is what a bar chart needs.
    """
    counts = (summary or MovieRatingSummary.of(movie)).histogram()
    tallest = max(counts.values(), default=0)
    buckets = [
        {
            "value": value,
            "count": counts.get(value, 0),
            "percent": round(100 * counts.get(value, 0) / tallest) if tallest else 0,
        }
        for value in RATING_BUCKETS
    ]
    return {"total": sum(counts.values()), "buckets": buckets}
