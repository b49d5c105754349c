"""What users do with the catalogue: rate, keep lists, review, reply, like and follow.

Every row belongs to the user who made it (`user`), unique per user and thing, so a second "like"
or a second review is refused by the database as well as by the API.

A rating's `rated_at` is its MovieLens `timestamp`: set when the rating is made and moved to the
moment of each change, always in whole seconds (UTC). Whole seconds matter: the export orders by
`(rated_at, user, movie)` and shows `rated_at` as epoch seconds, and only whole seconds make the two
orders the same, so a keyset cursor can never skip or repeat a row.
"""

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from watchb.catalog.models import Movie, Person

MIN_RATING = Decimal("0.5")
MAX_RATING = Decimal("5.0")
# A review is a few paragraphs; a longer text is refused (400) before it weighs on every page showing it.
REVIEW_MAX_LENGTH = 10_000
# A movie's reviews, newest first or most liked first (`like_count` annotated by the reader).
REVIEW_ORDERS = {"date": ("-created", "-id"), "likes": ("-like_count", "-created", "-id")}
# A reply answers a review in a few sentences.
REPLY_MAX_LENGTH = 2_000


def whole_second_now() -> datetime:
    """The current time in UTC, truncated to the second (the resolution of a MovieLens timestamp)."""
    return timezone.now().replace(microsecond=0)


def validate_rating(value) -> None:
    """Accept 0.5, 1.0 … 5.0; refuse anything else with one message that states the rule."""
    value = Decimal(str(value))
    if not (MIN_RATING <= value <= MAX_RATING) or (value * 2) % 1 != 0:
        raise ValidationError(
            "A rating goes from 0.5 to 5.0 in steps of 0.5, not %(value)s.",
            code="invalid_rating",
            params={"value": value},
        )


class Rating(models.Model):
    """One user's stars for one movie, 0.5–5.0 in half stars."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ratings")
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="ratings")
    # Decimal, not float: 3.5 is stored and compared exactly; the export casts it to a JSON float.
    rating = models.DecimalField(max_digits=2, decimal_places=1, validators=[validate_rating])
    rated_at = models.DateTimeField("rated at (UTC, whole seconds)", default=whole_second_now)

    class Meta:
        ordering = ["-rated_at", "-id"]
        permissions = [("export", "Can export ratings via the MovieLens API")]
        constraints = [
            models.UniqueConstraint(fields=["user", "movie"], name="one_rating_per_user_and_movie"),
            models.CheckConstraint(condition=Q(rating__gte=MIN_RATING, rating__lte=MAX_RATING), name="rating_in_range"),
        ]
        indexes = [
            # The export's order, plus the rating so that a page is read from the index alone.
            models.Index(fields=["rated_at", "user", "movie", "rating"], name="rating_export_order"),
            # A user's latest ratings (their page, in this order) without sorting all of theirs: a heavy
            # user of MovieLens 25M has thousands. (The foreign key keeps its own index: dropping it
            # would make SQLite rebuild the table, and its summary triggers with it.)
            models.Index(fields=["user", "-rated_at", "-id"], name="rating_user_latest"),
        ]

    def __str__(self):
        return f"{self.user} rated {self.movie} {self.rating}"

    def save(self, *args, **kwargs):
        if self.rated_at is not None:
            self.rated_at = self.rated_at.replace(microsecond=0)
        super().save(*args, **kwargs)


class ListEntry(models.Model):
    """A movie on one of a user's two lists: "want to watch" or "not interested".

    One row per user and movie holds both lists, so a movie can never be on both: putting it on one
    list takes it off the other (the latest choice wins).
    """

    class Kind(models.TextChoices):
        WISH = "wish", "Want to watch"
        BLOCK = "block", "Not interested"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="list_entries")
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="list_entries")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-added_at", "-id"]
        verbose_name_plural = "list entries"
        constraints = [
            models.UniqueConstraint(fields=["user", "movie"], name="one_list_per_user_and_movie"),
        ]

    def __str__(self):
        return f"{self.movie} on {self.user}'s {self.get_kind_display().lower()} list"


class Review(models.Model):
    """A user's text about a movie; one per user and movie, edited in place."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="reviews")
    text = models.TextField(max_length=REVIEW_MAX_LENGTH)
    spoiler = models.BooleanField("contains spoilers", default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    likers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="ReviewLike", related_name="liked_reviews", blank=True
    )

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "movie"], name="one_review_per_user_and_movie"),
        ]

    def __str__(self):
        return f"{self.user} on {self.movie}"


class Reply(models.Model):
    """A user's answer to a review, shown under it. Replies are one level deep: a reply answers a
    review, never another reply; a user may reply to a review several times."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="replies")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(max_length=REPLY_MAX_LENGTH)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        # Oldest first: a reply reads as an answer to what came before it.
        ordering = ["created", "id"]
        verbose_name_plural = "replies"

    def __str__(self):
        return f"{self.user} replying to {self.review}"


class Like(models.Model):
    """A user liking something (a review, a person): once per user and thing; unliking deletes it.

    A like names the thing it is about in `liked_field`.
    """

    created = models.DateTimeField(auto_now_add=True)
    liked_field: str

    class Meta:
        abstract = True
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.user} likes {getattr(self, self.liked_field)}"


class ReviewLike(Like):
    """A user finding a review useful; a review shows how many did (`Review.likes`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_likes")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="likes")
    liked_field = "review"

    class Meta(Like.Meta):
        constraints = [models.UniqueConstraint(fields=["user", "review"], name="one_like_per_review")]


class PersonLike(Like):
    """A user liking a director, an actor or anyone else credited on a movie; the people API counts
    them for each person (`Person.likes`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person_likes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="likes")
    liked_field = "person"

    class Meta(Like.Meta):
        constraints = [models.UniqueConstraint(fields=["user", "person"], name="one_like_per_person")]


class Follow(models.Model):
    """`follower` follows `followee`; nobody follows themselves."""

    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following")
    followee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followers")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["follower", "followee"], name="one_follow_per_pair"),
            models.CheckConstraint(condition=~Q(follower=F("followee")), name="no_self_follow"),
        ]

    def __str__(self):
        return f"{self.follower} follows {self.followee}"


# The half stars a rating can be, and the summary column counting each: 0.5 → "count_0_5".
HALF_STARS = [MIN_RATING + Decimal("0.5") * step for step in range(int((MAX_RATING - MIN_RATING) * 2) + 1)]
HISTOGRAM_FIELDS = [f"count_{str(value).replace('.', '_')}" for value in HALF_STARS]


class RatingSummary(models.Model):
    """How many ratings and their sum, kept by the database on every write (see `summaries`)."""

    rating_count = models.IntegerField(default=0)
    # The exact sum of the ratings (25M ratings of 5.0 fit in 12 digits); the average is sum / count.
    rating_total = models.DecimalField(max_digits=12, decimal_places=1, default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.rating_count} ratings summing to {self.rating_total}"

    @property
    def average(self) -> Decimal | None:
        """The exact mean of the ratings (None when there are none)."""
        return self.rating_total / self.rating_count if self.rating_count else None


class MovieRatingSummary(RatingSummary):
    """A movie's rating count, sum and histogram (one count per half star), what its page and
    `/api/movies/` show, kept right by database triggers on every insert, re-rate and delete of a
    Rating (`summaries.py`), in the same transaction as the write."""

    movie = models.OneToOneField(Movie, on_delete=models.CASCADE, primary_key=True, related_name="rating_summary")
    # One count per half star: count_0_5 is the number of 0.5s (HISTOGRAM_FIELDS in order).
    count_0_5 = models.IntegerField(default=0)
    count_1_0 = models.IntegerField(default=0)
    count_1_5 = models.IntegerField(default=0)
    count_2_0 = models.IntegerField(default=0)
    count_2_5 = models.IntegerField(default=0)
    count_3_0 = models.IntegerField(default=0)
    count_3_5 = models.IntegerField(default=0)
    count_4_0 = models.IntegerField(default=0)
    count_4_5 = models.IntegerField(default=0)
    count_5_0 = models.IntegerField(default=0)

    @classmethod
    def of(cls, movie) -> "MovieRatingSummary":
        """`movie`'s summary (read with it when its query selected `rating_summary`, else now); an
        unsaved one of zeros when nobody has rated it yet."""
        try:
            return movie.rating_summary
        except cls.DoesNotExist:
            return cls(movie=movie)

    def histogram(self) -> dict[Decimal, int]:
        """`{half star: how many gave it}`, 0.5 … 5.0."""
        return {value: getattr(self, name) for value, name in zip(HALF_STARS, HISTOGRAM_FIELDS, strict=True)}


class UserRatingSummary(RatingSummary):
    """A user's rating count and sum (their page, `/api/users/`), kept as `MovieRatingSummary` is."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="rating_summary"
    )
