"""Wait until the site answers HTTP, so that a script can start the server and go on at once."""

import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Wait until the site (WATCHB_SITE_URL by default) answers HTTP."

    def add_arguments(self, parser):
        parser.add_argument("--url", default=None, help="address to poll (default: the site's own)")
        parser.add_argument("--timeout", type=float, default=30.0, help="seconds before giving up")

    def handle(self, *args, url, timeout, **options):
        url = url or f"{settings.SITE_URL}/admin/login/"
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    response.read(1)
                return
            except urllib.error.HTTPError:
                return  # an HTTP answer, even an error page, means the server is up
            except OSError as error:
                last_error = error
                time.sleep(0.2)
        raise CommandError(f"{url} did not answer within {timeout:g}s ({last_error})")
