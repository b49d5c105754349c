"""TMDB v3 as JSON: pure functions from the sandbox world and request parameters to response bodies.

The shapes, field names and error bodies are those of the real service
(https://developer.themoviedb.org/reference), so a client written for TMDB works against the sandbox
unchanged. Dirty kinds marked on a film by `world.py` are applied here, at render time.

Nothing here touches HTTP: `views.py` parses nothing but the envelope, calls these functions and turns
`TmdbError` into the error answer TMDB would send. The package: `errors.py` (TMDB's status codes),
`params.py` (query parameters), `movie.py` (one film and its appended parts), `lists.py` (discover,
changes, genres), `configuration.py` (image sizes and base URL).
"""

from .configuration import ALL_IMAGE_SIZES, IMAGE_SIZES, TMDB_IMAGE_BASE_URL, configuration
from .errors import STATUS, TmdbError
from .lists import changes, discover, genre_list
from .movie import APPENDABLE, credits, detail, find_movie, summary
from .params import language_of, parse_append, parse_date, parse_page

__all__ = [
    "ALL_IMAGE_SIZES",
    "APPENDABLE",
    "IMAGE_SIZES",
    "STATUS",
    "TMDB_IMAGE_BASE_URL",
    "TmdbError",
    "changes",
    "configuration",
    "credits",
    "detail",
    "discover",
    "find_movie",
    "genre_list",
    "language_of",
    "parse_append",
    "parse_date",
    "parse_page",
    "summary",
]
