"""Where the pages take recommendations from, if the site has any.

The recommendations live in `watchb.rankings.recommendations` (published by the pipeline). The pages
call its `get_similar_movies(movie)` and `get_recommendations(user)` when that module and function
exist, and show nothing otherwise, so the pages work before and after recommendations are wired in.

Contract (what the templates `pages/_similar_movies.html` and `pages/_recommendations.html` expect):
each function returns a sequence (possibly empty) of catalogue `Movie` instances, best first.
An error inside the recommendations module is not hidden: only its absence is.
"""

import importlib
import importlib.util

RECOMMENDATIONS_MODULE = "watchb.rankings.recommendations"


def _recommendation_function(name):
    """The function `name` of the recommendations module, or None when the module or the function
    does not exist (yet)."""
    try:
        if importlib.util.find_spec(RECOMMENDATIONS_MODULE) is None:
            return None
    except ModuleNotFoundError:
        return None
    return getattr(importlib.import_module(RECOMMENDATIONS_MODULE), name, None)


def get_similar_movies(movie):
    """Movies similar to `movie`, for the movie page's "Similar movies" slot; [] when none."""
    function = _recommendation_function("get_similar_movies")
    return list(function(movie) or []) if function else []


def get_recommendations(user):
    """Unseen movies for `user`, for the home page's "Because you rated …" slot; [] when none or
    when the user is anonymous."""
    if not user.is_authenticated:
        return []
    function = _recommendation_function("get_recommendations")
    return list(function(user) or []) if function else []
