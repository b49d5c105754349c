"""The sandbox's fake APIs, mounted by the site under /sandbox/ when SANDBOX_ENABLED.

TMDB v3 lives under tmdb/3/ (TMDB_API_URL ends in /3); KMDb's search answers at the same path as on
api.koreafilm.or.kr, and at the short kmdb/search_json2.jsp. Each has an image server of its own:
tmdb/image/t/p/<size>/<file path> (the base `/configuration` names) and kmdb/image/<file>.
"""

from django.urls import include, path, re_path

from . import views

app_name = "sandbox"

# TMDB v3's movie resources, under tmdb/3/movie/.
tmdb_movie = [
    path("changes", views.tmdb_changes, name="tmdb-changes"),
    path("<int:movie_id>", views.tmdb_movie, name="tmdb-movie"),
    path("<int:movie_id>/<str:part>", views.tmdb_movie_part, name="tmdb-movie-part"),
]

# TMDB v3, under tmdb/3/; a path it does not know answers TMDB's own 404.
tmdb_api = [
    path("discover/movie", views.tmdb_discover, name="tmdb-discover"),
    path("movie/", include(tmdb_movie)),
    path("genre/movie/list", views.tmdb_genres, name="tmdb-genres"),
    path("configuration", views.tmdb_configuration, name="tmdb-configuration"),
    re_path(r"^(?P<path>.*)$", views.tmdb_not_found),
]

# KMDb's one search endpoint, at its real path and a short one, and its file server.
kmdb = [
    path("openapi-data2/wisenut/search_api/search_json2.jsp", views.kmdb_search, name="kmdb-search"),
    path("search_json2.jsp", views.kmdb_search, name="kmdb-search-short"),
    path("image/<path:name>", views.kmdb_image, name="kmdb-image"),
]

urlpatterns = [
    path("tmdb/3/", include(tmdb_api)),
    path("tmdb/image/t/p/<str:size>/<path:file_path>", views.tmdb_image, name="tmdb-image"),
    path("kmdb/", include(kmdb)),
]
