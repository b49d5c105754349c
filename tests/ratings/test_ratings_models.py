"""What the database itself guarantees about ratings, lists and follows, and the admin for each."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from ratings_helpers import utc

from watchb.ratings.models import Follow, ListEntry, Rating, validate_rating


@pytest.mark.parametrize("stars", ["0.5", "1", "3.5", "5.0"])
def test_half_stars_from_half_to_five_are_ratings(stars):
    validate_rating(stars)


@pytest.mark.parametrize("stars", ["0", "0.3", "5.5", "7", "-1", "2.25"])
def test_anything_else_is_not(stars):
    with pytest.raises(ValidationError, match=r"from 0\.5 to 5\.0 in steps of 0\.5"):
        validate_rating(stars)


def test_the_database_refuses_a_rating_out_of_range(alice, movie):
    with pytest.raises(IntegrityError):
        Rating.objects.create(user=alice, movie=movie, rating="6.0")


def test_one_rating_per_user_and_movie(alice, movie):
    Rating.objects.create(user=alice, movie=movie, rating="3.0")

    with pytest.raises(IntegrityError):
        Rating.objects.create(user=alice, movie=movie, rating="4.0")


def test_rated_at_is_kept_in_whole_seconds(alice, movie):
    rating = Rating.objects.create(user=alice, movie=movie, rating="3.0", rated_at=utc(2026, 1, 5, 12, 0, 0, 999_999))

    rating.refresh_from_db()
    assert rating.rated_at == utc(2026, 1, 5, 12, 0, 0)


def test_a_movie_is_on_one_list_only(alice, movie):
    ListEntry.objects.create(user=alice, movie=movie, kind=ListEntry.Kind.WISH)

    with pytest.raises(IntegrityError):
        ListEntry.objects.create(user=alice, movie=movie, kind=ListEntry.Kind.BLOCK)


def test_the_database_refuses_a_self_follow(alice, bob):
    Follow.objects.create(follower=alice, followee=bob)

    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=alice, followee=alice)
    with pytest.raises(IntegrityError):
        Follow.objects.create(follower=alice, followee=bob)


def test_the_export_permission_exists_under_its_documented_name(exporter):
    assert exporter.has_perm("ratings.export")


@pytest.mark.parametrize("model", ["rating", "listentry", "review", "reviewlike", "personlike", "follow"])
def test_every_model_has_an_admin(admin_client, model, alice, movie):
    Rating.objects.create(user=alice, movie=movie, rating="3.0")

    assert admin_client.get(f"/admin/ratings/{model}/").status_code == 200
    assert admin_client.get(f"/admin/ratings/{model}/add/").status_code == 200
