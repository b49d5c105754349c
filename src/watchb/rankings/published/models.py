"""PublishedDay: one day's result as the pipeline published it (at most one per date)."""

from django.db import models


class PublishedDay(models.Model):
    """A day's published result; its entries hang off it and go with it.

    Publishing a day again replaces its entries whole (see `storing.publish_day`), so a day is always
    exactly what one publish sent. Readers take the latest date unless they name one.
    """

    date = models.DateField(unique=True, help_text="the day of ratings it was computed from (the last, for a window)")
    published_at = models.DateTimeField(help_text="when this day was last published")
    source = models.CharField(max_length=100, blank=True, help_text='what produced it, e.g. "movielens_popular_movies"')

    class Meta:
        abstract = True
        ordering = ["-date"]
        get_latest_by = "date"
