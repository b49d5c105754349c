"""Operators: fetch a period's ratings to a partition file, rank its movies, publish the ranking;
recommend movies from all partitions so far and publish the recommendations.

Each operator only holds its (templated) parameters and calls a hook or the ranking function in
``execute``; hooks are built there, never in ``__init__``, so parsing a DAG file touches no network.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from airflow.sdk import BaseOperator

from airflow_movielens.hooks import MovielensHook, WatchbHook
from airflow_movielens.paging import check_batch_size
from airflow_movielens.ranking import rank_movies, read_ranking_csv, write_ranking_csv
from airflow_movielens.recommend import (
    SIMILARITIES,
    partitions_up_to,
    read_partitions,
    recommend,
    write_recommendations_json,
)
from airflow_movielens.storage import atomic_path, atomic_writer

if TYPE_CHECKING:
    from airflow.sdk import Context

#: The MovieLens rating fields, in the order partitions store them, with their types.
RATING_FIELDS: tuple[tuple[str, type], ...] = (
    ("userId", int),
    ("movieId", int),
    ("rating", float),
    ("timestamp", int),
)
PARTITION_FORMATS = ("json", "parquet")


def normalise_rating(record: dict[str, Any]) -> dict[str, Any]:
    """Keep the four MovieLens fields in a fixed order and type, so equal data gives equal bytes."""
    try:
        return {name: cast(record[name]) for name, cast in RATING_FIELDS}
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"malformed rating record {record!r}: {exc}") from exc


def write_ratings_json(records: Iterable[dict[str, Any]], output_path: str | Path) -> int:
    """Stream ``records`` into a JSON array (one record per line) atomically; return the count."""
    count = 0
    with atomic_writer(output_path, "w", encoding="utf-8") as out:
        out.write("[")
        for record in records:
            out.write(",\n" if count else "\n")
            out.write(json.dumps(normalise_rating(record), separators=(", ", ": ")))
            count += 1
        out.write("\n]\n" if count else "]\n")
    return count


def write_ratings_parquet(
    records: Iterable[dict[str, Any]], output_path: str | Path, row_group_size: int = 100_000
) -> int:
    """Stream ``records`` into a Parquet file, one row group per ``row_group_size``; return the count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [("userId", pa.int64()), ("movieId", pa.int64()), ("rating", pa.float64()), ("timestamp", pa.int64())]
    )
    count = 0
    with atomic_path(output_path) as tmp, pq.ParquetWriter(tmp, schema) as writer:
        columns: dict[str, list] = {name: [] for name, _ in RATING_FIELDS}

        def flush() -> None:
            writer.write_table(pa.Table.from_pydict(columns, schema=schema))
            for values in columns.values():
                values.clear()

        for record in records:
            for name, value in normalise_rating(record).items():
                columns[name].append(value)
            count += 1
            if count % row_group_size == 0:
                flush()
        if count % row_group_size or count == 0:
            flush()
    return count


class MovielensFetchRatingsOperator(BaseOperator):
    """Fetch the ratings of ``[period_start, period_end)`` into one partition file.

    Records are streamed from the API to disk page by page, so a big day is never held in memory.
    The file is written atomically (a temporary file renamed into place): after a failure the
    previous partition, or none, is left, never half of one. Fetching the same period twice gives
    the same bytes. Returns ``output_path`` (pushed to XCom).

    :param conn_id: the ``movielens`` connection to read from.
    :param output_path: the partition to write (templated), e.g. ``/data/ratings/{{ data_interval_start | ds }}.json``.
    :param period_start: first UTC day of the period, ISO format (templated). The API calls it
        ``start_date``; the operator cannot, because ``BaseOperator.start_date`` is the task's own
        scheduling start (and a DAG's ``default_args`` would flow into it).
    :param period_end: the UTC day after the period, ISO format, exclusive (templated); the API's
        ``end_date``.
    :param batch_size: records per API page.
    :param format: ``json`` (an array of records, as the Airflow book writes it) or ``parquet``;
        by default taken from the ``output_path`` suffix.
    """

    template_fields: Sequence[str] = ("conn_id", "output_path", "period_start", "period_end")
    ui_color = "#e8f0fe"

    def __init__(
        self,
        *,
        output_path: str,
        conn_id: str = MovielensHook.default_conn_name,
        period_start: str = "{{ data_interval_start | ds }}",
        period_end: str = "{{ data_interval_end | ds }}",
        batch_size: int = 1000,
        format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.conn_id = conn_id
        self.output_path = output_path
        self.period_start = period_start
        self.period_end = period_end
        self.batch_size = check_batch_size(batch_size)
        if format is not None and format not in PARTITION_FORMATS:
            raise ValueError(f"format must be one of {PARTITION_FORMATS}, got {format!r}")
        self.format = format

    def partition_format(self) -> str:
        if self.format:
            return self.format
        suffix = Path(self.output_path).suffix.lstrip(".")
        if suffix not in PARTITION_FORMATS:
            raise ValueError(f"cannot tell the format of {self.output_path!r}: pass format='json' or 'parquet'")
        return suffix

    def execute(self, context: Context) -> str:
        write = write_ratings_parquet if self.partition_format() == "parquet" else write_ratings_json
        with MovielensHook(self.conn_id) as hook:
            self.log.info("Fetching ratings for [%s, %s) from %s", self.period_start, self.period_end, hook.base_url)
            ratings = hook.get_ratings(self.period_start, self.period_end, batch_size=self.batch_size)
            count = write(ratings, self.output_path)
        self.log.info("Wrote %d ratings to %s", count, self.output_path)
        return self.output_path


class MovielensRankMoviesOperator(BaseOperator):
    """Rank the movies of a ratings partition and write the ranking as CSV (atomically).

    See :func:`airflow_movielens.ranking.rank_movies` for the ranking's definition.
    Returns ``output_path`` (pushed to XCom).

    :param input_path: the ratings partition, ``.json`` or ``.parquet`` (templated).
    :param output_path: the CSV to write (templated): ``movieId, avg_rating, num_ratings,
        weighted_rating, rank``.
    :param min_ratings: movies with this many distinct raters or fewer are left out.
    """

    template_fields: Sequence[str] = ("input_path", "output_path")
    ui_color = "#fef7e0"

    def __init__(self, *, input_path: str, output_path: str, min_ratings: int = 2, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.input_path = input_path
        self.output_path = output_path
        self.min_ratings = min_ratings

    def execute(self, context: Context) -> str:
        ranking = rank_movies(self.input_path, min_ratings=self.min_ratings)
        write_ranking_csv(ranking, self.output_path)
        self.log.info(
            "Ranked %d movies with more than %d raters from %s into %s",
            len(ranking),
            self.min_ratings,
            self.input_path,
            self.output_path,
        )
        return self.output_path


class MovielensPublishRankingOperator(BaseOperator):
    """Publish a ranking CSV as the site's ranking of ``day`` (replacing what that day had).

    Returns the number of movies published.

    :param input_path: the ranking CSV written by :class:`MovielensRankMoviesOperator` (templated).
    :param day: the UTC day the ranking belongs to, ISO format (templated).
    :param conn_id: the ``watchb`` connection (the API token as its password).
    :param top_n: publish only the first ``top_n`` movies; all by default.
    """

    template_fields: Sequence[str] = ("conn_id", "input_path", "day")
    ui_color = "#e6f4ea"

    def __init__(
        self,
        *,
        input_path: str,
        day: str = "{{ data_interval_start | ds }}",
        conn_id: str = WatchbHook.default_conn_name,
        top_n: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.input_path = input_path
        self.day = day
        self.conn_id = conn_id
        if top_n is not None and top_n < 1:
            raise ValueError(f"top_n must be a positive integer or None, got {top_n!r}")
        self.top_n = top_n

    def execute(self, context: Context) -> int:
        results = read_ranking_csv(self.input_path)
        if self.top_n is not None:
            results = results[: self.top_n]
        with WatchbHook(self.conn_id) as hook:
            hook.publish_ranking(self.day, results)
            self.log.info("Published %d ranked movies for %s to %s", len(results), self.day, hook.base_url)
        return len(results)


class MovielensRecommendOperator(BaseOperator):
    """Compute item-to-item recommendations from every ratings partition up to ``day``; write them
    as the body the site's recommendations API takes (JSON, atomically).

    See :mod:`airflow_movielens.recommend` for the method. Partitions are read from
    ``ratings_folder`` (``YYYY-MM-DD.json`` / ``.parquet``, as the fetch operator names them) up to
    and including ``day``, so re-running a past day gives that day's recommendations again, whatever
    later days were fetched since. Returns ``output_path`` (pushed to XCom).

    :param ratings_folder: the folder of ratings partitions (templated).
    :param output_path: the JSON to write (templated): ``{"similar": [...], "users": [...]}``.
    :param day: the last partition day to include, ISO format (templated).
    :param top_k: similar movies kept per movie.
    :param top_n: recommendations per user.
    :param similarity: ``"cosine"`` (who rated) or ``"adjusted_cosine"`` (mean-centred ratings).
    :param neighbours: neighbours per movie used to score users' picks.
    :param min_support: co-raters a pair of movies needs to count as similar.
    :param shrinkage: damps similarities resting on few co-raters (0 = off).
    :param seen_weight: what a rating at the user's own mean counts for.
    """

    template_fields: Sequence[str] = ("ratings_folder", "output_path", "day")
    ui_color = "#f3e8fd"

    def __init__(
        self,
        *,
        ratings_folder: str,
        output_path: str,
        day: str = "{{ data_interval_start | ds }}",
        top_k: int = 10,
        top_n: int = 10,
        similarity: str = "cosine",
        neighbours: int = 100,
        min_support: int = 2,
        shrinkage: float = 0.0,
        seen_weight: float = 1.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        for name, value in (
            ("top_k", top_k),
            ("top_n", top_n),
            ("neighbours", neighbours),
            ("min_support", min_support),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        if similarity not in SIMILARITIES:
            raise ValueError(f"similarity must be one of {SIMILARITIES}, got {similarity!r}")
        self.ratings_folder = ratings_folder
        self.output_path = output_path
        self.day = day
        self.top_k, self.top_n = top_k, top_n
        self.similarity, self.neighbours, self.min_support = similarity, neighbours, min_support
        self.shrinkage, self.seen_weight = shrinkage, seen_weight

    def execute(self, context: Context) -> str:
        partitions = partitions_up_to(self.ratings_folder, self.day)
        if not partitions:
            raise FileNotFoundError(f"no ratings partitions up to {self.day} in {self.ratings_folder}")
        ratings = read_partitions(partitions)
        result = recommend(
            ratings,
            top_k=self.top_k,
            top_n=self.top_n,
            similarity=self.similarity,
            neighbours=self.neighbours,
            min_support=self.min_support,
            shrinkage=self.shrinkage,
            seen_weight=self.seen_weight,
        )
        write_recommendations_json(result, self.output_path)
        self.log.info(
            "Recommended from %d ratings in %d partitions up to %s: %d similar-movie entries, %d picks for %d users",
            len(ratings),
            len(partitions),
            self.day,
            len(result.similar),
            len(result.users),
            len({pick.userId for pick in result.users}),
        )
        return self.output_path


class MovielensPublishRecommendationsOperator(BaseOperator):
    """Publish a recommendations JSON (from :class:`MovielensRecommendOperator`) as the site's
    recommendations of ``day``, replacing what that day had. Returns the number of entries sent.

    :param input_path: the JSON written by :class:`MovielensRecommendOperator` (templated).
    :param day: the UTC day they belong to, ISO format (templated).
    :param conn_id: the ``watchb`` connection (the API token as its password).
    """

    template_fields: Sequence[str] = ("conn_id", "input_path", "day")
    ui_color = "#e6f4ea"

    def __init__(
        self,
        *,
        input_path: str,
        day: str = "{{ data_interval_start | ds }}",
        conn_id: str = WatchbHook.default_conn_name,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.input_path = input_path
        self.day = day
        self.conn_id = conn_id

    def execute(self, context: Context) -> int:
        body = json.loads(Path(self.input_path).read_text(encoding="utf-8"))
        if (
            not isinstance(body, dict)
            or not isinstance(body.get("similar"), list)
            or not isinstance(body.get("users"), list)
        ):
            raise ValueError(f"{self.input_path}: expected a JSON object with lists 'similar' and 'users'")
        with WatchbHook(self.conn_id) as hook:
            hook.publish_recommendations(self.day, body["similar"], body["users"])
            self.log.info(
                "Published %d similar-movie entries and %d user picks for %s to %s",
                len(body["similar"]),
                len(body["users"]),
                self.day,
                hook.base_url,
            )
        return len(body["similar"]) + len(body["users"])
