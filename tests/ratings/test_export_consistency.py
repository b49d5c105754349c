"""What a cursor export promises while ratings are written between its pages (see
`watchb.ratings.pagination`): it is of the ratings made before its first page, none sent twice, none
skipped but those re-rated or deleted meanwhile, which go to the export that covers their new time."""

import time
from datetime import timedelta

import pytest

from watchb.ratings.models import Rating, whole_second_now


@pytest.fixture
def an_open_window(make_user, make_movie):
    """Twenty ratings made over the last twenty minutes, in a window that runs on to now."""
    now = whole_second_now()
    users = [make_user(f"rater{n}") for n in range(4)]
    movies = [make_movie(f"Movie {n}") for n in range(5)]
    for n in range(20):
        Rating.objects.create(
            user=users[n % 4], movie=movies[n // 4], rating="3.0", rated_at=now - timedelta(minutes=20 - n)
        )
    return {"start_date": (now - timedelta(days=1)).date().isoformat()}


def export(client, params, between_pages=lambda sent: None):
    """A cursor export in pages of 5: the records, and each page's `total`."""
    sent, totals, cursor = [], [], ""
    while cursor is not None:
        body = client.get("/ratings", {**params, "limit": 5, "cursor": cursor}).json()
        sent += body["result"]
        totals.append(body["total"])
        cursor = body["next"]
        between_pages(sent)
    return sent, totals


def pairs(records):
    return [(r["userId"], r["movieId"]) for r in records]


def test_writes_during_an_export_neither_double_nor_skip_a_record(
    export_client, an_open_window, make_user, make_movie, client_for
):
    before = list(Rating.objects.order_by("rated_at", "user_id", "movie_id"))
    sent_early, not_yet_sent = before[2], before[17]
    newcomer = make_user("newcomer")

    def writes(sent):
        if len(sent) != 5:
            return  # after the first page only
        for rating in (sent_early, not_yet_sent):
            answer = client_for(rating.user).patch(f"/api/ratings/{rating.pk}/", {"rating": 5}, format="json")
            assert answer.status_code == 200
        for n in range(3):
            Rating.objects.create(user=newcomer, movie=make_movie(f"New {n}"), rating="4.0")

    sent, totals = export(export_client, an_open_window, between_pages=writes)

    assert len(pairs(sent)) == len(set(pairs(sent))), "a record was sent twice"
    expected = [r for r in before if r != not_yet_sent]
    assert pairs(sent) == [(r.user_id, r.movie_id) for r in expected], "a record was skipped or one came in"
    assert {r["rating"] for r in sent} == {3.0}, "each as it was when its page was read"
    assert totals[0] == 20, "the first page counts what the export covers"

    time.sleep(1.1)  # the next export starts in a later second than the writes
    after, _ = export(export_client, an_open_window)
    changed = {(r.user_id, r.movie_id) for r in (sent_early, not_yet_sent)} | {
        (newcomer.pk, movie) for movie in Rating.objects.filter(user=newcomer).values_list("movie_id", flat=True)
    }
    assert set(pairs(after[-5:])) == changed, "the re-rates and the new ratings are the next export's"
    assert sorted(pairs(after)) == sorted(set(pairs(after))) and len(after) == 23


def test_a_rating_deleted_before_its_page_is_not_sent(export_client, an_open_window):
    before = list(Rating.objects.order_by("rated_at", "user_id", "movie_id"))

    def delete_one(sent):
        if len(sent) == 5:
            before[12].delete()

    sent, _ = export(export_client, an_open_window, between_pages=delete_one)

    assert pairs(sent) == [(r.user_id, r.movie_id) for r in before[:12] + before[13:]]
