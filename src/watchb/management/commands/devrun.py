"""``manage.py devrun``: what ``make run`` does, with the real services; ``manage.py devrun --stop`` ends it.

    manage.py devrun [--workers 2] [--airflow-port 8080] [--data-dir data] [--days 7]
    manage.py devrun --stop            # from another terminal: stops a running devrun and all it started
    manage.py devrun --setup-only      # only the site's set-up steps, against a site already serving
    manage.py devrun --profile cluster # make cluster: PostgreSQL, Celery workers, an S3 bucket

``--profile cluster`` (``make cluster``) runs the same steps on another configuration
(:mod:`watchb.management.cluster`): the site on the PostgreSQL database ``DATABASE_URL`` names and
Airflow's metadata in another, both created if missing; the CeleryExecutor with two named workers;
moto's S3 server on ``--s3-port`` with the bucket the partitions go to, hive-style Parquet.

In order: migrate the site's database and collect its static files; serve the site
(``WATCHB_SITE_URL``) with gunicorn; fill it (crawl the sandbox, generate a week of ratings, the
pipeline's export user and publishing token, the development admin); write the Airflow home's
``airflow.cfg`` and migrate its database; start Airflow's api-server, scheduler, dag-processor and
triggerer; store the ``movielens`` and ``watchb`` connections, unpause the DAG and backfill the week
through the REST API; print each task's progress until every day is ranked; say where everything is;
serve until Ctrl-C, SIGTERM or ``--stop``, then stop every process it started. Logs go to
``<data>/logs/``; the pid file is ``<data>/run.pid``.
Running it again reuses the data: the crawl merges, the ratings and users exist, the runs of days
already ranked are not made again.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from watchb.api.params import positive_int
from watchb.management.airflow_api import AirflowApi, AirflowApiError, WeekProgress, connection
from watchb.management.airflow_home import AirflowHome
from watchb.management.cluster import BUCKET, WORKER_NAME_VARIABLE, WORKERS, ClusterProfile, ensure_database
from watchb.management.supervisor import PidFile, ServiceFailed, Supervisor, wait_until

DAG_ID = "movielens_popular_movies"
# The scheduler and triggerer would each start a log server on 0.0.0.0:8793/8794; on one machine the
# api-server reads the task logs from the files, so they are left out (and nothing else listens).
AIRFLOW_SERVICES = {
    "api-server": ["api-server"],
    "scheduler": ["scheduler", "--skip-serve-logs"],
    "dag-processor": ["dag-processor"],
    "triggerer": ["triggerer", "--skip-serve-logs"],
}
PUBLISHER = "pipeline"


class StopRequested(Exception):
    """A signal asked devrun to stop (Ctrl-C, SIGTERM from ``--stop``, a closed terminal)."""


def _stop_requested(signum, frame):
    raise StopRequested(signal.Signals(signum).name)


class Command(BaseCommand):
    help = (
        "Serve the site under gunicorn, fill it from the sandbox, run Airflow's own services on the "
        "generated week until every day is ranked, then keep serving until Ctrl-C (or devrun --stop)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=positive_int, default=2, help="gunicorn workers (default 2)")
        parser.add_argument("--airflow-port", type=int, default=8080, help="Airflow's UI and API (default 8080)")
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=Path(os.environ.get("WATCHB_DATA_DIR") or settings.BASE_DIR / "data"),
            help="partitions, logs, the Airflow home and the pid file (default $WATCHB_DATA_DIR or ./data)",
        )
        parser.add_argument("--days", type=positive_int, default=7, help="days of ratings ending yesterday")
        parser.add_argument("--export-user", default="airflow", help="the user the pipeline reads /ratings as")
        parser.add_argument("--export-password", default="airflow")
        parser.add_argument(
            "--publish-token",
            default=os.environ.get("WATCHB_PUBLISH_TOKEN") or "watchb-dev-publish-token-0123456789",
            help="the API token the pipeline publishes rankings with",
        )
        parser.add_argument("--airflow-password", default="admin", help="the Airflow UI's admin password")
        parser.add_argument("--timeout", type=float, default=900.0, help="seconds to wait for the week's runs")
        parser.add_argument("--grace", type=float, default=10.0, help="seconds between SIGTERM and SIGKILL")
        parser.add_argument("--profile", choices=["run", "cluster"], default="run", help="make run's or make cluster's")
        parser.add_argument("--s3-port", type=int, default=9200, help="cluster: the local S3 server's port")
        parser.add_argument(
            "--postgres", default="postgres://postgres@127.0.0.1:5432", help="cluster: the PostgreSQL server"
        )
        parser.add_argument("--airflow-database", default="watchb_cluster_airflow", help="cluster: Airflow's database")
        parser.add_argument("--broker-url", default="redis://127.0.0.1:6379/5", help="cluster: Celery's broker")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--stop", action="store_true", help="stop the devrun that the pid file names")
        mode.add_argument("--setup-only", action="store_true", help="only fill the site that is serving")
        mode.add_argument("--exit-when-ranked", action="store_true", help="stop everything once the week is ranked")

    def handle(self, *args, **options):
        self.options = options
        self.data_dir = options["data_dir"].resolve()
        self.cluster = (
            ClusterProfile(options["postgres"], options["airflow_database"], options["broker_url"], options["s3_port"])
            if options["profile"] == "cluster"
            else None
        )
        self.pid_file = PidFile(self.data_dir / "run.pid")
        if options["stop"]:
            self.stdout.write(self.pid_file.stop(options["grace"]))
            return
        if options["setup_only"]:
            self.set_up_site()
            return
        self.serve()

    # -- the steps, in order --------------------------------------------------------------------------

    def serve(self):
        started = time.monotonic()
        if (running := self.pid_file.running_supervisor()) is not None:
            raise CommandError(f"make run is already running (pid {running.pid}); stop it with `make stop`")
        site = urlsplit(settings.SITE_URL)
        self.refuse_busy_port(site.hostname, site.port or 80, "PORT")
        self.refuse_busy_port("127.0.0.1", self.options["airflow_port"], "AIRFLOW_PORT")
        if self.cluster:
            self.refuse_busy_port("127.0.0.1", self.cluster.s3_port, "S3_PORT")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.supervisor = Supervisor(self.data_dir / "logs", grace=self.options["grace"])
        previous = {sig: signal.signal(sig, _stop_requested) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
        try:
            self.pid_file.write({})
            if self.cluster:
                self.prepare_cluster()
            self.start_site(site)
            self.airflow = self.airflow_home()
            self.airflow.write()
            self.supervisor.start("airflow-db-migrate", [self.bin("airflow"), "db", "migrate"], env=self.airflow_env())
            self.set_up_site()
            workers = ", two Celery workers" if self.cluster else ""
            self.step(f"Starting Airflow: api-server, scheduler, dag-processor, triggerer{workers}")
            self.supervisor.finish("airflow-db-migrate", timeout=300)
            self.airflow.use_write_ahead_log()
            for service, argv in self.airflow_services().items():
                env = self.airflow_env()
                if service in WORKERS:
                    env[WORKER_NAME_VARIABLE] = service
                self.supervisor.start(service, argv, env=env)
            self.pid_file.write(self.supervisor.groups())
            ranked = self.run_week()
            self.say_where_everything_is(started, ranked)
            if self.options["exit_when_ranked"]:
                if not ranked:
                    raise CommandError("not every day was ranked; see the logs above")
                return
            self.keep_serving()
        except StopRequested as stop:
            self.stdout.write(f"\n== {stop}: stopping")
        except ServiceFailed as failure:
            raise CommandError(str(failure)) from None
        finally:
            for sig in previous:  # a second Ctrl-C must not cut the stopping short
                signal.signal(sig, signal.SIG_IGN)
            killed = self.supervisor.stop()
            self.pid_file.remove()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            if killed:
                self.stderr.write(f"Killed after {self.options['grace']:g} s: {', '.join(killed)}")
            self.stdout.write("Stopped: every process make run started has ended.")

    def prepare_cluster(self):
        """The cluster's databases (created if missing) and its S3 server with the partitions' bucket."""
        site_database = os.environ.get("DATABASE_URL", "")
        if not site_database.startswith("postgres"):
            raise CommandError("the cluster profile serves the site from PostgreSQL: set DATABASE_URL=postgres://…")
        self.step(f"PostgreSQL: the site's database and Airflow's ({self.cluster.airflow_database})")
        for url in (site_database, self.cluster.airflow_database_url):
            if ensure_database(url):
                self.stdout.write(f"created {url}")
        self.step(f"Starting the S3 server (moto) on {self.cluster.s3_url} with the bucket {BUCKET}")
        argv = [self.bin("moto_server"), "-H", "127.0.0.1", "-p", str(self.cluster.s3_port)]
        self.supervisor.start("s3-server", argv)
        self.pid_file.write(self.supervisor.groups())
        bucket = f"{self.cluster.s3_url}/{BUCKET}"
        if not wait_until(lambda: _answers(bucket), timeout=60, check=self.supervisor.check):
            raise CommandError(f"the S3 server did not answer on {self.cluster.s3_url}")
        # moto takes unsigned requests; a real bucket is made once, by whoever owns the account.
        requests.put(bucket, headers={"x-amz-bucket-region": "eu-west-1"}, timeout=10).raise_for_status()

    def airflow_services(self) -> dict[str, list[str]]:
        airflow = self.bin("airflow")
        services = {name: [airflow, *arguments] for name, arguments in AIRFLOW_SERVICES.items()}
        if self.cluster:
            services.update({name: self.cluster.worker_argv(airflow, name) for name in WORKERS})
        return services

    def start_site(self, site):
        self.step(f"Serving the site with gunicorn ({self.options['workers']} workers) on {settings.SITE_URL}")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        env = {**os.environ, "WATCHB_SITE_URL": settings.SITE_URL, "PYTHONPATH": self.pythonpath()}
        argv = [
            self.bin("gunicorn"),
            "watchb.wsgi:application",
            f"--bind={site.hostname}:{site.port or 80}",
            f"--workers={self.options['workers']}",
            "--access-logfile=-",
            # The sandbox answers the crawl from the same workers; a slow page should not kill one.
            "--timeout=120",
            "--graceful-timeout=5",
        ]
        self.supervisor.start("site", argv, env=env, cwd=settings.BASE_DIR)
        self.pid_file.write(self.supervisor.groups())
        url = f"{settings.SITE_URL}/admin/login/"
        try:
            call_command("waitforsite", url=url, timeout=60)
        except CommandError:
            self.supervisor.check()  # says why, if gunicorn died
            raise

    def set_up_site(self):
        options = self.options
        self.step("Crawling the sandbox catalogue (TMDB and KMDb look-alikes served by the site itself)")
        call_command("crawlmovies", "all", stdout=self.stdout)
        self.step(f"Generating {options['days']} days of users and ratings")
        call_command("generateratings", days=options["days"], stdout=self.stdout)
        call_command("createexportuser", options["export_user"], password=options["export_password"], verbosity=0)
        call_command("createpublisher", PUBLISHER, token=options["publish_token"], stdout=_Discard(), stderr=_Discard())
        if settings.DEBUG:
            call_command("ensureadmin", stdout=_Discard())

    def run_week(self) -> bool:
        """Connect Airflow to the site, unpause the DAG, backfill the week, and wait until it is ranked."""
        first, last = self.week()
        api = AirflowApi(self.airflow.url, self.airflow.username, self.airflow.password)
        check = self.supervisor.check
        if not wait_until(api.healthy, timeout=180, interval=1, check=check):
            raise CommandError(f"Airflow's api-server did not answer on {self.airflow.url} within 180 s")
        api.set_connections(self.connections())
        if not wait_until(lambda: api.dag(DAG_ID) is not None, timeout=180, interval=2, check=check):
            errors = "\n".join(e.get("stack_trace", "")[-600:] for e in api.import_errors())
            raise CommandError(f"Airflow has not loaded {DAG_ID} within 180 s. {errors}")
        conf = self.cluster.run_conf() if self.cluster else {"data_dir": str(self.data_dir)}
        # The scheduler's own daily runs have no conf: the DAG reads the deployment's Variables.
        api.set_variables({f"watchb_{name}": value for name, value in conf.items()})
        api.unpause(DAG_ID)
        self.step(f"Ranking {first} to {last}: the scheduler runs {DAG_ID} (day, task, state)")
        self.stdout.write(api.backfill(DAG_ID, first, last, self.options["days"], conf=conf))
        progress = WeekProgress(first, last)
        deadline = time.monotonic() + self.options["timeout"]
        while time.monotonic() < deadline:
            check()
            try:
                lines = progress.update(api.dag_runs(DAG_ID, first, last), api.task_instances(DAG_ID, first, last))
            except (AirflowApiError, OSError) as error:  # SQLite busy, a restart: ask again
                lines = [f"(Airflow did not answer: {error})"]
            for line in lines:
                self.stdout.write(line)
            if progress.done():
                return True
            if progress.failed() and len(progress.failed()) + progress.succeeded() == len(progress.days):
                break
            time.sleep(2)
        failed = ", ".join(progress.failed()) or "none"
        self.stderr.write(f"{progress.succeeded()} of {len(progress.days)} days ranked (failed: {failed})")
        return False

    def say_where_everything_is(self, started, ranked):
        site, airflow, options = settings.SITE_URL, self.airflow, self.options
        memory = "  ".join(f"{name} {size / 2**20:.0f} MB" for name, size in self.supervisor.memory().items())
        verdict = "with every day ranked" if ranked else "but not every day is ranked"
        admin = "   user admin, password admin" if settings.DEBUG else ""
        self.stdout.write(
            f"""
WatchB is serving on {site}/ {verdict} ({time.monotonic() - started:.0f} s after start)
  the day's ranking        {site}/   (API: /api/rankings/)
  the catalogue admin      {site}/admin/{admin}
  the REST API and docs    {site}/api/docs/
  MovieLens export         {site}/ratings   basic auth {options["export_user"]} / {options["export_password"]}
  Airflow UI               {airflow.url}/   user {airflow.username}, password {airflow.password}
  Airflow REST API docs    {airflow.url}/docs
  Airflow from a shell     AIRFLOW_HOME={airflow.path} airflow dags list-runs {DAG_ID}
  logs                     {self.data_dir / "logs"}/{self.cluster_lines()}
  memory (PSS)             {memory}
Ctrl-C here, or `make stop` in another terminal, stops all of it; the data stays in the database
and in {self.data_dir}/."""
        )

    def cluster_lines(self) -> str:
        if not self.cluster:
            return ""
        return f"""
  executor                 CeleryExecutor, workers {", ".join(WORKERS)}; broker {self.cluster.broker_url}
  Airflow's metadata       {self.cluster.airflow_database_url}
  partitions (S3, moto)    {self.cluster.data_url}/ratings/ds=YYYY-MM-DD/part.parquet
                           endpoint {self.cluster.s3_url}, connection {self.cluster.s3_connection()["connection_id"]}"""

    def keep_serving(self):
        """Watch the services; a new day's ranking is the scheduler's to make, and is announced here."""
        last = self.week()[1]
        api = AirflowApi(self.airflow.url, self.airflow.username, self.airflow.password)
        seen = {}
        while True:
            for _ in range(30):
                self.supervisor.check()
                time.sleep(2)
            today = dt.datetime.now(dt.UTC).date()
            try:
                runs = api.dag_runs(DAG_ID, last + dt.timedelta(days=1), today)
            except (AirflowApiError, OSError):
                continue
            for run in runs:
                day = run["data_interval_start"][:10]
                if run["state"] in ("success", "failed") and seen.get(day) != run["state"]:
                    seen[day] = run["state"]
                    self.stdout.write(f"{day}  {'run':<24} {run['state']}")

    # -- helpers --------------------------------------------------------------------------------------

    def week(self) -> tuple[dt.date, dt.date]:
        """The days generateratings filled: ``--days`` ending yesterday, UTC."""
        last = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
        return last - dt.timedelta(days=self.options["days"] - 1), last

    def airflow_home(self) -> AirflowHome:
        return AirflowHome(
            path=self.data_dir / "airflow",
            dags_folder=Path(settings.BASE_DIR) / "dags",
            port=self.options["airflow_port"],
            password=self.options["airflow_password"],
            overrides=self.cluster.airflow_settings() if self.cluster else {},
        )

    def airflow_env(self) -> dict[str, str]:
        # The DAG reads no environment: its start_date is a constant with catch-up off, so the
        # scheduler makes only yesterday's run itself and the backfill the rest of the week; the data
        # folder reaches the backfill's runs as their `data_dir` param.
        return self.airflow.environment(os.environ, Path(sys.executable).parent, self.source_paths())

    def connections(self) -> list[dict]:
        options, site = self.options, settings.SITE_URL
        return [
            connection("movielens", "movielens", site, options["export_user"], options["export_password"]),
            connection("watchb", "watchb", site, password=options["publish_token"]),
            *([self.cluster.s3_connection()] if self.cluster else []),
        ]

    def source_paths(self) -> list[Path]:
        """This checkout's packages, first on the path of every process, so a second work tree sharing
        one virtualenv runs its own code (as pytest's ``pythonpath`` does)."""
        base = Path(settings.BASE_DIR)
        return [base / "src", base / "providers" / "airflow-movielens" / "src"]

    def pythonpath(self) -> str:
        return os.pathsep.join([*map(str, self.source_paths()), *filter(None, [os.environ.get("PYTHONPATH")])])

    @staticmethod
    def bin(name: str) -> str:
        return str(Path(sys.executable).parent / name)

    @staticmethod
    def refuse_busy_port(host: str, port: int, variable: str):
        with socket.socket() as probe:
            probe.settimeout(1)
            if probe.connect_ex((host, port)) == 0:
                raise CommandError(f"{host}:{port} is already in use; stop what serves it, or set {variable}=…")

    def step(self, text: str):
        self.stdout.write(f"== {text}", style_func=lambda line: line)


def _answers(url: str) -> bool:
    try:
        requests.head(url, timeout=2)
    except requests.RequestException:
        return False
    return True


class _Discard:
    """A stdout for commands whose output make run does not show (createpublisher prints the token)."""

    def write(self, text):
        pass

    def flush(self):
        pass
