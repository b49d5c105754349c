"""Benchmark: crawl N sandbox films (KMDb, then TMDB) into a fresh database.

    .venv/bin/python bench/ingest.py               # 2,000 films
    .venv/bin/python bench/ingest.py --movies 300
    .venv/bin/python bench/ingest.py --database-url postgres://postgres@127.0.0.1:5432/watchb_bench

What it does:

1. Makes a fresh database (a temporary SQLite file; or, with ``--database-url``, the database that
   URL names, made anew on that PostgreSQL server and dropped at the end), migrates it, and starts the site on it
   (``manage.py runserver --noreload`` on a free local port, ``WATCHB_SANDBOX_MOVIES=N``), so the
   crawl reads the sandbox over real HTTP exactly as ``crawlmovies all`` does.
2. **Crawl**: runs `KmdbCrawler` then `TmdbCrawler` end to end in this process and prints records/s,
   films/s, SQL queries per record and peak memory (the process's peak resident set, from
   ``getrusage``; it includes Django's own footprint, printed beside it).
3. **Ingestion alone, against a baseline.** The crawl's time is mostly HTTP and the sandbox
   generating JSON, which says little about our code. So the model dicts the crawl saw are replayed
   twice into emptied tables, without HTTP, through the crawlers' own `register_page`:

   - *pages*: what the crawl does — each record validated by `MovieSerializer`, then each page of
     the source's API (KMDb 100 records, TMDB 20) written set-based in one transaction
     (`ingest.pages.save_movies`: one look-up and one upsert per table per page);
   - *baseline*: the same validation and the same movie matching, one record per transaction, then
     the straightforward write a first version would do (and drf-writable-nested's own per-child
     loop does): ``get_or_create`` per genre, country, person, credit, poster, still and video.

   The ratios printed are pages against baseline for records/s (wall clock), for CPU time (this
   process's, steadier on a shared machine; the database server's own time is not in it) and for
   queries per movie. The pages replay runs before and after the baseline and its figures are the
   mean of the two, so a load that changes during the baseline's long run weighs on both sides.
   Every run must end with the same rows (compared by natural keys, table by table) and the same
   report; the bench fails if they differ.
"""

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--movies", type=int, default=2000, help="films in the sandbox world (default 2000)")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="a PostgreSQL database to bench in (made anew on that server, dropped after)",
    )
    parser.add_argument("--port", type=int, help="the local port the bench's site serves on (default: a free one)")
    args = parser.parse_args(argv)
    if args.movies < 1:
        parser.error("--movies must be at least 1")
    if args.database_url and not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url must be a postgres:// URL (SQLite is the default)")

    workdir = Path(tempfile.mkdtemp(prefix="watchb-bench-"))
    port = args.port or free_port()
    fresh = FreshPostgres(args.database_url) if args.database_url else None
    os.environ.update(
        DATABASE_URL=fresh.url if fresh else f"sqlite:///{workdir / 'bench.sqlite3'}",
        WATCHB_SITE_URL=f"http://127.0.0.1:{port}",
        WATCHB_SANDBOX="1",
        WATCHB_SANDBOX_MOVIES=str(args.movies),
        WATCHB_BENCH_DIR=str(workdir),
        TMDB_API_URL="",
        KMDB_API_URL="",
        TMDB_API_KEY="",
        KMDB_SERVICE_KEY="",
        DJANGO_SETTINGS_MODULE="watchb.settings",
        DEBUG="1",  # the bench's site serves the sandbox, a development feature
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.conf import settings

    settings.DEBUG = False  # the site it starts serves the sandbox; this process crawls as in production (no query log)
    baseline_rss = peak_rss_mib()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_site(port)
        run(args.movies, baseline_rss)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
        if fresh:
            from django.db import connections

            connections.close_all()
            fresh.drop()


class FreshPostgres:
    """The database `url` names, made anew for one bench run on its PostgreSQL server (through the
    server's ``postgres`` database) and dropped after; ``/postgres`` itself stands for a new name."""

    def __init__(self, url):
        import psycopg

        parts = urlsplit(url)
        named = parts.path.lstrip("/")
        self.name = named if named and named != "postgres" else f"watchb_bench_{os.getpid()}"
        self.admin_url = urlunsplit(parts._replace(path="/postgres"))
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def run(films, baseline_rss):
    from django.db import connection

    from watchb.catalog.ingest.crawlers import KmdbCrawler, TmdbCrawler
    from watchb.catalog.models import Movie

    print(f"ingest bench: {films} sandbox films, {connection.vendor}, site on {os.environ['WATCHB_SITE_URL']}")

    # 1. The crawl, end to end over HTTP.
    path = Path(os.environ["WATCHB_BENCH_DIR"]) / "dicts.jsonl"
    with open(path, "w", encoding="utf-8") as dicts, QueryCounter() as queries:
        crawlers = [recording(KmdbCrawler, dicts)(), recording(TmdbCrawler, dicts)()]
        started = time.perf_counter()
        reports = [crawler.run() for crawler in crawlers]
        elapsed = time.perf_counter() - started
    report = reports[0] + reports[1]
    counts = table_counts()
    print(
        f"crawl      {report.fetched} records → {counts['Movie']} films ({report.merged} merged across sources, "
        f"{report.skipped_total} skipped) in {elapsed:.1f} s"
    )
    print(
        f"           {report.fetched / elapsed:7.1f} records/s  {counts['Movie'] / elapsed:7.1f} films/s  "
        f"{queries.count / report.fetched:5.1f} queries/record  peak memory {peak_rss_mib():.0f} MiB "
        f"(Django alone {baseline_rss:.0f} MiB)"
    )
    print("           rows: " + ", ".join(f"{name} {count}" for name, count in counts.items()))

    # 2. Ingestion alone: the same dicts, a page at a time against the per-row baseline.
    dicts = recorded(path)
    rows = catalogue_rows()
    # The pages run before and after the baseline, and the two are averaged: on a shared machine the
    # load changes during the baseline's long run, and this way it weighs on both sides alike.
    runs = []
    for name, paged in (("pages", True), ("baseline", False), ("pages", True)):
        empty_tables()
        runs.append((name, replay(dicts, paged=paged)))
        if catalogue_rows() != rows:
            raise SystemExit(f"{name} replay ended with other rows than the crawl: {table_counts()} against {counts}")
    reports = [report_figures(result.report) for _, result in runs]
    if any(report != reports[0] for report in reports):
        raise SystemExit(f"the replays reported differently: {reports}")
    (_, first), (_, baseline), (_, second) = runs
    results = {"pages": average(first, second), "baseline": baseline}
    films = counts["Movie"]
    for name, result in results.items():
        print(
            f"{name:<10} {len(dicts) / result.seconds:7.1f} records/s  {result.queries / films:5.2f} queries/movie  "
            f"{result.queries / len(dicts):5.2f} queries/record  {result.cpu / len(dicts) * 1000:5.2f} ms CPU/record  "
            f"({result.seconds:.1f} s, {result.cpu:.1f} s CPU, no HTTP)"
        )
    fast, slow = results["pages"], results["baseline"]
    print(
        f"ratio      pages/baseline: {slow.seconds / fast.seconds:.1f}x records/s, "
        f"{slow.cpu / fast.cpu:.1f}x less CPU, {slow.queries / fast.queries:.1f}x fewer queries; "
        f"same rows ({sum(map(len, rows.values()))}), same report"
    )
    assert Movie.objects.count() == counts["Movie"]


def recording(crawler_class, dicts):
    """`crawler_class` that writes every model dict it maps to `dicts` (a file, so the crawl's
    memory is not the recording's)."""

    class Recording(crawler_class):
        def to_model_dict(self, record):
            data = super().to_model_dict(record)
            dicts.write(json.dumps([crawler_class.source, data], ensure_ascii=False) + "\n")
            return data

    return Recording


def recorded(path):
    from watchb.catalog.ingest.crawlers import CRAWLERS

    with open(path, encoding="utf-8") as lines:
        return [(CRAWLERS[source], data) for source, data in map(json.loads, lines)]


@dataclass
class Replay:
    seconds: float
    cpu: float
    queries: int
    report: object


def replay(dicts, *, paged: bool) -> Replay:
    """Register `dicts` again (no HTTP): a page of the source's size at a time through the crawler's
    own `register_page`, or, not `paged`, one record at a time through `naive_save`."""
    from watchb.catalog.ingest.crawlers import CrawlReport
    from watchb.catalog.ingest.matching import people_without_id
    from watchb.catalog.ingest.pages import SavedMovie

    crawlers = {}
    for crawler_class, _ in dicts:
        if crawler_class not in crawlers:
            crawler = crawler_class(client=object())
            crawler.to_model_dict = lambda data: data
            if not paged:

                def save_each(movies, crawler=crawler):
                    saved = []
                    for movie in movies:
                        row, created = naive_save(crawler, movie)
                        saved.append(SavedMovie(row, created, people_without_id(movie)))
                    return saved

                crawler.save_page = save_each
                # Validated as crawls did before pages: a serializer built for each record.
                crawler.validated_movie = lambda data, drops, crawler=crawler: (
                    crawler.serialize(data, drops).validated_data
                )
            crawlers[crawler_class] = crawler
    pages = []
    for crawler_class, data in dicts:
        size = crawler_class.page_size if paged else 1
        if pages and pages[-1][0] is crawler_class and len(pages[-1][1]) < size:
            pages[-1][1].append(data)
        else:
            pages.append((crawler_class, [data]))
    report = CrawlReport("replay")
    with QueryCounter() as queries:
        started, cpu_started = time.perf_counter(), time.process_time()
        for crawler_class, page in pages:
            crawlers[crawler_class].register_page(page, report)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return Replay(seconds, cpu, queries.count, report)


def average(one: Replay, other: Replay) -> Replay:
    return Replay(
        (one.seconds + other.seconds) / 2, (one.cpu + other.cpu) / 2, (one.queries + other.queries) / 2, one.report
    )


def report_figures(report) -> dict:
    """What a report says, without its timing."""
    names = ("fetched", "created", "merged", "skipped", "dropped_fields", "dropped_children", "kept_without_id")
    return {name: getattr(report, name) for name in names}


def naive_save(crawler, validated):
    """The baseline write of one validated movie, in its own transaction: the movie matched as the
    crawler does, then one get_or_create per row."""
    from django.db import transaction

    from watchb.catalog.ingest.matching import find_counterpart, identify_people, share_people
    from watchb.catalog.ingest.serializers import MovieSerializer
    from watchb.catalog.models import Country, Credit, Genre, Movie, Person, Poster, Still, Video

    serializer = MovieSerializer()  # no source in its context: it matches by ids only
    data = dict(validated)
    nested = {name: data.pop(name, []) for name in ("genres", "countries", "credits", "posters", "stills", "videos")}
    with transaction.atomic():
        movie = serializer.find_existing(data)
        if movie is None:
            movie = find_counterpart({**data, **nested}, crawler.id_field)
            if movie is not None:
                share_people(movie, nested, crawler.id_field)
        if movie is not None:
            identify_people(movie, nested)
        created = movie is None
        if created:
            movie = Movie.objects.create(**data)
        else:
            fill(movie, data)
        for genre in nested["genres"]:
            row = Genre.objects.filter(tmdb_id=genre.get("tmdb_id")).first() if genre.get("tmdb_id") else None
            row = row or Genre.objects.get_or_create(name=genre["name"], defaults=genre)[0]
            fill(row, genre)
            movie.genres.add(row)
        for country in nested["countries"]:
            row, _ = Country.objects.get_or_create(code=country["code"], defaults=country)
            movie.countries.add(row)
        for credit in nested["credits"]:
            person_data = credit["person"]
            person = None
            for key in ("tmdb_id", "kmdb_id", "film_key"):
                if person is None and person_data.get(key):
                    person = Person.objects.filter(**{key: person_data[key]}).first()
            if person is None:
                person = Person.objects.create(**person_data)
            else:
                # An id another row already holds stays off this one (the unique keys hold).
                fill(
                    person,
                    {
                        k: v
                        for k, v in person_data.items()
                        if k not in ("tmdb_id", "kmdb_id", "film_key")
                        or not Person.objects.filter(**{k: v}).exclude(pk=person.pk).exists()
                    },
                )
            extra = {k: v for k, v in credit.items() if k not in ("person", "job")}
            Credit.objects.get_or_create(movie=movie, person=person, job=credit["job"], defaults=extra)
        for model, name in ((Poster, "posters"), (Still, "stills")):
            for image in nested[name]:
                model.objects.get_or_create(movie=movie, url=image["url"])
        for video in nested["videos"]:
            Video.objects.get_or_create(movie=movie, site=video["site"], key=video["key"], defaults=video)
    return movie, created


def fill(instance, values):
    """The merge rule, written row by row: blank fields filled, then saved if anything changed."""
    from watchb.catalog.ingest.merging import is_blank

    changed = [k for k, v in values.items() if not is_blank(v) and is_blank(getattr(instance, k))]
    for name in changed:
        setattr(instance, name, values[name])
    if changed:
        instance.save()


class QueryCounter:
    """Counts the SQL statements this process sends while the block runs."""

    def __enter__(self):
        from django.db import connection

        self.count = 0
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __exit__(self, *exc_info):
        return self._wrapper.__exit__(*exc_info)


def catalogue_rows() -> dict:
    """Every catalogue row by natural keys (movies by their ids, people by ids and film key…), per
    table, sorted: two databases that loaded the same films compare equal, whatever their row ids."""
    from watchb.catalog import models

    movie = ("movie__tmdb_id", "movie__kmdb_id")
    person = ("tmdb_id", "kmdb_id", "film_key", "name", "name_en", "biography", "photo")
    queries = {
        "movies": models.Movie.objects.values_list(
            "tmdb_id", "kmdb_id", "title", "title_en", "original_title", "release_date", "production_year"
        ),
        "movies, more": models.Movie.objects.values_list("tmdb_id", "runtime", "synopsis", "tagline", "film_rating"),
        "people": models.Person.objects.values_list(*person),
        "genres": models.Genre.objects.values_list("name", "tmdb_id"),
        "countries": models.Country.objects.values_list("code", "name", "name_en"),
        "movie genres": models.Movie.genres.through.objects.values_list(*movie, "genre__name"),
        "movie countries": models.Movie.countries.through.objects.values_list(*movie, "country__code"),
        "credits": models.Credit.objects.values_list(
            *movie, "person__tmdb_id", "person__kmdb_id", "person__film_key", "job", "role_name", "cameo_type", "order"
        ),
        "posters": models.Poster.objects.values_list(*movie, "url"),
        "stills": models.Still.objects.values_list(*movie, "url"),
        "videos": models.Video.objects.values_list(*movie, "site", "key", "name", "kind"),
    }
    return {name: sorted(query, key=repr) for name, query in queries.items()}


def table_counts():
    from watchb.catalog import models

    return {
        name: getattr(models, name).objects.count()
        for name in ("Movie", "Person", "Credit", "Genre", "Country", "Poster", "Still", "Video")
    }


def empty_tables():
    from django.db import connection

    from watchb.catalog import models

    tables = [
        models.Movie.genres.through,
        models.Movie.countries.through,
        models.Credit,
        models.Poster,
        models.Still,
        models.Video,
        models.Movie,
        models.Person,
        models.Genre,
        models.Country,
    ]
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f'DELETE FROM "{model._meta.db_table}"')


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_site(port, timeout=60.0):
    """Wait until the sandbox answers (its first answer also builds the world, outside the timing)."""
    url = f"http://127.0.0.1:{port}/sandbox/tmdb/3/discover/movie?api_key=sandbox"
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"the site did not answer on port {port} within {timeout:.0f} s") from None
            time.sleep(0.2)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
