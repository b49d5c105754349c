"""People on the pages: following from a user's page, follower lists, the feed, and "not interested"."""

from datetime import UTC, datetime

import pytest

from watchb.ratings.models import Follow, ListEntry, Rating, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob(make_user):
    return make_user("bob")


def test_a_users_page_offers_to_follow_them_and_counts_followers(client, alice, bob):
    Follow.objects.create(follower=alice, followee=bob)
    client.force_login(alice)

    page = client.get("/users/bob/").text

    assert 'data-follow-id="' in page and 'aria-pressed="true">✓ Following</button>' in page
    assert '<a href="/users/bob/followers/"><span id="follower-count">1</span> follower</a>' in page
    own = client.get("/users/alice/").text
    assert 'id="follow-toggle"' not in own and 'href="/feed/">Your feed</a>' in own


def test_follower_and_following_lists(client, alice, bob, make_user):
    carol = make_user("carol")
    Follow.objects.create(follower=alice, followee=bob)
    Follow.objects.create(follower=carol, followee=bob)

    followers = client.get("/users/bob/followers/").text
    following = client.get("/users/alice/following/").text

    assert 'href="/users/alice/">alice</a>' in followers and 'href="/users/carol/">carol</a>' in followers
    assert 'href="/users/bob/">bob</a>' in following and "carol" not in following
    assert client.get("/users/nobody/followers/").status_code == 404


def test_the_feed_shows_what_followed_people_rated_and_wrote_newest_first(
    client, alice, bob, make_user, parasite, memories
):
    carol = make_user("carol")  # not followed
    Follow.objects.create(follower=alice, followee=bob)
    Rating.objects.create(user=bob, movie=parasite, rating="4.5", rated_at=datetime(2026, 1, 5, tzinfo=UTC))
    Review.objects.create(user=bob, movie=memories, text="A detective story.")
    Rating.objects.create(user=carol, movie=parasite, rating="1.0")
    client.force_login(alice)

    page = client.get("/feed/").text

    assert page.index("A detective story.") < page.index("★ 4.5")
    assert 'href="/users/bob/">bob</a>' in page and "carol" not in page


def test_the_feed_is_paged_and_needs_a_signed_in_user(client, alice, bob, make_movie):
    Follow.objects.create(follower=alice, followee=bob)
    Rating.objects.bulk_create(
        Rating(
            user=bob, movie=make_movie(f"Film {n}"), rating="3.0", rated_at=datetime(2026, 1, 1, n % 24, n, tzinfo=UTC)
        )
        for n in range(45)
    )

    assert client.get("/feed/").status_code == 302
    client.force_login(alice)
    first, second = client.get("/feed/").text, client.get("/feed/?page=2").text

    assert first.count('class="feed-rating"') == 30 and second.count('class="feed-rating"') == 15
    assert 'href="?page=2" rel="next"' in first
    assert client.get("/feed/?page=9").status_code == 400


def test_the_movie_page_offers_not_interested_beside_the_wish_list(client, alice, parasite):
    entry = ListEntry.objects.create(user=alice, movie=parasite, kind=ListEntry.Kind.BLOCK)
    client.force_login(alice)

    page = client.get(f"/movies/{parasite.pk}/").text

    assert f'data-block-id="{entry.pk}"' in page and 'data-wish-id=""' in page
    assert 'id="block-toggle" aria-pressed="true">✓ Not interested</button>' in page


def test_a_film_marked_not_interested_leaves_the_picks(client, alice, recommend, parasite, memories):
    recommend("2026-01-05", picks={alice: [(parasite, memories), (memories, parasite)]})
    ListEntry.objects.create(user=alice, movie=parasite, kind=ListEntry.Kind.BLOCK)
    client.force_login(alice)

    picks = client.get("/api/recommendations/me/").json()["results"]

    assert [pick["movieId"] for pick in picks] == [memories.pk]


def test_reviews_sort_by_likes_on_the_movie_page(client, alice, bob, make_user, parasite):
    from watchb.ratings.models import ReviewLike

    old = Review.objects.create(user=alice, movie=parasite, text="Liked most.")
    Review.objects.create(user=bob, movie=parasite, text="Newest.")
    ReviewLike.objects.create(user=make_user("carol"), review=old)

    by_date = client.get(f"/movies/{parasite.pk}/").text
    by_likes = client.get(f"/movies/{parasite.pk}/?sort=likes").text

    assert by_date.index("Newest.") < by_date.index("Liked most.")
    assert by_likes.index("Liked most.") < by_likes.index("Newest.")
    assert client.get(f"/movies/{parasite.pk}/?sort=stars").status_code == 400
