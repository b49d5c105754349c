"""How good are the item-to-item recommendations? Precision@10 and NDCG@10 against popularity.

    .venv/bin/python bench/recommend.py                       # the ratings generator's default week
    .venv/bin/python bench/recommend.py --users 1000 --per-day 10000 --days 14
    .venv/bin/python bench/recommend.py --database-url sqlite:////tmp/recommend.sqlite3   # its movie ids
    .venv/bin/python bench/recommend.py --movielens ~/data/ml-latest-small                # ratings.csv

Each dataset is split leave-last-k-out: every user with at least ``--holdout`` + ``--min-train``
ratings has their ``--holdout`` latest ratings hidden (by timestamp). Three recommenders then name
``--k`` unseen movies per evaluated user from the rest, and are scored on the hidden movies:

- ``item-item (cosine)``: ``airflow_movielens.recommend`` with its default similarity (``similarity.py``), the cosine
  over who rated each movie (the DAG's settings by default);
- ``item-item (adjusted)``: the same over mean-centred ratings (the adjusted cosine);
- ``popular (count)``: the most-rated movies of the training ratings, the baseline;
- ``popular (weighted)``: the highest Bayesian weighted mean, as the published ranking orders it.

Prints precision@k, NDCG@k and each method's ratio to the baseline. The generated data comes from
``watchb.sandbox.ratings_generator.plan_ratings`` (the ``generateratings`` command's plan, read into
memory: no database is written), over movie ids 1..``--movies`` or, with ``--database-url``, over the
catalogue's movie ids as ``generateratings`` would use them. Exit status 2 on a missing MovieLens
ratings.csv (checked before anything runs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

import numpy as np

from airflow_movielens.evaluation import (
    evaluate,
    leave_last_k_out,
    popular_for_users,
    popular_movies,
)
from airflow_movielens.ratings import Ratings
from airflow_movielens.recommend import recommend_for_users
from airflow_movielens.similarity import SIMILARITIES, item_neighbours


def generated_ratings(args: argparse.Namespace) -> tuple[str, Ratings]:
    """The generator's plan for the arguments, as in-memory ratings."""
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "watchb.settings")
    os.environ.setdefault("DEBUG", "1")  # a development database of generated ratings
    import django

    django.setup()
    from watchb.sandbox.ratings_generator import plan_ratings

    if args.database_url:
        from watchb.catalog.models import Movie

        movie_ids = list(Movie.objects.values_list("id", flat=True))
        where = f"{len(movie_ids)} catalogue movies"
    else:
        movie_ids = list(range(1, args.movies + 1))
        where = f"{args.movies} movie ids"
    plan = list(
        plan_ratings(
            movie_ids,
            users=args.users,
            days=args.days,
            per_day=args.per_day,
            seed=args.seed,
            last_day=dt.date(2026, 1, 11),
        )
    )
    ratings = Ratings.from_arrays(
        [r.user_index for r in plan],
        [r.movie_id for r in plan],
        [float(r.rating) for r in plan],
        [int(r.rated_at.timestamp()) for r in plan],
    )
    label = f"generated: {args.users} users, {args.days} days x {args.per_day} ratings over {where}, seed {args.seed}"
    return label, ratings


def movielens_ratings(folder: Path) -> tuple[str, Ratings]:
    """``ratings.csv`` of a MovieLens folder (``userId,movieId,rating,timestamp``)."""
    import duckdb

    path = folder / "ratings.csv" if folder.is_dir() else folder
    if not path.is_file():
        raise FileNotFoundError(f"no ratings.csv at {path}")
    quoted = "'" + str(path).replace("'", "''") + "'"
    with duckdb.connect(":memory:") as con:
        columns = con.execute(
            f"SELECT userId, movieId, rating, timestamp FROM read_csv({quoted}, header=true, "
            "columns={'userId': 'BIGINT', 'movieId': 'BIGINT', 'rating': 'DOUBLE', 'timestamp': 'BIGINT'})"
        ).fetchnumpy()
    ratings = Ratings.from_arrays(columns["userId"], columns["movieId"], columns["rating"], columns["timestamp"])
    return f"MovieLens {path}", ratings


def bench(label: str, ratings: Ratings, args: argparse.Namespace) -> dict[str, dict[str, float]]:
    split = leave_last_k_out(ratings, k=args.holdout, min_train=args.min_train)
    users = sorted(split.held_out)
    print(f"\n{label}")
    print(
        f"  {len(ratings):,} ratings, {len(ratings.user_ids):,} users, {len(ratings.movie_ids):,} movies; "
        f"{len(users):,} users evaluated on their last {args.holdout} ratings"
    )
    item_item, seconds, covered = {}, {}, {}
    for similarity in SIMILARITIES:
        started = time.perf_counter()
        model = item_neighbours(
            split.train,
            similarity=similarity,
            neighbours=args.neighbours,
            min_support=args.min_support,
            shrinkage=args.shrinkage,
        )
        picks = recommend_for_users(model, split.train, top_n=args.k, users=users, seen_weight=args.seen_weight)
        seconds[similarity] = time.perf_counter() - started
        item_item[similarity] = {}
        for pick in picks:
            item_item[similarity].setdefault(pick.userId, []).append(pick.movieId)
        covered[similarity] = len(item_item[similarity])
    results = {
        "item-item (cosine)": evaluate(item_item["cosine"], split.held_out, args.k),
        "item-item (adjusted)": evaluate(item_item["adjusted_cosine"], split.held_out, args.k),
        "popular (count)": evaluate(
            popular_for_users(split.train, popular_movies(split.train, "count"), users, args.k), split.held_out, args.k
        ),
        "popular (weighted)": evaluate(
            popular_for_users(split.train, popular_movies(split.train, "weighted", args.min_ratings), users, args.k),
            split.held_out,
            args.k,
        ),
    }
    baseline = results["popular (count)"]
    print(f"  {'method':<22} {f'precision@{args.k}':>13} {'ratio':>7} {f'NDCG@{args.k}':>9} {'ratio':>7}")
    for name, scores in results.items():
        print(
            f"  {name:<22} {scores['precision']:>13.4f} {ratio(scores['precision'], baseline['precision']):>7} "
            f"{scores['ndcg']:>9.4f} {ratio(scores['ndcg'], baseline['ndcg']):>7}"
        )
    for similarity in SIMILARITIES:
        print(
            f"  item-item ({similarity}): trained and recommended in {seconds[similarity]:.2f} s; "
            f"{covered[similarity]:,} of {len(users):,} evaluated users got at least one pick"
        )
    return results


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}x" if baseline else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    generated = parser.add_argument_group("generated data (the generateratings defaults)")
    generated.add_argument("--users", type=int, default=200)
    generated.add_argument("--days", type=int, default=7)
    generated.add_argument("--per-day", type=int, default=2000)
    generated.add_argument("--seed", type=int, default=42)
    generated.add_argument("--movies", type=int, default=300, help="movie ids 1..N (the sandbox serves 300 films)")
    generated.add_argument("--database-url", help="take the movie ids from this catalogue database instead")
    parser.add_argument("--movielens", type=Path, help="also bench a MovieLens folder (its ratings.csv)")
    parser.add_argument("--holdout", type=int, default=2, help="latest ratings hidden per user (default 2)")
    parser.add_argument("--min-train", type=int, default=3, help="ratings a user keeps to be evaluated (default 3)")
    parser.add_argument("--k", type=int, default=10, help="list length scored (default 10)")
    parser.add_argument("--neighbours", type=int, default=100)
    parser.add_argument("--min-support", type=int, default=2)
    parser.add_argument("--shrinkage", type=float, default=0.0)
    parser.add_argument("--seen-weight", type=float, default=1.0, help="weight of a rating at the user's mean")
    parser.add_argument("--min-ratings", type=int, default=2, help="m of the weighted popularity (default 2)")
    args = parser.parse_args(argv)
    if (
        args.movielens
        and not (args.movielens.expanduser() / "ratings.csv").is_file()
        and not args.movielens.expanduser().is_file()
    ):
        parser.error(f"no ratings.csv at {args.movielens}")

    np.seterr(all="ignore")
    print(
        f"item-item: {args.neighbours} neighbours, min support {args.min_support}, shrinkage {args.shrinkage:g}, "
        f"seen weight {args.seen_weight:g}; ratios are to popular (count)"
    )
    bench(*generated_ratings(args), args)
    if args.movielens:
        bench(*movielens_ratings(args.movielens.expanduser()), args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
