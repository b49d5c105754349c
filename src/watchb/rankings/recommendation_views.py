"""The recommendations API: publish a day with a token, read a movie's similar movies and one's own picks.

    GET  /api/recommendations/                 the latest published day (numbers of entries)
    GET  /api/recommendations/YYYY-MM-DD/      that day (numbers of entries)
    PUT  /api/recommendations/YYYY-MM-DD/      publish that day, replacing it whole
    GET  /api/recommendations/me/              the signed-in user's picks of the latest day
    GET  /api/movies/<id>/similar/             a movie's similar movies of the latest day

Publishing takes the token and permission rankings do (`Authorization: Token <key>` of a user with
`rankings.publish`): 201 for a new day, 200 for a replaced one, with the day's summary; 400 names the
field (`users[3].becauseId`). Similar movies are public, like the rankings. A user's picks are served
to that user only (`/me/`, session or token): each names a movie they rated ("because you rated …"),
which is theirs to show. Both reads take `?limit=N` (default 10) and answer `"date": null` with no
results before anything is published; an unknown movie is a 404.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from watchb.catalog.models import Movie

from .models import DailyRecommendations
from .permissions import CanPublishOrReadOnly
from .recommendation_publishing import publish_recommendations
from .recommendation_schema import PICKS_OUT, PUBLISH_RESPONSES, SIMILAR_OUT, SUMMARY_OUT
from .recommendation_serializers import PublishRecommendationsSerializer, recommendations_summary
from .recommendations import (
    RECOMMENDATIONS_SHOWN,
    SIMILAR_MOVIES_SHOWN,
    get_recommendations,
    get_similar_movies,
    latest_recommendations,
)
from .schema import DAY, ERRORS, LIMIT
from .serializers import flatten_errors
from .views import BadRequest, RankingAPIView, parse_day


class CanPublishRecommendationsOrReadOnly(CanPublishOrReadOnly):
    message = "Publishing recommendations needs the rankings.publish permission."


class RecommendationAPIView(APIView):
    # As the rankings API: token first so an anonymous write is a 401 naming the scheme.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [CanPublishRecommendationsOrReadOnly]
    parser_classes = [JSONParser]
    parse_limit = RankingAPIView.parse_limit

    def limit(self, default):
        limit = self.parse_limit()
        return default if limit is None else limit


class LatestRecommendationsView(RecommendationAPIView):
    @extend_schema(
        tags=["recommendations"], operation_id="recommendations_latest", responses={200: SUMMARY_OUT, 404: None}
    )
    def get(self, request):
        """The latest published day: its date, source and numbers of entries."""
        day = latest_recommendations()
        if day is None:
            raise Http404("No recommendations have been published yet.")
        return Response(recommendations_summary(day))


class DailyRecommendationsView(RecommendationAPIView):
    @extend_schema(
        tags=["recommendations"],
        operation_id="recommendations_day",
        parameters=[DAY],
        responses={200: SUMMARY_OUT, 400: ERRORS, 404: None},
    )
    def get(self, request, day):
        """The day's date, source and numbers of entries."""
        try:
            published = DailyRecommendations.objects.get(date=parse_day(day))
        except DailyRecommendations.DoesNotExist:
            raise Http404(f"No recommendations have been published for {day}.") from None
        return Response(recommendations_summary(published))

    @extend_schema(
        tags=["recommendations"],
        operation_id="recommendations_publish_day",
        parameters=[DAY],
        request=PublishRecommendationsSerializer,
        responses=PUBLISH_RESPONSES,
    )
    def put(self, request, day):
        """Publish the recommendations of `day`, replacing an earlier publish of it whole."""
        date = parse_day(day)
        if not isinstance(request.data, dict):
            raise BadRequest({"non_field_errors": ["Expected a JSON object with similar and users."]})
        data = dict(request.data)
        if data.get("date") not in (None, "", day, date.isoformat()):
            raise BadRequest({"date": [f"The body's date {data['date']!r} differs from the URL's {day}."]})
        data["date"] = date.isoformat()
        serializer = PublishRecommendationsSerializer(data=data)
        if not serializer.is_valid():
            raise BadRequest(flatten_errors(serializer.errors))
        checked = serializer.validated_data
        published, created = publish_recommendations(
            checked["date"], checked["similar"], checked["users"], checked["source"]
        )
        return Response(
            recommendations_summary(published), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class SimilarMoviesView(RecommendationAPIView):
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
        similar = get_similar_movies(movie, self.limit(SIMILAR_MOVIES_SHOWN), day=day)
        results = [{"movieId": m.pk, "title": m.title, "score": m.score, "rank": m.rank} for m in similar]
        return Response({"date": day.date.isoformat() if day else None, "movieId": movie.pk, "results": results})


class MyRecommendationsView(RecommendationAPIView):
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
        picks = get_recommendations(request.user, self.limit(RECOMMENDATIONS_SHOWN), day=day)
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
