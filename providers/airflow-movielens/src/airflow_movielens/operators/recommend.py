"""The operator that recommends movies from the ratings partitions of a window of days up to a day."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from airflow.sdk import BaseOperator

from airflow_movielens import DATA_INTERVAL_START
from airflow_movielens.checks import positive_int
from airflow_movielens.partitions import partitions_up_to, read_ratings, window_start
from airflow_movielens.ratings import Ratings
from airflow_movielens.recommend import Recommendations, RecommendOptions, recommend
from airflow_movielens.results import write_recommendations_json
from airflow_movielens.storage import Location

if TYPE_CHECKING:
    from airflow.sdk import Context

_DEFAULTS = RecommendOptions()
# A quarter of a year: long enough for every movie in the current catalogue to gather co-raters, short
# enough that a day's task reads a bounded share of a long history (see the provider's README).
DEFAULT_WINDOW_DAYS = 90


def window_of(value: int | str | None) -> int | None:
    """``window_days`` as given or rendered: a positive integer, or ``None`` (also ``""``/``"None"``)."""
    if value is None or (isinstance(value, str) and value.strip() in ("", "None")):
        return None
    try:
        return positive_int("window_days", int(value))
    except (TypeError, ValueError):
        raise ValueError(f"window_days must be a positive integer or empty, got {value!r}") from None


def max_movies_of(value: int | str) -> int:
    """``max_movies`` as given or rendered (``"10000"``): a positive integer, else a ``ValueError``."""
    number: Any = value
    if isinstance(value, str):
        try:
            number = int(value.strip())
        except ValueError:
            number = value
    return positive_int("max_movies", number)


class MovielensRecommendOperator(BaseOperator):
    """Compute item-to-item recommendations from the ratings partitions of the ``window_days`` days
    up to ``day``; write them as the body the site's recommendations API takes (JSON, atomically).

    See :mod:`airflow_movielens.recommend` for the method. Partitions are read from
    ``ratings_folder`` (``YYYY-MM-DD.json`` / ``.parquet``, as the fetch operator names them) for
    ``day`` and the ``window_days - 1`` days before it, so a day's task reads about the same amount
    of ratings on day 1,000 as on day 100, and re-running a past day gives that day's
    recommendations again, whatever later days were fetched since. Returns ``output_path`` (pushed
    to XCom). The options are those of :class:`~airflow_movielens.recommend.RecommendOptions`,
    checked when the DAG is parsed.

    :param ratings_folder: the folder of ratings partitions (templated).
    :param output_path: the JSON to write (templated): ``{"similar": [...], "users": [...]}``.
    :param day: the last partition day to include, ISO format (templated).
    :param window_days: how many days of partitions, ending with ``day``, to read (templated: an
        integer, or a template rendering to one, or ``None``/empty for every day up to ``day``).
    :param top_k: similar movies kept per movie.
    :param top_n: recommendations per user.
    :param similarity: ``"cosine"`` (who rated) or ``"adjusted_cosine"`` (mean-centred ratings).
    :param neighbours: neighbours per movie used to score users' picks.
    :param min_support: co-raters a pair of movies needs to count as similar.
    :param shrinkage: damps similarities resting on few co-raters (0 = off).
    :param seen_weight: what a rating at the user's own mean counts for.
    :param model: ``"knn"`` or ``"ease"`` (templated): what ranks the users' picks (EASE falls back to item-kNN
        above ``ease_max_movies`` movies; see :mod:`airflow_movielens.ease` for its memory).
    :param ease_l2: EASE's regularisation λ.
    :param ease_max_movies: the most movies EASE is fitted for.
    :param expected_n: expected ratings published per user, for their best candidates (0: none).
    :param max_movies: the models rank only this many movies, the most rated in the window (templated:
        an integer or a template rendering to one); the others are never picked.
    """

    template_fields: Sequence[str] = ("ratings_folder", "output_path", "day", "window_days", "model", "max_movies")
    ui_color = "#f3e8fd"

    def __init__(
        self,
        *,
        ratings_folder: str,
        output_path: str,
        day: str = DATA_INTERVAL_START,
        window_days: int | str | None = DEFAULT_WINDOW_DAYS,
        top_k: int = _DEFAULTS.top_k,
        top_n: int = _DEFAULTS.top_n,
        similarity: str = _DEFAULTS.similarity,
        neighbours: int = _DEFAULTS.neighbours,
        min_support: int = _DEFAULTS.min_support,
        shrinkage: float = _DEFAULTS.shrinkage,
        seen_weight: float = _DEFAULTS.seen_weight,
        model: str = _DEFAULTS.model,
        ease_l2: float = _DEFAULTS.ease_l2,
        ease_max_movies: int = _DEFAULTS.ease_max_movies,
        expected_n: int = _DEFAULTS.expected_n,
        max_movies: int | str = _DEFAULTS.max_movies,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        # A templated model ("{{ params.recommend_model }}") is checked once rendered, in execute.
        self.model = model
        self.options = RecommendOptions(
            top_k,
            top_n,
            similarity,
            neighbours,
            min_support,
            shrinkage,
            seen_weight,
            _DEFAULTS.model if "{{" in model else model,
            ease_l2,
            ease_max_movies,
            expected_n,
            _DEFAULTS.max_movies if isinstance(max_movies, str) and "{{" in max_movies else max_movies_of(max_movies),
        )
        # Like the model, a templated max_movies is checked once rendered.
        self.max_movies = max_movies
        self.ratings_folder = ratings_folder
        self.output_path = output_path
        self.day = day
        self.window_days = window_days if isinstance(window_days, str) else window_of(window_days)

    def execute(self, context: Context) -> str:
        options = dataclasses.replace(self.options, model=self.model.strip(), max_movies=max_movies_of(self.max_movies))
        result, ratings, partitions = recommend_window(
            self.ratings_folder, self.day, window_of(self.window_days), options, self.output_path
        )
        self.log.info(
            "Recommended with %s from %d ratings in %d partitions up to %s: %d similar-movie entries, "
            "%d picks for %d users, %d expected ratings",
            result.model,
            len(ratings),
            len(partitions),
            self.day,
            len(result.similar),
            len(result.users),
            len({pick.userId for pick in result.users}),
            len(result.expected),
        )
        return self.output_path


def recommend_window(
    folder: str,
    day: str,
    days: int | None,
    options: RecommendOptions,
    output_path: str,
    on_stage: Callable[[str], None] | None = None,
) -> tuple[Recommendations, Ratings, list[Location]]:
    """The task's work, from partitions to the publish body: read the window's partitions, recommend,
    write ``output_path``. ``on_stage`` is called as each stage ends (``"partitions"``, ``"read"``,
    ``"matrix"``, then :func:`~airflow_movielens.recommend.recommend`'s, then ``"written"``)."""
    done = on_stage or (lambda stage: None)
    partitions = partitions_up_to(folder, day, days)
    if not partitions:
        since = f" since {window_start(day, days)}" if days else ""
        raise FileNotFoundError(f"no ratings partitions up to {day}{since} in {folder}")
    done("partitions")
    columns = read_ratings(partitions, ordered=False)
    done("read")
    ratings = Ratings.from_arrays(*columns)
    del columns
    done("matrix")
    result = recommend(ratings, options, on_stage=on_stage)
    write_recommendations_json(result, output_path)
    done("written")
    return result, ratings, partitions
