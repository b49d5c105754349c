"""A crawl of the offline sandbox over real HTTP (a live server) into the database."""

import pytest
from django.urls import include, path

from watchb.catalog.ingest.crawlers import KmdbCrawler, TmdbCrawler
from watchb.catalog.models import Country, Credit, Genre, Movie, Person, Poster, Still, Video
from watchb.sandbox.conf import current_world

urlpatterns = [path("sandbox/", include("watchb.sandbox.urls"))]

pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db(transaction=True)]

TABLES = (Movie, Person, Credit, Genre, Country, Poster, Still, Video)
REJECTED_KINDS = ("tmdb_blank_title", "kmdb_blank_title")


def crawl_both():
    return KmdbCrawler().run() + TmdbCrawler().run()


def test_a_crawl_of_both_sources_loads_every_film_once_with_both_ids_where_both_have_it(sandbox_site):
    world = current_world()

    report = crawl_both()

    rejected = sum(len(world.dirty[kind]) for kind in REJECTED_KINDS)
    assert report.skipped_total == rejected
    assert Movie.objects.count() == len(world.movies) - rejected
    assert report.merged == len(world.shared)
    for film in world.shared:
        assert Movie.objects.filter(tmdb_id=film.tmdb_id, kmdb_id=film.kmdb_id).exists(), film.title_ko


def test_a_second_crawl_creates_nothing_and_changes_no_table(sandbox_site):
    crawl_both()
    before = [model.objects.count() for model in TABLES]

    again = crawl_both()

    assert again.created == 0
    assert [model.objects.count() for model in TABLES] == before


def kmdb_credits(film) -> int:
    """How many credits KMDb's record of `film` names: directors, writers (각본) and the cast, each once."""
    writers = {c.person.kmdb_id for c in film.crew if c.kmdb_role_group == "각본"}
    cast = () if "kmdb_empty_actor_list" in film.kmdb_dirt else film.cast
    return len(film.directors) + len(writers) + len(cast)


def test_a_kmdb_crawl_keeps_every_credit_of_people_without_an_id(sandbox_site):
    world = current_world()
    films = [f for f in world.kmdb_movies if "kmdb_blank_title" not in f.kmdb_dirt]
    assert world.quirks["kmdb_people_without_id"], "the sandbox lists people without an id"

    KmdbCrawler().run()

    loaded = {docid: Credit.objects.filter(movie__kmdb_id=docid).count() for docid in world.by_kmdb_id}
    assert {f.kmdb_id: loaded[f.kmdb_id] for f in films} == {f.kmdb_id: kmdb_credits(f) for f in films}


def test_a_kmdb_crawl_takes_the_best_text_from_the_sandboxs_real_habits(sandbox_site):
    world = current_world()

    KmdbCrawler().run()

    movies = {m.kmdb_id: m for m in Movie.objects.prefetch_related("genres", "videos")}
    for docid in set(world.quirks["kmdb_loglines"]) & set(movies):  # records without a title are rejected
        movie = movies[docid]
        assert movie.tagline and len(movie.tagline) < len(movie.synopsis), docid
    for docid in world.quirks["kmdb_packed_ratings"]:
        assert movies[docid].film_rating == world.by_kmdb_id[docid].rating[0]
    for docid in world.quirks["kmdb_tv_records"]:
        assert "TV 영화" in {g.name for g in movies[docid].genres.all()}
    for docid in world.quirks["kmdb_parenthesised_trailers"]:
        assert all(v.kind for v in movies[docid].videos.all())
    for docid in world.quirks["kmdb_alternate_titles"]:
        assert movies[docid].title_en == world.by_kmdb_id[docid].title_en
    assert not Genre.objects.filter(name__in=["코메디", "어드벤처", "멜로/로맨스", "공포(호러)"]).exists()


def test_dirty_records_are_counted_by_reason(sandbox_site):
    world = current_world()

    report = crawl_both()

    dropped = report.dropped_fields + report.dropped_children
    for kind, reason in [
        ("tmdb_impossible_date", "release_date (invalid)"),
        ("tmdb_unknown_country", "countries (code: unknown_country)"),
    ]:
        if world.dirty[kind]:
            assert dropped[reason] >= len(world.dirty[kind]), reason
    assert not any("require_one_of" in reason for reason in dropped), "no credit is dropped for a missing id"
    assert report.kept_without_id >= len(world.dirty["tmdb_person_without_id"]) + len(
        world.dirty["kmdb_person_without_id"]
    )
