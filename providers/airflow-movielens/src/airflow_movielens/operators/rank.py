"""The operator that ranks a partition's movies into a ranking CSV."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow.sdk import BaseOperator

from airflow_movielens.ranking import rank_movies
from airflow_movielens.results import write_ranking_csv

if TYPE_CHECKING:
    from airflow.sdk import Context


class MovielensRankMoviesOperator(BaseOperator):
    """Rank the movies of a ratings partition and write the ranking as CSV (atomically).

    See :func:`airflow_movielens.ranking.rank_movies` for the ranking's definition.
    Returns ``output_path`` (pushed to XCom).

    :param input_path: the ratings partition, ``.json`` or ``.parquet`` (templated).
    :param output_path: the CSV to write (templated): ``movieId, avg_rating, num_ratings,
        weighted_rating, rank``.
    :param min_ratings: movies with this many distinct raters or fewer are left out; an integer, or
        a template that renders to one (e.g. ``{{ params.min_ratings }}``).
    """

    template_fields: Sequence[str] = ("input_path", "output_path", "min_ratings")
    ui_color = "#fef7e0"

    def __init__(self, *, input_path: str, output_path: str, min_ratings: int | str = 2, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.input_path = input_path
        self.output_path = output_path
        self.min_ratings = min_ratings

    def execute(self, context: Context) -> str:
        min_ratings = int(self.min_ratings)
        ranking = rank_movies(self.input_path, min_ratings=min_ratings)
        write_ranking_csv(ranking, self.output_path)
        self.log.info(
            "Ranked %d movies with more than %d raters from %s into %s",
            len(ranking),
            min_ratings,
            self.input_path,
            self.output_path,
        )
        return self.output_path
