"""The WSGI application gunicorn serves.

gunicorn runs no system checks of its own, so the one that keeps `make run`'s demo credentials out of
production (`watchb.checks`, an error only when DEBUG=0) runs here: a site that would let admin/admin
in refuses to start, naming what to rotate.
"""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "watchb.settings")
application = get_wsgi_application()

from watchb.checks import check_demo_credentials  # noqa: E402 (needs the apps that get_wsgi_application loads)

if errors := check_demo_credentials(None):
    raise ImproperlyConfigured("; ".join(error.msg for error in errors))
