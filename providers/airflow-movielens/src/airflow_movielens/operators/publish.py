"""The operators that publish a day's ranking and recommendations to the WatchB site."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow.sdk import BaseOperator

from airflow_movielens import DATA_INTERVAL_START
from airflow_movielens.checks import positive_int
from airflow_movielens.hooks.watchb import WatchbHook
from airflow_movielens.results import read_ranking_csv, read_recommendations_json

if TYPE_CHECKING:
    from airflow.sdk import Context


class _PublishOperator(BaseOperator):
    """Sends a file a task wrote to the site as ``day``'s, replacing what that day had.

    :param input_path: the file to publish (templated).
    :param day: the UTC day it belongs to, ISO format (templated).
    :param conn_id: the ``watchb`` connection (the API token as its password).
    """

    template_fields: Sequence[str] = ("conn_id", "input_path", "day")
    ui_color = "#e6f4ea"

    def __init__(
        self,
        *,
        input_path: str,
        day: str = DATA_INTERVAL_START,
        conn_id: str = WatchbHook.default_conn_name,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.input_path = input_path
        self.day = day
        self.conn_id = conn_id


class MovielensPublishRankingOperator(_PublishOperator):
    """Publish a ranking CSV (from :class:`~airflow_movielens.operators.rank.MovielensRankMoviesOperator`)
    as the site's ranking of ``day``. Returns the number of movies published.

    :param input_path: the ranking CSV (templated).
    :param day: the UTC day the ranking belongs to, ISO format (templated).
    :param conn_id: the ``watchb`` connection (the API token as its password).
    :param top_n: publish only the first ``top_n`` movies; all by default.
    :param window: the days the ranking covers, ending with ``day``: 1 (the day alone, the default),
        7 or 30, as the site keeps them (``/api/rankings/{day}/?window=7``).
    """

    def __init__(self, *, top_n: int | None = None, window: int = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.top_n = None if top_n is None else positive_int("top_n", top_n)
        self.window = positive_int("window", window)

    def execute(self, context: Context) -> int:
        results = read_ranking_csv(self.input_path)
        if self.top_n is not None:
            results = results[: self.top_n]
        with WatchbHook(self.conn_id) as hook:
            hook.publish_ranking(self.day, results, window=self.window)
            self.log.info(
                "Published %d ranked movies for the %d days up to %s to %s",
                len(results),
                self.window,
                self.day,
                hook.base_url,
            )
        return len(results)


class MovielensPublishRecommendationsOperator(_PublishOperator):
    """Publish a recommendations JSON (from
    :class:`~airflow_movielens.operators.recommend.MovielensRecommendOperator`) as the site's
    recommendations of ``day``, with the expected ratings when the file has them. Returns the number
    of entries sent.

    :param input_path: the recommendations JSON (templated).
    :param day: the UTC day they belong to, ISO format (templated).
    :param conn_id: the ``watchb`` connection (the API token as its password).
    """

    def execute(self, context: Context) -> int:
        body = read_recommendations_json(self.input_path)
        with WatchbHook(self.conn_id) as hook:
            hook.publish_recommendations(self.day, body["similar"], body["users"], body.get("expected"))
            self.log.info(
                "Published %d similar-movie entries, %d user picks and %d expected ratings for %s to %s",
                len(body["similar"]),
                len(body["users"]),
                len(body.get("expected", ())),
                self.day,
                hook.base_url,
            )
        return len(body["similar"]) + len(body["users"]) + len(body.get("expected", ()))
