"""The catalogue's read-only views: movies and people, searched and paged.

`?search=기생충` or `?search=parasite` finds movies by their Korean, English or original title;
lists are paged (`?page=`). Each view names its serializers in attributes (`serializer_class`, and
`detail_serializer_class` for one movie in full) and builds its rows in `get_queryset`, so that an
app adding to the catalogue (`watchb.ratings.catalogue`) subclasses them and changes only those.
"""

from rest_framework import filters, viewsets

from watchb.catalog.models import Movie, Person

from .serializers import MovieDetailSerializer, MovieSerializer, PersonSerializer


class MovieViewSet(viewsets.ReadOnlyModelViewSet):
    """Movies, latest release first; `?search=` matches the title in Korean or English, or the
    original title. One movie comes in full (`detail_serializer_class`), with genres and countries."""

    serializer_class = MovieSerializer
    detail_serializer_class = MovieDetailSerializer
    filter_backends = [filters.SearchFilter]
    search_fields = ["title", "title_en", "original_title"]

    def get_queryset(self):
        movies = Movie.objects.order_by("-release_date", "id")
        if self.action == "retrieve":
            movies = movies.prefetch_related("genres", "countries")
        return movies

    def get_serializer_class(self):
        return self.detail_serializer_class if self.action == "retrieve" else self.serializer_class


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """People of the catalogue by name; `?search=` matches the name in Korean or English."""

    serializer_class = PersonSerializer
    filter_backends = [filters.SearchFilter]
    search_fields = ["name", "name_en"]

    def get_queryset(self):
        return Person.objects.order_by("name", "id")
