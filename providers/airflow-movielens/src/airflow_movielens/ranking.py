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
the tests' pandas reference.

The partition is read through :func:`airflow_movielens.partitions.ratings_source`, which alone knows the
file formats; :mod:`airflow_movielens.results` writes the ranking to CSV.
"""

from __future__ import annotations

from typing import NamedTuple

import duckdb

from airflow_movielens.partitions import ratings_source
from airflow_movielens.storage import Location

RANKING_COLUMNS = ("movieId", "avg_rating", "num_ratings", "weighted_rating", "rank")

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


def rank_movies(
    input_path: Location | list[Location] | tuple[Location, ...], min_ratings: int = 2, *, threads: int | None = None
) -> list[RankedMovie]:
    """Rank the movies of the ratings partition at ``input_path`` (``.json`` array or ``.parquet``),
    or of several partitions taken together (the days of a window).

    Over several partitions the ranking is the one of their ratings put together: a user who rated a
    movie on two days of the window counts once as a rater and twice in the mean, as a rating given
    twice in one day does.

    :param input_path: a partition (:mod:`airflow_movielens.partitions`), read through
        :func:`~airflow_movielens.partitions.ratings_source`: a path or a URL; or a list of them.
    :param min_ratings: movies with this many distinct raters or fewer are left out (``m`` of the
        weighted score).
    :param threads: DuckDB worker threads; default all cores.
    :return: the ranking, best first. An empty partition, or an empty list, gives an empty ranking.
    """
    if isinstance(min_ratings, bool) or not isinstance(min_ratings, int) or min_ratings < 0:
        raise ValueError(f"min_ratings must be a non-negative integer, got {min_ratings!r}")
    paths = list(input_path) if isinstance(input_path, (list, tuple)) else [input_path]
    if not paths:
        return []
    with ratings_source(paths) as source, duckdb.connect(":memory:") as con:
        sql = _RANKING_SQL.format(source=source)
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        rows = con.execute(sql, {"min_ratings": min_ratings}).fetchall()
    return [RankedMovie(int(m), float(a), int(n), float(w), int(r)) for m, a, n, w, r in rows]
