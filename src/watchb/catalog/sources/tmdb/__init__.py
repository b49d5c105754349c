"""TMDB v3: the client (``client.py``), the records we keep from its answers (``records.py``), and the
mapper to model dicts (``mapper.py``).

    client = TmdbClient()                     # settings.TMDB_API_URL / TMDB_API_KEY, language ko-KR
    page = client.discover(page=1, release_date_gte="2024-01-01", release_date_lte="2024-01-31")
    for tmdb_id in page.ids:
        movie = client.movie(tmdb_id)         # one call: credits, release dates, images, videos
        data = client.to_model_dict(movie)    # the shape documented in watchb.catalog.sources
"""

from .client import TmdbClient
from .mapper import film_rating, movie_to_model_dict
from .records import (
    DEFAULT_IMAGE_BASE_URL,
    TmdbConfiguration,
    TmdbCountry,
    TmdbCredit,
    TmdbGenre,
    TmdbMovie,
    TmdbPage,
    TmdbRelease,
    TmdbVideo,
)

__all__ = [
    "DEFAULT_IMAGE_BASE_URL",
    "TmdbClient",
    "TmdbConfiguration",
    "TmdbCountry",
    "TmdbCredit",
    "TmdbGenre",
    "TmdbMovie",
    "TmdbPage",
    "TmdbRelease",
    "TmdbVideo",
    "film_rating",
    "movie_to_model_dict",
]
