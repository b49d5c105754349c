"""The user REST API under `/api/`: sign-up, ratings, lists, reviews, likes and follows.

Writing needs a session (the browsable API's log-in) or a token (`Authorization: Token …`, from
`/api/auth/token/` or sign-up). What a user creates is theirs — the owner comes from the
authentication, never from the body — and only they may change or delete it. Lists narrow by ids in
the query string (`/api/ratings/?user=3`, `?movie=12`). Who may read what is README's "Who may read
what": one row, one user's or one movie's list and a user's profile are public; whole lists (all
ratings, all accounts) need a signed-in user.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.db import IntegrityError, transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import authentication, generics, mixins, permissions, throttling, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.response import Response
from rest_framework.settings import api_settings

from watchb.api.params import query_choice, query_id

from .expressions import count_of, with_profile_counts
from .login_failures import LoginFailureBudgetMixin, seconds_refused
from .models import REVIEW_ORDERS, Follow, ListEntry, PersonLike, Rating, Reply, Review, ReviewLike, whole_second_now
from .permissions import IsOwnerOrReadOnly, NarrowedOrSignedIn
from .serializers import (
    FollowSerializer,
    ListEntrySerializer,
    PersonLikeSerializer,
    RatingSerializer,
    ReplySerializer,
    ReviewLikeSerializer,
    ReviewSerializer,
    SignUpSerializer,
    TasteSerializer,
    UserSerializer,
)
from .taste import taste_of

User = get_user_model()


class IdFilterBackend(BaseFilterBackend):
    """Narrows a list by the ids in the query string named by the view's `id_filters`
    (`{"user": "user_id"}` turns `?user=3` into `.filter(user_id=3)`); a non-id is a 400."""

    def filter_queryset(self, request, queryset, view):
        for param, lookup in getattr(view, "id_filters", {}).items():
            value = query_id(request, param)
            if value is not None:
                queryset = queryset.filter(**{lookup: value})
        return queryset

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": param,
                "in": "query",
                "required": False,
                "description": f"Only those whose {param} has this id.",
                "schema": {"type": "integer"},
            }
            for param in getattr(view, "id_filters", {})
        ]


class OwnedCreateMixin:
    """Creates with the authenticated user as owner (`owner_field`).

    The database's unique constraint decides whether the user already has one; a clash becomes a
    400 naming `unique_field`, which also holds when two identical requests race.
    """

    owner_field = "user"
    unique_field = "movie"
    duplicate_message = "You already have one for this movie."

    def get_create_kwargs(self) -> dict:
        """What `save()` gets besides the validated body: the owner."""
        return {self.owner_field: self.request.user}

    def perform_create(self, serializer):
        try:
            with transaction.atomic():
                serializer.save(**self.get_create_kwargs())
        except IntegrityError:
            raise ValidationError({self.unique_field: [self.duplicate_message]}) from None


class OwnedViewSet(viewsets.GenericViewSet):
    """Base of the owned things' view sets (list it last; `OwnedCreateMixin` goes first, before DRF's
    `CreateModelMixin`, so that its `perform_create` is the one used)."""

    # Token first: an anonymous write is then a 401 asking for a token, not a bare 403.
    authentication_classes = [authentication.TokenAuthentication, authentication.SessionAuthentication]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, NarrowedOrSignedIn, IsOwnerOrReadOnly]
    filter_backends = [IdFilterBackend]


class OwnedAddRemoveViewSet(
    OwnedCreateMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    OwnedViewSet,
):
    """Owned things a user adds and removes but never edits: list entries, likes, follows.

    Their lists narrow by owner and by thing (`?user=3`, `?movie=12`): `id_filters` names the
    owner and unique fields.
    """

    @property
    def id_filters(self):
        return {name: f"{name}_id" for name in (self.owner_field, self.unique_field)}


class OwnedEditableViewSet(mixins.UpdateModelMixin, OwnedAddRemoveViewSet):
    """Owned things a user also edits in place: ratings, reviews."""


class RatingViewSet(OwnedEditableViewSet):
    """Ratings, 0.5–5.0 in steps of 0.5; one per user and movie. Changing one moves its `rated_at`
    (the MovieLens timestamp) to now."""

    queryset = Rating.objects.select_related("user")
    serializer_class = RatingSerializer
    duplicate_message = "You have already rated this movie; change that rating instead."

    def perform_update(self, serializer):
        serializer.save(rated_at=whole_second_now())


class ListEntryViewSet(OwnedAddRemoveViewSet):
    """One of the two lists. A movie is on at most one of them: adding it here takes it off the
    other list (the latest choice wins)."""

    serializer_class = ListEntrySerializer
    kind: ListEntry.Kind

    def get_queryset(self):
        return ListEntry.objects.filter(kind=self.kind).select_related("user")

    @property
    def duplicate_message(self):
        return f"This movie is already on your {self.kind.label.lower()} list."

    def perform_create(self, serializer):
        with transaction.atomic():
            ListEntry.objects.filter(user=self.request.user, movie=serializer.validated_data["movie"]).exclude(
                kind=self.kind
            ).delete()
            super().perform_create(serializer)

    def get_create_kwargs(self):
        return {**super().get_create_kwargs(), "kind": self.kind}


class WishListViewSet(ListEntryViewSet):
    """The "want to watch" list."""

    kind = ListEntry.Kind.WISH


class BlockListViewSet(ListEntryViewSet):
    """The "not interested" list."""

    kind = ListEntry.Kind.BLOCK


class ReviewViewSet(OwnedEditableViewSet):
    """Reviews: one per user and movie, with a spoiler flag and the numbers of likes and replies.
    `?sort=likes` lists the most liked first; `?sort=date`, the default, the newest first."""

    serializer_class = ReviewSerializer
    duplicate_message = "You have already reviewed this movie; edit that review instead."

    def get_queryset(self):
        reviews = Review.objects.select_related("user").annotate(
            like_count=count_of(ReviewLike, "review"), reply_count=count_of(Reply, "review")
        )
        return reviews.order_by(*REVIEW_ORDERS[query_choice(self.request, "sort", REVIEW_ORDERS)])

    @extend_schema(parameters=[OpenApiParameter("sort", str, enum=list(REVIEW_ORDERS), description="date or likes")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        # The queryset's annotations are not on a row just made; a new review has no likes or replies yet.
        serializer.instance.like_count = serializer.instance.reply_count = 0


class ReplyViewSet(OwnedEditableViewSet):
    """Replies to reviews, oldest first (`?review=<id>`: one review's); one level deep, as a reply
    answers a review. Only their author edits or deletes them."""

    queryset = Reply.objects.select_related("user").order_by("created", "id")
    serializer_class = ReplySerializer
    unique_field = "review"  # not unique: a user may reply several times; it names the `?review=` filter


class LikeViewSet(OwnedAddRemoveViewSet):
    """Likes of one kind of thing (`unique_field`): once per user and thing; unlike by deleting."""

    @property
    def duplicate_message(self):
        return f"You already like this {self.unique_field}."


class ReviewLikeViewSet(LikeViewSet):
    """Likes of reviews; unlike by deleting."""

    queryset = ReviewLike.objects.select_related("user")
    serializer_class = ReviewLikeSerializer
    unique_field = "review"


class PersonLikeViewSet(LikeViewSet):
    """Likes of people (directors, actors); unlike by deleting."""

    queryset = PersonLike.objects.select_related("user")
    serializer_class = PersonLikeSerializer
    unique_field = "person"


class FollowViewSet(OwnedAddRemoveViewSet):
    """Who follows whom; the follower is the authenticated user. Unfollow by deleting."""

    queryset = Follow.objects.all()
    serializer_class = FollowSerializer
    owner_field = "follower"
    unique_field = "followee"
    duplicate_message = "You already follow this user."


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    """Users with their numbers of ratings, followers and followed users; `me` is the caller.

    One user's profile is public (their page is); the list of all accounts needs a signed-in user."""

    serializer_class = UserSerializer
    authentication_classes = OwnedViewSet.authentication_classes

    def get_permissions(self):
        if self.action == "list":
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self):
        return with_profile_counts(User.objects.filter(is_active=True).order_by("id"))

    @action(detail=False, permission_classes=[permissions.IsAuthenticated])
    def me(self, request):
        return Response(self.get_serializer(self.get_queryset().get(pk=request.user.pk)).data)

    @extend_schema(responses=TasteSerializer)
    @action(detail=True)
    def taste(self, request, pk=None):
        """The user's taste analysis (see `ratings.taste`): public, as their page is."""
        return Response(taste_of(self.get_object()))


class SignUpView(generics.CreateAPIView):
    """Creates a user from a username and password and answers with their API token."""

    serializer_class = SignUpSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes = []


class TokenView(ObtainAuthToken):
    """`POST /api/auth/token/` with a username and password answers the user's API token.

    Password guessing meets two limits: the `auth` throttle scope counts every request of a client
    (`settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"]`), and the budget of wrong passwords
    (`login_failures`) refuses a client or a username that spent it, the right password included.
    Both answer 429 with `Retry-After`.
    """

    throttle_classes = [throttling.ScopedRateThrottle]
    throttle_scope = "auth"
    # The API's own parsers (with the body cap) in place of DRF's plain ones.
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES

    def post(self, request, *args, **kwargs):
        wait = seconds_refused(request, request.data.get("username") if hasattr(request.data, "get") else None)
        if wait:
            raise Throttled(wait)
        return super().post(request, *args, **kwargs)


class LoginView(LoginFailureBudgetMixin, auth_views.LoginView):
    """The browsable API's session log-in (`/api/auth/login/`), within the budget of wrong passwords."""

    template_name = "rest_framework/login.html"
