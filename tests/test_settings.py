import os
import subprocess
import sys


def run_settings(**env):
    """Import the settings in a fresh interpreter with `env` on top of ours."""
    return subprocess.run(
        [sys.executable, "-c", "import watchb.settings as s; print(s.DATABASES['default']['ENGINE'])"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )


def test_production_refuses_the_development_secret_key():
    result = run_settings(DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG=0" in result.stderr


def test_production_starts_with_a_secret_key():
    result = run_settings(DEBUG="0", SECRET_KEY="a-real-secret")
    assert result.returncode == 0, result.stderr


def test_database_url_selects_the_engine():
    result = run_settings(DATABASE_URL="postgres://postgres@127.0.0.1:5432/test")
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_sqlite_is_the_default():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-c", "import watchb.settings as s; print(s.DATABASES['default']['ENGINE'])"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "django.db.backends.sqlite3"
