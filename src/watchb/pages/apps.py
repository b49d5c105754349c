from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The pages have no models; the app exists so Django finds their URLs, tests and nothing else."""

    name = "watchb.pages"
    label = "pages"
