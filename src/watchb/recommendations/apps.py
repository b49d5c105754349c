from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "watchb.recommendations"
