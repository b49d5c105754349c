"""The sensor that waits until a period has ratings to fetch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow.sdk import BaseSensorOperator
from airflow.sdk.exceptions import AirflowException

from airflow_movielens import DATA_INTERVAL_END, DATA_INTERVAL_START
from airflow_movielens.hooks.movielens import MovielensHook
from airflow_movielens.triggers.ratings import MovielensRatingsTrigger

if TYPE_CHECKING:
    from airflow.sdk import Context


class MovielensRatingsSensor(BaseSensorOperator):
    """Succeeds once ``[period_start, period_end)`` holds at least one rating.

    In poke mode (the default) the sensor asks the API every ``poke_interval`` seconds from its
    worker slot. With ``deferrable=True`` it asks once and, if there is nothing yet, hands the wait
    to :class:`~airflow_movielens.triggers.ratings.MovielensRatingsTrigger` in the triggerer, so no
    worker slot is held while waiting.

    :param conn_id: the ``movielens`` connection.
    :param period_start: first UTC day, ISO format (templated); the API's ``start_date`` (named
        apart from ``BaseOperator.start_date``, the task's own scheduling start).
    :param period_end: the UTC day after the period, ISO format, exclusive (templated).
    :param deferrable: wait in the triggerer instead of a worker slot.
    :param wait_timeout: seconds to wait before failing, templated (e.g. ``{{ params.wait_timeout }}``):
        rendered when the task runs, it replaces ``timeout``, which must be a number when the DAG is
        parsed.
    """

    template_fields: Sequence[str] = ("conn_id", "period_start", "period_end", "wait_timeout")
    ui_color = "#fce8e6"

    def __init__(
        self,
        *,
        period_start: str = DATA_INTERVAL_START,
        period_end: str = DATA_INTERVAL_END,
        conn_id: str = MovielensHook.default_conn_name,
        deferrable: bool = False,
        wait_timeout: float | str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.period_start = period_start
        self.period_end = period_end
        self.conn_id = conn_id
        self.deferrable = deferrable
        self.wait_timeout = wait_timeout

    def poke(self, context: Context) -> bool:
        with MovielensHook(self.conn_id) as hook:
            found = hook.has_ratings(self.period_start, self.period_end)
        self.log.info("Ratings for [%s, %s): %s", self.period_start, self.period_end, "yes" if found else "none yet")
        return found

    def execute(self, context: Context) -> None:
        if self.wait_timeout not in (None, ""):
            self.timeout = self._coerce_timeout(float(self.wait_timeout)).total_seconds()
        if not self.deferrable:
            super().execute(context)
            return
        if self.poke(context):
            return
        self.defer(
            trigger=MovielensRatingsTrigger(
                conn_id=self.conn_id,
                period_start=self.period_start,
                period_end=self.period_end,
                poke_interval=self.poke_interval,
            ),
            method_name="execute_complete",
            timeout=dt.timedelta(seconds=self.timeout),
        )

    def execute_complete(self, context: Context, event: dict[str, Any] | None = None) -> None:
        """Resume after the trigger fired: succeed on its success event, fail with its message otherwise."""
        if not event or event.get("status") != "success":
            message = (event or {}).get("message", "the trigger fired without an event")
            raise AirflowException(f"Waiting for ratings failed: {message}")
        self.log.info("Ratings arrived for [%s, %s)", self.period_start, self.period_end)
