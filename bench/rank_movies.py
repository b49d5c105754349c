"""Rank synthetic ratings with the provider's DuckDB ranking and with the book's pandas group-by.

    .venv/bin/python bench/rank_movies.py --ratings 1M [--format parquet|json] [--min-ratings 2]
    .venv/bin/python bench/rank_movies.py --ratings 25M

Writes one partition of N synthetic MovieLens-style ratings (Zipf-skewed movie popularity, per-movie
mean ratings in half stars, timestamps over one day) to a temporary folder, then ranks it in separate
child processes, each timed from reading the partition to writing the ranking CSV, and each reporting
its own peak resident memory (``getrusage(RUSAGE_SELF).ru_maxrss``, which includes the interpreter
and its imports):

- ``duckdb``: ``airflow_movielens.ranking.rank_movies`` + ``airflow_movielens.results.write_ranking_csv`` on all cores;
- ``duckdb 1 thread``: the same on one core, to compare engines rather than core counts;
- ``pandas``: the book's way — read the partition into a DataFrame, group by movie for the mean and
  the distinct raters, keep movies with more than ``min_ratings`` raters, sort — plus the weighted
  score and the ``movieId`` tie-break so both produce the same CSV, which the run checks.

Prints seconds, peak memory and each run's ratio to pandas. An engine that fails (say, out of the
memory ``--memory-limit-gib`` allows) is reported as failed. Exit status 1 if the rankings differ
or an engine failed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENGINES = ("duckdb", "duckdb-1-thread", "pandas")
DAY_START = 1_767_571_200  # 2026-01-05T00:00:00Z


def count(text: str) -> int:
    """``1M`` → 1_000_000, ``25M`` → 25_000_000, ``500k`` → 500_000, ``1234`` → 1234."""
    text = text.strip().lower().replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    try:
        value = int(float(text[:-1] if scale > 1 else text) * scale)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a count: {text!r} (try 1M, 25M, 500k)") from None
    if value < 1:
        raise argparse.ArgumentTypeError("the count must be at least 1")
    return value


def write_partition(path: Path, ratings: int, movies: int, users: int, seed: int, fmt: str) -> None:
    """N ratings as a partition in the fetch operator's schema (Parquet via pyarrow, JSON via DuckDB)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    # Popularity follows Zipf's law, as in the MovieLens releases: a few movies get most ratings.
    # The unbounded tail wraps around the catalogue instead of piling onto its last movie.
    movie = ((rng.zipf(1.3, ratings) - 1) % movies + 1).astype(np.int64)
    user = rng.integers(1, users + 1, ratings, dtype=np.int64)
    quality = rng.normal(3.4, 0.6, movies + 1)  # each movie's own mean
    stars = np.clip(np.round((quality[movie] + rng.normal(0, 0.9, ratings)) * 2) / 2, 0.5, 5.0)
    timestamp = DAY_START + np.sort(rng.integers(0, 86_400, ratings, dtype=np.int64))
    table = pa.table({"userId": user, "movieId": movie, "rating": stars.astype(np.float64), "timestamp": timestamp})
    parquet = path.with_suffix(".parquet")
    pq.write_table(table, parquet, row_group_size=1_000_000)
    if fmt == "json":
        import duckdb

        duckdb.sql(f"COPY (SELECT * FROM read_parquet('{parquet}')) TO '{path}' (FORMAT json, ARRAY true)")
        parquet.unlink()


def rank_with_pandas(partition: Path, output: Path, min_ratings: int) -> int:
    """The book's ranking in pandas (plus the weighted score and a deterministic tie-break): the
    provider tests' oracle, ``pandas_ranking``."""
    import pandas as pd

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "providers" / "airflow-movielens" / "tests"))
    from unit.movielens.pandas_ranking import pandas_ranking

    ratings = pd.read_parquet(partition) if partition.suffix == ".parquet" else pd.read_json(partition)
    ranking = pandas_ranking(ratings, min_ratings)
    ranking.to_csv(output, index=False, lineterminator="\n")
    return len(ranking)


def rank_with_duckdb(partition: Path, output: Path, min_ratings: int, threads: int | None) -> int:
    from airflow_movielens.ranking import rank_movies
    from airflow_movielens.results import write_ranking_csv

    return write_ranking_csv(rank_movies(partition, min_ratings, threads=threads), output)


def worker(engine: str, partition: Path, output: Path, min_ratings: int) -> None:
    """Run one engine in this (child) process and print its figures as JSON."""
    # Imports are outside the timing: the figures compare the ranking, not module loading.
    if engine == "pandas":
        import pandas  # noqa: F401
    else:
        import airflow_movielens.ranking
        import airflow_movielens.results  # noqa: F401
    started = time.perf_counter()
    if engine == "pandas":
        movies = rank_with_pandas(partition, output, min_ratings)
    else:
        movies = rank_with_duckdb(partition, output, min_ratings, threads=1 if engine == "duckdb-1-thread" else None)
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    digest = hashlib.sha256(output.read_bytes()).hexdigest()
    print(json.dumps({"engine": engine, "seconds": seconds, "peak_mib": peak_mib, "movies": movies, "sha256": digest}))


def measure(engine: str, partition: Path, output: Path, min_ratings: int, memory_limit_gib: float | None) -> dict:
    """Run ``engine`` in a child process; a child that fails (e.g. out of memory) is reported, not fatal."""

    def limit_memory() -> None:
        if memory_limit_gib:
            limit = int(memory_limit_gib * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    result = subprocess.run(
        [
            sys.executable,
            __file__,
            "--worker",
            engine,
            "--input",
            str(partition),
            "--output",
            str(output),
            "--min-ratings",
            str(min_ratings),
        ],
        capture_output=True,
        text=True,
        preexec_fn=limit_memory,
    )
    if result.returncode:
        last_line = (result.stderr.strip().splitlines() or [f"exit status {result.returncode}"])[-1]
        return {"engine": engine, "error": last_line[:80]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ratings", type=count, default=count("1M"), help="ratings in the partition (1M, 25M, ...)")
    parser.add_argument("--format", choices=("parquet", "json"), default="parquet", help="partition format")
    parser.add_argument("--movies", type=count, default=count("60k"), help="catalogue size (default 60k)")
    parser.add_argument("--users", type=count, default=count("160k"), help="raters (default 160k)")
    parser.add_argument("--min-ratings", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--engines", default=",".join(ENGINES), help=f"comma-separated subset of {ENGINES}")
    parser.add_argument(
        "--memory-limit-gib",
        type=float,
        default=None,
        help="address-space limit per engine process (protects a shared machine)",
    )
    parser.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        worker(args.worker, args.input, args.output, args.min_ratings)
        return 0

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if unknown := set(engines) - set(ENGINES):
        parser.error(f"unknown engines: {sorted(unknown)}")
    with tempfile.TemporaryDirectory(prefix="rank-movies-bench-") as tmp:
        partition = Path(tmp) / f"ratings.{args.format}"
        started = time.perf_counter()
        write_partition(partition, args.ratings, args.movies, args.users, args.seed, args.format)
        size_mib = partition.stat().st_size / 2**20
        print(
            f"{args.ratings:,} ratings, {args.movies:,} movies, {args.users:,} users, min_ratings={args.min_ratings}; "
            f"{args.format} partition of {size_mib:,.0f} MiB written in {time.perf_counter() - started:.1f} s; "
            f"{os.cpu_count()} cores"
        )
        results = [
            measure(e, partition, Path(tmp) / f"{e}.csv", args.min_ratings, args.memory_limit_gib) for e in engines
        ]

    done = [r for r in results if "error" not in r]
    baseline = next((r for r in done if r["engine"] == "pandas"), done[-1] if done else None)
    name = baseline["engine"] if baseline else "-"
    print(
        f"{'engine':<16} {'seconds':>9} {'peak MiB':>9} {'movies':>8}"
        f"  {'time vs ' + name:>17}  {'memory vs ' + name:>19}"
    )
    for r in results:
        if "error" in r:
            print(f"{r['engine']:<16} failed: {r['error']}")
            continue
        print(
            f"{r['engine']:<16} {r['seconds']:>9.2f} {r['peak_mib']:>9.0f} {r['movies']:>8,}  "
            f"{r['seconds'] / baseline['seconds']:>16.2f}x  {r['peak_mib'] / baseline['peak_mib']:>18.2f}x"
        )
    same = len(done) == len(results) and len({r["sha256"] for r in done}) == 1
    print("rankings identical (same CSV bytes):", "yes" if same else "NO (or an engine failed)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
