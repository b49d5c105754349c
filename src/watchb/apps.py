from django.apps import AppConfig


class WatchbConfig(AppConfig):
    """The project itself as an app, for the commands that set up and run the whole site."""

    name = "watchb"
    verbose_name = "WatchB"

    def ready(self):
        from . import checks  # noqa: F401 (registers the system checks)
