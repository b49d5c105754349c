"""The sandbox's fake APIs, mounted by the site under /sandbox/ when SANDBOX_ENABLED.

TMDB v3 lives under tmdb/3/ (TMDB_API_URL ends in /3); KMDb's search answers at the same path as on
api.koreafilm.or.kr, and at the short kmdb/search_json2.jsp. Each has an image server of its own:
tmdb/image/t/p/<size>/<file path> (the base `/configuration` names) and kmdb/image/<file>.
"""

from django.urls import path, re_path

from . import views

app_name = "sandbox"

urlpatterns = [
    path("tmdb/3/discover/movie", views.tmdb_discover, name="tmdb-discover"),
    path("tmdb/3/movie/changes", views.tmdb_changes, name="tmdb-changes"),
    path("tmdb/3/movie/<int:movie_id>", views.tmdb_movie, name="tmdb-movie"),
    path("tmdb/3/movie/<int:movie_id>/<str:part>", views.tmdb_movie_part, name="tmdb-movie-part"),
    path("tmdb/3/genre/movie/list", views.tmdb_genres, name="tmdb-genres"),
    path("tmdb/3/configuration", views.tmdb_configuration, name="tmdb-configuration"),
    path("tmdb/image/t/p/<str:size>/<path:file_path>", views.tmdb_image, name="tmdb-image"),
    re_path(r"^tmdb/3/(?P<path>.*)$", views.tmdb_not_found),
    path("kmdb/openapi-data2/wisenut/search_api/search_json2.jsp", views.kmdb_search, name="kmdb-search"),
    path("kmdb/search_json2.jsp", views.kmdb_search, name="kmdb-search-short"),
    path("kmdb/image/<path:name>", views.kmdb_image, name="kmdb-image"),
]
