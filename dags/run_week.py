"""Run the ``movielens_popular_movies`` DAG for a range of days, one ``dag.test()`` run per day.

    python dags/run_week.py [--first YYYY-MM-DD] [--last YYYY-MM-DD]

Days default to the seven ending yesterday (UTC), the week ``manage.py generateratings`` fills. Each
day runs in this process with Airflow's embedded ``dag.test()``: no scheduler, webserver or triggerer
(the sensor's trigger runs in line). Each run's conf sets the DAG's ``data_dir`` param to
``$WATCHB_DATA_DIR`` (default ``./data``) and its ``wait_timeout`` to two minutes: past days are
complete, so a day without ratings should fail soon rather than wait for hours. Airflow state goes to
``$AIRFLOW_HOME`` (default ``$WATCHB_DATA_DIR/airflow``), created on first use. The connections come
from the environment, e.g.::

    AIRFLOW_CONN_MOVIELENS='{"conn_type": "movielens", "host": "127.0.0.1", "port": 8000,
                             "login": "airflow", "password": "airflow"}'
    AIRFLOW_CONN_WATCHB='{"conn_type": "watchb", "host": "127.0.0.1", "port": 8000, "password": "<token>"}'

Exits 0 when every day's run succeeded, 1 otherwise (and 2 on bad arguments or missing connections).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import subprocess
import sys
import warnings
from pathlib import Path

DAGS_FOLDER = Path(__file__).resolve().parent
DAG_FILE = DAGS_FOLDER / "movielens_popular_movies.py"
DAG_ID = "movielens_popular_movies"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    yesterday = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--first", type=dt.date.fromisoformat, help="first day (default: a week before --last)")
    parser.add_argument(
        "--last", type=dt.date.fromisoformat, default=yesterday, help="last day (default: yesterday, UTC)"
    )
    args = parser.parse_args(argv)
    args.first = args.first or args.last - dt.timedelta(days=6)
    if args.first > args.last:
        parser.error(f"--first {args.first} is after --last {args.last}")
    return args


# Past days are complete: a day without ratings should fail the run soon, not wait for hours.
WAIT_TIMEOUT = 120


def prepare_airflow_environment() -> Path:
    """Point Airflow at its home and the DAGs folder before it is imported; return the data folder."""
    data_dir = Path(os.environ.get("WATCHB_DATA_DIR") or "data").resolve()
    home = Path(os.environ.setdefault("AIRFLOW_HOME", str(data_dir / "airflow")))
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(DAGS_FOLDER))
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    # dag.test() logs every task step at INFO; a week of runs should print a line per day instead.
    os.environ.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "WARNING")
    return data_dir


def run_conf(data_dir: Path) -> dict[str, object]:
    """The conf of each day's run: the DAG's params this backfill sets."""
    return {"data_dir": str(data_dir), "wait_timeout": WAIT_TIMEOUT}


def missing_connections() -> list[str]:
    from airflow.sdk import BaseHook

    missing = []
    for conn_id in ("movielens", "watchb"):
        try:
            BaseHook.get_connection(conn_id)
        except Exception:
            missing.append(f"AIRFLOW_CONN_{conn_id.upper()}")
    return missing


def load_dag():
    spec = importlib.util.spec_from_file_location("movielens_popular_movies", DAG_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.dag


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    data_dir = prepare_airflow_environment()
    migrate = subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], capture_output=True, text=True)
    if migrate.returncode:
        print(migrate.stderr[-2000:], file=sys.stderr)
        print("error: airflow db migrate failed", file=sys.stderr)
        return 2
    if missing := missing_connections():
        print(f"error: set the Airflow connection(s) {', '.join(missing)} (see dags/run_week.py)", file=sys.stderr)
        return 2

    dag = load_dag()
    if args.first < dag.start_date.date():
        print(f"error: {DAG_ID} starts on {dag.start_date.date()}; --first {args.first} is before it", file=sys.stderr)
        return 2
    # Airflow 3.3 reads .airflowignore with a pathspec class that pathspec now deprecates; the filter
    # goes after Airflow's import, which installs its own warning filters.
    warnings.filterwarnings("ignore", message="GitWildMatchPattern", category=DeprecationWarning)
    # dag.test() serves the execution API through starlette's test client, which warns about httpx.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    results = []
    day = args.first
    while day <= args.last:
        # A manual run's data interval is the day *before* its logical date (it is triggered at the
        # interval's end), so day D is the run whose logical date is D + 1.
        logical_date = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(days=1)
        run = dag.test(logical_date=logical_date, run_conf=run_conf(data_dir))
        state = str(getattr(run.state, "value", run.state))
        results.append(state)
        print(f"{DAG_ID} {day}: {state}", flush=True)
        day += dt.timedelta(days=1)
    return 0 if all(state == "success" for state in results) else 1


if __name__ == "__main__":
    sys.exit(main())
