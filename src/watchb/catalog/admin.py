from django.contrib import admin

from .models import Country, Credit, Genre, Movie, Person, Poster, Still, Video


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["person"]


class PosterInline(admin.TabularInline):
    model = Poster
    extra = 0


class StillInline(admin.TabularInline):
    model = Still
    extra = 0


class VideoInline(admin.TabularInline):
    model = Video
    extra = 0


@admin.register(Movie)
class MovieAdmin(admin.ModelAdmin):
    list_display = ["title", "original_title", "release_date", "runtime", "tmdb_id", "kmdb_id"]
    list_filter = ["genres", "countries"]
    search_fields = ["title", "title_en", "original_title", "tmdb_id", "kmdb_id"]
    date_hierarchy = "release_date"
    filter_horizontal = ["genres", "countries"]
    inlines = [CreditInline, PosterInline, StillInline, VideoInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "tmdb_id", "kmdb_id"]
    search_fields = ["name", "name_en", "tmdb_id", "kmdb_id"]


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin):
    list_display = ["movie", "person", "job", "role_name", "order"]
    list_filter = ["job"]
    search_fields = ["movie__title", "person__name", "role_name"]
    autocomplete_fields = ["movie", "person"]


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "tmdb_id"]
    search_fields = ["name"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Poster, Still)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["movie", "url"]
    search_fields = ["movie__title", "url"]
    autocomplete_fields = ["movie"]


@admin.register(Video)
class VideoAdmin(admin.ModelAdmin):
    list_display = ["movie", "site", "key", "name", "kind"]
    search_fields = ["movie__title", "name", "key"]
    autocomplete_fields = ["movie"]
