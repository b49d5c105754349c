"""The hook for the WatchB site's publishing API (connection type ``watchb``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from airflow_movielens.hooks.base import ApiHook, MovielensApiError, iso_date


class WatchbHook(ApiHook):
    """Publishes results to the WatchB site's API with token authentication.

    :param conn_id: the Airflow connection (type ``watchb``): schema, host, port, and the API token
        as the password (sent as ``Authorization: Token <password>``); ``timeout``, ``retries`` and
        ``backoff_factor`` as for :class:`~airflow_movielens.hooks.base.ApiHook`.
    """

    default_conn_name = "watchb"
    conn_type = "watchb"
    hook_name = "WatchB publishing API"

    @classmethod
    def get_ui_field_behaviour(cls) -> dict[str, Any]:
        return {
            "hidden_fields": ["login"],
            "relabeling": {"schema": "Scheme (http or https)", "password": "API token"},
            "placeholders": {"host": "127.0.0.1", "port": "8000", "schema": "http"},
        }

    def headers(self) -> dict[str, str]:
        token = self.connection.password
        return {**super().headers(), "Authorization": f"Token {token}"} if token else super().headers()

    def publish_ranking(self, day: str | dt.date, results: list[dict[str, Any]], window: int = 1) -> dict[str, Any]:
        """Replace the site's ranking of ``day`` (of the ``window`` days ending with it: 1, 7 or 30)
        with ``results`` and return the site's answer.

        ``results`` are ``{"movieId", "avg_rating", "num_ratings", "weighted_rating", "rank"}`` dicts
        in rank order. The call is a PUT of the whole day, so publishing twice is harmless. A one-day
        ranking is sent without ``?window=``, as sites from before windows expect.
        """
        params = {"window": window} if window != 1 else None
        answer: dict[str, Any] = self.request(
            "PUT", f"api/rankings/{iso_date(day, 'day')}/", params=params, json={"results": results}
        )
        return answer

    def publish_recommendations(
        self,
        day: str | dt.date,
        similar: list[dict[str, Any]],
        users: list[dict[str, Any]],
        expected: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """Replace the site's recommendations of ``day`` and return the site's summary of them.

        ``similar`` are ``{"movieId", "similarId", "score"}`` dicts and ``users``
        ``{"userId", "movieId", "becauseId", "score"}`` dicts, each movie's and each user's entries
        best first (the site ranks them in that order); ``expected`` (sent when given)
        ``{"userId", "movieId", "rating"}`` dicts; see
        :meth:`airflow_movielens.recommend.Recommendations.publish_body`. A PUT of the whole day.
        """
        body: dict[str, Any] = {"similar": similar, "users": users}
        if expected is not None:
            body["expected"] = expected
        answer: dict[str, Any] = self.request("PUT", f"api/recommendations/{iso_date(day, 'day')}/", json=body)
        return answer

    def test_connection(self) -> tuple[bool, str]:
        try:
            self.request("GET", "api/rankings/")
        except MovielensApiError as exc:
            # No ranking published yet is a 404 from a reachable, working site.
            if exc.status != 404:
                return False, str(exc)
        except Exception as exc:
            return False, str(exc)
        return True, f"Connected to {self.base_url}"
