"""The recommendations API: publish a day with a token, read a movie's similar movies and one's own picks.

    GET  /api/recommendations/                 the latest published day (numbers of entries)
    GET  /api/recommendations/YYYY-MM-DD/      that day (numbers of entries)
    PUT  /api/recommendations/YYYY-MM-DD/      publish that day, replacing it whole
    GET  /api/recommendations/me/              the signed-in user's picks of the latest day
    GET  /api/movies/<id>/similar/             a movie's similar movies of the latest day
    GET  /api/movies/<id>/expected/            the stars the signed-in user is expected to give it

Reading and publishing a day are every published day's (see `watchb.rankings.published.views`),
with the permission rankings are published with, `rankings.publish`. Similar movies are public, like
the rankings. A user's picks are served to that user only (`/me/`, session or token): each names a
movie they rated ("because you rated …"), which is theirs to show. Both reads take `?limit=N`
(default 10) and answer `"date": null` with no results before anything is published; an unknown
movie is a 404. A movie's expected rating is the signed-in user's own (`{"date", "movieId", "userId",
"rating"}`, `rating` null when none was published for them, or they have rated the movie since).
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from watchb.api.params import LARGEST_INTEGER, query_limit
from watchb.catalog.models import Movie
from watchb.rankings.permissions import CanPublishOrReadOnly
from watchb.rankings.published.schema import DAY, ERRORS
from watchb.rankings.published.views import DayView, LatestDayView, PublishedDayAPIView

from .models import DailyRecommendations
from .publishing import publish_recommendations
from .schema import EXPECTED_OUT, LIMIT, PICKS_OUT, PUBLISH_RESPONSES, SIMILAR_OUT, SUMMARY_OUT
from .selectors import (
    RECOMMENDATIONS_SHOWN,
    SIMILAR_MOVIES_SHOWN,
    get_expected_rating,
    get_recommendations,
    get_similar_movies,
    latest_recommendations,
)
from .serializers import PublishRecommendationsSerializer, recommendations_summary


class CanPublishRecommendationsOrReadOnly(CanPublishOrReadOnly):
    message = "Publishing recommendations needs the rankings.publish permission."


class RecommendationDays:
    """The recommendations' side of the published-day views: a DailyRecommendations, served as its summary."""

    permission_classes = [CanPublishRecommendationsOrReadOnly]
    day_model = DailyRecommendations
    publish_serializer = PublishRecommendationsSerializer
    body_keys = "similar and users"
    nothing_published = "No recommendations have been published yet."
    not_published = "No recommendations have been published for {day}."

    def served(self, day):
        return recommendations_summary(day)

    def store(self, checked):
        return publish_recommendations(
            checked["date"], checked["similar"], checked["users"], checked["source"], checked.get("expected", ())
        )


def read_limit(request, default):
    """`?limit=N`: the N best; `default` without it. What was published bounds the answer, not a cap."""
    return query_limit(request, default=default, maximum=LARGEST_INTEGER)


@extend_schema_view(
    get=extend_schema(
        tags=["recommendations"],
        operation_id="recommendations_latest",
        description="The latest published day: its date, source and numbers of entries.",
        responses={200: SUMMARY_OUT, 404: None},
    )
)
class LatestRecommendationsView(RecommendationDays, LatestDayView):
    pass


@extend_schema_view(
    get=extend_schema(
        tags=["recommendations"],
        operation_id="recommendations_day",
        description="The day's date, source and numbers of entries.",
        parameters=[DAY],
        responses={200: SUMMARY_OUT, 400: ERRORS, 404: None},
    ),
    put=extend_schema(
        tags=["recommendations"],
        operation_id="recommendations_publish_day",
        description="Publish the recommendations of `day`, replacing an earlier publish of it whole.",
        parameters=[DAY],
        request=PublishRecommendationsSerializer,
        responses=PUBLISH_RESPONSES,
    ),
)
class DailyRecommendationsView(RecommendationDays, DayView):
    pass


class SimilarMoviesView(RecommendationDays, PublishedDayAPIView):
    @extend_schema(
        tags=["recommendations"],
        operation_id="movie_similar",
        parameters=[LIMIT],
        responses={200: SIMILAR_OUT, 400: ERRORS, 404: None},
    )
    def get(self, request, movie_id):
        """The movie's similar movies of the latest published day, most similar first."""
        movie = get_object_or_404(Movie, pk=movie_id)
        day = latest_recommendations()
        similar = get_similar_movies(movie, read_limit(request, SIMILAR_MOVIES_SHOWN), day=day)
        results = [{"movieId": m.pk, "title": m.title, "score": m.score, "rank": m.rank} for m in similar]
        return Response({"date": day.date.isoformat() if day else None, "movieId": movie.pk, "results": results})


class MyRecommendationsView(RecommendationDays, PublishedDayAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["recommendations"],
        operation_id="recommendations_mine",
        parameters=[LIMIT],
        responses={200: PICKS_OUT, 400: ERRORS, 401: None},
    )
    def get(self, request):
        """The signed-in user's unseen picks of the latest published day, best first."""
        day = latest_recommendations()
        picks = get_recommendations(request.user, read_limit(request, RECOMMENDATIONS_SHOWN), day=day)
        results = [
            {
                "movieId": m.pk,
                "title": m.title,
                "becauseId": m.because.pk,
                "becauseTitle": m.because.title,
                "score": m.score,
                "rank": m.rank,
            }
            for m in picks
        ]
        return Response({"date": day.date.isoformat() if day else None, "userId": request.user.pk, "results": results})


class ExpectedRatingView(RecommendationDays, PublishedDayAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["recommendations"],
        operation_id="movie_expected_rating",
        responses={200: EXPECTED_OUT, 401: None, 404: None},
    )
    def get(self, request, movie_id):
        """The stars the signed-in user is expected to give the movie, from the latest published day."""
        movie = get_object_or_404(Movie, pk=movie_id)
        day = latest_recommendations()
        rating = get_expected_rating(request.user, movie, day=day)
        return Response(
            {
                "date": day.date.isoformat() if day else None,
                "movieId": movie.pk,
                "userId": request.user.pk,
                "rating": rating,
            }
        )
