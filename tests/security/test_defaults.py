"""Production defaults: HTTPS settings from the environment, `check --deploy` clean, no demo account."""

import importlib
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from rest_framework.authtoken.models import Token

from watchb.checks import DEMO_PUBLISH_TOKEN

REPO = Path(__file__).resolve().parents[2]
A_REAL_KEY = "k3#pX9!vQz2$Lm7^Wr4&Ty8*Un1(Io5)Pa6-Sd0=Fg3+Hj9_Kl2~Zx7"


def production(tmp_path, **env):
    """The environment of a server started with DEBUG=0 outside the test run."""
    base = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DEBUG", "SECRET_KEY"}}
    return {
        **base,
        "DEBUG": "0",
        "SECRET_KEY": A_REAL_KEY,
        "ALLOWED_HOSTS": "watchb.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")]),
        **env,
    }


def check_deploy(env):
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "check", "--deploy"], env=env, capture_output=True, text=True
    )


def test_check_deploy_is_clean_with_debug_off(tmp_path):
    result = check_deploy(production(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr + result.stdout


def test_each_https_setting_comes_from_the_environment(tmp_path):
    env = production(tmp_path, SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0", SECURE_PROXY_SSL_HEADER="1")
    script = (
        "import watchb.settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "False 0 ('HTTP_X_FORWARDED_PROTO', 'https')", result.stderr
    assert "security.W008" in check_deploy(env).stderr, "turning the redirect off is warned about"


@pytest.fixture
def make_run_database(db, fast_passwords):
    """What `make run` leaves in the database: admin/admin, airflow/airflow and the fixed publish token."""
    User = get_user_model()
    User.objects.create_superuser("admin", password="admin")
    User.objects.create_user("airflow", password="airflow")
    Token.objects.create(user=User.objects.create_user("pipeline"), key=DEMO_PUBLISH_TOKEN)


def test_the_demo_credentials_stop_the_site_with_debug_off(make_run_database, settings):
    settings.DEBUG = False
    with pytest.raises(SystemCheckError) as error:
        call_command("check")
    message = str(error.value)
    assert message.count("watchb.E001") == 3
    assert "'admin' has the demo password" in message and "'airflow' has the demo password" in message
    assert "createpublisher pipeline --rotate" in message


def test_the_demo_credentials_are_fine_in_development(make_run_database, settings):
    settings.DEBUG = True
    call_command("check")


def test_rotating_them_as_the_error_says_lets_the_site_start(make_run_database, settings):
    settings.DEBUG = False
    User = get_user_model()
    for name in ("admin", "airflow"):
        user = User.objects.get(username=name)
        user.set_password(f"a long new password for {name}")
        user.save()
    call_command("createpublisher", "pipeline", "--rotate", stdout=StringIO(), stderr=StringIO())

    call_command("check")
    assert Token.objects.get(user__username="pipeline").key != DEMO_PUBLISH_TOKEN


def test_the_demo_token_is_refused_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="demo token, refused when DEBUG=0"):
        call_command("createpublisher", "pipeline", "--token", DEMO_PUBLISH_TOKEN)
    assert not Token.objects.exists()


def load_wsgi_application():
    sys.modules.pop("watchb.wsgi", None)
    return importlib.import_module("watchb.wsgi").application


def test_gunicorn_refuses_to_serve_the_demo_credentials_with_debug_off(make_run_database, settings):
    # gunicorn runs no system checks: the WSGI module runs this one itself.
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured, match="'admin' has the demo password"):
        load_wsgi_application()


def test_gunicorn_serves_a_development_database(make_run_database, settings):
    settings.DEBUG = True
    assert callable(load_wsgi_application())
