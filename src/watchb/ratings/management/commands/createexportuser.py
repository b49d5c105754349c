"""manage.py createexportuser NAME --password P"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create a user that may read the MovieLens export (/ratings, /movies) with HTTP basic auth, or give an "
        "existing one the permission and this password. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", required=True, help="the password the pipeline will send")

    def handle(self, *args, username, password, verbosity, **options):
        if not password:
            raise CommandError("--password must not be empty")
        user, created = get_user_model().objects.get_or_create(username=username)
        user.set_password(password)
        user.is_active = True
        user.save()
        user.user_permissions.add(Permission.objects.get(content_type__app_label="ratings", codename="export"))
        if verbosity:
            self.stdout.write(f"{'Created' if created else 'Updated'} export user {username!r}.")
