from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "watchb.ratings"

    def ready(self):
        from . import login_failures  # noqa: F401  (connects the failed log-in counter)
