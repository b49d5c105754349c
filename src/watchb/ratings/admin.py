from django.contrib import admin

from .models import Follow, ListEntry, PersonLike, Rating, Reply, Review, ReviewLike


class UserMovieAdmin(admin.ModelAdmin):
    """A user's row about a movie: both picked by id (a select of every user or movie would be
    huge), found by username or title."""

    search_fields = ["user__username", "movie__title", "movie__title_en"]
    raw_id_fields = ["user", "movie"]


@admin.register(Rating)
class RatingAdmin(UserMovieAdmin):
    list_display = ["user", "movie", "rating", "rated_at"]
    list_filter = ["rating"]
    date_hierarchy = "rated_at"


@admin.register(ListEntry)
class ListEntryAdmin(UserMovieAdmin):
    list_display = ["user", "movie", "kind", "added_at"]
    list_filter = ["kind"]


class ReviewLikeInline(admin.TabularInline):
    model = ReviewLike
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Review)
class ReviewAdmin(UserMovieAdmin):
    list_display = ["user", "movie", "spoiler", "created", "updated"]
    list_filter = ["spoiler"]
    search_fields = ["user__username", "movie__title", "text"]
    inlines = [ReviewLikeInline]


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["user", "review", "created"]
    search_fields = ["user__username", "review__movie__title", "text"]
    raw_id_fields = ["user", "review"]


@admin.register(ReviewLike)
class ReviewLikeAdmin(admin.ModelAdmin):
    list_display = ["user", "review", "created"]
    raw_id_fields = ["user", "review"]


@admin.register(PersonLike)
class PersonLikeAdmin(admin.ModelAdmin):
    list_display = ["user", "person", "created"]
    search_fields = ["user__username", "person__name"]
    raw_id_fields = ["user", "person"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["follower", "followee", "created"]
    search_fields = ["follower__username", "followee__username"]
    raw_id_fields = ["follower", "followee"]
