"""Benchmark: export one day of N ratings through `GET /ratings` over real HTTP, three ways.

    .venv/bin/python bench/export_ratings.py                      # 1,000,000 ratings, temp SQLite
    .venv/bin/python bench/export_ratings.py --ratings 200000 --ways "offset 10k,cursor 10k"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ratings_bench .venv/bin/python bench/export_ratings.py

What it does:

1. Uses the database in DATABASE_URL (migrated; a day already holding N ratings is reused) or, by
   default, a fresh temporary SQLite file. Fills 2026-01-05 with N ratings from the ratings
   generator (Zipf-popular movies over a catalogue of `--movies`, N/50 users), and creates an
   export user.
2. For each way, starts the site afresh in its own process (Django's threaded development server,
   as `runserver --noreload` runs it, with TCP_NODELAY; DEBUG=0; a database connection per
   request unless `--conn-max-age` says otherwise: the client's one keep-alive connection is one
   server thread, which then keeps its database connection) and reads the whole day with a
   `requests.Session` and basic auth, checking that exactly N records arrive in strictly
   increasing (timestamp, userId, movieId) order (`--gunicorn`: the site under gunicorn's sync
   workers instead, as production runs it; they close the HTTP connection after each answer):

   - *book*: offset pages of 100 — the baseline, how the Airflow book's client pages;
   - *offset 10k*: offset pages of 10,000;
   - *cursor 10k*: cursor pages of 10,000 (keyset; every page costs the same).

3. Prints per way: pages, seconds, records/s, the first and the last page's latency, the
   server's peak resident memory (VmHWM of the fresh server process, or of its largest under
   gunicorn; its size when the export began is printed below the table) and the largest page's
   size in bytes, then each way's speed
   as a multiple of the book's; below the table, the CPU seconds the export took in the server's
   process and in this client (the two share the machine's cores with PostgreSQL, whose part is
   the rest of the wall time), and the load average. (The client's memory is not measured:
   tracemalloc would slow the client, whose JSON parsing is already a large part of each way's time.)
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 1, 5)
WINDOW = {"start_date": "2026-01-05", "end_date": "2026-01-06"}
EXPORT_USER, EXPORT_PASSWORD = "bench-exporter", "bench-exporter-password"
WAYS = [("book", "offset", 100), ("offset 10k", "offset", 10_000), ("cursor 10k", "cursor", 10_000)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ratings", type=int, default=1_000_000, help="ratings in the day (default 1,000,000)")
    parser.add_argument("--movies", type=int, default=5_000, help="catalogue size (default 5,000)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--ways", default="book,offset 10k,cursor 10k", help="comma-separated subset of the ways")
    parser.add_argument("--keep", action="store_true", help="keep the temporary SQLite database")
    parser.add_argument("--port", type=int, help="the site's TCP port (default: a free one the system picks)")
    parser.add_argument(
        "--gunicorn", action="store_true", help="serve the site with gunicorn instead of Django's development server"
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=0,
        help="the site's DATABASE_CONN_MAX_AGE (default 0: a database connection per request, Django's default;"
        " production keeps them, e.g. 60)",
    )
    args = parser.parse_args(argv)
    if args.ratings < 1 or args.movies < 1:
        parser.error("--ratings and --movies must be at least 1")
    chosen = [way for way in WAYS if way[0] in {w.strip() for w in args.ways.split(",")}]
    if not chosen:
        parser.error(f"--ways must name some of: {', '.join(w[0] for w in WAYS)}")

    workdir = None
    if not os.environ.get("DATABASE_URL"):
        workdir = tempfile.mkdtemp(prefix="watchb-bench-export-")
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    try:
        run(args, chosen)
    finally:
        if workdir and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        elif workdir:
            print(f"kept {workdir}/bench.sqlite3")


def run(args, chosen) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="watchb.settings",
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on the loopback, as a proxy in front would leave it
        ALLOWED_HOSTS="127.0.0.1",
        RATINGS_EXPORT_MAX_LIMIT="10000",
        DATABASE_CONN_MAX_AGE=str(args.conn_max_age),
    )
    import django

    django.setup()
    from django.db import connection

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    fill_day(args.ratings, args.movies, args.seed)

    results = []
    for name, mode, limit in chosen:
        print(f"exporting: {name} …", flush=True)
        results.append((name, *export_through_http(mode, limit, args.ratings, args.port, args.gunicorn)))
    report(results, args.ratings)


def fill_day(ratings: int, movies: int, seed: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Max

    from watchb.catalog.models import Movie
    from watchb.ratings.models import Rating
    from watchb.sandbox.ratings_generator import generate_ratings

    call_command("migrate", verbosity=0)
    start = datetime.combine(DAY, datetime.min.time(), tzinfo=UTC)
    day_ratings = Rating.objects.filter(rated_at__gte=start, rated_at__lt=start + timedelta(days=1))
    existing = day_ratings.count()
    if existing == ratings:
        print(f"fill: reusing the {existing:,} ratings already on {DAY}")
    else:
        if existing:
            day_ratings.delete()
        missing_movies = movies - Movie.objects.count()
        if missing_movies > 0:
            first = (Movie.objects.aggregate(top=Max("tmdb_id"))["top"] or 0) + 1
            Movie.objects.bulk_create(
                [
                    Movie(title=f"영화 {n}", title_en=f"Film {n}", tmdb_id=n)
                    for n in range(first, first + missing_movies)
                ],
                batch_size=5000,
            )
        started = time.perf_counter()
        done = generate_ratings(
            users=max(100, ratings // 50),
            days=1,
            per_day=ratings,
            seed=seed,
            last_day=DAY,
            progress=lambda n: print(f"\rfill: {n:,} planned", end="", flush=True),
        )
        print(f"\rfill: {done.ratings_inserted:,} ratings in {time.perf_counter() - started:.1f} s")
        if done.ratings_planned != ratings:
            sys.exit(f"the generator planned {done.ratings_planned:,} ratings, not {ratings:,}: raise --movies")
    with connection.cursor() as cursor:
        # Fresh statistics (and on PostgreSQL a visibility map, for index-only scans).
        cursor.execute("VACUUM ANALYZE ratings_rating" if connection.vendor == "postgresql" else "ANALYZE")
    call_command("createexportuser", EXPORT_USER, "--password", EXPORT_PASSWORD, verbosity=0)
    connection.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_processes(pid: int) -> list[psutil.Process]:
    """The site's processes: the server's, and its workers under gunicorn."""
    server = psutil.Process(pid)
    return [server, *server.children(recursive=True)]


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds the site's processes have used so far."""
    return sum(sum(process.cpu_times()[:2]) for process in site_processes(pid))


def memory_kib(pid: int, field: str) -> int:
    """The largest `field` (VmRSS, VmHWM) among the site's processes, in KiB."""
    largest = 0
    for process in site_processes(pid):
        for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                largest = max(largest, int(line.split()[1]))
    return largest


def serve(port: int) -> None:
    """Serve the site the way `runserver --noreload` does (Django's threaded development server),
    but with TCP_NODELAY: otherwise every response whose headers and body go out in two writes
    waits ~40 ms for a delayed ACK, a cost of the benchmark's loopback, not of the export."""
    import django
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler, get_internal_wsgi_application

    class RequestHandler(WSGIRequestHandler):
        disable_nagle_algorithm = True

        def log_message(self, format, *args):  # 10,000 request lines would only measure the terminal
            pass

    django.setup()
    server = ThreadedWSGIServer(("127.0.0.1", port), RequestHandler)
    server.set_app(get_internal_wsgi_application())
    server.serve_forever()


def start_site(port: int, gunicorn: bool = False) -> subprocess.Popen:
    """The site on `port`: Django's development server (`serve`) or, with `gunicorn`, gunicorn's sync
    workers as production runs them (2 × cores + 1, as `load_test.py` starts them)."""
    if gunicorn:
        argv = [
            str(Path(sys.executable).parent / "gunicorn"),
            "watchb.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={2 * os.cpu_count() + 1}",
        ]
    else:
        argv = [sys.executable, __file__, "--serve", str(port)]
    server = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/movies", timeout=1)
            return server
        except (requests.ConnectionError, requests.Timeout):  # not listening yet, or still starting
            time.sleep(0.2)
    server.kill()
    sys.exit("the site did not start within 60 s")


def export_through_http(mode: str, limit: int, expected: int, port: int | None = None, gunicorn: bool = False):
    """Read the whole day; returns (pages, seconds, first page s, last page s, server peak KiB,
    server start KiB, largest page in bytes, server CPU s, client CPU s)."""
    port = port or free_port()
    server = start_site(port, gunicorn)
    try:
        session = requests.Session()
        session.auth = (EXPORT_USER, EXPORT_PASSWORD)
        url = f"http://127.0.0.1:{port}/ratings"
        session.get(url, params={**WINDOW, "limit": 1}).raise_for_status()  # log in once, warm up
        start_kib = memory_kib(server.pid, "VmRSS")
        server_cpu, client_cpu = cpu_seconds(server.pid), time.process_time()
        started = time.perf_counter()
        pages, latencies, count, last_key, largest = 0, [], 0, None, 0
        params = {**WINDOW, "limit": limit, **({"cursor": ""} if mode == "cursor" else {"offset": 0})}
        while True:
            page_started = time.perf_counter()
            response = session.get(url, params=params)
            response.raise_for_status()
            answer = response.json()
            largest = max(largest, len(response.content))
            latencies.append(time.perf_counter() - page_started)
            pages += 1
            for record in answer["result"]:
                key = (record["timestamp"], record["userId"], record["movieId"])
                if last_key is not None and key <= last_key:
                    sys.exit(f"{mode}: record {count} is out of order or repeated: {key} after {last_key}")
                last_key = key
            count += len(answer["result"])
            if mode == "cursor":
                if answer["next"] is None:
                    break
                params["cursor"] = answer["next"]
            else:
                params["offset"] += len(answer["result"])
                if not answer["result"] or params["offset"] >= answer["total"]:
                    break
        seconds = time.perf_counter() - started
        server_cpu, client_cpu = cpu_seconds(server.pid) - server_cpu, time.process_time() - client_cpu
        if count != expected:
            sys.exit(f"{mode}: {count:,} records arrived, not {expected:,}")
        peak_kib = memory_kib(server.pid, "VmHWM")
        return pages, seconds, latencies[0], latencies[-1], peak_kib, start_kib, largest, server_cpu, client_cpu
    finally:
        server.terminate()
        server.wait(timeout=30)


def report(results, ratings: int) -> None:
    print()
    print(f"{ratings:,} ratings, one day, exported through HTTP")
    header = (
        f"{'way':<11} {'pages':>7} {'seconds':>9} {'records/s':>11} {'1st page':>9} {'last page':>9}"
        f" {'server peak':>12} {'largest page':>13}  vs book"
    )
    print(header)
    print("-" * len(header))
    book_rate = next((ratings / r[2] for r in results if r[0] == "book"), None)
    for name, pages, seconds, first, last, peak_kib, _start_kib, largest, *_cpu in results:
        rate = ratings / seconds
        ratio = f"{rate / book_rate:6.1f}×" if book_rate else "      –"
        print(
            f"{name:<11} {pages:>7,} {seconds:>9.1f} {rate:>11,.0f} {first * 1000:>7.0f}ms {last * 1000:>7.0f}ms "
            f"{peak_kib / 1024:>7.0f} MiB {largest / 2**20:>9.2f} MiB  {ratio}"
        )
    print(f"(server peak: the fresh server's VmHWM; it started the export at ~{results[0][6] / 1024:.0f} MiB)")
    for name, _pages, seconds, *_, server_cpu, client_cpu in results:
        print(f"{name}: CPU {server_cpu:.1f} s in the server, {client_cpu:.1f} s in the client, of {seconds:.1f} s")
    print("load average: " + ", ".join(f"{load:.2f}" for load in os.getloadavg()))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve(int(sys.argv[2]))
    else:
        main()
