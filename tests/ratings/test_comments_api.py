"""Comments as on Watcha Pedia: replies to reviews (one level deep) and reviews sorted by likes."""

import pytest

from watchb.ratings.models import Reply, Review, ReviewLike

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(alice, movie):
    return Review.objects.create(user=alice, movie=movie, text="The stairs!", spoiler=True)


def test_replying_to_a_review_and_reading_its_replies_oldest_first(client_for, anonymous, alice, bob, review):
    first = client_for(bob).post("/api/replies/", {"review": review.pk, "text": "Agreed."}, format="json")
    second = client_for(alice).post("/api/replies/", {"review": review.pk, "text": "Thanks!"}, format="json")
    client_for(bob).post("/api/replies/", {"review": review.pk, "text": "One more."}, format="json")

    assert first.status_code == second.status_code == 201
    assert first.json()["username"] == "bob" and first.json()["review"] == review.pk
    replies = anonymous.get(f"/api/replies/?review={review.pk}").json()["results"]
    assert [(r["username"], r["text"]) for r in replies] == [
        ("bob", "Agreed."),
        ("alice", "Thanks!"),
        ("bob", "One more."),
    ]
    assert anonymous.get(f"/api/reviews/{review.pk}/").json()["reply_count"] == 3


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "no review"}, "review"),
        ({"review": 999_999, "text": "a review that is not there"}, "review"),
        ({"review": "x", "text": "not an id"}, "review"),
        ({"review": "REVIEW", "text": ""}, "text"),
        ({"review": "REVIEW", "text": "x" * 2_001}, "text"),
    ],
)
def test_a_bad_reply_is_a_400_naming_the_field(client_for, bob, review, body, field):
    body = {key: review.pk if value == "REVIEW" else value for key, value in body.items()}

    answer = client_for(bob).post("/api/replies/", body, format="json")

    assert answer.status_code == 400
    assert field in answer.json()
    assert not Reply.objects.exists()


def test_only_the_author_edits_or_deletes_a_reply_and_anonymous_may_not_write(
    client_for, anonymous, alice, bob, review
):
    reply = Reply.objects.create(user=bob, review=review, text="Agreed.")

    assert client_for(alice).patch(f"/api/replies/{reply.pk}/", {"text": "Hijacked"}, format="json").status_code == 403
    assert client_for(alice).delete(f"/api/replies/{reply.pk}/").status_code == 403
    assert anonymous.post("/api/replies/", {"review": review.pk, "text": "Hi"}, format="json").status_code == 401
    assert client_for(bob).patch(f"/api/replies/{reply.pk}/", {"text": "Edited."}, format="json").status_code == 200
    assert client_for(bob).delete(f"/api/replies/{reply.pk}/").status_code == 204
    assert not Reply.objects.exists()


def test_a_replys_review_cannot_change(client_for, bob, review, make_movie, alice):
    other = Review.objects.create(user=alice, movie=make_movie("Other"), text="Other.")
    reply = Reply.objects.create(user=bob, review=review, text="Agreed.")

    answer = client_for(bob).patch(f"/api/replies/{reply.pk}/", {"review": other.pk}, format="json")

    assert answer.status_code == 400 and "review" in answer.json()


def test_reviews_sort_by_likes_or_by_date(anonymous, alice, bob, make_user, movie):
    carol = make_user("carol")
    old = Review.objects.create(user=alice, movie=movie, text="Old and liked.")
    new = Review.objects.create(user=bob, movie=movie, text="New.")
    for user in (bob, carol):
        ReviewLike.objects.create(user=user, review=old)

    by_likes = anonymous.get(f"/api/reviews/?movie={movie.pk}&sort=likes").json()["results"]
    by_date = anonymous.get(f"/api/reviews/?movie={movie.pk}").json()["results"]

    assert [(r["id"], r["like_count"]) for r in by_likes] == [(old.pk, 2), (new.pk, 0)]
    assert [r["id"] for r in by_date] == [new.pk, old.pk]
    answer = anonymous.get(f"/api/reviews/?movie={movie.pk}&sort=stars")
    assert answer.status_code == 400 and list(answer.json()) == ["sort"]
