"""Authentication and permission for the MovieLens export (`GET /ratings`, `GET /movies`).

The export speaks HTTP basic auth because the clients it serves (the Airflow book's hook, our
provider) send a user and password with every request. Checking a password costs a deliberate
~0.1–0.5 s of PBKDF2, and a client paging through a big day sends thousands of requests, so a
successful check is remembered for a short while, keyed by a keyed hash of the credentials (never
the password itself). A remembered check still loads the user on every request and is void as
soon as the user is deactivated or their password changes. Wrong passwords spend the budget every
log-in shares (`login_failures`): past it, a 429 with `Retry-After`.
"""

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BasicAuthentication
from rest_framework.exceptions import Throttled
from rest_framework.permissions import BasePermission

from .login_failures import seconds_refused

EXPORT_PERMISSION = "ratings.export"

# How long a verified password is trusted without hashing it again (seconds).
CREDENTIALS_CACHE_SECONDS = 300


def _credentials_key(userid: str, password: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{userid}\0{password}".encode(), hashlib.sha256).hexdigest()
    return f"watchb:export-basic-auth:{digest}"


def _password_fingerprint(user) -> str:
    # Changes whenever the stored password hash changes, so a new password voids the cached check.
    return hashlib.sha256(user.password.encode()).hexdigest()


class ExportBasicAuthentication(BasicAuthentication):
    """HTTP basic auth that hashes a given password once per `CREDENTIALS_CACHE_SECONDS`."""

    www_authenticate_realm = "WatchB MovieLens export"

    def authenticate_credentials(self, userid, password, request=None):
        # Checked before the remembered credentials: while over budget the right password is refused too.
        wait = seconds_refused(request, userid)
        if wait:
            raise Throttled(wait)
        key = _credentials_key(userid, password)
        remembered = cache.get(key)
        if remembered is not None:
            user_id, fingerprint = remembered
            user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
            if user is not None and _password_fingerprint(user) == fingerprint:
                return (user, None)
        user, auth = super().authenticate_credentials(userid, password, request)
        cache.set(key, (user.pk, _password_fingerprint(user)), CREDENTIALS_CACHE_SECONDS)
        return (user, auth)


class ExportBasicAuthenticationScheme(OpenApiAuthenticationExtension):
    """Tells drf-spectacular that the export's authentication is plain HTTP basic auth."""

    target_class = ExportBasicAuthentication
    name = "basicAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "basic"}


class CanExportRatings(BasePermission):
    """Only users holding `ratings.export` may read the export; anonymous callers get a 401."""

    message = "This user may not export ratings (needs the ratings.export permission)."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.has_perm(EXPORT_PERMISSION))
