"""A movie's reviews as its page shows them (Watcha Pedia's comments): sorted by date or by likes,
each with its like count, whether the viewer likes it, and its replies (one level deep)."""

from django.db.models import IntegerField, OuterRef, Prefetch, Subquery, Value

from watchb.ratings.expressions import count_of
from watchb.ratings.models import REVIEW_ORDERS, Reply, Review, ReviewLike

__all__ = ["REVIEW_ORDERS", "movie_reviews"]


def movie_reviews(movie, viewer, sort="date"):
    """`movie`'s reviews in `sort` order (a key of REVIEW_ORDERS), each with `like_count`,
    `reply_count`, `my_like_id` (the viewer's like, or None) and its replies prefetched, oldest first."""
    mine = None
    if viewer.is_authenticated:
        mine = Subquery(ReviewLike.objects.filter(review=OuterRef("pk"), user=viewer).values("id")[:1])
    return (
        Review.objects.filter(movie=movie)
        .select_related("user")
        .annotate(like_count=count_of(ReviewLike, "review"), reply_count=count_of(Reply, "review"))
        .annotate(my_like_id=mine if mine is not None else Value(None, output_field=IntegerField()))
        .prefetch_related(Prefetch("replies", queryset=Reply.objects.select_related("user").order_by("created", "id")))
        .order_by(*REVIEW_ORDERS[sort])
    )
