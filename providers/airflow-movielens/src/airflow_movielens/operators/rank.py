"""The operator that ranks a partition's movies, or a window of days' partitions, into a ranking CSV."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow.sdk import BaseOperator

from airflow_movielens.checks import positive_int
from airflow_movielens.partitions import partitions_up_to
from airflow_movielens.ranking import rank_movies
from airflow_movielens.results import write_ranking_csv

if TYPE_CHECKING:
    from airflow.sdk import Context


class MovielensRankMoviesOperator(BaseOperator):
    """Rank the movies of a ratings partition, or of the last ``window`` days' partitions taken
    together, and write the ranking as CSV (atomically).

    Give either ``input_path`` (one partition) or ``ratings_folder`` with ``day`` and ``window`` (the
    partitions of the ``window`` days ending with ``day``, as the fetch operator names them; days
    with no partition are skipped, and a window with none ranks nothing). See
    :func:`airflow_movielens.ranking.rank_movies` for the ranking's definition.
    Returns ``output_path`` (pushed to XCom).

    :param input_path: the ratings partition, ``.json`` or ``.parquet`` (templated).
    :param ratings_folder: the folder of ratings partitions, instead of ``input_path`` (templated).
    :param day: the window's last day, ISO format (templated); with ``ratings_folder``.
    :param window: the window's length in days (1 or more); with ``ratings_folder``.
    :param output_path: the CSV to write (templated): ``movieId, avg_rating, num_ratings,
        weighted_rating, rank``.
    :param min_ratings: movies with this many distinct raters or fewer are left out; an integer, or
        a template that renders to one (e.g. ``{{ params.min_ratings }}``).
    """

    template_fields: Sequence[str] = ("input_path", "ratings_folder", "day", "output_path", "min_ratings")
    ui_color = "#fef7e0"

    def __init__(
        self,
        *,
        output_path: str,
        input_path: str | None = None,
        ratings_folder: str | None = None,
        day: str | None = None,
        window: int = 1,
        min_ratings: int | str = 2,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if (input_path is None) == (ratings_folder is None):
            raise ValueError("give either input_path (one partition) or ratings_folder with day and window")
        if ratings_folder is not None and day is None:
            raise ValueError("ratings_folder needs the window's last day: day='{{ data_interval_start | ds }}'")
        self.input_path = input_path
        self.ratings_folder = ratings_folder
        self.day = day
        self.window = positive_int("window", window)
        self.output_path = output_path
        self.min_ratings = min_ratings

    def execute(self, context: Context) -> str:
        min_ratings = int(self.min_ratings)
        source: Any = self.input_path
        read = str(self.input_path)
        if self.ratings_folder is not None and self.day is not None:
            source = partitions_up_to(self.ratings_folder, self.day, days=self.window)
            read = f"{len(source)} partitions of the {self.window} days up to {self.day} in {self.ratings_folder}"
        ranking = rank_movies(source, min_ratings=min_ratings)
        write_ranking_csv(ranking, self.output_path)
        self.log.info(
            "Ranked %d movies with more than %d raters from %s into %s",
            len(ranking),
            min_ratings,
            read,
            self.output_path,
        )
        return self.output_path
