"""System checks of the site as a whole: the demo accounts of `make run` never serve in production.

`make run` (DEBUG=1) makes a superuser admin/admin, an export user airflow/airflow and the publisher's
fixed token below. A database made that way and later served with DEBUG=0 would let anyone in: with
DEBUG=0, ``manage.py check`` (and ``runserver``, ``migrate``) fail with ``watchb.E001`` naming each
one and the command that rotates it.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

#: The accounts `make run` creates, by user name, with their passwords.
DEMO_PASSWORDS = {"admin": "admin", "airflow": "airflow"}
#: The publish token `make run` gives the pipeline (devrun's --publish-token default).
DEMO_PUBLISH_TOKEN = "watchb-dev-publish-token-0123456789"


def demo_credentials() -> list[str]:
    """What of the demo set the database holds, one line each with the command that rotates it."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    found = []
    for user in get_user_model().objects.filter(username__in=DEMO_PASSWORDS, is_active=True):
        if user.check_password(DEMO_PASSWORDS[user.username]):
            found.append(
                f"user {user.username!r} has the demo password: manage.py changepassword {user.username} "
                "(or createexportuser NAME --password P for the export user)"
            )
    token = Token.objects.filter(key=DEMO_PUBLISH_TOKEN).select_related("user").first()
    if token is not None:
        found.append(
            f"user {token.user.username!r} has the demo publish token: manage.py createpublisher "
            f"{token.user.username} --rotate (then give the pipeline's `watchb` connection the new token)"
        )
    return found


@register(Tags.security)
def check_demo_credentials(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    try:
        found = demo_credentials()
    except DatabaseError:  # not migrated yet: nothing to find
        return []
    return [Error(f"DEBUG=0 with a demo credential of `make run`: {line}", id="watchb.E001") for line in found]
