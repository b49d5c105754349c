"""Benchmark: load a MovieLens-shaped release with `loadmovielens`, against the per-row ORM path.

    .venv/bin/python bench/load_ratings.py                       # 1,000,000 ratings, temp SQLite
    .venv/bin/python bench/load_ratings.py --ratings 25000095 --baseline-ratings 500000 \\
        --database-url postgres://postgres@127.0.0.1:5432/wt_bulkload_25m

What it does:

1. Writes a release folder shaped like MovieLens 25M (its README at grouplens.org: 25,000,095
   ratings of 62,423 movies by 162,541 users; ratings.csv sorted by user, then movie): `--ratings`
   ratings, with users and movies scaled to 25M's ratios unless given, Zipf-popular movies,
   log-normal user activity, half stars, timestamps 1995–2019, a few movies without a tmdbId.
   Numpy and pyarrow write it; its time is printed but not counted.
2. Makes a fresh database (a temporary SQLite file; or, with `--database-url`, that database on the
   PostgreSQL server, created afresh and dropped at the end unless `--keep`) and migrates it.
3. **Baseline**, on the first `--baseline-ratings` ratings: the path both commands took before
   (each CSV row a dict, its fields parsed into Decimal and datetime, `Rating` instances,
   `bulk_create(ignore_conflicts=True)` of 5,000 after a query for the pairs already there). The
   summary triggers are paused for it and its touched summaries recounted, as the bulk path does, so
   both end in the same rows.
4. **Bulk**, the same ratings through `load_movielens` (COPY/executemany into a stage, one
   INSERT ... SELECT ... ON CONFLICT DO NOTHING): records/s and the ratio to the baseline.
5. **Bulk at full size**: all `--ratings`, into emptied tables: seconds, records/s, peak memory of
   this process, CPU seconds of this process and of its PostgreSQL backend (steadier than the wall
   clock on a shared machine), the load average, and on PostgreSQL the ratings table's size with
   its indexes; then checks that the summaries equal a recount. (That a second load adds nothing is
   checked at the baseline's size, after step 4.)
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
ML25M = {"ratings": 25_000_095, "movies": 62_423, "users": 162_541}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ratings", type=int, default=1_000_000, help="ratings in the release (default 1,000,000)")
    parser.add_argument("--users", type=int, help="users (default: MovieLens 25M's ratio)")
    parser.add_argument("--movies", type=int, help="movies (default: MovieLens 25M's ratio, at least 1,000)")
    parser.add_argument("--baseline-ratings", type=int, default=200_000, help="ratings for the baseline (200,000)")
    parser.add_argument("--database-url", metavar="URL", help="a PostgreSQL database to create, bench on and drop")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database afterwards")
    parser.add_argument("--seed", type=int, default=25)
    args = parser.parse_args(argv)
    if min(args.ratings, args.baseline_ratings) < 1:
        parser.error("--ratings and --baseline-ratings must be at least 1")
    users = args.users or max(10, round(args.ratings * ML25M["users"] / ML25M["ratings"]))
    movies = args.movies or max(1_000, round(args.ratings * ML25M["movies"] / ML25M["ratings"]))

    workdir = Path(tempfile.mkdtemp(prefix="watchb-load-bench-"))
    started = time.perf_counter()
    full = write_release(workdir / "full", args.ratings, users, movies, args.seed)
    small = cut_release(full, workdir / "small", args.baseline_ratings)
    print(
        f"load bench: {args.ratings:,} ratings of {movies:,} movies by {users:,} users "
        f"(written in {time.perf_counter() - started:.0f} s, not counted)"
    )

    database = FreshPostgres(args.database_url) if args.database_url else None
    os.environ.update(
        DATABASE_URL=args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        DJANGO_SETTINGS_MODULE="watchb.settings",
        DEBUG="1",
    )
    sys.path[:0] = [str(ROOT / "src")]
    import django

    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        run(full, small, args.ratings, args.baseline_ratings)
    finally:
        from django.db import connections

        connections.close_all()
        if database and not args.keep:
            database.drop()
        for path in sorted(workdir.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        workdir.rmdir()


def run(full, small, total, baseline_size):
    from django.db import connection

    from watchb.ratings.movielens import load_movielens

    print(f"database: {connection.vendor}; 2 cores shared with other work: figures vary from run to run")
    seconds = timed(lambda: baseline_load(small))
    baseline_rate = baseline_size / seconds
    print(
        f"baseline   {baseline_size:>11,} ratings in {seconds:7.1f} s = {baseline_rate:9,.0f} records/s (per-row ORM)"
    )
    empty_tables()
    seconds = timed(lambda: load_movielens(small))
    print(
        f"bulk       {baseline_size:>11,} ratings in {seconds:7.1f} s = {baseline_size / seconds:9,.0f} records/s "
        f"= {baseline_size / seconds / baseline_rate:.1f}× the baseline"
    )
    again = load_movielens(small)
    assert again.ratings_inserted == 0, f"a second load inserted {again.ratings_inserted}"
    assert summaries_equal_a_recount(), "the summaries differ from a recount"
    print("           a second load added nothing; the summaries equal a recount")
    empty_tables()
    cpu_before = cpu_seconds()
    report = None

    def load():
        nonlocal report
        report = load_movielens(full)

    seconds = timed(load)
    print(
        f"bulk full  {total:>11,} ratings in {seconds:7.1f} s = {total / seconds:9,.0f} records/s "
        f"= {total / seconds / baseline_rate:.1f}× the baseline's rate; peak memory {peak_rss_mib():,.0f} MiB"
    )
    own, backend = (after - before for after, before in zip(cpu_seconds(), cpu_before, strict=True))
    print(f"           CPU: {own:.0f} s in this process, {backend:.0f} s in its database server process")
    print(f"           load average after: {' '.join(f'{n:.1f}' for n in os.getloadavg())} on {os.cpu_count()} cores")
    print(f"           {report.summary()}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_size_pretty(pg_table_size('ratings_rating')), "
                "pg_size_pretty(pg_indexes_size('ratings_rating'))"
            )
            table, indexes = cursor.fetchone()
        print(f"           ratings table {table}, its indexes {indexes}")
    assert summaries_equal_a_recount(), "the summaries differ from a recount"
    print("           the summaries equal a recount")


def baseline_load(folder):
    """The per-row path `loadmovielens` took before bulk loading (see the module's docstring)."""
    import csv
    from datetime import UTC, datetime
    from decimal import Decimal

    from django.db import transaction

    from watchb.ratings import summaries
    from watchb.ratings.models import Rating, validate_rating
    from watchb.ratings.movielens import LoadReport, _user_ids, link_movies

    report, users = LoadReport(), {}

    def insert(batch):
        _user_ids({u for u, *_ in batch}, users, report)
        rows = {}
        for ml_user, movie, rating, rated_at in batch:
            rows.setdefault((users[ml_user], movie), (rating, rated_at))
        on_site = set(
            Rating.objects.filter(user_id__in={u for u, _ in rows}, movie_id__in={m for _, m in rows}).values_list(
                "user_id", "movie_id"
            )
        )
        new = [Rating(user_id=u, movie_id=m, rating=r, rated_at=at) for (u, m), (r, at) in rows.items()]
        Rating.objects.bulk_create([r for r in new if (r.user_id, r.movie_id) not in on_site], ignore_conflicts=True)

    with transaction.atomic(), summaries.paused_triggers():
        movie_for = link_movies(folder, report)
        batch = []
        with (folder / "ratings.csv").open(newline="", encoding="utf-8") as file:
            for row in csv.DictReader(file):
                rating = Decimal(row["rating"])
                validate_rating(rating)
                movie = movie_for.get(int(row["movieId"]))
                if movie is not None:
                    at = datetime.fromtimestamp(int(row["timestamp"]), UTC)
                    batch.append((int(row["userId"]), movie, rating, at))
                if len(batch) == 5_000:
                    insert(batch)
                    batch = []
        insert(batch)
        summaries.recount()


def empty_tables():
    """Take the loaded ratings, users and movies away (summaries included), outside any timing."""
    from django.db import connection, transaction

    tables = ["ratings_rating", "ratings_movieratingsummary", "ratings_userratingsummary"]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")
        cursor.execute("DELETE FROM auth_user WHERE username LIKE 'ml%%'")
        cursor.execute("DELETE FROM catalog_movie")


def summaries_equal_a_recount() -> bool:
    from django.db.models import Count, Sum

    from watchb.ratings.models import MovieRatingSummary, Rating, UserRatingSummary

    by_movie = {
        row["movie"]: (row["n"], row["total"])
        for row in Rating.objects.values("movie").annotate(n=Count("id"), total=Sum("rating")).order_by()
    }
    kept = {s.movie_id: (s.rating_count, s.rating_total) for s in MovieRatingSummary.objects.filter(rating_count__gt=0)}
    by_user = dict(Rating.objects.values_list("user").annotate(n=Count("id")).order_by())
    users = dict(UserRatingSummary.objects.filter(rating_count__gt=0).values_list("user_id", "rating_count"))
    return by_movie == kept and by_user == users


def write_release(folder, ratings, users, movies, seed):
    """A MovieLens-shaped release (movies.csv, links.csv, ratings.csv) in `folder`."""
    import numpy as np
    import pyarrow as pa
    from pyarrow import csv

    folder.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    ids = np.arange(1, movies + 1)
    years = rng.integers(1920, 2020, movies)
    titles = [f"Film {n} ({year})" for n, year in zip(ids, years, strict=True)]
    options = csv.WriteOptions(quoting_style="needed")
    csv.write_csv(
        pa.table({"movieId": ids, "title": titles, "genres": ["Drama"] * movies}), folder / "movies.csv", options
    )
    tmdb = pa.array(1_000_000 + ids, mask=rng.random(movies) < 107 / ML25M["movies"])  # 25M has 107 without
    csv.write_csv(pa.table({"movieId": ids, "imdbId": ids, "tmdbId": tmdb}), folder / "links.csv", options)

    popularity = 1 / np.arange(1, movies + 1) ** 0.9
    popularity = rng.permutation(popularity / popularity.sum())
    activity = rng.lognormal(0, 1.2, users)
    keys = np.empty(0, dtype=np.int64)
    while len(keys) < ratings:  # distinct (user, movie) pairs, drawn until there are enough
        want = int((ratings - len(keys)) * 1.3) + 1000
        drawn_users = rng.choice(users, want, p=activity / activity.sum())
        drawn_movies = rng.choice(movies, want, p=popularity)
        merged = np.sort(np.concatenate([keys, drawn_users.astype(np.int64) * movies + drawn_movies]))
        keys = merged[np.concatenate([[True], merged[1:] != merged[:-1]])]  # np.union1d's hashing is slower
    keys = np.sort(rng.choice(keys, ratings, replace=False))
    stars = np.array([f"{n / 2:.1f}" for n in range(1, 11)])
    star_share = np.array([1, 3, 2, 7, 5, 20, 13, 27, 9, 13], dtype=float)
    table = pa.table(
        {
            "userId": keys // movies + 1,
            "movieId": keys % movies + 1,
            "rating": stars[rng.choice(10, ratings, p=star_share / star_share.sum())],
            "timestamp": rng.integers(789_652_009, 1_574_327_703, ratings),
        }
    )
    csv.write_csv(table, folder / "ratings.csv", csv.WriteOptions(quoting_style="none"))
    return folder


def cut_release(full, folder, ratings):
    """The same release with only the first `ratings` ratings."""
    folder.mkdir(parents=True)
    for name in ("movies.csv", "links.csv"):
        (folder / name).write_bytes((full / name).read_bytes())
    with (full / "ratings.csv").open("rb") as source, (folder / "ratings.csv").open("wb") as target:
        for number, line in enumerate(source):
            if number > ratings:
                break
            target.write(line)
    return folder


class FreshPostgres:
    """The database of `url` on its PostgreSQL server, created empty (dropped first if it exists)."""

    def __init__(self, url):
        import psycopg

        parts = urlsplit(url)
        self.name = parts.path.lstrip("/")
        self.admin_url = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) used so far by this process and by its database server process
    (PostgreSQL's backend, read from /proc: the bench runs beside the server; 0 on SQLite)."""
    from django.db import connection

    usage = resource.getrusage(resource.RUSAGE_SELF)
    backend = 0.0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            backend = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return usage.ru_utime + usage.ru_stime, backend


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


if __name__ == "__main__":
    main()
