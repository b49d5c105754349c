"""The trigger behind the deferrable ratings sensor.

It runs in Airflow's triggerer, which imports it by its class path: that is why it lives in this
installed package and not in a DAG file. Everything in :meth:`MovielensRatingsTrigger.run` is
non-blocking: the connection comes from ``aget_connection``, HTTP goes through ``httpx.AsyncClient``
and the wait between polls is ``asyncio.sleep``, so one triggerer can hold thousands of waiting sensors.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
from airflow.triggers.base import BaseTrigger, TriggerEvent

from airflow_movielens.hooks import RETRY_STATUSES, MovielensHook, connection_base_url
from airflow_movielens.paging import PagingError, page_records


class MovielensRatingsTrigger(BaseTrigger):
    """Polls ``/ratings`` until ``[period_start, period_end)`` holds a rating, then fires once.

    Events: ``{"status": "success", "period_start", "period_end"}`` when a rating is there;
    ``{"status": "error", "message"}`` when polling cannot succeed (credentials refused, a 4xx other
    than 429, an answer that breaks the contract). 429, 5xx and connection errors are logged and
    polled again. The wait's overall limit is the deferral timeout the sensor sets.

    :param conn_id: the ``movielens`` connection.
    :param period_start: first UTC day, ISO format.
    :param period_end: the UTC day after the period, ISO format.
    :param poke_interval: seconds between polls.
    :param timeout: seconds per HTTP request.
    """

    def __init__(
        self,
        conn_id: str,
        period_start: str | None,
        period_end: str | None,
        poke_interval: float = 60.0,
        timeout: float = 30.0,
    ) -> None:
        super().__init__()
        self.conn_id = conn_id
        self.period_start = period_start
        self.period_end = period_end
        self.poke_interval = poke_interval
        self.timeout = timeout

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            f"{type(self).__module__}.{type(self).__qualname__}",
            {
                "conn_id": self.conn_id,
                "period_start": self.period_start,
                "period_end": self.period_end,
                "poke_interval": self.poke_interval,
                "timeout": self.timeout,
            },
        )

    def _error(self, message: str) -> TriggerEvent:
        return TriggerEvent({"status": "error", "message": message})

    async def run(self) -> AsyncIterator[TriggerEvent]:
        conn = await MovielensHook.aget_connection(self.conn_id)
        base_url = connection_base_url(
            conn, MovielensHook.default_schema, MovielensHook.default_host, MovielensHook.default_port
        )
        auth = httpx.BasicAuth(conn.login, conn.password or "") if conn.login else None
        params: dict[str, Any] = {"limit": 1}
        if self.period_start:
            params["start_date"] = self.period_start
        if self.period_end:
            params["end_date"] = self.period_end
        async with httpx.AsyncClient(base_url=base_url, auth=auth, timeout=self.timeout) as client:
            while True:
                try:
                    response = await client.get("/ratings", params=params)
                except httpx.HTTPError as exc:
                    self.log.warning("Polling %s/ratings failed (%s); retrying", base_url, exc)
                else:
                    if response.status_code in (401, 403):
                        yield self._error(
                            f"{base_url}/ratings refused connection {self.conn_id!r} ({response.status_code})"
                        )
                        return
                    if response.status_code == 200:
                        try:
                            records = page_records(response.json())
                        except (ValueError, PagingError) as exc:
                            yield self._error(f"{base_url}/ratings answered outside the contract: {exc}")
                            return
                        if records:
                            yield TriggerEvent(
                                {"status": "success", "period_start": self.period_start, "period_end": self.period_end}
                            )
                            return
                        self.log.info("No ratings yet for [%s, %s)", self.period_start, self.period_end)
                    elif response.status_code not in RETRY_STATUSES:
                        yield self._error(f"{base_url}/ratings answered {response.status_code}: {response.text[:300]}")
                        return
                    else:
                        self.log.warning("%s/ratings answered %s; retrying", base_url, response.status_code)
                await asyncio.sleep(self.poke_interval)
