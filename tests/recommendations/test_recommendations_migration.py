"""The recommendations left the rankings app with their rows: what was published before the split is
read after it, and a rollback of the split gives it back to rankings."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from watchb.recommendations.models import DailyRecommendations, SimilarMovie
from watchb.recommendations.publishing import publish_recommendations
from watchb.recommendations.selectors import get_recommendations, get_similar_movies

BEFORE_THE_SPLIT = ("rankings", "0002_recommendations")
MOVED_TABLES = ("dailyrecommendations", "similarmovie", "userrecommendation")


def migrate_to_the_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate_to_before_the_split():
    """Unapply the split: no recommendations app, rankings at BEFORE_THE_SPLIT, every other app as
    it is (at its latest). Returns the apps of that state, to write and read rows as they were then."""
    executor = MigrationExecutor(connection)
    executor.migrate([("recommendations", None), BEFORE_THE_SPLIT])
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in ("rankings", "recommendations")]
    return executor.loader.project_state([*others, BEFORE_THE_SPLIT]).apps


@pytest.fixture
def before_the_split(transactional_db):
    """The database as it was before the split (the recommendations' tables and content types are the
    rankings app's), as that state's apps; migrated to the latest state again afterwards."""
    try:
        yield migrate_to_before_the_split()
    finally:
        migrate_to_the_latest()


def tables():
    return set(connection.introspection.table_names())


def test_recommendations_published_before_the_split_are_read_after_it(before_the_split):
    old = before_the_split
    parasite, memories, mother = (
        old.get_model("catalog", "Movie").objects.create(title=title, tmdb_id=number)
        for number, title in enumerate(["기생충", "살인의 추억", "마더"], start=1)
    )
    fan = old.get_model("auth", "User").objects.create(username="fan")
    day = old.get_model("rankings", "DailyRecommendations").objects.create(
        date=dt.date(2026, 1, 5), published_at=dt.datetime(2026, 1, 6, tzinfo=dt.UTC), source="movielens_popular_movies"
    )
    old.get_model("rankings", "SimilarMovie").objects.create(
        recommendations=day, movie=parasite, similar=memories, score=0.9, rank=1
    )
    old.get_model("rankings", "UserRecommendation").objects.create(
        recommendations=day, user=fan, movie=mother, because=parasite, score=1.5, rank=1
    )
    content_types = old.get_model("contenttypes", "ContentType").objects
    similar_type, _ = content_types.get_or_create(app_label="rankings", model="similarmovie")
    view_similar, _ = old.get_model("auth", "Permission").objects.get_or_create(
        content_type=similar_type, codename="view_similarmovie", defaults={"name": "Can view similar movie"}
    )
    fan.user_permissions.add(view_similar)
    assert {f"rankings_{name}" for name in MOVED_TABLES} <= tables()

    migrate_to_the_latest()

    assert {f"recommendations_{name}" for name in MOVED_TABLES} <= tables()
    assert not {f"rankings_{name}" for name in MOVED_TABLES} & tables()
    published = DailyRecommendations.objects.get()
    assert (published.date, published.source) == (dt.date(2026, 1, 5), "movielens_popular_movies")
    assert [(m.title, m.score, m.rank) for m in get_similar_movies(parasite.pk)] == [("살인의 추억", 0.9, 1)]
    fan = get_user_model().objects.get(username="fan")
    assert [(m.title, m.because.title) for m in get_recommendations(fan)] == [("마더", "기생충")]
    # The content type moved (same row, so permissions given on it and the admin's history follow).
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(SimilarMovie).pk == similar_type.pk
    assert not ContentType.objects.filter(app_label="rankings", model__in=MOVED_TABLES).exists()
    assert fan.has_perm("recommendations.view_similarmovie")


def test_rolling_the_split_back_gives_the_rows_back_to_rankings(before_the_split, movies, fan):
    migrate_to_the_latest()
    pick = {"user_id": fan.pk, "movie_id": movies[1].pk, "because_id": movies[0].pk, "score": 2.0, "rank": 1}
    publish_recommendations(dt.date(2026, 1, 5), similar=[], users=[pick])

    old = migrate_to_before_the_split()

    picks = old.get_model("rankings", "UserRecommendation").objects.values_list("user_id", "movie_id", "because_id")
    assert list(picks) == [(fan.pk, movies[1].pk, movies[0].pk)]
    content_types = old.get_model("contenttypes", "ContentType").objects
    assert content_types.filter(app_label="rankings", model="similarmovie").exists()
