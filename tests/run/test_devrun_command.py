"""`manage.py devrun`: the site's set-up steps, run twice, add nothing twice; its refusals are one line."""

import io
import os
import socket

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import include, path
from rest_framework.authtoken.models import Token

from watchb.catalog.models import Movie
from watchb.management.supervisor import PidFile
from watchb.ratings.models import Rating

urlpatterns = [path("sandbox/", include("watchb.sandbox.urls"))]


def counts():
    return Movie.objects.count(), Rating.objects.count(), get_user_model().objects.count()


@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
def test_setup_steps_fill_the_site_once(sandbox_site, settings, tmp_path, fast_passwords):
    settings.DEBUG = True
    settings.STATIC_ROOT = tmp_path / "static"
    out = io.StringIO()

    call_command("devrun", setup_only=True, days=2, data_dir=tmp_path, stdout=out)
    first = counts()
    call_command("devrun", setup_only=True, days=2, data_dir=tmp_path, stdout=io.StringIO())

    assert counts() == first
    movies, ratings, _users = first
    assert movies > 50 and ratings == 2 * 2000
    assert "== Crawling the sandbox catalogue" in out.getvalue()
    export = get_user_model().objects.get(username="airflow")
    assert export.check_password("airflow") and export.has_perm("ratings.export")
    assert Token.objects.get(user__username="pipeline").key == "watchb-dev-publish-token-0123456789"
    assert get_user_model().objects.get(username="admin").is_superuser


def test_stop_with_nothing_running_says_so(tmp_path):
    out = io.StringIO()
    call_command("devrun", stop=True, data_dir=tmp_path, stdout=out)
    assert out.getvalue().strip() == f"nothing to stop: no {tmp_path / 'run.pid'}"


def test_a_busy_site_port_is_refused_before_anything_starts(settings, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        settings.SITE_URL = f"http://127.0.0.1:{port}"
        with pytest.raises(CommandError, match=rf"127\.0\.0\.1:{port} is already in use; .* set PORT="):
            call_command("devrun", data_dir=tmp_path)
    assert not (tmp_path / "logs").exists()


def test_a_second_devrun_on_the_same_data_is_refused_while_the_first_runs(tmp_path):
    PidFile(tmp_path / "run.pid").write({})  # this test's process plays the running devrun
    with pytest.raises(CommandError, match=rf"make run is already running \(pid {os.getpid()}\); stop it with"):
        call_command("devrun", data_dir=tmp_path)
