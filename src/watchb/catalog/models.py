"""The catalogue: movies, the people who make them, and how they are classified.

A movie is identified by its id at each open source (`tmdb_id`, `kmdb_id`); at least one is set,
each is unique when set. A person is identified the same way when a source gives an id; one listed
without any (common on KMDb) is identified by `film_key`, where they were met: the source, the film
and the names they are credited under (see the README, "What identifies a person"). Genres and
countries are shared rows that crawls merge into.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class Genre(models.Model):
    name = models.CharField(max_length=50, unique=True)
    tmdb_id = models.PositiveIntegerField(unique=True, null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Country(models.Model):
    code = models.CharField("ISO 3166-1 alpha-2", max_length=2, unique=True)
    name = models.CharField(max_length=100, blank=True)
    name_en = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name or self.name_en or self.code


class Person(models.Model):
    name = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    biography = models.TextField(blank=True)
    photo = models.URLField(max_length=500, blank=True)
    tmdb_id = models.PositiveIntegerField(unique=True, null=True, blank=True)
    kmdb_id = models.CharField(max_length=20, unique=True, null=True, blank=True)
    #: Where a source first listed this person: "kmdb:F01234:홍길동:hong gil-dong" (source, film, names).
    #: The identity of someone listed without a source id; kept once an id arrives, so a record that
    #: lists them without it again still finds this row.
    film_key = models.CharField(max_length=500, unique=True, null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=Q(tmdb_id__isnull=False) | Q(kmdb_id__isnull=False) | Q(film_key__isnull=False),
                name="person_has_a_source_id_or_film_key",
            )
        ]

    def __str__(self):
        return self.name


class Movie(models.Model):
    title = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300, blank=True)
    original_title = models.CharField(max_length=300, blank=True)
    release_date = models.DateField(null=True, blank=True)
    production_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1870), MaxValueValidator(2100)]
    )
    runtime = models.PositiveSmallIntegerField(
        "runtime (minutes)", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(1500)]
    )
    synopsis = models.TextField(blank=True)
    tagline = models.CharField("tagline or logline", max_length=300, blank=True)
    film_rating = models.CharField(max_length=50, blank=True)
    tmdb_id = models.PositiveIntegerField(unique=True, null=True, blank=True)
    kmdb_id = models.CharField(max_length=20, unique=True, null=True, blank=True)
    genres = models.ManyToManyField(Genre, related_name="movies", blank=True)
    countries = models.ManyToManyField(Country, related_name="movies", blank=True)
    people = models.ManyToManyField(Person, through="Credit", related_name="movies", blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-release_date", "id"]
        indexes = [models.Index(fields=["title"]), models.Index(fields=["title_en"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(tmdb_id__isnull=False) | Q(kmdb_id__isnull=False),
                name="movie_has_a_source_id",
            )
        ]

    def __str__(self):
        year = self.release_date.year if self.release_date else self.production_year
        return f"{self.title} ({year})" if year else self.title

    @property
    def year(self):
        return self.release_date.year if self.release_date else self.production_year


class Credit(models.Model):
    class Job(models.TextChoices):
        DIRECTOR = "director", "Director"
        WRITER = "writer", "Writer"
        ACTOR = "actor", "Actor"

    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    job = models.CharField(max_length=10, choices=Job.choices)
    role_name = models.CharField("character or role", max_length=300, blank=True)
    cameo_type = models.CharField(max_length=50, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["movie", "job", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["movie", "person", "job"], name="one_credit_per_job")]

    def __str__(self):
        return f"{self.person} — {self.get_job_display()} in {self.movie}"


class MovieImage(models.Model):
    """An image of a movie at `url`, once per movie and url; `movie.posters` and `movie.stills`."""

    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="%(class)ss")
    url = models.URLField(max_length=500)

    class Meta:
        abstract = True
        ordering = ["movie", "id"]
        constraints = [models.UniqueConstraint(fields=["movie", "url"], name="one_%(class)s_per_url")]

    def __str__(self):
        return self.url


class Poster(MovieImage):
    pass


class Still(MovieImage):
    pass


class Video(models.Model):
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="videos")
    site = models.CharField(max_length=30)
    key = models.CharField("id at the site", max_length=100)
    name = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["movie", "id"]
        constraints = [models.UniqueConstraint(fields=["movie", "site", "key"], name="one_video_per_site_key")]

    def __str__(self):
        return self.name or f"{self.site}:{self.key}"
