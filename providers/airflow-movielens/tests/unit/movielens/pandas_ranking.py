"""The book's ranking written the pandas way: the oracle the DuckDB ranking must equal to the last
digit (``test_ranking.py``), and the baseline ``bench/rank_movies.py`` times it against."""

from __future__ import annotations

import pandas as pd


def pandas_ranking(ratings: pd.DataFrame, min_ratings: int) -> pd.DataFrame:
    """Mean and number of raters per movie, movies with more than ``min_ratings`` raters, IMDb's
    weighted rating in the same operation order as ours, ranked by average, raters, then movie id."""
    ranking = ratings.groupby("movieId").agg(avg_rating=("rating", "mean"), num_ratings=("userId", "nunique"))
    ranking = ranking[ranking["num_ratings"] > min_ratings].reset_index()
    v, R, m, C = ranking["num_ratings"], ranking["avg_rating"], min_ratings, ratings["rating"].mean()
    ranking["weighted_rating"] = v / (v + m) * R + m / (v + m) * C
    ranking = ranking.sort_values(["avg_rating", "num_ratings", "movieId"], ascending=[False, False, True])
    ranking["rank"] = range(1, len(ranking) + 1)
    return ranking[["movieId", "avg_rating", "num_ratings", "weighted_rating", "rank"]]
