from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "watchb.ratings"

    def ready(self):
        # Imported for the receivers they connect: the failed log-in counter, and the likes that
        # move with a person the catalogue absorbs.
        from . import absorbed_people, login_failures  # noqa: F401
