from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CatalogConfig(AppConfig):
    name = "watchb.catalog"

    def ready(self):
        from .search import use_word_similarity_threshold

        connection_created.connect(use_word_similarity_threshold, dispatch_uid="watchb.catalog.search")
