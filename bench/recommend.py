"""The DAG's recommend step at MovieLens scale, and how good its recommendations are.

    .venv/bin/python bench/recommend.py --scale 1M --old        # speed, beside the pre-issue-12 code
    .venv/bin/python bench/recommend.py --scale 25M             # speed at MovieLens 25M's size
    .venv/bin/python bench/recommend.py --quality --scale 1M    # precision, recall, NDCG; RMSE, MAE

Speed mode writes MovieLens-25M-shaped ratings (``bench/movielens_shaped.py``: users, movies, Zipf
popularity, per-user activity, 10,000 ratings a day) to daily Parquet partitions under ``--data``
(kept for the next run), then runs the DAG's recommend step end to end, from the partitions to the
publish body written to disk (``airflow_movielens.operators.recommend.recommend_window``), each run
in its own child process:

- ``whole history``: every partition (``window_days`` empty), the step's cost at full size;
- ``default window``: the DAG's default ``recommend_window_days``, what a daily run costs;
- ``old code`` (``--old``): the per-movie and per-user loops the provider had before issue 12
  (kept in its tests as ``reference.py``), over the whole history, beside block scoring with the old
  code's options (item-kNN, 100 neighbours, no shrinkage, no expected ratings): the same picks.

Each stage prints its seconds and the child's peak resident memory so far
(``getrusage(RUSAGE_SELF).ru_maxrss``, interpreter and imports included); tracemalloc would slow
the run down many times. The ratio is the old code's total time over the new one's.

Quality mode (``--quality``) is in ``bench/recommend_quality.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# This checkout's provider, not whichever one the virtualenv installed.
sys.path[:0] = [str(REPO / "providers" / "airflow-movielens" / "src"), str(REPO / "bench")]

from movielens_shaped import LAST_DAY, SCALES, Shape, write_partitions  # noqa: E402

from airflow_movielens.operators.recommend import DEFAULT_WINDOW_DAYS, recommend_window  # noqa: E402
from airflow_movielens.recommend import RecommendOptions  # noqa: E402

# The speed mode's children use every core BLAS finds (EASE's inversion); quality mode runs on one.


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def cpu_seconds() -> float:
    """User and system CPU seconds of this process, all its threads (BLAS's) included."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_child(config: dict) -> None:
    """In the child: run one configuration and print a JSON line per stage."""
    started = last = time.perf_counter()
    started_cpu = last_cpu = cpu_seconds()

    def stage(name: str) -> None:
        nonlocal last, last_cpu
        now, cpu = time.perf_counter(), cpu_seconds()
        print(
            json.dumps({"stage": name, "seconds": now - last, "cpu": cpu - last_cpu, "peak_mib": peak_mib()}),
            flush=True,
        )
        last, last_cpu = now, cpu

    output = Path(config["output"])
    if config["kind"] == "old":
        run_old(config, output, stage)
    else:
        options = RecommendOptions(**config["options"])
        result, ratings, partitions = recommend_window(
            config["folder"], config["day"], config["window_days"], options, str(output), stage
        )
        print(
            json.dumps(
                {
                    "ratings": len(ratings),
                    "users": len(ratings.user_ids),
                    "movies": len(ratings.movie_ids),
                    "partitions": len(partitions),
                    "model": result.model,
                    "picks": len(result.users),
                    "expected": len(result.expected),
                }
            )
        )
    total = {"total": time.perf_counter() - started, "total_cpu": cpu_seconds() - started_cpu, "peak_mib": peak_mib()}
    print(json.dumps(total), flush=True)


def run_old(config: dict, output: Path, stage) -> None:
    """The recommend step as it was: every partition, the per-movie and per-user loops."""
    sys.path.insert(0, str(REPO / "providers" / "airflow-movielens" / "tests"))
    from unit.movielens.reference import slow_item_neighbours, slow_recommend_for_users

    from airflow_movielens.partitions import partitions_up_to, read_ratings
    from airflow_movielens.ratings import Ratings
    from airflow_movielens.recommend import Recommendations
    from airflow_movielens.results import write_recommendations_json
    from airflow_movielens.similarity import similar_movies

    partitions = partitions_up_to(config["folder"], config["day"])
    stage("partitions")
    columns = read_ratings(partitions)
    stage("read")
    ratings = Ratings.from_arrays(*columns)
    stage("matrix")
    model = slow_item_neighbours(ratings)
    stage("neighbours")
    picks = slow_recommend_for_users(model, ratings, top_n=10)
    stage("picks")
    result = Recommendations(similar_movies(model, 10), picks)
    stage("similar")
    write_recommendations_json(result, output)
    stage("written")
    print(json.dumps({"ratings": len(ratings), "users": len(ratings.user_ids), "movies": len(ratings.movie_ids)}))


def measure(label: str, config: dict) -> dict:
    """Run ``config`` in a child process; print its stages as they end; return its summary."""
    print(f"\n  {label}")
    print(f"    {'stage':<12} {'seconds':>9} {'CPU s':>9} {'peak MiB':>9}")
    summary: dict = {"label": label}
    command = [sys.executable, __file__, "--child", json.dumps(config)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None
        for line in child.stdout:
            try:
                record = json.loads(line)
            except ValueError:  # a log line (EASE's fallback to item-kNN, say)
                print(f"    | {line.strip()[:150]}")
                continue
            if "stage" in record:
                figures = f"{record['seconds']:>9.2f} {record['cpu']:>9.2f} {record['peak_mib']:>9.0f}"
                print(f"    {record['stage']:<12} {figures}", flush=True)
            summary.update({k: v for k, v in record.items() if k not in ("stage", "seconds", "cpu")})
    if child.returncode:
        summary["failed"] = child.returncode
        print(f"    failed with exit status {child.returncode}")
    else:
        print(f"    {'total':<12} {summary['total']:>9.2f} {summary['total_cpu']:>9.2f} {summary['peak_mib']:>9.0f}")
        if "users" in summary:
            print(
                f"    from {summary['ratings']:,} ratings, {summary['users']:,} users, {summary['movies']:,} movies"
                + (
                    f"; {summary['model']}: {summary['picks']:,} picks, {summary['expected']:,} expected ratings"
                    if "model" in summary
                    else ""
                )
            )
    return summary


def speed(args: argparse.Namespace) -> int:
    shape = Shape.of(SCALES[args.scale])
    folder = Path(args.data or Path(tempfile.gettempdir()) / "watchb-bench-recommend") / f"{args.scale}-seed{args.seed}"
    done = folder / ".complete"
    if not done.exists():
        started = time.perf_counter()
        written = write_partitions(shape, folder, args.seed)
        done.write_text(str(written))
        print(f"generated {written:,} ratings into {shape.days} partitions in {time.perf_counter() - started:.1f} s")
    print(
        f"{args.scale}: {shape.ratings:,} ratings, {shape.users:,} users, {shape.movies:,} movies over {shape.days} "
        f"days ({folder}); model {args.model}, the {args.max_movies:,} most-rated movies"
    )
    options = {"model": args.model, "max_movies": args.max_movies}
    day = LAST_DAY.isoformat()
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        base = {"folder": str(folder), "day": day, "options": options, "output": f"{scratch}/out.json"}
        runs = [] if args.skip_history else [("whole history", {**base, "kind": "new", "window_days": None})]
        if not args.skip_window:
            runs.append(
                (
                    f"default window ({DEFAULT_WINDOW_DAYS} days)",
                    {**base, "kind": "new", "window_days": DEFAULT_WINDOW_DAYS},
                )
            )
        if args.old:
            # The old code's options with block scoring: the same picks, so the same work, as the old code.
            same = {"model": "knn", "neighbours": 100, "shrinkage": 0.0, "expected_n": 0, "max_movies": 10**9}
            same_run = {**base, "options": same, "kind": "new", "window_days": None}
            runs.append(("block scoring, the old options", same_run))
            runs.append(("old code, whole history", {**base, "kind": "old"}))
        for label, config in runs:
            results.append(measure(label, config))
    if args.old and not any("failed" in r for r in results[-2:]):
        ratio = results[-1]["total"] / results[-2]["total"]
        print(f"\n  old code / block scoring, same options and picks: {ratio:.1f}x")
        if not args.skip_history:
            print(f"  old code / the new defaults (whole history): {results[-1]['total'] / results[0]['total']:.1f}x")
    return 1 if any("failed" in r for r in results) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=SCALES, default="1M")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--data", help="where the generated partitions are kept (default: the temp folder)")
    parser.add_argument("--model", choices=("knn", "ease"), default=RecommendOptions().model)
    parser.add_argument("--max-movies", type=int, default=RecommendOptions().max_movies, help="the models' movies")
    parser.add_argument("--old", action="store_true", help="also time the pre-issue-12 loops (slow)")
    parser.add_argument("--skip-window", action="store_true", help="leave out the default window's run")
    parser.add_argument("--skip-history", action="store_true", help="leave out the whole history's run")
    parser.add_argument("--quality", action="store_true", help="quality mode (bench/recommend_quality.py)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.child:
        run_child(json.loads(args.child))
        return 0
    if args.quality:
        if os.environ.get("OPENBLAS_NUM_THREADS") != "1":
            # implicit asks for one BLAS thread, which OpenBLAS reads once, as numpy loads: start again.
            env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
            os.execve(sys.executable, [sys.executable, __file__, *(sys.argv[1:] if argv is None else argv)], env)
        from recommend_quality import quality

        return quality(args, rest)
    if rest:
        parser.error(f"unrecognised arguments: {' '.join(rest)}")
    print(f"bench/recommend.py at {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores")
    return speed(args)


if __name__ == "__main__":
    sys.exit(main())
