"""Load test: many people using the site at once, under gunicorn, while the pipeline exports a day.

    .venv/bin/python bench/load_test.py --database-url postgres://postgres@127.0.0.1:5432/h_load_25m \\
        --users 50 --seconds 90 --port 8440
    .venv/bin/python bench/load_test.py ... --users 20 --no-pause    # the most requests/s it serves

What it does:

1. Readies the database (`load_test_site.prepare_site`: titles, genres and published rankings if the
   catalogue is bare, the export user, `--users` test users with their earlier writes removed).
2. Starts the site under gunicorn as production runs it (DEBUG=0, `--workers` sync workers, default
   2 × cores + 1 as gunicorn's documentation advises; persistent database connections,
   `DATABASE_CONN_MAX_AGE`; the shared cache a deployment names in `WATCHB_CACHE_URL`, here
   `--cache-url`, emptied first, which also holds the sessions), on `--port`, and logs every test
   user in through the log-in page (CSRF token from the cookie, the real password hasher), before
   the clock starts.
3. For `--seconds`, runs `--users` simulated people, each in a loop of a weighted mix (`MIX`): the
   home page, the rankings API, a movie's page (chosen in proportion to its number of ratings, so
   popular films are opened most), search (words from the catalogue's titles, a partial word, a
   typo), rating a movie or changing their rating of it (API, with the CSRF header), adding a movie
   to or taking it off their wish list, their own page, and the page of one of the 20 users with the
   most ratings; each pauses 0.5–1.5 s before each request (none with `--no-pause`). Meanwhile one
   export client pages through the latest day's `/ratings` in cursor mode (basic auth), over and
   over, as the pipeline's fetch does, in a process of its own (as the pipeline's worker is).
4. Prints requests/s, p50/p95/p99 per kind of request, and the errors: an answer other than the one
   expected (2xx; a 3xx only for the log-in), or an exception such as a timeout.
5. Checks every acknowledged write: each rating the site answered 201/200 to is in the database
   exactly once with the last value acknowledged, each wish-list add or removal acknowledged is
   there (or gone) exactly once, and the summaries of every movie rated equal a recount. A write
   whose request failed leaves its movie out of the check (it may or may not have happened).

Why an asyncio client over httpx and not Locust: Locust is not installed (and the rules forbid adding
packages), it runs its users on gevent, and its report would need a second pass to check the writes
against the database; a few hundred asyncio tasks on one httpx client each are enough for a few
hundred users on this machine, and keep the whole run — server, users, export, write check — in one
script that prints one report. The client shares the 2 cores with gunicorn and PostgreSQL: its own
CPU time is printed, as it takes from what the site could serve, and so is the site's CPU time per
request (gunicorn's processes and this database's PostgreSQL processes, read with psutil), a figure
that holds whatever else the machine is doing.
"""

import argparse
import asyncio
import multiprocessing
import os
import random
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]

# Kind of request → weight in a simulated person's mix (per 100 requests).
MIX = {
    "home": 14,
    "rankings api": 10,
    "movie": 28,
    "search": 10,
    "rate": 14,
    "wish": 8,
    "own page": 8,
    "heavy user page": 8,
}
PAGE_READS = ("home", "movie", "own page", "heavy user page", "search")
PASSWORD = "load-test-" + secrets.token_hex(8)
EXPORT_PASSWORD = "export-" + secrets.token_hex(8)
EXPORT_PAGE = 10_000


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database loaded by load_ratings.py --keep")
    parser.add_argument("--users", type=int, default=50, help="simulated people (default 50)")
    parser.add_argument("--seconds", type=float, default=60, help="how long they use the site (default 60)")
    parser.add_argument("--workers", type=int, default=2 * os.cpu_count() + 1, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8440)
    parser.add_argument("--no-pause", action="store_true", help="no think time: the most requests/s it serves")
    parser.add_argument("--no-export", action="store_true", help="without the concurrent /ratings export")
    add_cache_url_argument(parser)
    parser.add_argument("--conn-max-age", type=int, default=60, help="DATABASE_CONN_MAX_AGE for the site (60)")
    parser.add_argument(
        "--without", action="append", default=[], choices=list(MIX), metavar="KIND", help="leave a kind out of the mix"
    )
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    if args.users < 1 or args.seconds <= 0 or args.workers < 1:
        parser.error("--users, --seconds and --workers must be positive")
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url must be a PostgreSQL URL")

    os.environ.update(DATABASE_URL=args.database_url, DJANGO_SETTINGS_MODULE="watchb.settings", DEBUG="1")
    import django

    django.setup()
    from django.db import connections
    from load_test_site import prepare_site

    started = time.perf_counter()
    site = prepare_site(args.users, PASSWORD, EXPORT_PASSWORD, seed=args.seed)
    connections.close_all()
    print(f"load test: site ready in {time.perf_counter() - started:.0f} s (not counted)")

    with Gunicorn(args) as server:
        url = f"http://127.0.0.1:{args.port}"
        run = asyncio.run(drive(url, site, args, server))
        server.check()
    report(run, args)
    lost = check_writes(run)
    sys.exit(1 if lost or run.errors else 0)


def add_cache_url_argument(parser):
    """`--cache-url`: the site's shared cache, as a deployment names it in WATCHB_CACHE_URL."""
    parser.add_argument(
        "--cache-url",
        default="redis://127.0.0.1:6379/7",
        help="the site's shared cache, WATCHB_CACHE_URL (default redis://127.0.0.1:6379/7; emptied first)",
    )


class Gunicorn:
    """The site under gunicorn for the length of a `with` block; its log in a temporary file."""

    def __init__(self, args):
        self.args = args
        handle, self.log_path = tempfile.mkstemp(prefix="watchb-load-gunicorn-", suffix=".log")
        self.log = os.fdopen(handle, "wb")
        self.static_root = tempfile.mkdtemp(prefix="watchb-load-static-")
        self.database_pids = set()  # the PostgreSQL backends seen serving this database

    def __enter__(self):
        args = self.args
        import redis

        # Pages an earlier run drew (of another database, maybe) and its sessions: not this run's.
        redis.Redis.from_url(args.cache_url).flushdb()
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1",
            # Plain HTTP on the loopback: production's HTTPS-only defaults would redirect every request.
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": args.database_url,
            "DATABASE_CONN_MAX_AGE": str(args.conn_max_age),
            "WATCHB_STATIC_ROOT": self.static_root,
            "WATCHB_CACHE_URL": args.cache_url,
            "PYTHONPATH": str(ROOT / "src"),
        }
        argv = [
            str(Path(sys.executable).parent / "gunicorn"),
            "watchb.wsgi:application",
            f"--bind=127.0.0.1:{args.port}",
            f"--workers={args.workers}",
            "--timeout=120",
            "--graceful-timeout=5",
        ]
        self.process = subprocess.Popen(
            argv, env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        import httpx

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            self.check()
            try:
                if httpx.get(f"http://127.0.0.1:{args.port}/accounts/login/", timeout=5).status_code == 200:
                    print(f"load test: gunicorn, {args.workers} sync workers, on port {args.port}")
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.__exit__()
        raise SystemExit("load test: the site did not answer within 60 s; see " + self.log_path)

    def cpu_times(self) -> dict[int, float]:
        """CPU seconds (user + system) so far of each gunicorn process and each PostgreSQL server
        process connected to this database (the server runs on this machine), by process id."""
        import psutil

        database = self.args.database_url.rsplit("/", 1)[-1].split("?")[0]
        master = psutil.Process(self.process.pid)
        site = [master, *master.children(recursive=True)]
        backends = []
        for process in psutil.process_iter(["cmdline"]):
            command = " ".join(process.info["cmdline"] or [])
            if command.startswith("postgres:") and f" {database} " in f"{command} ":
                backends.append(process)
        self.database_pids.update(process.pid for process in backends)
        times = {}
        for process in [*site, *backends]:
            try:
                cpu = process.cpu_times()
            except psutil.Error:
                continue
            times[process.pid] = cpu.user + cpu.system
        return times

    def check(self):
        if self.process.poll() is not None:
            raise SystemExit(f"load test: gunicorn stopped (exit {self.process.returncode}); see {self.log_path}")

    def __exit__(self, *exc):
        """Stops gunicorn; its log is kept (and named) only when something went wrong."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.static_root, ignore_errors=True)
        if exc and exc[0] is None:
            os.unlink(self.log_path)
        else:
            print(f"load test: gunicorn's log is {self.log_path}")


class Run:
    """What happened: each request's kind, latency and outcome; the acknowledged writes."""

    def __init__(self):
        self.latencies = defaultdict(list)
        self.errors = defaultdict(int)
        self.error_samples = {}
        self.ratings = {}  # (username, movie id) → last acknowledged rating (a str, "4.5")
        self.wishes = {}  # (username, movie id) → True (on the list) / False (taken off), last acknowledged
        self.uncertain = set()  # (username, movie id) whose last write failed: left out of the check
        self.exported = 0
        self.export_seconds = 0.0
        self.seconds = 0.0
        self.client_cpu = 0.0
        self.export_cpu = 0.0  # the export's own process
        self.server_cpu = 0.0  # gunicorn's processes and the database's server processes for this database
        self.database_cpu = 0.0  # the database's part of it

    def record(self, kind, seconds, problem=None):
        self.latencies[kind].append(seconds)
        if problem:
            self.errors[kind] += 1
            self.error_samples.setdefault(kind, problem)


async def drive(url, site, args, server) -> Run:
    import httpx

    run = Run()
    rng = random.Random(args.seed)
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)
    timeout = httpx.Timeout(60)
    clients = [httpx.AsyncClient(base_url=url, limits=limits, timeout=timeout) for _ in site.users]
    try:
        logins = asyncio.Semaphore(2 * args.workers)
        started = time.perf_counter()
        await asyncio.gather(*(log_in(c, name, logins) for c, name in zip(clients, site.users, strict=True)))
        print(f"load test: {len(site.users)} users logged in ({time.perf_counter() - started:.0f} s, not counted)")

        cpu_before, server_before = cpu_seconds(), server.cpu_times()
        deadline = time.monotonic() + args.seconds
        people = [
            Person(client, name, site, random.Random(rng.random()), run, args.no_pause, args.without)
            for client, name in zip(clients, site.users, strict=True)
        ]
        exporter = None
        if not args.no_export:
            context = multiprocessing.get_context("spawn")
            receive, send = context.Pipe(duplex=False)
            until = time.time() + (deadline - time.monotonic())
            exporter = context.Process(
                target=export_day, args=(url, site.export_day, EXPORT_PASSWORD, until, send), daemon=True
            )
            exporter.start()
        tasks = [asyncio.create_task(person.use_site(deadline)) for person in people]
        started = time.perf_counter()
        await asyncio.gather(*tasks)
        run.seconds = time.perf_counter() - started
        run.client_cpu = cpu_seconds() - cpu_before
        if exporter is not None:
            (
                latencies,
                errors,
                first_error,
                run.exported,
                run.export_seconds,
                run.export_cpu,
            ) = await asyncio.get_running_loop().run_in_executor(None, receive.recv)
            exporter.join()
            run.latencies["export page"] = latencies
            if errors:
                run.errors["export page"] = errors
                run.error_samples["export page"] = first_error
        server_after = server.cpu_times()
        used = {pid: total - server_before.get(pid, 0.0) for pid, total in server_after.items()}
        run.server_cpu = sum(used.values())
        run.database_cpu = sum(seconds for pid, seconds in used.items() if pid in server.database_pids)
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))
    return run


async def log_in(client, username, logins):
    async with logins:
        page = await client.get("/accounts/login/")
        page.raise_for_status()
        answer = await client.post(
            "/accounts/login/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": client.cookies["csrftoken"]},
        )
    if answer.status_code != 302 or "sessionid" not in client.cookies:
        raise SystemExit(f"load test: could not log {username} in (HTTP {answer.status_code})")


def search_terms(rng) -> str:
    """A search as people type them: an English or Korean title word, two words, a prefix, a typo."""
    from watchb.sandbox import vocabulary as vocab

    korean, english = rng.choice(vocab.TITLE_NOUNS)
    _, adjective_en = rng.choice(vocab.TITLE_ADJECTIVES)
    shape = rng.random()
    if shape < 0.35:
        return english.lower()
    if shape < 0.55:
        return korean
    if shape < 0.7:
        return f"{adjective_en} {english}"
    if shape < 0.85:
        return english[: max(3, len(english) - 2)]
    typo = list(english.lower())
    spot = rng.randrange(len(typo) - 1)
    typo[spot], typo[spot + 1] = typo[spot + 1], typo[spot]
    return "".join(typo)


class Person:
    """One simulated user: their session, what they have rated and wished, and their habits."""

    def __init__(self, client, username, site, rng, run, no_pause, without=()):
        self.client, self.username, self.site, self.rng, self.run = client, username, site, rng, run
        self.no_pause = no_pause
        self.rating_ids = {}  # movie id → rating id, for re-rating
        self.wish_ids = {}  # movie id → list entry id, for taking it off
        self.kinds, self.weights = zip(
            *((kind, weight) for kind, weight in MIX.items() if kind not in without), strict=True
        )

    def pick_movie(self):
        """A movie, chosen in proportion to its number of ratings."""
        return self.rng.choices(self.site.movie_ids, cum_weights=self.site.movie_cum_weights)[0]

    async def use_site(self, deadline):
        if not self.no_pause:
            # People arrive one by one, not all in the same millisecond: each first waits a pause.
            await asyncio.sleep(self.rng.uniform(0.5, 1.5))
        while time.monotonic() < deadline:
            kind = self.rng.choices(self.kinds, self.weights)[0]
            await getattr(self, kind.replace(" ", "_"))()
            if not self.no_pause:
                await asyncio.sleep(self.rng.uniform(0.5, 1.5))

    async def request(self, kind, method, path, expected=(200,), **kwargs):
        """Sends one request and records it; returns the response, or None if it failed."""
        if method != "GET":
            kwargs.setdefault("headers", {})["X-CSRFToken"] = self.client.cookies.get("csrftoken", "")
        started = time.perf_counter()
        try:
            response = await self.client.request(method, path, **kwargs)
        except Exception as error:  # a timeout, a reset connection: an error of this kind
            self.run.record(kind, time.perf_counter() - started, f"{type(error).__name__}: {error}")
            return None
        problem = None
        if response.status_code not in expected:
            problem = f"HTTP {response.status_code} for {method} {path}: {response.text[:200]!r}"
        self.run.record(kind, time.perf_counter() - started, problem)
        return None if problem else response

    async def home(self):
        await self.request("home", "GET", "/")

    async def rankings_api(self):
        await self.request("rankings api", "GET", "/api/rankings/", params={"limit": 100})

    async def movie(self):
        await self.request("movie", "GET", f"/movies/{self.pick_movie()}/")

    async def search(self):
        await self.request("search", "GET", "/search/", params={"q": search_terms(self.rng)})

    async def own_page(self):
        await self.request("own page", "GET", f"/users/{self.username}/")

    async def heavy_user_page(self):
        await self.request("heavy user page", "GET", f"/users/{self.rng.choice(self.site.heavy_users)}/")

    async def rate(self):
        """Rates a movie, or (a third of the time, once there is one) changes an earlier rating."""
        stars = f"{self.rng.randint(1, 10) / 2:.1f}"
        if self.rating_ids and self.rng.random() < 1 / 3:
            movie = self.rng.choice(list(self.rating_ids))
            response = await self.request(
                "rate", "PATCH", f"/api/ratings/{self.rating_ids[movie]}/", json={"rating": stars}
            )
        else:
            movie = self.pick_movie()
            if movie in self.rating_ids:
                response = await self.request(
                    "rate", "PATCH", f"/api/ratings/{self.rating_ids[movie]}/", json={"rating": stars}
                )
            else:
                response = await self.request(
                    "rate", "POST", "/api/ratings/", expected=(201,), json={"movie": movie, "rating": stars}
                )
                if response is not None:
                    self.rating_ids[movie] = response.json()["id"]
        key = (self.username, movie)
        if response is None:
            self.run.uncertain.add(key)
        else:
            self.run.ratings[key] = stars

    async def wish(self):
        """Adds a movie to the wish list, or takes one off (half the time, once there is one)."""
        if self.wish_ids and self.rng.random() < 0.5:
            movie = self.rng.choice(list(self.wish_ids))
            response = await self.request("wish", "DELETE", f"/api/wishlist/{self.wish_ids[movie]}/", expected=(204,))
            if response is not None:
                del self.wish_ids[movie]
            on_list = False
        else:
            movie = self.pick_movie()
            while movie in self.wish_ids:
                movie = self.pick_movie()
            response = await self.request("wish", "POST", "/api/wishlist/", expected=(201,), json={"movie": movie})
            if response is not None:
                self.wish_ids[movie] = response.json()["id"]
            on_list = True
        key = (self.username, movie)
        if response is None:
            self.run.uncertain.add(key)
        else:
            self.run.wishes[key] = on_list


def export_day(url, day, password, until, answer):
    """The pipeline's fetch of one day's ratings in cursor pages, repeated until `until` (epoch
    seconds), in a process of its own as the pipeline's worker is: its JSON parsing takes nothing
    from the simulated people's event loop. Sends back `(latencies, errors, first error, records,
    seconds, CPU seconds)` on `answer`."""
    import httpx
    from load_test_site import EXPORT_USER

    params = {"start_date": day.isoformat(), "end_date": (day + timedelta(days=1)).isoformat(), "limit": EXPORT_PAGE}
    latencies, errors, first_error, exported, seconds_in_requests = [], 0, None, 0, 0.0
    with httpx.Client(base_url=url, auth=(EXPORT_USER, password), timeout=60) as client:
        while time.time() < until:
            cursor = ""
            while cursor is not None and time.time() < until:
                started = time.perf_counter()
                try:
                    response = client.get("/ratings", params={**params, "cursor": cursor})
                    response.raise_for_status()
                    page = response.json()
                except Exception as error:
                    latencies.append(time.perf_counter() - started)
                    errors += 1
                    first_error = first_error or f"{type(error).__name__}: {error}"
                    break
                seconds = time.perf_counter() - started
                latencies.append(seconds)
                exported += len(page["result"])
                seconds_in_requests += seconds
                cursor = page["next"]
    answer.send((latencies, errors, first_error, exported, seconds_in_requests, cpu_seconds()))
    answer.close()


def percentile(ordered, share):
    """The nearest-rank percentile of an ascending list."""
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def report(run, args):
    total = sum(len(values) for values in run.latencies.values())
    pause = "no pauses" if args.no_pause else "0.5–1.5 s pauses"
    if args.without:
        pause += ", without " + ", ".join(args.without)
    load = " ".join(f"{n:.1f}" for n in os.getloadavg())
    print(
        f"\n{args.users} users ({pause}), {args.workers} gunicorn workers, {run.seconds:.0f} s: "
        f"{total:,} requests = {total / run.seconds:,.1f} requests/s; errors: {sum(run.errors.values())}"
    )
    print(
        f"load average after: {load} on {os.cpu_count()} cores; the simulated people used {run.client_cpu:.0f} CPU s,"
        f" the export's client {run.export_cpu:.0f}"
    )
    if total:
        print(
            f"the site (gunicorn and PostgreSQL) used {run.server_cpu:.0f} CPU s = "
            f"{1000 * run.server_cpu / total:.0f} ms of CPU a request, whatever the machine's load"
            f" (PostgreSQL {1000 * run.database_cpu / total:.0f} ms of it)"
        )
    print(f"{'kind':<16} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for kind in [*MIX, "export page"]:
        values = sorted(run.latencies.get(kind, []))
        if not values:
            continue
        p50, p95, p99 = (1000 * percentile(values, share) for share in (0.50, 0.95, 0.99))
        print(f"{kind:<16} {len(values):>9,} {p50:>8.0f} {p95:>8.0f} {p99:>8.0f} {run.errors.get(kind, 0):>7}")
    reads = sorted(v for kind in PAGE_READS for v in run.latencies.get(kind, []))
    if reads:
        print(
            f"{'page reads':<16} {len(reads):>9,} {1000 * percentile(reads, 0.5):>8.0f} "
            f"{1000 * percentile(reads, 0.95):>8.0f} {1000 * percentile(reads, 0.99):>8.0f}"
        )
    if run.export_seconds:
        print(
            f"export: {run.exported:,} records in {run.export_seconds:.1f} s of requests "
            f"= {run.exported / run.export_seconds:,.0f} records/s while the site was in use"
        )
    for kind, sample in run.error_samples.items():
        print(f"first error of {kind}: {sample}")


def check_writes(run) -> int:
    """Compares the acknowledged writes with the database; returns how many are missing or wrong."""
    from decimal import Decimal

    from django.db import connections
    from django.db.models import Count, Sum
    from load_test_site import LOAD_USER_PREFIX

    from watchb.ratings.models import ListEntry, MovieRatingSummary, Rating

    connections.close_all()
    stored = defaultdict(list)
    for username, movie, rating in Rating.objects.filter(user__username__startswith=LOAD_USER_PREFIX).values_list(
        "user__username", "movie_id", "rating"
    ):
        stored[(username, movie)].append(rating)
    wished = defaultdict(int)
    for username, movie in ListEntry.objects.filter(
        user__username__startswith=LOAD_USER_PREFIX, kind=ListEntry.Kind.WISH
    ).values_list("user__username", "movie_id"):
        wished[(username, movie)] += 1

    lost = 0
    for key, stars in run.ratings.items():
        if key not in run.uncertain and stored.get(key) != [Decimal(stars)]:
            lost += 1
    for key, on_list in run.wishes.items():
        if key not in run.uncertain and wished.get(key, 0) != (1 if on_list else 0):
            lost += 1
    movies = {movie for _, movie in run.ratings}
    recount = {
        row["movie"]: (row["n"], row["total"])
        for row in Rating.objects.filter(movie__in=movies).values("movie").annotate(n=Count("id"), total=Sum("rating"))
    }
    kept = {s.movie_id: (s.rating_count, s.rating_total) for s in MovieRatingSummary.objects.filter(movie__in=movies)}
    wrong_summaries = sum(1 for movie in movies if recount.get(movie) != kept.get(movie))
    checked = len(set(run.ratings) - run.uncertain) + len(set(run.wishes) - run.uncertain)
    print(
        f"writes: {len(run.ratings):,} ratings and {len(run.wishes):,} wish-list changes acknowledged "
        f"(last value per user and movie), {checked:,} checked, {lost} lost or wrong, "
        f"{len(run.uncertain)} left out (their request failed); "
        f"summaries of the {len(movies):,} movies rated: {wrong_summaries} differ from a recount"
    )
    return lost + wrong_summaries


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
