from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "watchb.ratings"
