"""The catalogue's read-only views: movies and people, searched and paged.

`?search=기생충` or `?search=parasite` finds movies by their Korean, English or original title
(`watchb.catalog.search`: on PostgreSQL typos too, best match first); lists are paged (`?page=`),
a searched one over its first `MOST_RANKED` matches, with `more` true when more matched.
Each view names its serializers in attributes (`serializer_class`, and `detail_serializer_class`
for one movie in full) and builds its rows in `get_queryset`, so that an app adding to the
catalogue (`watchb.ratings.catalogue`) subclasses them and changes only those.
"""

from django.core.paginator import Paginator
from rest_framework import filters, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from watchb.catalog.models import Movie, Person
from watchb.catalog.search import (
    MAX_QUERY_LENGTH,
    MOST_RANKED,
    NAME_FIELDS,
    TITLE_FIELDS,
    BadQuery,
    SearchPaginator,
    clean_query,
    search,
)

from .serializers import MovieDetailSerializer, MovieSerializer, PersonSerializer


class CatalogueSearchFilter(filters.SearchFilter):
    """`?search=` through the site's one search (`watchb.catalog.search.search`) over the view's
    `search_fields`, more popular first among equal matches when the view names a
    `search_popularity` (a field or expression of its rows). A query too long is a 400 naming
    `search`."""

    search_description = (
        "Words of the title (movies) or name (people), Korean or English, each found inside one of "
        "them; on PostgreSQL also misspelt words and word beginnings, best match first."
    )

    def filter_queryset(self, request, queryset, view):
        try:
            query = clean_query(request.query_params.get(self.search_param, ""))
        except BadQuery as error:
            raise ValidationError({self.search_param: [str(error)]}) from None
        if not query:
            return queryset
        return search(queryset, query, view.search_fields, popularity=getattr(view, "search_popularity", None))

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["maxLength"] = MAX_QUERY_LENGTH
        return parameters


class CataloguePagination(PageNumberPagination):
    """Pages as the API's other lists; a searched list (`?search=`) is paged by `SearchPaginator`:
    over its first `MOST_RANKED` matches, which `count` then counts, with `more` true when more rows
    matched. An unsearched list counts all its rows, and `more` is false."""

    def paginate_queryset(self, queryset, request, view=None):
        searched = request.query_params.get(CatalogueSearchFilter.search_param, "").strip()
        self.django_paginator_class = SearchPaginator if searched else Paginator
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "more": getattr(self.page.paginator, "more", False),
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["more"] = {
            "type": "boolean",
            "description": f"True when a search matched more than the {MOST_RANKED} rows it pages over.",
        }
        return response


class MovieViewSet(viewsets.ReadOnlyModelViewSet):
    """Movies, latest release first; `?search=` matches the title in Korean or English, or the
    original title. One movie comes in full (`detail_serializer_class`), with genres and countries."""

    serializer_class = MovieSerializer
    detail_serializer_class = MovieDetailSerializer
    filter_backends = [CatalogueSearchFilter]
    pagination_class = CataloguePagination
    search_fields = TITLE_FIELDS
    search_popularity = None

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
    filter_backends = [CatalogueSearchFilter]
    pagination_class = CataloguePagination
    search_fields = NAME_FIELDS

    def get_queryset(self):
        return Person.objects.order_by("name", "id")
