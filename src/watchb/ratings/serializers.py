"""Serializers of the user REST API (`/api/...`).

The acting user is never a writable field: views pass it to `save()` from the authentication. A
thing's movie (or review, person, followee) is chosen when it is created and read-only afterwards;
to rate another movie, create another rating.
"""

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from rest_framework import serializers
from rest_framework.authtoken.models import Token

from watchb.api.fields import OptionalEmailField

from .models import Follow, ListEntry, PersonLike, Rating, Reply, Review, ReviewLike, validate_rating
from .usernames import TAKEN, validate_new_username

User = get_user_model()


# Longer than any passphrase a person or a password manager makes; bounds what is hashed.
PASSWORD_MAX_LENGTH = 1024


class SignUpSerializer(serializers.ModelSerializer):
    """Username and password in; the new user's id, username and API token out.

    The username follows `usernames.validate_new_username` (normalised, ASCII, free in any case);
    two sign-ups racing for one name end as one account and a 400 for the other.
    """

    password = serializers.CharField(write_only=True, max_length=PASSWORD_MAX_LENGTH, style={"input_type": "password"})
    email = OptionalEmailField(required=False, max_length=User._meta.get_field("email").max_length)
    token = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "email", "password", "token"]
        read_only_fields = ["id"]
        # The model's case-sensitive unique check is replaced by the rule in `validate_username`.
        extra_kwargs = {"username": {"validators": []}}

    def validate_username(self, username):
        try:
            return validate_new_username(username)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def validate(self, attrs):
        candidate = User(username=attrs["username"], email=attrs.get("email", ""))
        try:
            password_validation.validate_password(attrs["password"], candidate)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"password": error.messages}) from None
        return attrs

    def create(self, validated_data):
        try:
            with transaction.atomic():
                return User.objects.create_user(**validated_data)
        except IntegrityError:  # the same name, taken since `validate_username` looked
            raise serializers.ValidationError({"username": [TAKEN]}) from None

    def get_token(self, user) -> str:
        return Token.objects.get_or_create(user=user)[0].key


class UserSerializer(serializers.ModelSerializer):
    rating_count = serializers.IntegerField(read_only=True)
    follower_count = serializers.IntegerField(read_only=True)
    following_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "date_joined", "rating_count", "follower_count", "following_count"]


class OwnedSerializer(serializers.ModelSerializer):
    """Shows the owner (`user` id and `username`) read-only. `Meta.subject` names what the thing is
    about (a movie, a review, a person): chosen when it is created, it can't change afterwards.

    Uniqueness per owner is enforced by the database and reported by the view (see
    `views.OwnedCreateMixin`), so DRF's own unique-together validators are switched off.
    """

    user = serializers.PrimaryKeyRelatedField(read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        fields = ["id", "user", "username"]
        validators = []

    def validate(self, attrs):
        subject = self.Meta.subject
        if self.instance is not None and subject in attrs and attrs[subject] != getattr(self.instance, subject):
            raise serializers.ValidationError({subject: "can't change; delete this and create another."})
        return attrs


class RatingSerializer(OwnedSerializer):
    rating = serializers.DecimalField(
        max_digits=2, decimal_places=1, coerce_to_string=False, validators=[validate_rating]
    )

    class Meta(OwnedSerializer.Meta):
        model = Rating
        subject = "movie"
        fields = [*OwnedSerializer.Meta.fields, subject, "rating", "rated_at"]
        read_only_fields = ["rated_at"]


class ListEntrySerializer(OwnedSerializer):
    class Meta(OwnedSerializer.Meta):
        model = ListEntry
        subject = "movie"
        fields = [*OwnedSerializer.Meta.fields, subject, "added_at"]
        read_only_fields = ["added_at"]


class ReviewSerializer(OwnedSerializer):
    like_count = serializers.IntegerField(read_only=True)
    reply_count = serializers.IntegerField(read_only=True)

    class Meta(OwnedSerializer.Meta):
        model = Review
        subject = "movie"
        fields = [
            *OwnedSerializer.Meta.fields,
            subject,
            "text",
            "spoiler",
            "like_count",
            "reply_count",
            "created",
            "updated",
        ]


class ReplySerializer(OwnedSerializer):
    class Meta(OwnedSerializer.Meta):
        model = Reply
        subject = "review"
        fields = [*OwnedSerializer.Meta.fields, subject, "text", "created", "updated"]


class ReviewLikeSerializer(OwnedSerializer):
    class Meta(OwnedSerializer.Meta):
        model = ReviewLike
        subject = "review"
        fields = [*OwnedSerializer.Meta.fields, subject, "created"]


class PersonLikeSerializer(OwnedSerializer):
    class Meta(OwnedSerializer.Meta):
        model = PersonLike
        subject = "person"
        fields = [*OwnedSerializer.Meta.fields, subject, "created"]


class FollowSerializer(serializers.ModelSerializer):
    follower = serializers.PrimaryKeyRelatedField(read_only=True)
    followee = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())

    class Meta:
        model = Follow
        fields = ["id", "follower", "followee", "created"]
        read_only_fields = ["created"]
        validators = []

    def validate_followee(self, followee):
        request = self.context.get("request")
        if request is not None and followee.pk == request.user.pk:
            raise serializers.ValidationError("You can't follow yourself.")
        return followee


class _BucketSerializer(serializers.Serializer):
    value = serializers.FloatField()
    count = serializers.IntegerField()
    percent = serializers.IntegerField(help_text="the bar's height relative to the tallest, 0-100")


class _RatingsSummarySerializer(serializers.Serializer):
    count = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)
    most_given = serializers.FloatField(allow_null=True, help_text="the rating given most (the higher on a tie)")
    distribution = _BucketSerializer(many=True)


class _FavouriteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    count = serializers.IntegerField(help_text="the user's rated films of it")
    average = serializers.FloatField(help_text="the user's average rating of them")
    score = serializers.FloatField(help_text="count × the average pulled towards the user's mean")


class _DecadeSerializer(serializers.Serializer):
    decade = serializers.IntegerField()
    count = serializers.IntegerField()
    average = serializers.FloatField()


class _WatchedSerializer(serializers.Serializer):
    hours = serializers.FloatField(help_text="runtimes of the rated films whose runtime is known")
    films_without_runtime = serializers.IntegerField()
    decades = _DecadeSerializer(many=True)


class TasteSerializer(serializers.Serializer):
    """The shape of a user's taste analysis (`ratings.taste.taste_of`), for the API's schema."""

    ratings = _RatingsSummarySerializer()
    genres = _FavouriteSerializer(many=True)
    countries = _FavouriteSerializer(many=True)
    directors = _FavouriteSerializer(many=True)
    actors = _FavouriteSerializer(many=True)
    watched = _WatchedSerializer()
