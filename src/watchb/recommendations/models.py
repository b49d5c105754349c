"""Published recommendations, one day at a time.

A `DailyRecommendations` is one day's published result (see `watchb.rankings.published.models`):
per movie its similar movies (`SimilarMovie`), per user their picks (`UserRecommendation`) and the
stars they are expected to give their best candidates (`ExpectedRating`). Publishing
a day again replaces both whole (see `publishing.py`); readers use the latest day (`selectors.py`).

These models were the rankings app's until it split; migration 0001 took over their tables and rows.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from watchb.catalog.models import Movie
from watchb.rankings.published.models import PublishedDay


class DailyRecommendations(PublishedDay):
    """One day's published recommendations, computed from the ratings of every day up to `date`."""

    class Meta(PublishedDay.Meta):
        verbose_name_plural = "daily recommendations"

    def __str__(self):
        return f"Recommendations of {self.date.isoformat()}"


class Pick(models.Model):
    """A movie recommended on a published day: the `rank`-th best for its owner (a movie, a user),
    by the pipeline's `score` (larger is better)."""

    score = models.FloatField()
    rank = models.PositiveIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        abstract = True


def pick_meta(owner, item, noun):
    """The Meta of a day's picks for an `owner` (a movie, a user): listed per owner in rank order;
    within a day and an owner each rank is given once and each `item` ranked once. The first
    constraint is also the index readers use: a day's picks for one owner, in rank order."""

    class Meta:
        ordering = ["recommendations", owner, "rank"]
        constraints = [
            models.UniqueConstraint(fields=["recommendations", owner, "rank"], name=f"one_{noun}_per_rank"),
            models.UniqueConstraint(fields=["recommendations", owner, item], name=f"one_rank_per_{noun}"),
        ]

    return Meta


class SimilarMovie(Pick):
    """`similar` is the `rank`-th most similar movie to `movie`: people who rated one rated the other alike."""

    recommendations = models.ForeignKey(DailyRecommendations, on_delete=models.CASCADE, related_name="similar_movies")
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="similar_entries")
    similar = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="+")

    Meta = pick_meta("movie", "similar", "similar")

    def __str__(self):
        return f"{self.movie} ~ #{self.rank} {self.similar}"


class UserRecommendation(Pick):
    """`movie` is the `rank`-th pick for `user`, who has not rated it; `because` is the movie they rated
    that contributed most to it ("Because you rated …"). `user` is the MovieLens export's userId."""

    recommendations = models.ForeignKey(
        DailyRecommendations, on_delete=models.CASCADE, related_name="user_recommendations"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recommendations")
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="+")
    because = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="+")

    Meta = pick_meta("user", "movie", "pick")

    def __str__(self):
        return f"{self.user} #{self.rank} {self.movie} (because of {self.because})"


class ExpectedRating(models.Model):
    """The stars (0.5–5) `user` is expected to give `movie`, which they had not rated when the day was
    computed: what a movie page shows as "expected ★". Published for each user's best candidates
    only (the pipeline's `expected_n` per user), so most (user, movie) pairs have none."""

    recommendations = models.ForeignKey(DailyRecommendations, on_delete=models.CASCADE, related_name="expected_ratings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expected_ratings")
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="+")
    rating = models.FloatField(validators=[MinValueValidator(0.5), MaxValueValidator(5.0)])

    class Meta:
        ordering = ["recommendations", "user", "-rating", "movie"]
        constraints = [
            # Also the index a movie page reads through: a day, a user, a movie.
            models.UniqueConstraint(fields=["recommendations", "user", "movie"], name="one_expected_rating_per_movie"),
        ]

    def __str__(self):
        return f"{self.user} expects {self.rating:g} from {self.movie}"
