from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("api/recommendations/", views.LatestRecommendationsView.as_view(), name="latest"),
    # Before the day pattern, which would otherwise take "me" for a malformed date.
    path("api/recommendations/me/", views.MyRecommendationsView.as_view(), name="mine"),
    path("api/recommendations/<str:day>/", views.DailyRecommendationsView.as_view(), name="day"),
    path("api/movies/<int:movie_id>/similar/", views.SimilarMoviesView.as_view(), name="similar-movies"),
    path("api/movies/<int:movie_id>/expected/", views.ExpectedRatingView.as_view(), name="expected-rating"),
]
