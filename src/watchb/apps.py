from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class WatchbConfig(AppConfig):
    """The project itself as an app, for the commands that set up and run the whole site."""

    name = "watchb"
    verbose_name = "WatchB"

    def ready(self):
        from . import checks  # noqa: F401 (registers the system checks)


class WatchbAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site whose log-in keeps the budget of wrong passwords (`admin_site`)."""

    # Named in INSTALLED_APPS by its path; the "watchb" entry stays WatchbConfig.
    default = False
    default_site = "watchb.admin_site.WatchbAdminSite"
