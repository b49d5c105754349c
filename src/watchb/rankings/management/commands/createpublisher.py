"""Create the user the pipeline publishes rankings and recommendations as, and print its API token.

    manage.py createpublisher airflow                 # prints the user's token (made if missing)
    manage.py createpublisher airflow --token KEY     # makes KEY the user's token, e.g. for `make run`,
                                                      # where the Airflow connection `watchb` holds it
    manage.py createpublisher airflow --rotate        # replaces the user's token with a new random one

With DEBUG=0, `make run`'s fixed token is refused (see watchb.checks).

Idempotent: run again, it leaves the user and token as they are (or as --token says) and prints the
token again. The token alone goes to stdout, so `TOKEN=$(manage.py createpublisher airflow)` works.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token

from watchb.checks import DEMO_PUBLISH_TOKEN

TOKEN_MAX_LENGTH = Token._meta.get_field("key").max_length


def is_valid_token(token):
    """A token must fit the key column and survive an `Authorization: Token <key>` header."""
    return 0 < len(token) <= TOKEN_MAX_LENGTH and token.isprintable() and not any(c.isspace() for c in token)


class Command(BaseCommand):
    help = "Create (or update) a user allowed to publish rankings and recommendations, and print its API token."

    def add_arguments(self, parser):
        parser.add_argument("username", help="the publishing user, created if missing")
        parser.add_argument(
            "--token",
            help=f"use this token (1 to {TOKEN_MAX_LENGTH} characters, no spaces) instead of a random one",
        )
        parser.add_argument("--rotate", action="store_true", help="replace the user's token with a new random one")

    def handle(self, *args, username, token, rotate, **options):
        if token is not None and not is_valid_token(token):
            raise CommandError(f"--token must be 1 to {TOKEN_MAX_LENGTH} printable characters without spaces")
        if token is not None and rotate:
            raise CommandError("--rotate makes a random token: give it or --token, not both")
        if token == DEMO_PUBLISH_TOKEN and not settings.DEBUG:
            raise CommandError("--token is make run's public demo token, refused when DEBUG=0; use --rotate")
        with transaction.atomic():
            user, created = self.publisher(username)
            if rotate:
                token = Token.generate_key()
            key = self.token_for(user, token)
        note = "Created publisher" if created else "Publisher already exists:"
        self.stderr.write(f"{note} {username!r}; its token follows.", style_func=lambda text: text)
        self.stdout.write(key)

    def publisher(self, username):
        """The user named `username` with the publish permission, and whether it was created."""
        User = get_user_model()
        try:
            User.username_validator(username)
        except ValidationError as error:  # its message says which characters are allowed
            raise CommandError(f"Invalid username {username!r}: {' '.join(error.messages)}") from None
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_unusable_password()  # it signs in with its token only
            user.save(update_fields=["password"])
        permission = Permission.objects.get(content_type__app_label="rankings", codename="publish")
        user.user_permissions.add(permission)
        return user, created

    def token_for(self, user, wanted):
        """The user's token key: `wanted` if given (replacing another), else the existing or a new one."""
        current = Token.objects.filter(user=user).first()
        if wanted is None or (current and current.key == wanted):
            return (current or Token.objects.create(user=user)).key
        if Token.objects.filter(key=wanted).exclude(user=user).exists():
            raise CommandError("--token is already another user's token; choose another")
        if current:
            current.delete()  # the key is the primary key: a new token replaces the old row
        return Token.objects.create(user=user, key=wanted).key
