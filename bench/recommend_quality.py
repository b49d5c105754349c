"""Quality mode of ``bench/recommend.py``: how good the picks and the expected ratings are.

    .venv/bin/python bench/recommend.py --quality --scale 1M [--neighbours 20,50,100,200 --shrinkage 0,10,50]
    .venv/bin/python bench/recommend.py --quality --movielens ~/data/ml-latest-small

The generator's ratings (``bench/movielens_shaped.py``, in memory) or a MovieLens ``ratings.csv``
are split chronologically per user: the latest 20 % of each user's ratings (users with at least 5)
are hidden, timestamp ties broken at random with the fixed ``--seed``. Every method names 10 unseen
movies per evaluated user from the rest and is scored on the hidden movies (precision@10, recall@10
and NDCG@10, ``airflow_movielens.evaluation``), with its ratio to popularity and to the best:

- ``item-kNN``: the provider's default options, and each ``--neighbours`` × ``--shrinkage`` pair of
  the grid (the grid's best is what the defaults should be);
- ``EASE``: the provider's EASE at each ``--ease-l2`` (when the catalogue has at most
  ``--ease-max-movies`` movies);
- ``popularity``: the most-rated movies of the training ratings;
- ``ALS`` and ``BPR``: ``implicit`` 0.7.3 (PyPI; the ``bench`` extra of the root pyproject) on who
  rated what, one thread (``OPENBLAS_NUM_THREADS=1``, as implicit asks).

Then the RMSE and MAE of the hidden ratings' predictions (``airflow_movielens.predict``) against
each user's mean, each movie's mean and the biases alone.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from movielens_shaped import SCALES, Shape, generate

from airflow_movielens.ease import fit_ease
from airflow_movielens.evaluation import evaluate, hold_out_latest, popular_for_users, popular_movies
from airflow_movielens.picks import UserPicks, ease_picks, knn_picks, user_rows
from airflow_movielens.predict import fit_baseline, predict_ratings
from airflow_movielens.ratings import Ratings
from airflow_movielens.recommend import RecommendOptions, fit_neighbours

K = 10


def numbers(text: str) -> list[float]:
    return [float(value) for value in text.split(",") if value]


def load(args: argparse.Namespace, options: argparse.Namespace) -> tuple[str, Ratings]:
    if options.movielens:
        import duckdb

        path = Path(options.movielens).expanduser()
        path = path / "ratings.csv" if path.is_dir() else path
        quoted = "'" + str(path).replace("'", "''") + "'"
        with duckdb.connect(":memory:") as con:
            c = con.execute(
                f"SELECT userId, movieId, rating, timestamp FROM read_csv({quoted}, header=true)"
            ).fetchnumpy()
        return f"MovieLens {path}", Ratings.from_arrays(c["userId"], c["movieId"], c["rating"], c["timestamp"])
    shape = Shape.of(SCALES[args.scale])
    data = generate(shape, args.seed)
    label = f"generated {args.scale}: {shape.users:,} users, {shape.movies:,} movies, seed {args.seed}"
    return label, Ratings.from_arrays(data["userId"], data["movieId"], data["rating"], data["timestamp"])


def as_lists(picks: UserPicks, ratings: Ratings) -> dict[int, list[int]]:
    lists: dict[int, list[int]] = {}
    for user, movie in zip(ratings.user_ids[picks.rows].tolist(), ratings.movie_ids[picks.cols].tolist(), strict=True):
        lists.setdefault(user, []).append(movie)
    return lists


def knn_top(train: Ratings, options: RecommendOptions, rows: np.ndarray) -> UserPicks:
    model = fit_neighbours(train, options)
    return knn_picks(model, train, top_n=K, rows=rows, seen_weight=options.seen_weight)


def ease_top(train: Ratings, options: RecommendOptions, rows: np.ndarray) -> UserPicks:
    return ease_picks(fit_ease(train, options.ease_l2, options.ease_max_movies), train, top_n=K, rows=rows)


def implicit_lists(name: str, train: Ratings, rows: np.ndarray, seed: int) -> dict[int, list[int]]:
    from implicit.cpu.als import AlternatingLeastSquares
    from implicit.cpu.bpr import BayesianPersonalizedRanking

    rated = train.matrix.astype(np.float32)
    rated.data[:] = 1.0
    if name == "ALS":
        model = AlternatingLeastSquares(
            factors=64, regularization=0.05, iterations=15, num_threads=1, random_state=seed
        )
    else:
        model = BayesianPersonalizedRanking(factors=64, iterations=100, num_threads=1, random_state=seed)
    model.fit(rated, show_progress=False)
    ids, _ = model.recommend(rows, rated[rows], N=K, filter_already_liked_items=True)
    return {
        int(train.user_ids[row]): [int(train.movie_ids[i]) for i in found if i >= 0]
        for row, found in zip(rows, ids, strict=True)
    }


def quality(args: argparse.Namespace, rest: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/recommend.py --quality")
    parser.add_argument("--movielens", help="a MovieLens folder or ratings.csv instead of generated data")
    parser.add_argument("--neighbours", default="20,50,100,200")
    parser.add_argument("--shrinkage", default="0,10,50")
    parser.add_argument("--ease-l2", default="100,500,2000")
    parser.add_argument("--ease-max-movies", type=int, default=15_000)
    parser.add_argument(
        "--max-movies",
        type=int,
        default=RecommendOptions().max_movies,
        help="item-kNN, EASE and the predictions see only this many most-rated movies (the provider's cap)",
    )
    parser.add_argument("--share", type=float, default=0.2, help="latest share of each user's ratings hidden")
    options = parser.parse_args(rest)

    label, ratings = load(args, options)
    split = hold_out_latest(ratings, share=options.share, seed=args.seed)
    train, users = split.train, sorted(split.held_out)
    rows = user_rows(train, users)
    # The provider's models see only the most-rated movies (every user keeps their row).
    head = train.head(options.max_movies)
    print(f"{label}\n  {len(ratings):,} ratings; {len(users):,} users evaluated on their latest {options.share:.0%}")
    kept = f"{len(head.movie_ids):,} most-rated of {len(train.movie_ids):,} movies"
    print(f"  item-kNN, EASE and the predictions rank the {kept}")
    results: dict[str, dict[str, float]] = {}
    seconds: dict[str, float] = {}

    def run(name: str, lists) -> None:
        started = time.perf_counter()
        results[name] = evaluate(lists(), split.held_out, K)
        seconds[name] = time.perf_counter() - started
        print(f"  {name:<34} NDCG@{K} {results[name]['ndcg']:.4f}  ({seconds[name]:.1f} s)", flush=True)

    defaults = RecommendOptions()
    for neighbours in numbers(options.neighbours):
        for shrinkage in numbers(options.shrinkage):
            chosen = RecommendOptions(neighbours=int(neighbours), shrinkage=shrinkage)
            name = f"item-kNN k={int(neighbours)} shrink={shrinkage:g}"
            if (chosen.neighbours, chosen.shrinkage) == (defaults.neighbours, defaults.shrinkage):
                name += " (default)"
            run(name, lambda o=chosen: as_lists(knn_top(head, o, rows), head))
    if len(head.movie_ids) <= options.ease_max_movies:
        for l2 in numbers(options.ease_l2):
            ease = RecommendOptions(model="ease", ease_l2=l2, ease_max_movies=options.ease_max_movies)
            run(f"EASE l2={l2:g}", lambda o=ease: as_lists(ease_top(head, o, rows), head))
        if head is not train and len(train.movie_ids) <= options.ease_max_movies:
            # What the cap costs: EASE at the default λ over every movie.
            ease = RecommendOptions(model="ease", ease_max_movies=options.ease_max_movies)
            run(f"EASE l2={ease.ease_l2:g}, all movies", lambda o=ease: as_lists(ease_top(train, o, rows), train))
    else:
        print(f"  EASE left out: {len(head.movie_ids):,} movies > --ease-max-movies {options.ease_max_movies:,}")
    run("popularity", lambda: popular_for_users(train, popular_movies(train), users, K))
    run("ALS (implicit)", lambda: implicit_lists("ALS", train, rows, args.seed))
    run("BPR (implicit)", lambda: implicit_lists("BPR", train, rows, args.seed))

    base, best = results["popularity"], max(results, key=lambda name: results[name]["ndcg"])
    print(f"\n  {'method':<34} {'P@10':>7} {'R@10':>7} {'NDCG@10':>8} {'/popular':>8} {'/best':>6}")
    for name, scores in sorted(results.items(), key=lambda item: -item[1]["ndcg"]):
        print(
            f"  {name:<34} {scores['precision']:>7.4f} {scores['recall']:>7.4f} {scores['ndcg']:>8.4f} "
            f"{scores['ndcg'] / base['ndcg']:>7.2f}x {scores['ndcg'] / results[best]['ndcg']:>5.2f}x"
        )
    print(f"  best: {best}")
    ratings_errors(train, head, split)
    return 0


def ratings_errors(train: Ratings, head: Ratings, split) -> None:
    """RMSE and MAE of the hidden stars: the provider's predictions (from ``head``, the most-rated
    movies of ``train``, as the provider fits them) against three baselines."""
    users, movies, truth = split.hidden_users, split.hidden_movies, split.hidden_stars
    matrix = train.matrix
    overall = float(matrix.data.mean())
    counts_u, counts_m = np.diff(matrix.indptr), np.bincount(matrix.indices, minlength=matrix.shape[1])
    sums_u = np.asarray(matrix.sum(axis=1)).ravel()
    sums_m = np.asarray(matrix.sum(axis=0)).ravel()

    def mean_of(ids, known_ids, sums, counts):
        at = np.minimum(np.searchsorted(known_ids, ids), len(known_ids) - 1)
        known = (known_ids[at] == ids) & (counts[at] > 0)
        return np.where(known, sums[at] / np.maximum(counts[at], 1), overall)

    baseline = fit_baseline(head)
    model = fit_neighbours(head, RecommendOptions())
    predictions = {
        "predicted (biases + kNN)": predict_ratings(head, model, baseline, users, movies),
        "biases only": predict_ratings(head, model, baseline, users, movies, damping=np.inf),
        "user mean": mean_of(users, train.user_ids, sums_u, counts_u),
        "movie mean": mean_of(movies, train.movie_ids, sums_m, counts_m),
    }
    print(f"\n  predicted ratings of {len(truth):,} hidden ratings")
    print(f"  {'method':<26} {'RMSE':>7} {'MAE':>7}")
    for name, predicted in predictions.items():
        errors = predicted - truth
        print(f"  {name:<26} {np.sqrt(np.mean(errors**2)):>7.4f} {np.mean(np.abs(errors)):>7.4f}")
