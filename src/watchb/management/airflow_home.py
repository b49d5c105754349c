"""The Airflow home ``make run`` uses: its ``airflow.cfg``, its UI login, and the environment of its processes.

Every setting lives in ``<home>/airflow.cfg``, not in ``AIRFLOW__*`` variables, so any ``airflow``
command works with ``AIRFLOW_HOME`` alone. Two kinds of settings are written:

- those ``make run`` depends on (paths, executor, ports and URLs, the login) are set on every run,
  so moving the checkout or choosing another port just works;
- defaults a user may tune (parallelism, the API's workers) and the secrets the processes share
  (the Fernet key that encrypts connection passwords, the JWT secret the scheduler's task tokens
  are checked with) are written once and then left as they are.
"""

from __future__ import annotations

import base64
import configparser
import contextlib
import json
import os
import secrets
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class AirflowHome:
    """:param path: the ``AIRFLOW_HOME`` folder, created if missing.
    :param dags_folder: the repository's ``dags/``.
    :param host: address the api-server listens on (the UI, the REST API, the execution API).
    :param port: its port.
    :param username: the UI's user (an admin, with Airflow's simple auth manager).
    :param password: its password, stored in the simple auth manager's passwords file.
    :param overrides: settings that replace make run's, by section (the cluster's executor, database
        and Celery settings); rewritten on every run too.
    """

    path: Path
    dags_folder: Path
    host: str = "127.0.0.1"
    port: int = 8080
    username: str = "admin"
    password: str = "admin"
    overrides: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def config_path(self) -> Path:
        return self.path / "airflow.cfg"

    @property
    def passwords_path(self) -> Path:
        return self.path / "simple_auth_manager_passwords.json"

    def required_settings(self) -> dict[str, dict[str, str]]:
        """What ``make run`` relies on, with the ``overrides``; rewritten on every run."""
        settings = {
            "core": {
                "dags_folder": str(self.dags_folder),
                "executor": "LocalExecutor",
                "load_examples": "False",
                "auth_manager": "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager",
                "simple_auth_manager_users": f"{self.username}:admin",
                "simple_auth_manager_passwords_file": str(self.passwords_path),
                # Task processes reach the execution API here; with only [api] port changed they
                # would still call 8080 and fail with "Connection refused" before they start.
                "execution_api_server_url": f"{self.url}/execution/",
            },
            "database": {"sql_alchemy_conn": f"sqlite:///{self.database_path}"},
            "api": {"host": self.host, "port": str(self.port), "base_url": self.url},
            "logging": {"base_log_folder": str(self.path / "logs")},
        }
        for section, options in self.overrides.items():
            settings.setdefault(section, {}).update(options)
        return settings

    @staticmethod
    def default_settings() -> dict[str, dict[str, str]]:
        """Written once, then the user's to change."""
        return {
            "core": {
                # A Fernet key is 32 url-safe base64 bytes; connection passwords are stored encrypted with it.
                "fernet_key": base64.urlsafe_b64encode(os.urandom(32)).decode(),
                # A laptop has a few cores: four tasks at once keep them busy without swapping.
                "parallelism": "4",
                "dags_are_paused_at_creation": "True",
            },
            "api": {"workers": "1", "secret_key": secrets.token_urlsafe(32)},
            "api_auth": {"jwt_secret": secrets.token_urlsafe(32)},
            "dag_processor": {"refresh_interval": "60"},
        }

    def write(self) -> None:
        """Create or update ``airflow.cfg`` and the login, keeping everything else already there."""
        self.path.mkdir(parents=True, exist_ok=True)
        config = configparser.ConfigParser(interpolation=None)
        config.optionxform = str  # keep option names as written
        config.read(self.config_path)
        for section, options in self.default_settings().items():
            for option, value in options.items():
                if not config.has_option(section, option):
                    config.setdefault(section, {})
                    config[section][option] = value
        for section, options in self.required_settings().items():
            config.setdefault(section, {})
            config[section].update(options)
        with open(self.config_path, "w") as cfg:
            config.write(cfg)
        self._write_password()

    @property
    def database_path(self) -> Path:
        return self.path / "airflow.db"

    def use_write_ahead_log(self) -> None:
        """Switch the metadata database to SQLite's write-ahead log (it stays so, in the file).

        Four services share one SQLite file; in its default rollback mode a reader (the api-server
        answering the UI) waits for every writer (the scheduler, the dag-processor, the triggerer)
        and requests time out with "database is locked". With the log, readers no longer wait.
        The site's own SQLite database runs the same way. A home on another database is left alone.
        """
        if not self.required_settings()["database"]["sql_alchemy_conn"].startswith("sqlite:"):
            return
        with contextlib.closing(sqlite3.connect(self.database_path, timeout=30)) as database:
            database.execute("PRAGMA journal_mode=WAL")

    def _write_password(self) -> None:
        try:
            passwords = json.loads(self.passwords_path.read_text() or "{}")
        except (OSError, ValueError):
            passwords = {}
        if passwords.get(self.username) != self.password:
            passwords[self.username] = self.password
            self.passwords_path.write_text(json.dumps(passwords) + "\n")

    def environment(self, base: Mapping[str, str], bin_dir: Path, pythonpath: list[Path]) -> dict[str, str]:
        """``base`` with ``AIRFLOW_HOME`` set, ``bin_dir`` first on PATH and ``pythonpath`` first on PYTHONPATH.

        Airflow's services start helpers as ``airflow`` from PATH, so the venv's ``bin`` comes first.
        Stray ``AIRFLOW__*`` variables are dropped: the settings are the ones in ``airflow.cfg``.
        """
        env = {key: value for key, value in base.items() if not key.startswith("AIRFLOW__")}
        env["AIRFLOW_HOME"] = str(self.path)
        env["PATH"] = os.pathsep.join([str(bin_dir), base.get("PATH", os.defpath)])
        env["PYTHONPATH"] = os.pathsep.join([*map(str, pythonpath), *filter(None, [base.get("PYTHONPATH")])])
        return env
