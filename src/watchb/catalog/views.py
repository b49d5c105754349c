"""The catalogue API: read-only movies and people for the site's users.

`/api/movies/?search=기생충` or `?search=parasite` finds movies by their Korean, English or original
title; lists are paged (`?page=`). Each movie carries its users' average rating and rating count.
"""

from django.db.models import Avg, Count
from django.db.models.functions import Round
from rest_framework import filters, viewsets

from .api_serializers import MovieDetailSerializer, MovieSerializer, PersonSerializer
from .models import Movie, Person


class MovieViewSet(viewsets.ReadOnlyModelViewSet):
    """Movies with `average_rating` (2 decimals, null when unrated) and `rating_count`;
    `?search=` matches the title in Korean or English, or the original title."""

    filter_backends = [filters.SearchFilter]
    search_fields = ["title", "title_en", "original_title"]

    def get_queryset(self):
        # `ratings` is the reverse name of Rating.movie (watchb.ratings); averaging the exact
        # decimals and rounding in the database gives the same figure on SQLite and PostgreSQL.
        movies = Movie.objects.annotate(
            average_rating=Round(Avg("ratings__rating"), 2), rating_count=Count("ratings")
        ).order_by("-release_date", "id")
        if self.action == "retrieve":
            movies = movies.prefetch_related("genres", "countries")
        return movies

    def get_serializer_class(self):
        return MovieDetailSerializer if self.action == "retrieve" else MovieSerializer


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """People of the catalogue with the number of users who like them; `?search=` matches names."""

    serializer_class = PersonSerializer
    filter_backends = [filters.SearchFilter]
    search_fields = ["name", "name_en"]

    def get_queryset(self):
        return Person.objects.annotate(like_count=Count("likes")).order_by("name", "id")
