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
    class Meta(PublishedDay.Meta):
        # Recommendations are published with this permission too.
        permissions = [("publish", "Can publish daily rankings through the API")]

    def __str__(self):
        return f"Ranking of {self.date.isoformat()}"


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
