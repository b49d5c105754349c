"""The user REST API: sign-up and log-in, ratings, lists, reviews, likes and follows."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from watchb.ratings.models import Follow, ListEntry, Rating, Review

# ---------------------------------------------------------------- sign-up and log-in


def test_sign_up_returns_a_token_that_works(anonymous, movie):
    response = anonymous.post(
        "/api/auth/signup/", {"username": "carol", "password": "correct horse battery"}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert body["username"] == "carol" and "password" not in body
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert anonymous.post("/api/ratings/", {"movie": movie.pk, "rating": 4}, format="json").status_code == 201


@pytest.mark.parametrize(
    ("body", "bad"),
    [
        ({"username": "carol", "password": "123"}, "password"),
        ({"username": "", "password": "correct horse battery"}, "username"),
        ({"username": "alice", "password": "correct horse battery"}, "username"),
    ],
)
def test_sign_up_refuses_bad_input_naming_the_field(anonymous, alice, body, bad):
    response = anonymous.post("/api/auth/signup/", body, format="json")

    assert response.status_code == 400
    assert bad in response.json()


def test_a_token_is_obtained_with_username_and_password(anonymous, alice):
    response = anonymous.post("/api/auth/token/", {"username": "alice", "password": "a-long-passphrase"}, format="json")

    assert response.status_code == 200
    assert len(response.json()["token"]) == 40
    assert (
        anonymous.post("/api/auth/token/", {"username": "alice", "password": "nope"}, format="json").status_code == 400
    )


def test_a_session_log_in_opens_the_browsable_api(client, alice, movie):
    assert client.get("/api/auth/login/").status_code == 200
    assert client.login(username="alice", password="a-long-passphrase")

    response = client.post("/api/ratings/", {"movie": movie.pk, "rating": "3.5"}, content_type="application/json")

    assert response.status_code == 201
    assert client.get("/api/ratings/", HTTP_ACCEPT="text/html").status_code == 200


def test_me_is_the_caller_with_their_numbers(client_for, alice, bob, movie, rate):
    rate(alice, movie, 5, timezone.now())
    Follow.objects.create(follower=bob, followee=alice)

    body = client_for(alice).get("/api/users/me/").json()

    assert body["username"] == "alice"
    assert (body["rating_count"], body["follower_count"], body["following_count"]) == (1, 1, 0)


def test_me_needs_authentication(anonymous):
    assert anonymous.get("/api/users/me/").status_code == 401


# ---------------------------------------------------------------- ratings


def test_rating_a_movie(client_for, alice, movie):
    before = timezone.now().replace(microsecond=0)

    response = client_for(alice).post("/api/ratings/", {"movie": movie.pk, "rating": 4.5}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["user"], body["username"], body["movie"], body["rating"]) == (alice.pk, "alice", movie.pk, 4.5)
    rating = Rating.objects.get()
    assert rating.rated_at >= before and rating.rated_at.microsecond == 0


def test_the_acting_user_comes_from_the_token_not_the_body(client_for, alice, bob, movie):
    client_for(alice).post("/api/ratings/", {"movie": movie.pk, "rating": 3, "user": bob.pk}, format="json")

    assert Rating.objects.get().user == alice


@pytest.mark.parametrize(
    ("body", "bad"),
    [
        ({"rating": 7}, "rating"),
        ({"rating": 0.3}, "rating"),
        ({"rating": 0}, "rating"),
        ({"rating": "4.25"}, "rating"),
        ({"rating": "great"}, "rating"),
        ({"movie": 999_999}, "movie"),
        ({"movie": None}, "movie"),
    ],
)
def test_bad_ratings_are_a_400_naming_the_field(client_for, alice, movie, body, bad):
    response = client_for(alice).post("/api/ratings/", {"movie": movie.pk, "rating": 4, **body}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [bad]
    assert not Rating.objects.exists()


def test_a_second_rating_of_the_same_movie_is_a_400_on_movie(client_for, alice, movie):
    client = client_for(alice)
    client.post("/api/ratings/", {"movie": movie.pk, "rating": 4}, format="json")

    response = client.post("/api/ratings/", {"movie": movie.pk, "rating": 2}, format="json")

    assert response.status_code == 400
    assert "already rated" in response.json()["movie"][0]
    assert Rating.objects.get().rating == 4


def test_changing_a_rating_moves_its_timestamp(client_for, alice, movie, rate):
    rating = rate(alice, movie, 2, timezone.now() - timedelta(days=30))

    response = client_for(alice).patch(f"/api/ratings/{rating.pk}/", {"rating": 3.5}, format="json")

    assert response.status_code == 200
    rating.refresh_from_db()
    assert rating.rating == 3.5
    assert timezone.now() - rating.rated_at < timedelta(minutes=1)


def test_a_ratings_movie_cannot_change(client_for, alice, movie, make_movie, rate):
    rating = rate(alice, movie, 2, timezone.now())

    response = client_for(alice).patch(f"/api/ratings/{rating.pk}/", {"movie": make_movie().pk}, format="json")

    assert response.status_code == 400 and "movie" in response.json()


def test_removing_a_rating(client_for, alice, movie, rate):
    rating = rate(alice, movie, 2, timezone.now())

    assert client_for(alice).delete(f"/api/ratings/{rating.pk}/").status_code == 204
    assert not Rating.objects.exists()


def test_only_the_owner_changes_or_removes_a_rating(client_for, anonymous, alice, bob, movie, rate):
    rating = rate(alice, movie, 2, timezone.now())

    assert client_for(bob).patch(f"/api/ratings/{rating.pk}/", {"rating": 5}, format="json").status_code == 403
    assert client_for(bob).delete(f"/api/ratings/{rating.pk}/").status_code == 403
    assert anonymous.delete(f"/api/ratings/{rating.pk}/").status_code == 401
    assert anonymous.post("/api/ratings/", {"movie": movie.pk, "rating": 4}, format="json").status_code == 401
    assert Rating.objects.get().rating == 2


def test_anyone_reads_a_users_ratings(anonymous, alice, bob, movie, make_movie, rate):
    rate(alice, movie, 5, timezone.now())
    rate(bob, movie, 1, timezone.now())
    rate(alice, make_movie(), 3, timezone.now())

    body = anonymous.get("/api/ratings/", {"user": alice.pk}).json()

    assert body["count"] == 2
    assert {r["username"] for r in body["results"]} == {"alice"}
    assert anonymous.get("/api/ratings/", {"movie": movie.pk}).json()["count"] == 2


def test_a_filter_that_is_not_an_id_is_a_400_naming_it(anonymous):
    response = anonymous.get("/api/ratings/", {"user": "alice"})

    assert response.status_code == 400 and list(response.json()) == ["user"]


@pytest.mark.parametrize("raw", ["0", "-3", "²", "1" * 30])
def test_an_id_filter_is_1_or_more_in_ascii_digits(anonymous, raw):
    response = anonymous.get("/api/reviews/", {"movie": raw})

    assert response.status_code == 400 and list(response.json()) == ["movie"]


# ---------------------------------------------------------------- wish list and block list


def test_wish_list_add_read_remove(client_for, anonymous, alice, movie):
    response = client_for(alice).post("/api/wishlist/", {"movie": movie.pk}, format="json")

    assert response.status_code == 201
    assert anonymous.get("/api/wishlist/", {"user": alice.pk}).json()["count"] == 1
    assert anonymous.get("/api/blocklist/", {"user": alice.pk}).json()["count"] == 0
    assert client_for(alice).delete(f"/api/wishlist/{response.json()['id']}/").status_code == 204
    assert not ListEntry.objects.exists()


def test_a_movie_is_on_one_list_at_most_and_the_latest_choice_wins(client_for, alice, movie):
    client = client_for(alice)
    client.post("/api/wishlist/", {"movie": movie.pk}, format="json")

    response = client.post("/api/blocklist/", {"movie": movie.pk}, format="json")

    assert response.status_code == 201
    assert list(ListEntry.objects.values_list("kind", flat=True)) == ["block"]
    assert client.get("/api/wishlist/", {"user": alice.pk}).json()["count"] == 0


def test_the_same_movie_twice_on_a_list_is_a_400_on_movie(client_for, alice, movie):
    client = client_for(alice)
    client.post("/api/wishlist/", {"movie": movie.pk}, format="json")

    response = client.post("/api/wishlist/", {"movie": movie.pk}, format="json")

    assert response.status_code == 400
    assert "already on your want to watch list" in response.json()["movie"][0]


def test_only_the_owner_removes_from_a_list(client_for, alice, bob, movie):
    entry = client_for(alice).post("/api/blocklist/", {"movie": movie.pk}, format="json").json()

    assert client_for(bob).delete(f"/api/blocklist/{entry['id']}/").status_code == 403
    assert client_for(alice).post("/api/wishlist/", {"movie": 424242}, format="json").status_code == 400


# ---------------------------------------------------------------- reviews and likes


def test_writing_editing_and_deleting_a_review(client_for, anonymous, alice, movie):
    client = client_for(alice)
    review = client.post("/api/reviews/", {"movie": movie.pk, "text": "Stairs.", "spoiler": True}, format="json")
    assert review.status_code == 201
    url = f"/api/reviews/{review.json()['id']}/"

    assert client.patch(url, {"text": "Stairs, and a peach."}, format="json").status_code == 200

    body = anonymous.get("/api/reviews/", {"movie": movie.pk}).json()["results"][0]
    assert (body["text"], body["spoiler"], body["like_count"], body["username"]) == (
        "Stairs, and a peach.",
        True,
        0,
        "alice",
    )
    assert client.delete(url).status_code == 204


def test_a_second_review_of_the_same_movie_is_a_400_on_movie(client_for, alice, movie):
    client = client_for(alice)
    client.post("/api/reviews/", {"movie": movie.pk, "text": "One."}, format="json")

    response = client.post("/api/reviews/", {"movie": movie.pk, "text": "Two."}, format="json")

    assert response.status_code == 400
    assert "already reviewed" in response.json()["movie"][0]


def test_a_review_needs_text(client_for, alice, movie):
    response = client_for(alice).post("/api/reviews/", {"movie": movie.pk, "text": ""}, format="json")

    assert response.status_code == 400 and list(response.json()) == ["text"]


def test_only_the_author_edits_a_review(client_for, alice, bob, movie):
    review = Review.objects.create(user=alice, movie=movie, text="Mine.")

    assert client_for(bob).patch(f"/api/reviews/{review.pk}/", {"text": "Yours."}, format="json").status_code == 403
    assert client_for(bob).delete(f"/api/reviews/{review.pk}/").status_code == 403


def test_liking_and_unliking_a_review(client_for, anonymous, alice, bob, movie):
    review = Review.objects.create(user=alice, movie=movie, text="Mine.")
    like = client_for(bob).post("/api/review-likes/", {"review": review.pk}, format="json")

    assert like.status_code == 201
    assert anonymous.get(f"/api/reviews/{review.pk}/").json()["like_count"] == 1
    again = client_for(bob).post("/api/review-likes/", {"review": review.pk}, format="json")
    assert again.status_code == 400 and list(again.json()) == ["review"]
    assert client_for(alice).delete(f"/api/review-likes/{like.json()['id']}/").status_code == 403
    assert client_for(bob).delete(f"/api/review-likes/{like.json()['id']}/").status_code == 204
    assert anonymous.get(f"/api/reviews/{review.pk}/").json()["like_count"] == 0


def test_liking_a_person(client_for, anonymous, alice, person):
    response = client_for(alice).post("/api/person-likes/", {"person": person.pk}, format="json")

    assert response.status_code == 201
    assert anonymous.get(f"/api/people/{person.pk}/").json()["like_count"] == 1
    again = client_for(alice).post("/api/person-likes/", {"person": person.pk}, format="json")
    assert again.status_code == 400 and list(again.json()) == ["person"]
    unknown = client_for(alice).post("/api/person-likes/", {"person": 987654}, format="json")
    assert unknown.status_code == 400 and list(unknown.json()) == ["person"]


# ---------------------------------------------------------------- follows


def test_following_and_unfollowing(client_for, anonymous, alice, bob):
    response = client_for(alice).post("/api/follows/", {"followee": bob.pk}, format="json")

    assert response.status_code == 201
    assert response.json()["follower"] == alice.pk
    assert anonymous.get("/api/follows/", {"followee": bob.pk}).json()["count"] == 1
    assert anonymous.get(f"/api/users/{bob.pk}/").json()["follower_count"] == 1
    assert client_for(bob).delete(f"/api/follows/{response.json()['id']}/").status_code == 403
    assert client_for(alice).delete(f"/api/follows/{response.json()['id']}/").status_code == 204


def test_nobody_follows_themselves_or_anyone_twice(client_for, alice, bob):
    client = client_for(alice)

    itself = client.post("/api/follows/", {"followee": alice.pk}, format="json")
    client.post("/api/follows/", {"followee": bob.pk}, format="json")
    twice = client.post("/api/follows/", {"followee": bob.pk}, format="json")

    assert itself.status_code == 400 and list(itself.json()) == ["followee"]
    assert twice.status_code == 400 and list(twice.json()) == ["followee"]
    assert Follow.objects.count() == 1


def test_users_list_shows_no_inactive_users(client_for, alice, bob):
    get_user_model().objects.filter(pk=bob.pk).update(is_active=False)

    assert [u["username"] for u in client_for(alice).get("/api/users/").json()["results"]] == ["alice"]
