from django.contrib import admin
from django.db.models import Count

from .models import DailyRecommendations, SimilarMovie, UserRecommendation


@admin.register(DailyRecommendations)
class DailyRecommendationsAdmin(admin.ModelAdmin):
    # Counts, not inlines: a day holds an entry per movie and per user, ten of each.
    list_display = ["date", "source", "published_at", "similar_count", "user_count"]
    list_filter = ["source"]
    date_hierarchy = "date"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                similar_count=Count("similar_movies", distinct=True),
                user_count=Count("user_recommendations__user", distinct=True),
            )
        )

    @admin.display(description="similar-movie entries", ordering="similar_count")
    def similar_count(self, day):
        return day.similar_count

    @admin.display(description="users with picks", ordering="user_count")
    def user_count(self, day):
        return day.user_count


class PickAdmin(admin.ModelAdmin):
    """A published day's picks for an `owner` field: filtered by day, newest day first, then each
    owner's picks in rank order; every foreign key is picked by id (a select of every movie or user
    would be huge) and joined into the list."""

    owner = ""
    list_filter = ["recommendations"]

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self.raw_id_fields = self.list_select_related = [f.name for f in model._meta.fields if f.many_to_one]
        self.ordering = ["-recommendations__date", self.owner, "rank"]


@admin.register(SimilarMovie)
class SimilarMovieAdmin(PickAdmin):
    owner = "movie"
    list_display = ["movie", "rank", "similar", "score", "recommendations"]
    search_fields = ["movie__title", "movie__title_en"]


@admin.register(UserRecommendation)
class UserRecommendationAdmin(PickAdmin):
    owner = "user"
    list_display = ["user", "rank", "movie", "because", "score", "recommendations"]
    search_fields = ["user__username"]
