"""The trigger behind the deferrable ratings sensor.

It runs in Airflow's triggerer, which imports it by its class path: that is why it lives in this
installed package and not in a DAG file. It asks through
:meth:`~airflow_movielens.hooks.movielens.MovielensHook.ahas_ratings`, the hook's async request (the
connection's credentials, timeout and retries), and waits between polls with ``asyncio.sleep``, so
one triggerer can hold thousands of waiting sensors.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from airflow.triggers.base import BaseTrigger, TriggerEvent

from airflow_movielens.hooks.movielens import MovielensApiError, MovielensHook
from airflow_movielens.paging import PagingError


class MovielensRatingsTrigger(BaseTrigger):
    """Polls ``/ratings`` until ``[period_start, period_end)`` holds a rating, then fires once.

    Events: ``{"status": "success", "period_start", "period_end"}`` when a rating is there;
    ``{"status": "error", "message"}`` when polling cannot succeed (credentials refused, a 4xx other
    than 429, an answer that breaks the contract). A 429, a 5xx or a failed connection that outlasts
    the hook's retries is logged and polled again. The wait's overall limit is the deferral timeout
    the sensor sets.

    :param conn_id: the ``movielens`` connection.
    :param period_start: first UTC day, ISO format.
    :param period_end: the UTC day after the period, ISO format.
    :param poke_interval: seconds between polls.
    :param timeout: seconds per HTTP request; the connection's ``timeout`` when ``None``.
    """

    def __init__(
        self,
        conn_id: str,
        period_start: str | None,
        period_end: str | None,
        poke_interval: float = 60.0,
        timeout: float | None = None,
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # untyped_calls_exclude misses super() calls
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

    async def run(self) -> AsyncIterator[TriggerEvent]:
        async with MovielensHook(self.conn_id, timeout=self.timeout) as hook:
            while True:
                try:
                    if await hook.ahas_ratings(self.period_start, self.period_end):
                        yield TriggerEvent(
                            {"status": "success", "period_start": self.period_start, "period_end": self.period_end}
                        )
                        return
                    self.log.info("No ratings yet for [%s, %s)", self.period_start, self.period_end)
                except MovielensApiError as exc:
                    if not exc.transient:  # refused credentials, another 4xx, an answer that is not JSON
                        yield TriggerEvent({"status": "error", "message": str(exc)})
                        return
                    self.log.warning("Polling for ratings failed (%s); polling again", exc)
                except PagingError as exc:
                    yield TriggerEvent({"status": "error", "message": f"the answer broke the contract: {exc}"})
                    return
                await asyncio.sleep(self.poke_interval)
