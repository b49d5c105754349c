import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def server_environment(**env):
    """Our environment as a server outside the test run has it (without pytest's marker), this checkout's
    settings first on the path, `env` on top."""
    base = {k: v for k, v in os.environ.items() if k != "PYTEST_VERSION"}
    return {**base, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]), **env}


def run_settings(**env):
    """Import the settings in a fresh interpreter with `env` on top of ours (and a secret key unless given)."""
    env = {"SECRET_KEY": "a-real-secret", **env}
    return subprocess.run(
        [sys.executable, "-c", "import watchb.settings as s; print(s.DATABASES['default']['ENGINE'])"],
        env=server_environment(**env),
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


def test_debug_is_off_unless_set():
    env = server_environment(SECRET_KEY="a-real-secret")
    env.pop("DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-c", "import watchb.settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SANDBOX_ENABLED)"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["False", "True", "False"], result.stderr


def test_without_debug_the_development_key_is_refused():
    env = server_environment()
    env.pop("DEBUG", None)
    env.pop("SECRET_KEY", None)
    result = subprocess.run([sys.executable, "-c", "import watchb.settings"], env=env, capture_output=True, text=True)
    assert "SECRET_KEY must be set when DEBUG=0" in result.stderr


def test_a_shared_cache_also_holds_the_sessions():
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'watchb.settings'; from django.conf import settings as s;"
        " print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE)"
    )
    shared = subprocess.run(
        [sys.executable, "-c", code],
        env=server_environment(SECRET_KEY="a-real-secret", WATCHB_CACHE_URL="redis://127.0.0.1:6379/8"),
        capture_output=True,
        text=True,
    )
    env = server_environment(SECRET_KEY="a-real-secret")
    env.pop("WATCHB_CACHE_URL", None)
    local = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)

    assert shared.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
    ]
    assert local.stdout.split() == [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.contrib.sessions.backends.db",
    ]
