"""What ``make cluster`` changes in ``make run``: PostgreSQL, Celery workers, and an S3 bucket.

The same machinery runs both (``manage.py devrun --profile cluster``): this module holds only what
differs. The site and Airflow's metadata live in PostgreSQL databases of their own, created if
missing; Airflow runs the CeleryExecutor (Redis as broker, PostgreSQL as result backend) with two
workers named as two hosts would be; partitions go to a bucket on a local S3-compatible server (moto's),
hive-style Parquet, since workers on several hosts share no folder.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

WORKERS = ("worker-a", "worker-b")
S3_CONN_ID = "watchb_s3"
BUCKET = "watchb"
# A worker's name as the task instances record it (their `hostname`); see worker_hostname.
WORKER_NAME_VARIABLE = "WATCHB_WORKER_HOSTNAME"


def worker_hostname() -> str:
    """Airflow's ``[core] hostname_callable`` in the cluster: the worker's name where the process was
    given one (two workers on one machine stand for two hosts), else the host's name, as Airflow's own."""
    return os.environ.get(WORKER_NAME_VARIABLE) or socket.getfqdn()


def ensure_database(url: str) -> bool:
    """Create the PostgreSQL database ``url`` names unless it exists (connecting to ``postgres`` on the
    same server to do so); True if it was created."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    scheme = parts.scheme.split("+")[0]
    server = urlunsplit((scheme if scheme != "postgresql" else "postgres", parts.netloc, "/postgres", "", ""))
    with psycopg.connect(server, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


@dataclass(frozen=True)
class ClusterProfile:
    """:param postgres: the server, e.g. ``postgres://postgres@127.0.0.1:5432``.
    :param airflow_database: the database of Airflow's metadata (and Celery's results).
    :param broker_url: Celery's broker, e.g. ``redis://127.0.0.1:6379/5``.
    :param s3_port: the local S3-compatible server's port (on 127.0.0.1).
    """

    postgres: str
    airflow_database: str
    broker_url: str
    s3_port: int

    @property
    def airflow_database_url(self) -> str:
        return f"{self.postgres}/{self.airflow_database}"

    @property
    def s3_url(self) -> str:
        return f"http://127.0.0.1:{self.s3_port}"

    @property
    def data_url(self) -> str:
        """The DAG's ``data_dir``: the bucket, through the ``watchb_s3`` connection."""
        return f"s3://{S3_CONN_ID}@{BUCKET}/watchb"

    def airflow_settings(self) -> dict[str, dict[str, str]]:
        """What ``airflow.cfg`` holds beside make run's settings (SQLAlchemy's psycopg 3 driver: the site's)."""
        metadata = "postgresql+psycopg://" + self.airflow_database_url.split("://", 1)[1]
        return {
            "core": {
                "executor": "CeleryExecutor",
                "hostname_callable": f"{__name__}.worker_hostname",
            },
            # Airflow's async sessions would take asyncpg by default; psycopg 3 is async too.
            "database": {"sql_alchemy_conn": metadata, "sql_alchemy_conn_async": metadata},
            "celery": {
                "broker_url": self.broker_url,
                "result_backend": f"db+{metadata}",
                "worker_concurrency": "2",
            },
        }

    def run_conf(self) -> dict[str, str]:
        """The backfill's conf: partitions as hive-style Parquet in the bucket."""
        return {"data_dir": self.data_url, "partition_format": "parquet", "partition_layout": "hive"}

    def s3_connection(self) -> dict:
        """The ``aws`` connection the tasks reach the bucket with (moto takes any keys)."""
        extra = {"endpoint_url": self.s3_url, "region_name": "eu-west-1"}
        return {
            "connection_id": S3_CONN_ID,
            "conn_type": "aws",
            "login": "watchb",
            "password": "watchb-local-s3",
            "extra": json.dumps(extra),
        }

    def worker_argv(self, airflow: str, name: str) -> list[str]:
        """A Celery worker named ``name`` as if on its own host; its log server is skipped, as the
        api-server reads the logs from this machine's files."""
        return [airflow, "celery", "worker", "--celery-hostname", f"{name}@%h", "--skip-serve-logs"]
