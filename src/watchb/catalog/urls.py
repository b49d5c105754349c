from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("api/movies", views.MovieViewSet, basename="movie")
router.register("api/people", views.PersonViewSet, basename="person")

urlpatterns = router.urls
