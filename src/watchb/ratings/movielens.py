"""Load a MovieLens CSV release (https://grouplens.org/datasets/movielens/) into the site.

A release folder holds `movies.csv` (movieId,title,genres), `ratings.csv`
(userId,movieId,rating,timestamp) and `links.csv` (movieId,imdbId,tmdbId). MovieLens movies are
linked to catalogue movies by `tmdbId`; a MovieLens movie not in the catalogue becomes a minimal
Movie (its TMDB id, and the title and year parsed from "Title (1995)"), to be filled in by a later
crawl. A MovieLens movie without a `tmdbId` can't be linked and is skipped with its ratings. User
n becomes the user "ml<n>" (no usable password). Ratings keep their value and timestamp.

The report adds up: every rating read is inserted, skipped (its movie has no `tmdbId`, or the user's
rating of that movie is already on the site, which keeps it) or merged. Merged: MovieLens sometimes
gives one film two ids with one `tmdbId`; a user who rated both has one rating of the catalogue movie,
the later one (as a re-rate replaces a rating on the site).

The load is one transaction: a missing file or a malformed row (reported with its file and line)
leaves the database as it was. Loading the same release again adds nothing. The ratings stream
through in chunks into a staging table (PostgreSQL's COPY, SQLite's batched inserts) and are
inserted set-based at the end (`watchb.ratings.bulk`), so memory is bounded by the catalogue and the
users, not by the ratings: MovieLens 25M loads like ml-latest-small.
"""

import csv
import itertools
import re
import secrets
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.db import transaction

from watchb.catalog.models import Movie

from .bulk import CHUNK_SIZE, RatingStage
from .models import HALF_STARS, validate_rating

TITLE_WITH_YEAR = re.compile(r"^(?P<title>.*?)\s*\((?P<year>\d{4})\)\s*$")
BATCH_SIZE = 5_000
# The ratings as MovieLens writes them ("4.0", and "4" in older releases), read as text (25M Decimals
# would cost more than the rest of a row): each spelling to the one the stage is sent.
RATING_TEXTS = {text: str(value) for value in HALF_STARS for text in {str(value), f"{value:g}"}}
RATING_COLUMNS = ("userId", "movieId", "rating", "timestamp")


class MovieLensFormatError(Exception):
    """The folder is not a MovieLens release we can read; the message says where and why."""


@dataclass
class LoadReport:
    movies_linked: int = 0
    movies_created: int = 0
    movies_without_tmdb_id: int = 0
    users_created: int = 0
    ratings_read: int = 0
    ratings_inserted: int = 0
    ratings_of_unlinked_movies: int = 0
    ratings_already_loaded: int = 0
    ratings_merged: int = 0

    @property
    def ratings_skipped(self) -> int:
        return self.ratings_of_unlinked_movies + self.ratings_already_loaded

    def summary(self) -> str:
        """The load in one line, as `loadmovielens` prints it: read = inserted + skipped + merged."""
        return (
            f"{self.ratings_inserted} ratings inserted of {self.ratings_read} read, "
            f"{self.ratings_skipped} skipped ({self.ratings_of_unlinked_movies} of movies without a tmdbId, "
            f"{self.ratings_already_loaded} already on the site), {self.ratings_merged} merged (one user's "
            "ratings of MovieLens movies sharing a tmdbId: the later kept); "
            f"movies: {self.movies_linked} linked, {self.movies_created} created, "
            f"{self.movies_without_tmdb_id} without a tmdbId; {self.users_created} users created."
        )


def parse_title(text: str) -> tuple[str, int | None]:
    """ "Toy Story (1995)" → ("Toy Story", 1995); a title without a year keeps the year None."""
    match = TITLE_WITH_YEAR.match(text)
    if match:
        return match["title"], int(match["year"])
    return text.strip(), None


def read_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) from a CSV file whose header has at least `columns`."""
    if not path.is_file():
        raise MovieLensFormatError(f"{path.name} is missing from {path.parent}")
    with path.open(newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise MovieLensFormatError(f"{path.name}: the header lacks {', '.join(missing)}")
        for row in reader:
            yield reader.line_num, row


def _int(path: Path, line: int, row: dict, column: str, blank_ok: bool = False) -> int | None:
    raw = (row.get(column) or "").strip()
    if raw == "" and blank_ok:
        return None
    try:
        return int(raw)
    except ValueError:
        raise MovieLensFormatError(f"{path.name} line {line}: {column} {raw!r} is not an integer") from None


def _rating(path: Path, line: int, raw: str) -> Decimal:
    """`raw` as a rating by the site's rule (`validate_rating`)."""
    try:
        value = Decimal(raw.strip())
        validate_rating(value)
    except (InvalidOperation, ValidationError):
        raise MovieLensFormatError(f"{path.name} line {line}: rating {raw!r} is not 0.5–5.0 in steps of 0.5") from None
    return value


def link_movies(folder: Path, report: LoadReport) -> dict[int, int]:
    """Map MovieLens movie ids to catalogue movie ids, creating the catalogue movies that are missing."""
    links_path, movies_path = folder / "links.csv", folder / "movies.csv"
    tmdb_of = {}
    for line, row in read_rows(links_path, ("movieId", "tmdbId")):
        tmdb_of[_int(links_path, line, row, "movieId")] = _int(links_path, line, row, "tmdbId", blank_ok=True)
    titles = {}
    for line, row in read_rows(movies_path, ("movieId", "title")):
        titles[_int(movies_path, line, row, "movieId")] = row["title"]

    linkable = {ml_id: tmdb_of.get(ml_id) for ml_id in titles}
    report.movies_without_tmdb_id = sum(1 for tmdb_id in linkable.values() if tmdb_id is None)
    wanted = {tmdb_id for tmdb_id in linkable.values() if tmdb_id is not None}
    catalogue = dict(Movie.objects.filter(tmdb_id__in=wanted).values_list("tmdb_id", "id"))
    report.movies_linked = len(catalogue)
    new_movies = {}
    for ml_id, tmdb_id in linkable.items():
        if tmdb_id is not None and tmdb_id not in catalogue and tmdb_id not in new_movies:
            title, year = parse_title(titles[ml_id])
            new_movies[tmdb_id] = Movie(tmdb_id=tmdb_id, title=title or f"MovieLens {ml_id}", production_year=year)
    Movie.objects.bulk_create(new_movies.values(), batch_size=BATCH_SIZE)
    report.movies_created = len(new_movies)
    catalogue.update(Movie.objects.filter(tmdb_id__in=new_movies).values_list("tmdb_id", "id"))
    return {ml_id: catalogue[tmdb_id] for ml_id, tmdb_id in linkable.items() if tmdb_id is not None}


def unusable_password() -> str:
    """What `make_password(None)` stores (nobody can log in with it), from a faster random source:
    MovieLens 25M has 162,541 users, and Django's way costs half a millisecond each."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def _user_ids(ml_user_ids: set[int], known: dict[int, int], report: LoadReport) -> None:
    """Add to `known` the site user ids of MovieLens users, creating "ml<n>" where missing."""
    User = get_user_model()
    wanted = {f"ml{n}": n for n in ml_user_ids if n not in known}
    if not wanted:
        return
    existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    User.objects.bulk_create(
        [User(username=name, password=unusable_password()) for name in wanted if name not in existing],
        batch_size=BATCH_SIZE,
    )
    report.users_created += len(wanted) - len(existing)
    for name, user_id in User.objects.filter(username__in=wanted).values_list("username", "id"):
        known[wanted[name]] = user_id


def read_ratings(path: Path) -> Iterator[tuple[int, int, str, int]]:
    """Yield (MovieLens user, MovieLens movie, rating, timestamp) from `ratings.csv`,
    refusing the first malformed row with its line. Tuples, not dicts: 25M rows go through here."""
    if not path.is_file():
        raise MovieLensFormatError(f"{path.name} is missing from {path.parent}")
    with path.open(newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        header = next(reader, [])
        missing = [c for c in RATING_COLUMNS if c not in header]
        if missing:
            raise MovieLensFormatError(f"{path.name}: the header lacks {', '.join(missing)}")
        at = [header.index(c) for c in RATING_COLUMNS]
        for row in reader:
            try:
                values = (int(row[at[0]]), int(row[at[1]]), RATING_TEXTS[row[at[2]]], int(row[at[3]]))
            except (ValueError, KeyError, IndexError):
                values = _explain(path, reader.line_num, dict(zip(header, row, strict=False)))
            yield values


def _explain(path: Path, line: int, row: dict) -> tuple:
    """The values of a row the fast path refused, or the error naming what is wrong with it."""
    return (
        _int(path, line, row, "userId"),
        _int(path, line, row, "movieId"),
        str(_rating(path, line, row.get("rating") or "")),
        _int(path, line, row, "timestamp"),
    )


def load_movielens(folder: Path, progress=None) -> LoadReport:
    """Load the release in `folder`; `progress`, if given, is called with the ratings read so far."""
    folder = Path(folder)
    if not folder.is_dir():
        raise MovieLensFormatError(f"{folder} is not a folder")
    report = LoadReport()
    with transaction.atomic(), RatingStage() as stage:
        movie_for = link_movies(folder, report)
        # Catalogue movies that several MovieLens ids link to: their ratings are held back until the
        # end, one per user (the later), since a user may have rated the film under both ids.
        shared = {movie for movie, ids in Counter(movie_for.values()).items() if ids > 1}
        held: dict[tuple[int, int], tuple[str, int]] = {}
        users: dict[int, int] = {}
        rows = read_ratings(folder / "ratings.csv")
        while chunk := list(itertools.islice(rows, CHUNK_SIZE)):
            staged = []
            for ml_user, ml_movie, rating, timestamp in chunk:
                movie = movie_for.get(ml_movie)
                if movie is None:
                    report.ratings_of_unlinked_movies += 1
                elif movie in shared:
                    earlier = held.get((ml_user, movie))
                    if earlier is not None:
                        report.ratings_merged += 1
                        if earlier[1] > timestamp:
                            continue
                    held[ml_user, movie] = (rating, timestamp)
                else:
                    staged.append((ml_user, movie, rating, timestamp))
            report.ratings_read += len(chunk)
            _stage(stage, staged, users, report)
            if progress:
                progress(report.ratings_read)
        _stage(stage, [(u, m, r, at) for (u, m), (r, at) in held.items()], users, report)
        report.ratings_inserted = stage.insert_new()
        report.ratings_already_loaded = stage.staged - report.ratings_inserted
    return report


def _stage(stage: RatingStage, rows: list[tuple[int, int, str, int]], users: dict[int, int], report) -> None:
    """Stage (MovieLens user, movie id, rating, timestamp) rows, creating the users they need."""
    _user_ids({ml_user for ml_user, *_ in rows}, users, report)
    stage.add((users[ml_user], movie, rating, timestamp) for ml_user, movie, rating, timestamp in rows)
