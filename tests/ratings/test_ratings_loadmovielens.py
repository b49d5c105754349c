"""`manage.py loadmovielens PATH` on small MovieLens-shaped folders the tests write."""

from datetime import UTC, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from watchb.catalog.models import Movie
from watchb.ratings.models import Rating
from watchb.ratings.movielens import load_movielens

MOVIES = """movieId,title,genres
1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy
2,"American President, The (1995)",Comedy|Drama|Romance
3,Untitled Home Movie,Documentary
"""
LINKS = """movieId,imdbId,tmdbId
1,0114709,862
2,0112346,9087
3,0000001,
"""
RATINGS = """userId,movieId,rating,timestamp
1,1,4.0,964982703
1,2,3.5,964981247
2,1,5.0,964982224
2,3,1.0,964983815
"""


def release(folder, movies=MOVIES, links=LINKS, ratings=RATINGS):
    for name, text in [("movies.csv", movies), ("links.csv", links), ("ratings.csv", ratings)]:
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def load(folder):
    out = StringIO()
    call_command("loadmovielens", str(folder), stdout=out)
    return out.getvalue()


def test_it_links_by_tmdb_id_and_creates_what_is_missing(tmp_path, make_movie):
    toy_story = make_movie("토이 스토리", title_en="Toy Story", tmdb_id=862)

    output = load(release(tmp_path))

    president = Movie.objects.get(tmdb_id=9087)
    assert (president.title, president.production_year) == ("American President, The", 1995)
    assert Movie.objects.count() == 2, "a movie without a tmdbId is not created"
    ratings = {(r.user.username, r.movie_id): (r.rating, r.rated_at) for r in Rating.objects.select_related("user")}
    assert ratings == {
        ("ml1", toy_story.pk): (Decimal("4.0"), datetime.fromtimestamp(964982703, UTC)),
        ("ml1", president.pk): (Decimal("3.5"), datetime.fromtimestamp(964981247, UTC)),
        ("ml2", toy_story.pk): (Decimal("5.0"), datetime.fromtimestamp(964982224, UTC)),
    }
    assert not get_user_model().objects.get(username="ml1").has_usable_password()
    assert "3 ratings inserted of 4 read" in output
    assert "1 linked, 1 created, 1 without a tmdbId" in output


def test_loading_again_adds_nothing(tmp_path, db):
    load(release(tmp_path))

    output = load(tmp_path)

    assert Rating.objects.count() == 3 and Movie.objects.count() == 2
    assert output.startswith("0 ratings inserted")


def test_loaded_ratings_are_exported(tmp_path, export_client):
    load(release(tmp_path))

    body = export_client.get("/ratings", {"start_date": "2000-07-30", "end_date": "2000-07-31"}).json()

    assert [(r["rating"], r["timestamp"]) for r in body["result"]] == [
        (3.5, 964981247),
        (5.0, 964982224),
        (4.0, 964982703),
    ]


@pytest.mark.parametrize("missing", ["movies.csv", "links.csv", "ratings.csv"])
def test_a_missing_file_is_named(tmp_path, db, missing):
    release(tmp_path)
    (tmp_path / missing).unlink()

    with pytest.raises(CommandError, match=f"{missing} is missing"):
        load(tmp_path)


def test_a_path_that_is_no_folder_is_refused(tmp_path, db):
    with pytest.raises(CommandError, match="is not a folder"):
        load(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("3,1,7.0,964982703", "ratings.csv line 3: rating '7.0' is not 0.5–5.0 in steps of 0.5"),
        ("3,1,0.3,964982703", "ratings.csv line 3: rating '0.3'"),
        ("3,1,four,964982703", "ratings.csv line 3: rating 'four'"),
        ("3,1,NaN,964982703", "ratings.csv line 3: rating 'NaN'"),
        ("3,1,Infinity,964982703", "ratings.csv line 3: rating 'Infinity'"),
        ("x,1,4.0,964982703", "ratings.csv line 3: userId 'x' is not an integer"),
        ("3,1,4.0,", "ratings.csv line 3: timestamp '' is not an integer"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_loaded(tmp_path, db, bad_line, message):
    release(tmp_path, ratings="userId,movieId,rating,timestamp\n1,1,4.0,964982703\n" + bad_line + "\n")

    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(".", r"\.")):
        load(tmp_path)

    assert not Rating.objects.exists() and not Movie.objects.exists()
    assert not get_user_model().objects.filter(username__startswith="ml").exists()


def test_a_file_without_the_expected_header_is_refused(tmp_path, db):
    release(tmp_path, links="movieId,imdbId\n1,0114709\n")

    with pytest.raises(CommandError, match=r"links\.csv: the header lacks tmdbId"):
        load(tmp_path)


# MovieLens gives one film two ids with one tmdbId (as in ml-latest-small: 6 and 6384 for tmdbId 949
# here); user 1 rated both, user 2 one of them.
SHARED_MOVIES = MOVIES + "4,Heat (1995),Action\n5,Heat (1995),Action\n"
SHARED_LINKS = LINKS + "4,0113277,949\n5,0113277,949\n"
SHARED_RATINGS = RATINGS + "1,4,3.0,964982000\n1,5,4.5,964983000\n2,5,2.0,964984000\n"


def test_two_movielens_ids_of_one_film_are_merged_and_reported(tmp_path, db):
    output = load(release(tmp_path, movies=SHARED_MOVIES, links=SHARED_LINKS, ratings=SHARED_RATINGS))

    heat = Movie.objects.get(tmdb_id=949)
    assert {r.user.username: r.rating for r in Rating.objects.filter(movie=heat)} == {
        "ml1": Decimal("4.5"),  # the later of user 1's two ratings
        "ml2": Decimal("2.0"),
    }
    assert (
        "5 ratings inserted of 7 read, 1 skipped (1 of movies without a tmdbId, 0 already on the site), 1 merged"
        in (output)
    )


def test_every_rating_read_is_inserted_skipped_or_merged(tmp_path, db):
    folder = release(tmp_path, movies=SHARED_MOVIES, links=SHARED_LINKS, ratings=SHARED_RATINGS)
    call_command("loadmovielens", str(folder), verbosity=0)
    (folder / "ratings.csv").write_text(SHARED_RATINGS + "3,1,4.0,964985000\n", encoding="utf-8")

    report = load_movielens(folder)

    assert (report.ratings_read, report.ratings_inserted, report.ratings_merged) == (8, 1, 1)
    assert (report.ratings_of_unlinked_movies, report.ratings_already_loaded) == (1, 5)
    assert report.ratings_read == report.ratings_inserted + report.ratings_skipped + report.ratings_merged
