"""What one request of each kind in the load test's mix costs the site: CPU, queries, database time.

    .venv/bin/python bench/page_costs.py --database-url postgres://postgres@127.0.0.1:5432/h_load_25m
    .venv/bin/python bench/page_costs.py --database-url ... --requests 200 --profile movie

The load test (`load_test.py`) measures the site as people meet it, under gunicorn with many users
at once; its latencies are mostly time queued for a core, so they say that the site is short of CPU
but not where the CPU goes. This runs the same mix one request at a time in this process, through
Django's test client with DEBUG off (the whole request: middleware, session, view, template), after
`load_test_site.prepare_site` has readied the database, and prints per kind of request:

- *CPU ms*: this process's CPU time per request (Python: Django, the ORM, templates, psycopg);
- *DB ms*: time spent inside the database driver's `execute` per request (the server's work and
  the round trip), from a `connection.execute_wrapper`;
- *queries* per request; *wall ms* p50 and p95.

The site uses the shared cache (`--cache-url`, Redis) as the load test's gunicorn does. Every
request is made twice per pick and only the second counted, so first-visit costs (a cold
template, a cache miss the next visitor would not have) are counted at their real share: the
load test's users open the same popular movies again and again, and so do people.
(`--cold` counts the first.) `--profile KIND` prints the top of a cProfile of that kind's requests.

CPU per request is the figure to watch: at 2 cores the site serves at most about 2,000 / (CPU ms +
the database's CPU ms) requests/s, less what the load test's client takes.
"""

import argparse
import cProfile
import os
import pstats
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]

from load_test import add_cache_url_argument  # noqa: E402 (bench/ is on the path only from here)

PASSWORD = "page-costs-password"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database loaded by load_ratings.py --keep")
    parser.add_argument("--requests", type=int, default=100, help="requests counted per kind (default 100)")
    parser.add_argument("--users", type=int, default=20, help="test users the requests are spread over (20)")
    parser.add_argument("--cold", action="store_true", help="count each pick's first request, not its second")
    parser.add_argument("--profile", metavar="KIND", help="print a cProfile of this kind's requests")
    add_cache_url_argument(parser)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)

    os.environ.update(
        DATABASE_URL=args.database_url,
        DJANGO_SETTINGS_MODULE="watchb.settings",
        DEBUG="0",
        SECRET_KEY="page-costs-" + "x" * 40,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        DATABASE_CONN_MAX_AGE="60",
        WATCHB_CACHE_URL=args.cache_url,
    )
    if args.cache_url:
        import redis

        redis.Redis.from_url(args.cache_url).flushdb()
    import django

    django.setup()
    from django.db import connection
    from load_test import MIX, search_terms
    from load_test_site import prepare_site

    site = prepare_site(args.users, PASSWORD, "page-costs-export", seed=args.seed, log=lambda *a: None)
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = list(get_user_model().objects.filter(username__in=site.users))
    rng = random.Random(args.seed)
    clients = []
    for user in users:
        client = Client(enforce_csrf_checks=False)
        client.force_login(user)
        clients.append((user, client))

    def pick_movie():
        return rng.choices(site.movie_ids, cum_weights=site.movie_cum_weights)[0]

    written = set()

    def request_for(kind, user):
        """`(method, path, data)` of one request of `kind` by `user`."""
        if kind == "home":
            return "get", "/", None
        if kind == "rankings api":
            return "get", "/api/rankings/", {"limit": 100}
        if kind == "movie":
            return "get", f"/movies/{pick_movie()}/", None
        if kind == "search":
            return "get", "/search/", {"q": search_terms(rng)}
        if kind == "own page":
            return "get", f"/users/{user.username}/", None
        if kind == "heavy user page":
            return "get", f"/users/{rng.choice(site.heavy_users)}/", None
        if kind in ("rate", "wish"):
            movie = pick_movie()
            while (kind, user.pk, movie) in written:  # a second rating or wish of it would be a 400
                movie = pick_movie()
            written.add((kind, user.pk, movie))
            if kind == "rate":
                return "post", "/api/ratings/", {"movie": movie, "rating": f"{rng.randint(1, 10) / 2:.1f}"}
            return "post", "/api/wishlist/", {"movie": movie}
        raise ValueError(kind)

    db_seconds = [0.0]
    queries = [0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            db_seconds[0] += time.perf_counter() - started
            queries[0] += 1

    costs = defaultdict(lambda: defaultdict(list))
    profiler = cProfile.Profile() if args.profile else None
    for kind in MIX:
        for _ in range(args.requests):
            user, client = rng.choice(clients)
            method, path, data = request_for(kind, user)
            if method == "post":
                data = {**data}
                # A write is counted once: a second POST would be a 400 (already rated or listed).
                passes = 1
            else:
                passes = 1 if args.cold else 2
            for attempt in range(passes):
                db_seconds[0], queries[0] = 0.0, 0
                counted = attempt == passes - 1
                if counted and profiler and kind == args.profile:
                    profiler.enable()
                cpu, wall = time.process_time(), time.perf_counter()
                with connection.execute_wrapper(timed):
                    if method == "get":
                        response = client.get(path, data)
                    else:
                        response = client.post(path, data, content_type="application/json")
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                if counted and profiler and kind == args.profile:
                    profiler.disable()
                if response.status_code >= 400:
                    raise SystemExit(f"page costs: HTTP {response.status_code} for {method.upper()} {path} {data}")
                if counted:
                    costs[kind]["cpu"].append(cpu)
                    costs[kind]["db"].append(db_seconds[0])
                    costs[kind]["queries"].append(queries[0])
                    costs[kind]["wall"].append(wall)
    cleanup(site.users)
    report(costs, args)
    if profiler:
        pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(45)


def cleanup(usernames):
    """Takes this run's writes away again, so each run starts from the same database."""
    from watchb.ratings.models import ListEntry, Rating

    Rating.objects.filter(user__username__in=usernames).delete()
    ListEntry.objects.filter(user__username__in=usernames).delete()


def report(costs, args):
    def ms(values):
        return 1000 * sum(values) / len(values)

    def pct(values, share):
        ordered = sorted(values)
        return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    print(f"\npage costs: {args.requests} requests per kind, {'first' if args.cold else 'second'} visit counted")
    print(f"{'kind':<18}{'CPU ms':>9}{'DB ms':>9}{'queries':>9}{'wall p50':>10}{'wall p95':>10}")
    total_cpu = total_db = 0.0
    from load_test import MIX

    weight = sum(MIX.values())
    for kind, values in costs.items():
        cpu, db = ms(values["cpu"]), ms(values["db"])
        total_cpu += cpu * MIX[kind] / weight
        total_db += db * MIX[kind] / weight
        print(
            f"{kind:<18}{cpu:>9.1f}{db:>9.1f}{sum(values['queries']) / len(values['queries']):>9.1f}"
            f"{pct(values['wall'], 0.5):>10.1f}{pct(values['wall'], 0.95):>10.1f}"
        )
    print(f"{'mix (weighted)':<18}{total_cpu:>9.1f}{total_db:>9.1f}")


if __name__ == "__main__":
    main()
