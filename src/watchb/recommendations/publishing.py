"""Storing a day's recommendations: one transaction that replaces whatever the day held before."""

from watchb.rankings.published.storing import publish_day

from .models import DailyRecommendations, ExpectedRating, SimilarMovie, UserRecommendation


def publish_recommendations(date, similar, users, source="", expected=()):
    """Store the checked entries as the recommendations of `date`, replacing an earlier publish.

    `similar` holds dicts with `movie_id`, `similar_id`, `score`, `rank`; `users` dicts with
    `user_id`, `movie_id`, `because_id`, `score`, `rank`; `expected` dicts with `user_id`,
    `movie_id`, `rating` (see `serializers.py`). Returns
    `(day, created)`; readers see the old day or the new one, never a mix (see `publish_day`).
    """
    return publish_day(
        DailyRecommendations,
        date,
        source,
        {SimilarMovie: similar, UserRecommendation: users, ExpectedRating: list(expected)},
    )
