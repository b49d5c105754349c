"""Published daily rankings: what the pipeline computed for one day, as the site serves it.

A `DailyRanking` is one day's published result (at most one per date); its `RankingEntry` rows are
the ranked movies. Publishing a day again replaces its entries whole (see `publishing.py`), so a
ranking is always exactly what one publish sent.

Ratings are stored as floats (8-byte doubles on SQLite and PostgreSQL), so the numbers read back are
the very numbers the pipeline published, to the last digit.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from watchb.catalog.models import Movie

MIN_RATING = 0.5
MAX_RATING = 5.0


class DailyRanking(models.Model):
    date = models.DateField(unique=True, help_text="the day of ratings this ranking was computed from")
    published_at = models.DateTimeField(help_text="when this day was last published")
    source = models.CharField(max_length=100, blank=True, help_text='what produced it, e.g. "movielens_popular_movies"')

    class Meta:
        ordering = ["-date"]
        get_latest_by = "date"
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


class DailyRecommendations(models.Model):
    """One day's published recommendations: per movie its similar movies, per user their picks.

    Like a ranking, a day is replaced whole when it is published again (see
    `recommendation_publishing.py`); readers use the latest published day.
    """

    date = models.DateField(unique=True, help_text="the last day of ratings these were computed from")
    published_at = models.DateTimeField(help_text="when this day was last published")
    source = models.CharField(max_length=100, blank=True, help_text='what produced it, e.g. "movielens_popular_movies"')

    class Meta:
        ordering = ["-date"]
        get_latest_by = "date"
        verbose_name_plural = "daily recommendations"

    def __str__(self):
        return f"Recommendations of {self.date.isoformat()}"


class SimilarMovie(models.Model):
    """`similar` is the `rank`-th most similar movie to `movie` (people who rated one rated the other
    alike); `score` is the pipeline's similarity, larger is closer."""

    recommendations = models.ForeignKey(DailyRecommendations, on_delete=models.CASCADE, related_name="similar_movies")
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="similar_entries")
    similar = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    rank = models.PositiveIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["recommendations", "movie", "rank"]
        constraints = [
            # Also the index the movie page reads by: (day, movie) in rank order.
            models.UniqueConstraint(fields=["recommendations", "movie", "rank"], name="one_similar_per_rank"),
            models.UniqueConstraint(fields=["recommendations", "movie", "similar"], name="one_rank_per_similar"),
        ]

    def __str__(self):
        return f"{self.movie} ~ #{self.rank} {self.similar}"


class UserRecommendation(models.Model):
    """`movie` is the `rank`-th pick for `user`, who has not rated it; `because` is the movie they rated
    that contributed most to it ("Because you rated …"). `user` is the MovieLens export's userId."""

    recommendations = models.ForeignKey(
        DailyRecommendations, on_delete=models.CASCADE, related_name="user_recommendations"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recommendations")
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="+")
    because = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    rank = models.PositiveIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["recommendations", "user", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["recommendations", "user", "rank"], name="one_pick_per_rank"),
            models.UniqueConstraint(fields=["recommendations", "user", "movie"], name="one_rank_per_pick"),
        ]

    def __str__(self):
        return f"{self.user} #{self.rank} {self.movie} (because of {self.because})"
