"""The catalogue as rows of natural keys, to compare two databases that crawled the same sources.

Primary keys differ between two crawls (and a killed transaction on PostgreSQL uses up sequence
values), so every row is named by what identifies it in the sources: a movie by its
``(tmdb_id, kmdb_id)``, a person by those and the ``film_key`` of one kept without an id, a genre
by its name, a country by its code, a credit by its movie, person and job, an image by its movie
and url, a video by its movie, site and key.
"""

from collections import Counter, defaultdict

from watchb.catalog.models import Country, Credit, Genre, Movie, Person, Poster, Still, Video

MOVIE = ("movie__tmdb_id", "movie__kmdb_id")
MOVIE_FIELDS = ("title", "title_en", "original_title", "release_date", "production_year", "runtime")
MOVIE_FIELDS += ("synopsis", "film_rating")

#: Each table: its queryset's values (natural key first), and how many of them make the key.
TABLES = {
    "movies": (lambda: Movie.objects.values_list("tmdb_id", "kmdb_id", *MOVIE_FIELDS), 2),
    "people": (
        lambda: Person.objects.values_list("tmdb_id", "kmdb_id", "film_key", "name", "name_en", "biography", "photo"),
        3,
    ),
    "genres": (lambda: Genre.objects.values_list("name", "tmdb_id"), 1),
    "countries": (lambda: Country.objects.values_list("code", "name", "name_en"), 1),
    "movie genres": (lambda: Movie.genres.through.objects.values_list(*MOVIE, "genre__name"), 3),
    "movie countries": (lambda: Movie.countries.through.objects.values_list(*MOVIE, "country__code"), 3),
    "credits": (
        lambda: Credit.objects.values_list(
            *MOVIE,
            "person__tmdb_id",
            "person__kmdb_id",
            "person__film_key",
            "job",
            "role_name",
            "cameo_type",
            "order",
            "person__name",
        ),
        6,
    ),
    "posters": (lambda: Poster.objects.values_list(*MOVIE, "url"), 3),
    "stills": (lambda: Still.objects.values_list(*MOVIE, "url"), 3),
    "videos": (lambda: Video.objects.values_list(*MOVIE, "site", "key", "name", "kind"), 4),
}


def catalogue_rows(using: str = "default") -> dict[str, list[tuple]]:
    """Every catalogue row of database `using`, per table, in a stable order (duplicates kept)."""
    return {name: sorted(rows().using(using), key=repr) for name, (rows, _) in TABLES.items()}


def duplicates(rows: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """The natural keys held by more than one row, per table (empty lists when there are none)."""
    found = {}
    for name, (_, width) in TABLES.items():
        counts = Counter(row[:width] for row in rows[name])
        found[name] = [key for key, count in counts.items() if count > 1]
    return found


def movies_whole(rows: dict[str, list[tuple]]) -> dict[tuple, tuple]:
    """Each movie with everything it holds: its fields, genres, countries, credits, images and videos.

    Keyed by ``("tmdb", id)`` and ``("kmdb", id)`` for each id the movie has. A credit's person is
    named by name here: a person's ids can grow when another film brings the same person from the
    other source, and that is not a change to this movie.
    """
    children = defaultdict(list)
    for name in ("movie genres", "movie countries", "credits", "posters", "stills", "videos"):
        for row in rows[name]:
            rest = row[2:]
            if name == "credits":
                rest = rest[3:]  # the person's ids and film key out, the name (last) kept
            children[row[:2]].append((name, *rest))
    whole = {}
    for movie in rows["movies"]:
        state = (movie, tuple(sorted(children[movie[:2]], key=repr)))
        for source, source_id in zip(("tmdb", "kmdb"), movie[:2], strict=True):
            if source_id is not None:
                whole[(source, source_id)] = state
    return whole
