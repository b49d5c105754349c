"""One genre per meaning (issue 11): TMDB's and KMDb's names for a genre end as one row."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from source_records import crawl_kmdb, crawl_tmdb, kmdb_record

from watchb.catalog.genres import canonical_genre
from watchb.catalog.models import Genre, Movie

BEFORE = ("catalog", "0003_person_film_key")
MERGE = ("catalog", "0004_genre_one_row_per_meaning")


def tmdb_movie(genres):
    return {
        "id": 777002,
        "title": "웃음의 바다",
        "original_title": "웃음의 바다",
        "release_date": "2024-01-05",
        "genres": [{"id": tmdb_id, "name": name} for tmdb_id, name in genres],
        "credits": {
            "cast": [],
            "crew": [{"id": 55502, "name": "Oh Da-som", "original_name": "오다솜", "job": "Director"}],
        },
    }


@pytest.mark.django_db
def test_crawling_tmdb_then_kmdb_gives_one_genre_row_per_meaning():
    crawl_tmdb([tmdb_movie([(35, "코미디"), (12, "모험"), (10749, "로맨스")])])
    record = kmdb_record(
        "K00010", "웃음의 바다", directors=[("오다솜", "OH Da-som", "")], genre="코메디,어드벤처,멜로/로맨스,멜로드라마"
    )

    report = crawl_kmdb([record])

    assert report.merged == 1
    assert sorted(Genre.objects.values_list("name", "tmdb_id")) == [
        ("로맨스", 10749),
        ("멜로드라마", None),  # a genre TMDB lacks: a named addition
        ("모험", 12),
        ("코미디", 35),
    ]
    assert Movie.objects.get().genres.count() == 4


@pytest.mark.django_db
def test_kmdb_first_and_english_tmdb_names_land_on_the_same_rows():
    crawl_kmdb(
        [kmdb_record("K00010", "웃음의 바다", directors=[("오다솜", "OH Da-som", "")], genre="코메디,공포(호러)")]
    )
    crawl_tmdb([tmdb_movie([(35, "Comedy"), (27, "Horror")])])

    assert sorted(Genre.objects.values_list("name", "tmdb_id")) == [("공포", 27), ("코미디", 35)]


@pytest.mark.parametrize(
    ("name", "tmdb_id", "canonical"),
    [
        ("코메디", None, {"name": "코미디", "tmdb_id": 35}),
        ("TV영화", None, {"name": "TV 영화", "tmdb_id": 10770}),
        ("Science Fiction", 878, {"name": "SF", "tmdb_id": 878}),
        ("시대극/사극", None, {"name": "시대극/사극", "tmdb_id": None}),
        ("새 장르", 99999, {"name": "새 장르", "tmdb_id": 99999}),  # a TMDB genre newer than our table
    ],
)
def test_canonical_genres(name, tmdb_id, canonical):
    assert canonical_genre(name, tmdb_id) == canonical


@pytest.fixture
def before_the_merge(transactional_db):
    """The database before genres were merged, as that state's apps; the latest state again after."""
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    try:
        yield executor.loader.project_state([BEFORE]).apps
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_migration_merges_duplicate_genre_rows_and_every_film_keeps_its_genres(before_the_merge):
    old = before_the_merge
    Genre_, Movie_ = old.get_model("catalog", "Genre"), old.get_model("catalog", "Movie")
    comedy, komedi = Genre_.objects.create(name="코미디", tmdb_id=35), Genre_.objects.create(name="코메디")
    adventure = Genre_.objects.create(name="어드벤처")  # KMDb's spelling only: becomes 모험, 12
    melodrama = Genre_.objects.create(name="멜로드라마")
    from_tmdb = Movie_.objects.create(title="TMDB 쪽", tmdb_id=1)
    from_kmdb = Movie_.objects.create(title="KMDb 쪽", kmdb_id="K00001")
    both = Movie_.objects.create(title="양쪽", tmdb_id=2, kmdb_id="K00002")
    from_tmdb.genres.set([comedy])
    from_kmdb.genres.set([komedi, adventure, melodrama])
    both.genres.set([comedy, komedi])

    executor = MigrationExecutor(connection)
    executor.migrate([MERGE])

    new = executor.loader.project_state([MERGE]).apps
    genres = sorted(new.get_model("catalog", "Genre").objects.values_list("name", "tmdb_id"))
    assert genres == [("멜로드라마", None), ("모험", 12), ("코미디", 35)]
    movies = new.get_model("catalog", "Movie").objects.all()
    genres = {m.title: sorted(m.genres.values_list("name", flat=True)) for m in movies}
    assert genres == {"TMDB 쪽": ["코미디"], "KMDb 쪽": ["멜로드라마", "모험", "코미디"], "양쪽": ["코미디"]}
