from django.urls import path

from . import recommendation_views, views

app_name = "rankings"

urlpatterns = [
    path("api/rankings/", views.LatestRankingView.as_view(), name="latest"),
    # Before the day pattern, which would otherwise take "dates" for a malformed date.
    path("api/rankings/dates/", views.PublishedDatesView.as_view(), name="dates"),
    path("api/rankings/<str:day>/", views.DailyRankingView.as_view(), name="day"),
    path(
        "api/recommendations/", recommendation_views.LatestRecommendationsView.as_view(), name="recommendations-latest"
    ),
    # Before the day pattern, as for rankings.
    path("api/recommendations/me/", recommendation_views.MyRecommendationsView.as_view(), name="recommendations-mine"),
    path(
        "api/recommendations/<str:day>/",
        recommendation_views.DailyRecommendationsView.as_view(),
        name="recommendations-day",
    ),
    path("api/movies/<int:movie_id>/similar/", recommendation_views.SimilarMoviesView.as_view(), name="similar-movies"),
]
