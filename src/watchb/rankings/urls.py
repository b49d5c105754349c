from django.urls import path

from . import views

app_name = "rankings"

urlpatterns = [
    path("api/rankings/", views.LatestRankingView.as_view(), name="latest"),
    # Before the day pattern, which would otherwise take "dates" for a malformed date.
    path("api/rankings/dates/", views.PublishedDatesView.as_view(), name="dates"),
    path("api/rankings/<str:day>/", views.DailyRankingView.as_view(), name="day"),
]
