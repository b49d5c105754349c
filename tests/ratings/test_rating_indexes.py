"""The ratings' indexes serve the pages' queries at MovieLens 25M's size (checked with EXPLAIN on
PostgreSQL, with sequential scans, bitmap scans and sorts ruled out unless nothing else answers, so
that a handful of test rows plans as millions would)."""

import pytest
from django.db import connection, transaction

from watchb.pages.views import latest_ratings
from watchb.ratings.models import Rating

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def plan_of(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        for plan in ("seqscan", "bitmapscan", "sort"):  # taken only when nothing else can answer
            cursor.execute(f"SET LOCAL enable_{plan} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_users_latest_ratings_are_read_in_order_from_an_index(make_user, make_movie):
    # A heavy user's page sorted all their ratings (7,487 at 25M: 200 ms) to show the latest 100.
    user = make_user("heavy")
    for number in range(3):
        Rating.objects.create(user=user, movie=make_movie(f"Movie {number}"), rating="4.0")

    plan = plan_of(latest_ratings(user))

    assert "rating_user_latest" in plan
    assert "Sort" not in plan, plan


def test_lookups_by_user_still_have_an_index(make_user):
    plan = plan_of(Rating.objects.filter(user=make_user("someone")))

    assert "Index" in plan and "Seq Scan" not in plan, plan
