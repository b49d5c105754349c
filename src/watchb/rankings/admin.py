from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from .models import DailyRanking, RankingEntry


@admin.register(DailyRanking)
class DailyRankingAdmin(admin.ModelAdmin):
    # No inline of entries: a day may rank thousands of movies. The count links to them instead.
    list_display = ["date", "window", "source", "published_at", "entries_link"]
    list_filter = ["window", "source"]
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
    ordering = ["-ranking__date", "ranking__window", "rank"]
