import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command


@pytest.mark.django_db
def test_ensureadmin_creates_the_superuser_once(settings):
    settings.DEBUG = True
    call_command("ensureadmin")
    call_command("ensureadmin", password="changed")
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff
    assert user.check_password("admin"), "a second run must not change the password"


@pytest.mark.django_db
def test_ensureadmin_refuses_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG=1"):
        call_command("ensureadmin")


def test_waitforsite_returns_once_the_site_answers(live_server):
    call_command("waitforsite", url=live_server.url + "/admin/login/", timeout=5)


def test_waitforsite_fails_with_one_line_when_nothing_listens():
    with pytest.raises(CommandError, match=r"did not answer within 0\.5s"):
        call_command("waitforsite", url="http://127.0.0.1:9/", timeout=0.5)
