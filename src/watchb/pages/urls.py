"""The pages' URLs (the REST API's are in each app's own `urls.py`)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import accounts, social, views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("rankings/<str:day>/", views.home, name="ranking-day"),
    path("movies/<int:movie_id>/", views.movie_detail, name="movie"),
    path("people/<int:person_id>/", views.person_detail, name="person"),
    path("search/", views.search, name="search"),
    path("users/<str:username>/", views.user_detail, name="user"),
    path("users/<str:username>/taste/", views.user_taste, name="taste"),
    path("users/<str:username>/followers/", social.followers, name="followers"),
    path("users/<str:username>/following/", social.following, name="following"),
    path("feed/", social.feed, name="feed"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    # Log-out is a POST (Django 5's LogoutView refuses GET): the nav's button is a small form.
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="pages:home"), name="logout"),
]
