"""Popular-movie ranking of one ratings partition, computed by DuckDB.

The ranking is the one the Airflow book's custom-components chapter builds with pandas, plus a
weighted score:

- per movie, ``avg_rating`` (mean of its ratings) and ``num_ratings`` (number of distinct raters);
- movies with ``min_ratings`` raters or fewer are left out;
- ordered by ``avg_rating`` then ``num_ratings``, both descending, then ``movieId`` ascending so that
  ties always come out in the same order;
- ``weighted_rating``, the Bayesian average IMDb published for its Top 250 chart::

      WR = v / (v + m) * R + m / (v + m) * C

  with ``R`` the movie's mean, ``v`` its number of raters, ``m`` the minimum number of raters
  (``min_ratings`` here) and ``C`` the mean rating over the whole partition. It pulls movies with few
  ratings towards the overall mean; it is reported beside the plain mean, not used for the order.

Exactness: ratings are multiples of 0.5, so every sum of them is exact in binary floating point
whatever order an engine adds them in, and a mean written as ``sum / count`` is one correctly rounded
division: bit-identical to pandas' ``groupby().mean()`` (an engine's own ``avg`` may update a running
mean instead, which rounds at every step). The weighted score is computed with the same operation order in SQL and in
the tests' pandas reference. CSV floats are written with ``repr`` (shortest round-trip form).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

import duckdb

from airflow_movielens.storage import atomic_writer

RANKING_COLUMNS = ("movieId", "avg_rating", "num_ratings", "weighted_rating", "rank")

# DuckDB reads a JSON array of records with these types; a missing file, a missing column or a
# value of another type is an error, not a silently different ranking.
_JSON_COLUMNS = "{'userId': 'BIGINT', 'movieId': 'BIGINT', 'rating': 'DOUBLE', 'timestamp': 'BIGINT'}"

# One scan: per movie the exact sum and count of its ratings and its distinct raters; the overall
# mean C is then the sum of those sums over the sum of the counts (every movie, before the filter).
_RANKING_SQL = """
WITH per_movie AS (
    SELECT movieId,
           sum(CAST(rating AS DOUBLE)) AS rating_sum,
           count(rating) AS rating_count,
           count(DISTINCT userId) AS raters
    FROM {source}
    GROUP BY movieId
),
overall AS (
    SELECT sum(rating_sum) / sum(rating_count) AS mean_rating FROM per_movie
),
ranked AS (
    SELECT movieId,
           rating_sum / rating_count AS avg_rating,
           raters AS num_ratings
    FROM per_movie
    WHERE raters > $min_ratings
)
SELECT movieId,
       avg_rating,
       num_ratings,
       num_ratings / (num_ratings + $min_ratings) * avg_rating
           + $min_ratings / (num_ratings + $min_ratings) * overall.mean_rating AS weighted_rating,
       row_number() OVER (ORDER BY avg_rating DESC, num_ratings DESC, movieId ASC) AS rank
FROM ranked, overall
ORDER BY rank
"""


class RankedMovie(NamedTuple):
    """One row of a ranking, in :data:`RANKING_COLUMNS` order."""

    movieId: int
    avg_rating: float
    num_ratings: int
    weighted_rating: float
    rank: int


def _source(input_path: str | os.PathLike) -> str:
    path = Path(input_path)
    if not path.is_file():
        raise FileNotFoundError(f"ratings partition not found: {path}")
    quoted = "'" + str(path).replace("'", "''") + "'"
    if path.suffix == ".parquet":
        return f"read_parquet({quoted})"
    if path.suffix == ".json":
        return f"read_json({quoted}, format='array', columns={_JSON_COLUMNS})"
    raise ValueError(f"unsupported partition format {path.suffix!r}: expected .json or .parquet")


def rank_movies(
    input_path: str | os.PathLike, min_ratings: int = 2, *, threads: int | None = None
) -> list[RankedMovie]:
    """Rank the movies of the ratings partition at ``input_path`` (``.json`` array or ``.parquet``).

    :param input_path: a partition as :class:`~airflow_movielens.operators.MovielensFetchRatingsOperator`
        writes it: records ``userId``, ``movieId``, ``rating``, ``timestamp``.
    :param min_ratings: movies with this many distinct raters or fewer are left out (``m`` of the
        weighted score).
    :param threads: DuckDB worker threads; default all cores.
    :return: the ranking, best first. An empty partition gives an empty ranking.
    """
    if isinstance(min_ratings, bool) or not isinstance(min_ratings, int) or min_ratings < 0:
        raise ValueError(f"min_ratings must be a non-negative integer, got {min_ratings!r}")
    sql = _RANKING_SQL.format(source=_source(input_path))
    with duckdb.connect(":memory:") as con:
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        rows = con.execute(sql, {"min_ratings": min_ratings}).fetchall()
    return [RankedMovie(int(m), float(a), int(n), float(w), int(r)) for m, a, n, w, r in rows]


def write_ranking_csv(ranking: Iterable[RankedMovie | tuple], output_path: str | os.PathLike) -> int:
    """Write ``ranking`` as CSV with a :data:`RANKING_COLUMNS` header, atomically; return the row count."""
    count = 0
    with atomic_writer(output_path, "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(RANKING_COLUMNS)
        for row in ranking:
            writer.writerow(repr(value) if isinstance(value, float) else value for value in row)
            count += 1
    return count


def read_ranking_csv(path: str | os.PathLike) -> list[dict[str, Any]]:
    """Read a ranking CSV back as typed dicts (the body the site's ranking API accepts)."""
    types = {"movieId": int, "avg_rating": float, "num_ratings": int, "weighted_rating": float, "rank": int}
    with open(path, newline="") as src:
        reader = csv.DictReader(src)
        missing = set(types) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing ranking columns {sorted(missing)}")
        return [{name: cast(row[name]) for name, cast in types.items()} for row in reader]
