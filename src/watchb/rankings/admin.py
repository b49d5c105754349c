from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from .models import DailyRanking, DailyRecommendations, RankingEntry, SimilarMovie, UserRecommendation


@admin.register(DailyRanking)
class DailyRankingAdmin(admin.ModelAdmin):
    # No inline of entries: a day may rank thousands of movies. The count links to them instead.
    list_display = ["date", "source", "published_at", "entries_link"]
    list_filter = ["source"]
    date_hierarchy = "date"
    readonly_fields = ["entries_link"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=Count("entries"))

    @admin.display(description="entries", ordering="entry_count")
    def entries_link(self, ranking):
        url = reverse("admin:rankings_rankingentry_changelist") + f"?ranking__id__exact={ranking.pk}"
        return format_html('<a href="{}">{} movies</a>', url, ranking.entry_count)


@admin.register(RankingEntry)
class RankingEntryAdmin(admin.ModelAdmin):
    list_display = ["rank", "movie", "avg_rating", "num_ratings", "weighted_rating", "ranking"]
    list_display_links = ["rank", "movie"]
    list_filter = ["ranking"]
    list_select_related = ["movie", "ranking"]
    search_fields = ["movie__title", "movie__title_en", "movie__original_title"]
    raw_id_fields = ["movie", "ranking"]
    ordering = ["-ranking__date", "rank"]


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
