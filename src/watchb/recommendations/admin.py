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


@admin.register(SimilarMovie)
class SimilarMovieAdmin(admin.ModelAdmin):
    list_display = ["movie", "rank", "similar", "score", "recommendations"]
    list_filter = ["recommendations"]
    list_select_related = ["movie", "similar", "recommendations"]
    search_fields = ["movie__title", "movie__title_en"]
    raw_id_fields = ["movie", "similar", "recommendations"]
    ordering = ["-recommendations__date", "movie", "rank"]


@admin.register(UserRecommendation)
class UserRecommendationAdmin(admin.ModelAdmin):
    list_display = ["user", "rank", "movie", "because", "score", "recommendations"]
    list_filter = ["recommendations"]
    list_select_related = ["user", "movie", "because", "recommendations"]
    search_fields = ["user__username"]
    raw_id_fields = ["user", "movie", "because", "recommendations"]
    ordering = ["-recommendations__date", "user", "rank"]
