"""Published daily rankings: what the pipeline computed for one day, as the site serves it.

A `DailyRanking` is one day's published result (at most one per date, see `published.models`); its
`RankingEntry` rows are the ranked movies. Publishing a day again replaces its entries whole (see
`publishing.py`), so a ranking is always exactly what one publish sent.

Ratings are stored as floats (8-byte doubles on SQLite and PostgreSQL), so the numbers read back are
the very numbers the pipeline published, to the last digit.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from watchb.catalog.models import Movie

from .published.models import PublishedDay

MIN_RATING = 0.5
MAX_RATING = 5.0


class DailyRanking(PublishedDay):
    """The ranking of a day, or of a window of days ending with it (`window` days: 1, 7 or 30).

    A single day is often too sparse to rank (few movies reach the minimum number of raters), so the
    pipeline also ranks the last 7 and 30 days taken together; each (date, window) is published once.
    """

    class Window(models.IntegerChoices):
        DAY = 1, "the day"
        WEEK = 7, "7 days"
        MONTH = 30, "30 days"

    # Unique with the window, not alone: a day has one ranking per window.
    date = models.DateField(help_text="the day of ratings it was computed from (the last, for a window)")
    window = models.PositiveSmallIntegerField(
        choices=Window.choices, default=Window.DAY, help_text="the days ranked together, ending with the date"
    )

    class Meta(PublishedDay.Meta):
        # Recommendations are published with this permission too.
        permissions = [("publish", "Can publish daily rankings through the API")]
        constraints = [models.UniqueConstraint(fields=["date", "window"], name="one_ranking_per_day_and_window")]

    def __str__(self):
        if self.window == self.Window.DAY:
            return f"Ranking of {self.date.isoformat()}"
        return f"Ranking of the {self.window} days up to {self.date.isoformat()}"


class RankingEntry(models.Model):
    ranking = models.ForeignKey(DailyRanking, on_delete=models.CASCADE, related_name="entries")
    # A movie removed from the catalogue (say, merged into another) leaves the rankings with it, as
    # its ratings do; an entry without a title could not be served anyway.
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="ranking_entries")
    rank = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    avg_rating = models.FloatField(validators=[MinValueValidator(MIN_RATING), MaxValueValidator(MAX_RATING)])
    num_ratings = models.PositiveIntegerField("number of raters", validators=[MinValueValidator(1)])
    weighted_rating = models.FloatField(validators=[MinValueValidator(MIN_RATING), MaxValueValidator(MAX_RATING)])

    class Meta:
        ordering = ["ranking", "rank"]
        verbose_name_plural = "ranking entries"
        constraints = [
            models.UniqueConstraint(fields=["ranking", "rank"], name="one_movie_per_rank"),
            models.UniqueConstraint(fields=["ranking", "movie"], name="one_rank_per_movie"),
        ]

    def __str__(self):
        return f"#{self.rank} {self.movie} ({self.ranking.date.isoformat()})"
