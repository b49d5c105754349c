"""The DuckDB ranking gives the numbers a plain pandas group-by gives, to the last digit."""

import random

import pandas as pd
import pytest

from airflow_movielens.partitions import write_ratings_json, write_ratings_parquet
from airflow_movielens.ranking import RankedMovie, rank_movies
from airflow_movielens.results import write_ranking_csv
from unit.movielens.pandas_ranking import pandas_ranking


@pytest.fixture(scope="module")
def many_ratings():
    """20,000 half-star ratings of 400 movies by 900 users, skewed so that some movies have few raters."""
    rng = random.Random(2026)
    seen, records = set(), []
    while len(records) < 20_000:
        user, movie = rng.randint(1, 900), min(int(rng.paretovariate(0.9)), 400)
        if (user, movie) not in seen:
            seen.add((user, movie))
            records.append(
                {
                    "userId": user,
                    "movieId": movie,
                    "rating": rng.randint(1, 10) / 2,
                    "timestamp": 1767571200 + len(records),
                }
            )
    return records


@pytest.mark.parametrize("suffix", [".json", ".parquet"])
@pytest.mark.parametrize("min_ratings", [0, 2, 10])
def test_same_numbers_as_pandas(many_ratings, tmp_path, suffix, min_ratings):
    partition = tmp_path / f"day{suffix}"
    (write_ratings_json if suffix == ".json" else write_ratings_parquet)(many_ratings, partition)

    ours = rank_movies(partition, min_ratings=min_ratings)

    expected = pandas_ranking(pd.DataFrame(many_ratings), min_ratings)
    assert len(ours) == len(expected) > 20
    assert ours == [RankedMovie(*row) for row in expected.itertuples(index=False)]


def test_the_csv_has_the_bytes_pandas_writes(many_ratings, tmp_path):
    write_ratings_json(many_ratings, tmp_path / "day.json")
    write_ranking_csv(rank_movies(tmp_path / "day.json", min_ratings=2), tmp_path / "ours.csv")

    pandas_csv = pandas_ranking(pd.DataFrame(many_ratings), 2).to_csv(index=False, lineterminator="\n")
    assert (tmp_path / "ours.csv").read_text() == pandas_csv


def test_order_filter_and_ties(tmp_path):
    records = [
        # movie 7 and movie 3: same mean (4.0) and count (3): the lower movieId first.
        *({"userId": u, "movieId": 7, "rating": 4.0, "timestamp": u} for u in (1, 2, 3)),
        *({"userId": u, "movieId": 3, "rating": r, "timestamp": u} for u, r in ((1, 3.5), (2, 4.0), (3, 4.5))),
        # movie 5: a higher mean but exactly min_ratings raters: left out.
        *({"userId": u, "movieId": 5, "rating": 5.0, "timestamp": u} for u in (1, 2)),
        # movie 9: the same mean as 7 and 3 with more raters: ranks before them.
        *({"userId": u, "movieId": 9, "rating": 4.0, "timestamp": u} for u in (1, 2, 3, 4)),
        # movie 1: rated twice by one user: both ratings count in the mean, the user once.
        *({"userId": 8, "movieId": 1, "rating": r, "timestamp": t} for t, r in ((1, 1.0), (2, 2.0))),
        *({"userId": u, "movieId": 1, "rating": 3.0, "timestamp": u} for u in (5, 6)),
    ]
    write_ratings_json(records, tmp_path / "day.json")

    ranking = rank_movies(tmp_path / "day.json", min_ratings=2)

    assert [(m.movieId, m.num_ratings, m.rank) for m in ranking] == [(9, 4, 1), (3, 3, 2), (7, 3, 3), (1, 3, 4)]
    assert ranking[3].avg_rating == 2.25
    overall = sum(r["rating"] for r in records) / len(records)
    assert ranking[0].weighted_rating == 4 / 6 * 4.0 + 2 / 6 * overall


def test_an_empty_partition_ranks_nothing(tmp_path):
    write_ratings_json([], tmp_path / "empty.json")
    write_ratings_parquet([], tmp_path / "empty.parquet")
    assert rank_movies(tmp_path / "empty.json") == []
    assert rank_movies(tmp_path / "empty.parquet") == []


def test_bad_input_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="ratings partition not found"):
        rank_movies(tmp_path / "missing.json")
    (tmp_path / "day.csv").write_text("userId,movieId\n")
    with pytest.raises(ValueError, match=r"unsupported partition format '\.csv'"):
        rank_movies(tmp_path / "day.csv")
    write_ratings_json([], tmp_path / "day.json")
    with pytest.raises(ValueError, match="min_ratings"):
        rank_movies(tmp_path / "day.json", min_ratings=-1)


def test_several_partitions_rank_as_their_ratings_put_together(many_ratings, tmp_path):
    # A window of three days, one of them Parquet: the ranking of the three days' ratings together.
    thirds = [many_ratings[i::3] for i in range(3)]
    paths = [tmp_path / "2026-01-05.json", tmp_path / "2026-01-06.parquet", tmp_path / "2026-01-07.json"]
    for records, path in zip(thirds, paths, strict=True):
        (write_ratings_json if path.suffix == ".json" else write_ratings_parquet)(records, path)

    ours = rank_movies(paths, min_ratings=2)

    assert ours == [RankedMovie(*row) for row in pandas_ranking(pd.DataFrame(many_ratings), 2).itertuples(index=False)]
    assert rank_movies([], min_ratings=2) == []
