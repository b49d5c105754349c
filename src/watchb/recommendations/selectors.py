"""Recommendations as the pages and the API read them: always from the latest published day.

    from watchb.recommendations.selectors import get_recommendations, get_similar_movies

    get_similar_movies(movie)   # [Movie, ...] best first, each with .score and .rank
    get_recommendations(user)   # [Movie, ...] best first, each with .because (a Movie), .score, .rank
                                #   and .expected (the stars the user is expected to give it, or None)
    get_expected_rating(user, movie)   # 4.2, or None

Both return catalogue `Movie` instances (what the page templates link and the pages' `with_posters`
decorate) carrying the published numbers as extra attributes, and an empty list when nothing has
been published, the movie has no similar movies, or the user is anonymous or has no picks. A pick the
user has rated since the day was published is left out: it is no longer unseen; so is one the user
marked "not interested" (the block list).
"""

from django.db.models import Exists, OuterRef

from watchb.ratings.models import ListEntry

from .models import DailyRecommendations, ExpectedRating, SimilarMovie, UserRecommendation

# What a page shows, and the API serves without ?limit=.
SIMILAR_MOVIES_SHOWN = 10
RECOMMENDATIONS_SHOWN = 10


def blocked_by(user):
    """True for an entry whose movie `user` marked "not interested": it leaves their picks and
    expected ratings."""
    return Exists(ListEntry.objects.filter(user=user, movie=OuterRef("movie"), kind=ListEntry.Kind.BLOCK))


def latest_recommendations():
    """The latest published `DailyRecommendations`, or None."""
    return DailyRecommendations.objects.order_by("-date").first()


def get_similar_movies(movie, limit=SIMILAR_MOVIES_SHOWN, day=None):
    """The movies most similar to `movie` (a Movie or its id) on `day` (default: the latest)."""
    day = day or latest_recommendations()
    if day is None:
        return []
    movie_id = getattr(movie, "pk", movie)
    entries = (
        SimilarMovie.objects.filter(recommendations=day, movie_id=movie_id)
        .select_related("similar")
        .order_by("rank")[:limit]
    )
    similar = []
    for entry in entries:
        found = entry.similar
        found.score, found.rank = entry.score, entry.rank
        similar.append(found)
    return similar


def get_recommendations(user, limit=RECOMMENDATIONS_SHOWN, day=None):
    """`user`'s unseen picks on `day` (default: the latest), each with the movie it comes from."""
    if user is None or not user.is_authenticated:
        return []
    day = day or latest_recommendations()
    if day is None:
        return []
    entries = (
        UserRecommendation.objects.filter(recommendations=day, user=user)
        .exclude(movie__ratings__user=user)
        .exclude(blocked_by(user))
        .select_related("movie", "because")
        .order_by("rank")[:limit]
    )
    entries = list(entries)
    expected = dict(
        ExpectedRating.objects.filter(
            recommendations=day, user=user, movie_id__in=[entry.movie_id for entry in entries]
        ).values_list("movie_id", "rating")
    )
    picks = []
    for entry in entries:
        pick = entry.movie
        pick.because, pick.score, pick.rank = entry.because, entry.score, entry.rank
        pick.expected = expected.get(entry.movie_id)
        picks.append(pick)
    return picks


def get_expected_rating(user, movie, day=None):
    """The stars `user` is expected to give `movie` (a Movie or its id) on `day` (default: the
    latest), or None: nothing published for the pair, an anonymous user, or a movie they have rated
    since (their own rating is what to show then) or marked "not interested"."""
    if user is None or not user.is_authenticated:
        return None
    day = day or latest_recommendations()
    if day is None:
        return None
    movie_id = getattr(movie, "pk", movie)
    return (
        ExpectedRating.objects.filter(recommendations=day, user=user, movie_id=movie_id)
        .exclude(movie__ratings__user=user)
        .exclude(blocked_by(user))
        .values_list("rating", flat=True)
        .first()
    )
