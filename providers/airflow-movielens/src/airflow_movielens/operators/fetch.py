"""The operator that fetches a period's ratings into a partition file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow.sdk import BaseOperator

from airflow_movielens import DATA_INTERVAL_END, DATA_INTERVAL_START
from airflow_movielens.hooks.movielens import MovielensHook
from airflow_movielens.paging import check_batch_size
from airflow_movielens.partitions import check_format, write_partition

if TYPE_CHECKING:
    from airflow.sdk import Context


class MovielensFetchRatingsOperator(BaseOperator):
    """Fetch the ratings of ``[period_start, period_end)`` into one partition file.

    Records are streamed from the API to disk page by page, so a big day is never held in memory.
    The file is written atomically (a temporary file renamed into place): after a failure the
    previous partition, or none, is left, never half of one. Fetching the same period twice gives
    the same bytes (:mod:`airflow_movielens.partitions`). Returns ``output_path`` (pushed to XCom).

    :param output_path: the partition to write (templated), e.g. ``/data/ratings/{{ data_interval_start | ds }}.json``.
    :param conn_id: the ``movielens`` connection to read from.
    :param period_start: first UTC day of the period, ISO format (templated). The API calls it
        ``start_date``; the operator cannot, because ``BaseOperator.start_date`` is the task's own
        scheduling start (and a DAG's ``default_args`` would flow into it).
    :param period_end: the UTC day after the period, ISO format, exclusive (templated); the API's
        ``end_date``.
    :param batch_size: records per API page.
    :param format: ``json`` (an array of records, as the Airflow book writes it) or ``parquet``;
        by default taken from the rendered ``output_path``'s suffix.
    """

    template_fields: Sequence[str] = ("conn_id", "output_path", "period_start", "period_end")
    ui_color = "#e8f0fe"

    def __init__(
        self,
        *,
        output_path: str,
        conn_id: str = MovielensHook.default_conn_name,
        period_start: str = DATA_INTERVAL_START,
        period_end: str = DATA_INTERVAL_END,
        batch_size: int = 1000,
        format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        # Checked here, so a bad value fails when the DAG is parsed, not when the task runs.
        self.batch_size = check_batch_size(batch_size)
        self.format = check_format(format)
        self.output_path = output_path
        self.conn_id = conn_id
        self.period_start, self.period_end = period_start, period_end  # the API's start_date, end_date

    def execute(self, context: Context) -> str:
        with MovielensHook(self.conn_id) as hook:
            self.log.info("Fetching ratings for [%s, %s) from %s", self.period_start, self.period_end, hook.base_url)
            ratings = hook.get_ratings(self.period_start, self.period_end, batch_size=self.batch_size)
            count = write_partition(ratings, self.output_path, self.format)
        self.log.info("Wrote %d ratings to %s", count, self.output_path)
        return self.output_path
