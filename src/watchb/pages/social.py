"""The pages about people following people: the feed of what the people you follow rated and wrote,
and each user's followers and the people they follow."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import CharField, F, Value
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from watchb.ratings.models import Follow, Rating, Review

from .views import bad_request, page_of

User = get_user_model()

FEED_PAGE_SIZE = 30
PEOPLE_PAGE_SIZE = 50


def feed_items(user):
    """The ratings and reviews of the people `user` follows, newest first, as `(kind, id, at)` rows:
    one UNION query, paged by the database; `feed_page` loads the rows of one page."""
    followed = Follow.objects.filter(follower=user).values("followee")
    ratings = Rating.objects.filter(user__in=followed).annotate(
        kind=Value("rating", output_field=CharField()), at=F("rated_at")
    )
    reviews = Review.objects.filter(user__in=followed).annotate(
        kind=Value("review", output_field=CharField()), at=F("created")
    )
    columns = ("kind", "id", "at")
    return (
        ratings.order_by()
        .values_list(*columns)
        .union(reviews.order_by().values_list(*columns), all=True)
        .order_by("-at", "-id")
    )


def load_feed(rows):
    """The page's `(kind, id, at)` rows as `{"kind", "at", "item"}` dicts, the Rating or Review
    loaded with its user and movie (two queries for the whole page)."""
    ids = {"rating": [], "review": []}
    for kind, item_id, _ in rows:
        ids[kind].append(item_id)
    loaded = {
        "rating": Rating.objects.select_related("user", "movie").in_bulk(ids["rating"]),
        "review": Review.objects.select_related("user", "movie").in_bulk(ids["review"]),
    }
    return [
        {"kind": kind, "at": at, "item": loaded[kind][item_id]} for kind, item_id, at in rows if item_id in loaded[kind]
    ]


@require_safe
@login_required
def feed(request):
    """What the people the viewer follows rated and wrote, newest first, paged."""
    try:
        page = page_of(request, feed_items(request.user), FEED_PAGE_SIZE)
    except ValueError as error:
        return bad_request("page", str(error))
    page.object_list = load_feed(list(page.object_list))
    following = Follow.objects.filter(follower=request.user).count()
    return render(request, "pages/feed.html", {"page": page, "following": following})


def people_page(request, owner, relation):
    """One page of `owner`'s followers (`relation="followers"`) or of the people they follow."""
    if relation == "followers":
        people = User.objects.filter(following__followee=owner).order_by("-following__created", "-id")
    else:
        people = User.objects.filter(followers__follower=owner).order_by("-followers__created", "-id")
    try:
        page = page_of(request, people, PEOPLE_PAGE_SIZE)
    except ValueError as error:
        return bad_request("page", str(error))
    return render(request, "pages/follows.html", {"owner": owner, "relation": relation, "page": page})


@require_safe
def followers(request, username):
    return people_page(request, get_object_or_404(User, username=username, is_active=True), "followers")


@require_safe
def following(request, username):
    return people_page(request, get_object_or_404(User, username=username, is_active=True), "following")
