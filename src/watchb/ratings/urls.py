"""The MovieLens export at the site root (`/ratings`, `/movies`, no trailing slash, as MovieLens
clients expect), the user API under `/api/`, and the catalogue's read API with what users add to it
(`/api/movies/`, `/api/people/`)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import catalogue, views
from .export import MoviesExportView, RatingsExportView

router = SimpleRouter()
router.register("api/movies", catalogue.MovieViewSet, basename="movie")
router.register("api/people", catalogue.PersonViewSet, basename="person")
router.register("api/ratings", views.RatingViewSet, basename="rating")
router.register("api/wishlist", views.WishListViewSet, basename="wishlist")
router.register("api/blocklist", views.BlockListViewSet, basename="blocklist")
router.register("api/reviews", views.ReviewViewSet, basename="review")
router.register("api/review-likes", views.ReviewLikeViewSet, basename="review-like")
router.register("api/replies", views.ReplyViewSet, basename="reply")
router.register("api/person-likes", views.PersonLikeViewSet, basename="person-like")
router.register("api/follows", views.FollowViewSet, basename="follow")
router.register("api/users", views.UserViewSet, basename="user")

urlpatterns = [
    path("ratings", RatingsExportView.as_view(), name="export-ratings"),
    path("movies", MoviesExportView.as_view(), name="export-movies"),
    path("api/auth/signup/", views.SignUpView.as_view(), name="signup"),
    path("api/auth/token/", views.TokenView.as_view(), name="api-token"),
    # Session log-in (within the budget of wrong passwords) and log-out for the browsable API.
    path("api/auth/login/", views.LoginView.as_view(), name="api-login"),
    path("api/auth/", include("rest_framework.urls")),
    *router.urls,
]
