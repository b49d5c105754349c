from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

# A path no route matches: JSON under /api/, the site's page elsewhere.
handler404 = "watchb.api.errors.not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("", include("watchb.ratings.urls")),
    path("", include("watchb.rankings.urls")),
    path("", include("watchb.recommendations.urls")),
    path("", include("watchb.pages.urls")),
]

if settings.SANDBOX_ENABLED:
    urlpatterns.append(path("sandbox/", include("watchb.sandbox.urls")))
