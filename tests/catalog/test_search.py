"""The search of movies and people (`watchb.catalog.search`), through the page and the API.

On PostgreSQL: typos, word prefixes and words in any order, Korean and English, ranked; the trigram
and full-text indexes in the plans; a word in more than `MOST_RANKED` titles ranked among bounded
candidates; migrations 0006 and 0007 undone and done again. On SQLite: the `icontains` match the
site always had, in the rows' own order. On both: the page and the API page over at most
`MOST_RANKED` matches and say when more matched.
"""

from datetime import date

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q
from rest_framework.test import APIClient

from watchb.catalog.models import Movie, Person
from watchb.catalog.search import (
    ENOUGH_STARTING,
    MAX_QUERY_LENGTH,
    MOST_RANKED,
    NAME_FIELDS,
    TITLE_FIELDS,
    search,
)
from watchb.ratings.models import MovieRatingSummary

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL search")
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")

# (title, title_en, original_title, release date, rating count)
FILMS = [
    ("기생충", "Parasite", "기생충", date(2019, 5, 30), 900),
    ("기생수", "Parasyte: Part 1", "寄生獣", date(2014, 11, 29), 30),
    ("대부", "The Godfather", "The Godfather", date(1972, 3, 24), 800),
    ("대부 2", "The Godfather Part II", "The Godfather Part II", date(1974, 12, 20), 500),
    ("살인의 추억", "Memories of Murder", "살인의 추억", date(2003, 4, 25), 400),
    ("괴물", "The Host", "괴물", date(2006, 7, 27), 300),
    ("호스트", "Hostel", "Hostel", date(2005, 9, 17), 10),
]
PEOPLE = [("봉준호", "Bong Joon-ho"), ("박찬욱", "Park Chan-wook"), ("봉만대", "Bong Man-dae")]


@pytest.fixture
def films(make_movie):
    """The catalogue's films by English title, each with a rating summary of its count."""
    made = {}
    for title, title_en, original, released, count in FILMS:
        movie = make_movie(title, title_en=title_en, original_title=original, release_date=released)
        MovieRatingSummary.objects.create(movie=movie, rating_count=count, rating_total=count * 4)
        made[title_en] = movie
    return made


@pytest.fixture
def people(db):
    return {
        name_en: Person.objects.create(name=name, name_en=name_en, tmdb_id=number)
        for number, (name, name_en) in enumerate(PEOPLE, 1)
    }


def movie_titles(query):
    """The English titles `search` finds for `query`, in its order, as the page and API ask."""
    found = search(Movie.objects.order_by("-release_date", "id"), query, TITLE_FIELDS, "rating_summary__rating_count")
    return [movie.title_en for movie in found]


def person_names(query):
    return [person.name_en for person in search(Person.objects.all(), query, NAME_FIELDS)]


@postgresql_only
@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("parasit", "Parasite"),  # a letter short
        ("parasite", "Parasite"),
        ("godfater", "The Godfather"),  # a letter missing inside the word
        ("the godfathr", "The Godfather"),  # a letter missing
        ("memries of murder", "Memories of Murder"),  # 0.5 from "memories": below pg_trgm's default
        ("godf", "The Godfather"),  # the start of a word
        ("godfather the", "The Godfather"),  # words in any order
        ("memories murder", "Memories of Murder"),
        ("the host", "The Host"),  # the exact title before Hostel
        ("기생충", "Parasite"),
        ("살인의 추억", "Memories of Murder"),
        ("추억", "Memories of Murder"),  # a Korean word of the title
        ("寄生獣", "Parasyte: Part 1"),  # the original title
    ],
)
def test_postgresql_finds_typos_prefixes_and_korean_best_first(films, query, first):
    assert movie_titles(query)[0] == first


@postgresql_only
def test_postgresql_orders_exact_then_prefix_then_by_closeness_then_popularity(films):
    # 대부 (exact) before 대부 2 (starts with it); neither of the two is a typo of the other film.
    assert movie_titles("대부") == ["The Godfather", "The Godfather Part II"]
    # Both titles start with 기생: the more rated film first.
    assert movie_titles("기생") == ["Parasite", "Parasyte: Part 1"]
    # Exact English title first, then the closer of the rest.
    assert movie_titles("the godfather") == ["The Godfather", "The Godfather Part II"]
    # A title starting with the query before one that has it as a later word.
    assert movie_titles("host") == ["Hostel", "The Host"]
    # The exact title, then the one a letter off.
    assert movie_titles("parasite") == ["Parasite", "Parasyte: Part 1"]


@postgresql_only
def test_postgresql_leaves_out_what_is_not_close(films):
    assert "Parasite" not in movie_titles("godfather")
    assert movie_titles("기생수") == ["Parasyte: Part 1"]  # one syllable from 기생충 is too far in Korean
    assert movie_titles("zzzz") == []


@postgresql_only
def test_equal_matches_go_by_popularity_then_by_id(make_movie):
    quiet, popular, unrated, also_unrated = (make_movie("필름", title_en="Film") for _ in range(4))
    MovieRatingSummary.objects.create(movie=quiet, rating_count=3, rating_total=9)
    MovieRatingSummary.objects.create(movie=popular, rating_count=50, rating_total=150)

    found = search(Movie.objects.all(), "film", TITLE_FIELDS, "rating_summary__rating_count")

    assert [movie.pk for movie in found] == [popular.pk, quiet.pk, unrated.pk, also_unrated.pk]


@pytest.fixture
def common_word(db):
    """Titles with "the" as a later word, more than `MOST_RANKED` of them, made before the two that
    rank first: the title "The" itself, then one starting with "the"."""
    Movie.objects.bulk_create(
        Movie(title=f"밤 {number}", title_en=f"Night of the Hunter {number}", tmdb_id=900000 + number)
        for number in range(MOST_RANKED + 50)
    )
    made = {
        title: Movie.objects.create(title=title, title_en=title, tmdb_id=number)
        for number, title in enumerate(["The Quiet Hunter", "The"], 800000)
    }
    return made


@postgresql_only
def test_a_common_word_ranks_the_title_equal_to_it_then_titles_starting_with_it(common_word):
    found = search(Movie.objects.all(), "the", TITLE_FIELDS, "rating_summary__rating_count")

    assert [movie.title_en for movie in found[:2]] == ["The", "The Quiet Hunter"]
    # Only candidates are ranked: not every one of the matching titles.
    assert MOST_RANKED < found.count() < Movie.objects.count()


@postgresql_only
def test_a_common_word_that_must_be_found_inside_words_is_ranked_in_full(common_word):
    """No title has a word starting with "ight", so the bounded candidates do not apply."""
    found = search(Movie.objects.all(), "ight", TITLE_FIELDS)

    assert found.count() == MOST_RANKED + 50


@postgresql_only
def test_a_page_of_titles_with_words_starting_so_leaves_out_matches_inside_words(make_movie):
    # The rows found only inside words ("Scold", "Xgirl") or misspelt would rank after every title
    # with words starting with "cold" and "girl" (no full-text rank); looking them up is what costs.
    starting = [make_movie(f"Film {number}", title_en=f"Cold Girl {number}") for number in range(ENOUGH_STARTING)]
    make_movie("Scold", title_en="Scold Girl")
    make_movie("Xgirl", title_en="Cold Xgirl")

    assert set(movie_titles("cold girl")) == {movie.title_en for movie in starting}


@postgresql_only
def test_fewer_titles_with_words_starting_so_still_find_matches_inside_words(make_movie):
    for number in range(ENOUGH_STARTING - 1):
        make_movie(f"Film {number}", title_en=f"Cold Girl {number}")
    make_movie("Scold", title_en="Scold Girl")
    make_movie("Xgirl", title_en="Cold Xgirl")

    found = movie_titles("cold girl")

    assert len(found) == ENOUGH_STARTING + 1
    assert set(found[-2:]) == {"Scold Girl", "Cold Xgirl"}, "after the titles with words starting so"


def test_the_page_says_when_more_movies_match_than_it_shows(client, common_word):
    first = client.get("/search/", {"q": "the"}).text
    last = client.get("/search/", {"q": "the", "page": MOST_RANKED // 20}).text

    assert f"more than {MOST_RANKED}: the first {MOST_RANKED} are shown" in first
    assert f"Page 1 of {MOST_RANKED // 20}" in first
    assert last.count('class="poster-thumb') == 20 and 'rel="next"' not in last
    assert client.get("/search/", {"q": "the", "page": MOST_RANKED // 20 + 1}).status_code == 400


def test_the_page_counts_fewer_matches_exactly(client, films):
    page = client.get("/search/", {"q": "기생"}).text

    assert "(2)" in page and "more than" not in page


def test_the_api_says_when_more_movies_match_than_it_pages(common_word):
    api = APIClient()
    first = api.get("/api/movies/", {"search": "the"}).json()
    last = api.get("/api/movies/", {"search": "the", "page": MOST_RANKED // 20}).json()

    second = api.get("/api/movies/", {"search": "the", "page": 2}).json()

    assert (first["count"], first["more"], len(first["results"])) == (MOST_RANKED, True, 20)
    # The candidates are the same from one page to the next: no movie on two pages.
    assert not {movie["id"] for movie in first["results"]} & {movie["id"] for movie in second["results"]}
    assert len(last["results"]) == 20 and last["next"] is None
    assert api.get("/api/movies/", {"search": "the", "page": MOST_RANKED // 20 + 1}).status_code == 404


def test_the_api_counts_fewer_matches_and_unsearched_lists_exactly(common_word):
    api = APIClient()
    few = api.get("/api/movies/", {"search": "quiet"}).json()
    every = api.get("/api/movies/").json()

    assert (few["count"], few["more"]) == (1, False)
    assert (every["count"], every["more"]) == (MOST_RANKED + 52, False)


@postgresql_only
@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("bong", "Bong Joon-ho"),
        ("봉준", "Bong Joon-ho"),
        ("bong joon ho", "Bong Joon-ho"),
        ("park chan-wok", "Park Chan-wook"),
    ],
)
def test_postgresql_finds_people_by_korean_or_english_name(people, query, first):
    assert person_names(query)[0] == first


def test_like_wildcards_in_a_query_are_plain_characters(make_movie):
    make_movie("탑건", title_en="Top_Gun")
    make_movie("탑건 2", title_en="TopXGun")

    assert movie_titles("p_g") == ["Top_Gun"]
    assert movie_titles("%") == []


@postgresql_only
def test_hangul_makes_trigrams_on_this_database(db):
    """pg_trgm keeps only word characters, and Hangul is one only under a Unicode locale."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT show_trgm('기생충'), similarity('기생충', '기생충 2')")
        trigrams, similarity = cursor.fetchone()
    assert len(trigrams) == 4 and similarity > 0.5


def plan_without_scans(rows):
    """The plan of `rows` when scanning a table whole, or along its primary key, is out of the
    question: a handful of rows is cheaper to scan, so the plan shows whether an index serves."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        return rows.explain()


@postgresql_only
def test_a_typo_in_common_trigrams_is_looked_up_in_the_indexes_not_row_by_row(db):
    # Titles drawn from few words, as the sandbox draws them: "secrte" shares its trigrams with
    # thousands. Costed at 1 (pg_trgm's default), the typo test looked cheap enough to run on every
    # row of the table; migration 0008 costs it at 100.
    words = ["Secret", "Garden", "Hunter", "Flower", "Season", "Stranger", "Letter", "Winter"]
    Movie.objects.bulk_create(
        Movie(title=f"{words[n % 8]} {words[n // 8 % 8]}", title_en=f"{words[n // 64 % 8]} Story", tmdb_id=700000 + n)
        for n in range(20_000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE catalog_movie")

    plan = search(Movie.objects.all(), "secrte", TITLE_FIELDS).order_by().explain()

    assert "Seq Scan" not in plan and "catalog_movie_title_trgm" in plan, plan


@postgresql_only
@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("godfater", "catalog_movie_title_en_trgm"),
        ("기생충", "catalog_movie_title_trgm"),
        ("godf", "catalog_movie_original_title_trgm"),
        ("대부", "catalog_movie_search_simple"),  # too short for trigrams: the start of a word
    ],
)
def test_postgresql_plans_the_search_on_its_indexes(films, query, index):
    movies = search(Movie.objects.all(), query, TITLE_FIELDS, "rating_summary__rating_count")
    plan = plan_without_scans(movies)

    assert f"Bitmap Index Scan on {index}" in plan
    assert "Seq Scan on catalog_movie" not in plan


@postgresql_only
@pytest.mark.parametrize(
    ("query", "index"), [("bong", "catalog_person_name_en_trgm"), ("봉준", "catalog_person_search_simple")]
)
def test_people_are_searched_on_their_indexes(people, query, index):
    plan = plan_without_scans(search(Person.objects.all(), query, NAME_FIELDS))

    assert f"Bitmap Index Scan on {index}" in plan
    assert "Seq Scan on catalog_person" not in plan


@sqlite_only
@pytest.mark.parametrize("query", ["기생", "parasit", "PARA", "the", "godfater", "host", "%"])
def test_sqlite_matches_as_icontains_did_in_the_rows_order(films, query):
    before = Movie.objects.filter(
        Q(title__icontains=query) | Q(title_en__icontains=query) | Q(original_title__icontains=query)
    ).order_by("-release_date", "id")

    assert movie_titles(query) == [movie.title_en for movie in before]


@sqlite_only
def test_sqlite_matches_each_word_anywhere(films):
    assert movie_titles("godfather part") == ["The Godfather Part II"]
    assert movie_titles("godfater") == []  # no typos without PostgreSQL
    assert movie_titles("기생") == ["Parasite", "Parasyte: Part 1"]  # newest first


def test_the_page_and_the_api_find_the_same_movies(films):
    from django.test import Client

    for query in ["기생", "godf", "the host"]:
        page = Client().get("/search/", {"q": query}).text
        api = APIClient().get("/api/movies/", {"search": query}).json()["results"]
        positions = [page.index(f'href="/movies/{movie["id"]}/"') for movie in api]
        assert api and positions == sorted(positions), query


def test_the_api_searches_people_by_name(people):
    found = APIClient().get("/api/people/", {"search": "봉준호"}).json()["results"]

    assert [person["name_en"] for person in found] == ["Bong Joon-ho"]


@pytest.mark.parametrize("path", ["/api/movies/", "/api/people/"])
def test_the_api_refuses_a_query_too_long_with_a_400_naming_search(db, path):
    response = APIClient().get(path, {"search": "가" * (MAX_QUERY_LENGTH + 1)})

    assert response.status_code == 400
    assert "search" in response.json()


def test_the_api_takes_a_query_of_the_longest_length(films):
    response = APIClient().get("/api/movies/", {"search": "parasite " + "x" * (MAX_QUERY_LENGTH - 9)})

    assert response.status_code == 200


def test_the_api_refuses_a_nul_character(db):
    response = APIClient().get("/api/movies/", {"search": "기생\x00충"})

    assert response.status_code == 400 and "search" in response.json()


def test_the_page_says_a_query_is_too_long(client, films):
    response = client.get("/search/", {"q": "parasite" * 30})

    assert response.status_code == 400
    assert f"Search for at most {MAX_QUERY_LENGTH} characters, not 240." in response.text
    assert 'href="/movies/' not in response.text


def test_an_empty_query_finds_nothing(client, films):
    response = client.get("/search/", {"q": "   "})

    assert response.status_code == 200 and 'href="/movies/' not in response.text


def indexes(table):
    return {
        name
        for name in connection.introspection.get_constraints(connection.cursor(), table)
        if "trgm" in name or "search" in name or name.endswith("_upper")
    }


@pytest.fixture
def migrated_back_and_forth(transactional_db):
    """Undoes migrations 0007 and 0006, then does them again; yields the search indexes after each
    step."""
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("catalog", "0005_movie_tagline")])
        undone = indexes("catalog_movie") | indexes("catalog_person")
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        yield undone, indexes("catalog_movie") | indexes("catalog_person")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_search_migration_reverses(migrated_back_and_forth):
    undone, done = migrated_back_and_forth

    assert undone == set()
    if connection.vendor == "postgresql":
        assert done == {
            "catalog_movie_title_trgm",
            "catalog_movie_title_en_trgm",
            "catalog_movie_original_title_trgm",
            "catalog_movie_search_simple",
            "catalog_person_name_trgm",
            "catalog_person_name_en_trgm",
            "catalog_person_search_simple",
            "catalog_movie_title_upper",
            "catalog_movie_title_en_upper",
            "catalog_movie_original_title_upper",
            "catalog_person_name_upper",
            "catalog_person_name_en_upper",
        }
    else:
        assert done == set()  # nothing on SQLite
