"""What ``make run`` asks of Airflow, through its REST API (v2): connections, unpausing, a backfill, progress.

The client logs in as the simple auth manager's user (``POST /auth/token``) and sends the token as a
Bearer header; a request answered 401 logs in again once, since tokens expire.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import requests


class AirflowApiError(RuntimeError):
    """Airflow answered an error status: the message carries the method, path, status and detail."""

    def __init__(self, method: str, path: str, status: int, detail: str):
        super().__init__(f"Airflow {method} {path}: {status} {detail}")
        self.status = status


def connection(conn_id: str, conn_type: str, site_url: str, login=None, password=None) -> dict:
    """An Airflow connection to the site at ``site_url``, as the REST API takes it."""
    scheme, _, address = site_url.partition("://")
    host, _, port = address.rstrip("/").partition(":")
    return {
        "connection_id": conn_id,
        "conn_type": conn_type,
        "schema": scheme,  # the provider's hooks read the URL scheme from `schema`
        "host": host,
        "port": int(port) if port else (443 if scheme == "https" else 80),
        "login": login,
        "password": password,
    }


def day_start(day: dt.date) -> str:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).isoformat()


class AirflowApi:
    """:param url: the api-server's base URL, e.g. ``http://127.0.0.1:8080``.
    :param username: a simple auth manager user that may change connections, DAGs and backfills.
    :param password: its password.
    """

    def __init__(self, url: str, username: str, password: str, timeout: float = 30.0, attempts: int = 3):
        self.url = url.rstrip("/")
        self.username = username
        self.password = password
        self.timeout = timeout
        self.attempts = attempts
        self.retry_wait = 1.0
        self.session = requests.Session()

    def healthy(self) -> bool:
        try:
            answer = self.session.get(f"{self.url}/api/v2/monitor/health", timeout=self.timeout)
        except requests.RequestException:
            return False
        return answer.ok

    def login(self) -> None:
        answer = self.session.post(
            f"{self.url}/auth/token",
            data=json.dumps({"username": self.username, "password": self.password}),
            headers={"Content-Type": "application/json"},
            timeout=self.timeout,
        )
        if not answer.ok:
            raise AirflowApiError("POST", "/auth/token", answer.status_code, answer.text[:200])
        self.session.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"

    def request(self, method: str, path: str, *, body=None, params=None, allow: Iterable[int] = ()) -> dict:
        """The JSON answer to ``method path``; statuses in ``allow`` are answers too, others AirflowApiError.

        A request that times out is sent again (up to ``attempts`` times): on SQLite a busy scheduler
        can hold the api-server's answer for many seconds. Every request make run sends may be
        repeated: connections are overwritten, unpausing twice is unpausing, and a backfill already
        made is answered 409.
        """
        for attempt in range(1, self.attempts + 1):
            try:
                if "Authorization" not in self.session.headers:
                    self.login()
                answer = self.session.request(
                    method,
                    f"{self.url}/api/v2{path}",
                    data=None if body is None else json.dumps(body),
                    headers={"Content-Type": "application/json"},
                    params=params,
                    timeout=self.timeout,
                )
            except requests.Timeout:
                if attempt == self.attempts:
                    raise
                continue
            if answer.status_code == 401 and attempt == 1:
                del self.session.headers["Authorization"]
                continue
            break
        if answer.ok or answer.status_code in set(allow):
            try:
                return answer.json() | {"_status": answer.status_code}
            except ValueError:
                return {"_status": answer.status_code}
        detail = answer.text[:300]
        raise AirflowApiError(method, path, answer.status_code, detail)

    def set_connections(self, connections: list[dict]) -> None:
        """Create the connections, overwriting any of the same id (so a new port or token takes effect)."""
        self.overwrite("/connections", connections)

    def set_variables(self, variables: dict[str, str]) -> None:
        """Create the Airflow Variables, overwriting any of the same key."""
        self.overwrite("/variables", [{"key": key, "value": value} for key, value in variables.items()])

    def overwrite(self, path: str, entities: list[dict]) -> None:
        """One bulk request creating `entities` at `path`, each replacing any of the same id."""
        actions = [{"action": "create", "entities": entities, "action_on_existence": "overwrite"}]
        answer = self.request("PATCH", path, body={"actions": actions})
        errors = answer.get("create", {}).get("errors")
        if errors:
            raise AirflowApiError("PATCH", path, answer["_status"], str(errors))

    def dag(self, dag_id: str) -> dict | None:
        answer = self.request("GET", f"/dags/{dag_id}", allow=(404,))
        return None if answer["_status"] == 404 else answer

    def import_errors(self) -> list[dict]:
        return self.request("GET", "/importErrors").get("import_errors", [])

    def unpause(self, dag_id: str) -> None:
        self.request("PATCH", f"/dags/{dag_id}", body={"is_paused": False})

    def backfill(
        self,
        dag_id: str,
        first: dt.date,
        last: dt.date,
        max_active_runs: int,
        conf: dict | None = None,
        attempts: int = 10,
    ) -> str:
        """Ask for runs of the days ``first`` to ``last`` that do not exist yet, each with the run
        ``conf`` (the DAG's params); say what Airflow answered.

        On SQLite a busy scheduler can lock the database while the backfill is made: Airflow then
        removes the half-made backfill and answers 503, and the request is sent again, a few seconds on.
        So it is when the previous ``make run``'s backfill is still open (409): the scheduler closes a
        backfill whose runs are done within a few loops, and then the new days can have theirs.
        """
        body = {
            "dag_id": dag_id,
            "from_date": day_start(first),
            "to_date": day_start(last),
            "reprocess_behavior": "none",
            "max_active_runs": max_active_runs,
            "dag_run_conf": conf or {},
        }
        for attempt in range(1, attempts + 1):
            answer = self.request("POST", "/backfills", body=body, allow=(409, 422, 503))
            if answer["_status"] not in (409, 503) or attempt == attempts:
                break
            time.sleep(self.retry_wait * attempt)
        if answer["_status"] == 503:
            raise AirflowApiError("POST", "/backfills", 503, str(answer.get("detail")))
        if answer["_status"] == 409:
            return f"a backfill of {dag_id} is already running; waiting for it ({answer.get('detail')})"
        if answer["_status"] == 422:
            return f"no backfill needed ({answer.get('detail')})"
        return f"backfill {answer.get('id')} of {dag_id} from {first} to {last} created"

    def dag_runs(self, dag_id: str, first: dt.date, last: dt.date) -> list[dict]:
        params = {"logical_date_gte": day_start(first), "logical_date_lte": day_start(last), "limit": 100}
        return self.request("GET", f"/dags/{dag_id}/dagRuns", params=params)["dag_runs"]

    def task_instances(self, dag_id: str, first: dt.date, last: dt.date) -> list[dict]:
        params = {"logical_date_gte": day_start(first), "logical_date_lte": day_start(last), "limit": 100}
        return self.request("GET", f"/dags/{dag_id}/dagRuns/~/taskInstances", params=params)["task_instances"]


@dataclass
class WeekProgress:
    """The days ``first`` to ``last`` of a DAG, as Airflow reports their runs and tasks.

    ``update`` takes the API's runs and task instances and returns a line for each change worth
    showing (a task running, deferred, retried, done; a run done); ``done`` and ``failed`` say how the
    week stands. A day is the run's ``data_interval_start``.
    """

    first: dt.date
    last: dt.date
    shown: dict[tuple[str, str], str] = field(default_factory=dict)
    runs: dict[str, str] = field(default_factory=dict)

    QUIET_STATES = frozenset({None, "none", "scheduled", "queued"})

    @property
    def days(self) -> list[str]:
        count = (self.last - self.first).days + 1
        return [(self.first + dt.timedelta(days=n)).isoformat() for n in range(count)]

    def update(self, runs: list[dict], task_instances: list[dict]) -> list[str]:
        lines = []
        day_of_run = {}
        for run in runs:
            day = _day(run)
            day_of_run[run["dag_run_id"]] = day
            if self.runs.get(day) != run["state"] and run["state"] in ("success", "failed"):
                lines.append(f"{day}  {'run':<24} {run['state']}")
            self.runs[day] = run["state"]
        for ti in sorted(task_instances, key=lambda ti: (ti.get("start_date") or "", ti["task_id"])):
            day = day_of_run.get(ti["dag_run_id"])
            if day is None or ti["state"] in self.QUIET_STATES:
                continue
            if self.shown.get((day, ti["task_id"])) != ti["state"]:
                self.shown[(day, ti["task_id"])] = ti["state"]
                lines.append(f"{day}  {ti['task_id']:<24} {ti['state']}")
        return lines

    def done(self) -> bool:
        return all(self.runs.get(day) == "success" for day in self.days)

    def failed(self) -> list[str]:
        return [day for day in self.days if self.runs.get(day) == "failed"]

    def succeeded(self) -> int:
        return sum(self.runs.get(day) == "success" for day in self.days)


def _day(run: dict) -> str:
    start = run.get("data_interval_start") or run.get("logical_date")
    return start[:10]
