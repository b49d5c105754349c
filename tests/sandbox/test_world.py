"""The generated world: deterministic, realistic in shape, and dirty in the promised ways."""

from datetime import date

import pytest

from watchb.sandbox.world import KMDB_DIRT, TMDB_DIRT, build_world


def test_the_same_seed_builds_the_same_world():
    # Bypass the cache: two independent generations must agree field by field.
    first = build_world.__wrapped__(7, 120)
    second = build_world.__wrapped__(7, 120)
    assert first.movies == second.movies
    assert first.dirty == second.dirty


def test_another_seed_builds_another_world():
    assert build_world(7, 120).movies != build_world(8, 120).movies


def test_a_world_has_the_size_asked_for_and_ids_unique_per_source(world):
    assert len(world.movies) == 300
    assert len({m.tmdb_id for m in world.tmdb_movies}) == len(world.tmdb_movies)
    assert len({m.kmdb_id for m in world.kmdb_movies}) == len(world.kmdb_movies)
    assert all(m.tmdb_id is not None or m.kmdb_id is not None for m in world.movies)
    assert [m.tmdb_id for m in world.tmdb_movies] == sorted(m.tmdb_id for m in world.tmdb_movies)


def test_about_a_third_of_the_films_are_in_both_sources(world):
    share = len(world.shared) / len(world.movies)
    assert 0.2 < share < 0.4
    assert world.shared == tuple(m for m in world.movies if m.tmdb_id and m.kmdb_id)
    # Both catalogues also hold films the other lacks.
    assert any(m.kmdb_id is None for m in world.tmdb_movies)
    assert any(m.tmdb_id is None for m in world.kmdb_movies)


def test_films_mix_korean_and_foreign_and_lean_towards_recent_years(world):
    korean = sum(m.korean for m in world.movies)
    assert 0.35 < korean / len(world.movies) < 0.65
    years = [m.release_date.year for m in world.movies]
    assert min(years) >= 1950 and max(years) <= 2026
    assert sum(y >= 2000 for y in years) > sum(y < 1980 for y in years)
    assert all(m.directors for m in world.movies)
    assert all(len(m.cast) >= 4 for m in world.movies)


def test_people_recur_across_films(world):
    appearances = {}
    for movie in world.movies:
        for member in movie.cast:
            appearances[member.person.tmdb_id] = appearances.get(member.person.tmdb_id, 0) + 1
    assert max(appearances.values()) >= 3


def test_every_dirty_kind_is_present_at_the_default_size(world):
    assert set(world.dirty) == set(TMDB_DIRT) | set(KMDB_DIRT)
    for kind, ids in world.dirty.items():
        assert ids, f"no record carries {kind}"
    dirty_tmdb = {i for kind in TMDB_DIRT for i in world.dirty[kind]}
    dirty_kmdb = {i for kind in KMDB_DIRT for i in world.dirty[kind]}
    assert 0.04 <= len(dirty_tmdb) / len(world.tmdb_movies) <= 0.10
    assert 0.04 <= len(dirty_kmdb) / len(world.kmdb_movies) <= 0.10


def test_shared_films_keep_their_title_date_and_director_clean(world):
    identity = {
        "tmdb_impossible_date",
        "tmdb_blank_title",
        "kmdb_partial_date",
        "kmdb_empty_date",
        "kmdb_impossible_date",
        "kmdb_blank_title",
    }
    for movie in world.shared:
        assert not (movie.tmdb_dirt | movie.kmdb_dirt) & identity


def test_two_thousand_films_build():
    # How fast is bench/ingest.py's business (it builds bigger worlds); a timed assertion here
    # failed whenever the machine was busy.
    big = build_world.__wrapped__(99, 2000)
    assert len(big.movies) == 2000


def test_small_worlds_still_carry_every_dirty_kind():
    small = build_world(3, 40)
    assert all(small.dirty[kind] for kind in small.dirty)


def test_no_film_is_dated_after_the_last_year(world):
    assert max(m.release_date for m in world.movies) <= date(2026, 12, 31)


@pytest.mark.parametrize("size", [0, 90_001])
def test_a_size_out_of_range_is_refused(size):
    with pytest.raises(ValueError, match="holds 1 to 90000 movies"):
        build_world(1, size)
