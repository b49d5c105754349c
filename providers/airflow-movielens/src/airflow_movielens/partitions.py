"""Ratings partitions: the one place that knows their file format.

A partition holds one period's ratings, as the fetch operator writes them and the ranking and the
recommender read them:

- records of the four MovieLens fields of :data:`RATING_FIELDS`, in that order and with those types,
  so the same ratings always give the same bytes;
- JSON (an array, one record per line, as the Airflow book writes it) or Parquet (typed, in row
  groups), told apart by the file's suffix;
- written atomically (:func:`~airflow_movielens.storage.atomic_path`): a reader sees the previous file
  or the new one, never half of one;
- in a folder that is a path or a URL (:mod:`airflow_movielens.storage`: ``file://``, or
  ``s3://conn_id@bucket/prefix`` through Airflow's ObjectStoragePath);
- named after their day in one of two :data:`LAYOUTS` (:func:`partition_path`): ``flat``,
  ``YYYY-MM-DD.json`` / ``.parquet``, or ``hive``, ``ds=YYYY-MM-DD/part.parquet``, the layout DuckDB,
  Spark and Trino read as one table with a ``ds`` column. A folder lists by day in either
  (:func:`partitions_up_to`).

They are read back with DuckDB: :func:`ratings_source` is a table to query (objects are streamed to
local files first: DuckDB's own S3 reader is an extension it would have to download), :func:`read_ratings`
the columns as numpy arrays. A missing file, a missing column or a value of another type is an error, not
silently different numbers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import duckdb

from airflow_movielens.checks import one_of, positive_int
from airflow_movielens.storage import Location, atomic_path, atomic_writer, join, local_copies, storage_path

if TYPE_CHECKING:
    # Only read_ratings needs numpy at run time: the ranking, which reads through DuckDB, does without.
    import numpy as np


class RatingField(NamedTuple):
    """A partition column: its name, its Python type and its SQL type (DuckDB's and Parquet's)."""

    name: str
    python_type: type
    sql_type: str


#: The MovieLens rating fields, in the order partitions store them, with their types.
RATING_FIELDS: tuple[RatingField, ...] = (
    RatingField("userId", int, "BIGINT"),
    RatingField("movieId", int, "BIGINT"),
    RatingField("rating", float, "DOUBLE"),
    RatingField("timestamp", int, "BIGINT"),
)
FORMATS = ("json", "parquet")
LAYOUTS = ("flat", "hive")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_COLUMNS = ", ".join(field.name for field in RATING_FIELDS)
_JSON_COLUMNS = "{" + ", ".join(f"'{field.name}': '{field.sql_type}'" for field in RATING_FIELDS) + "}"


class RatingArrays(NamedTuple):
    """The ratings of some partitions as parallel numpy arrays, one element per rating."""

    userId: np.ndarray
    movieId: np.ndarray
    rating: np.ndarray
    timestamp: np.ndarray


def normalise_rating(record: dict[str, Any]) -> dict[str, Any]:
    """Keep the four MovieLens fields in a fixed order and type, so equal data gives equal bytes."""
    try:
        return {field.name: field.python_type(record[field.name]) for field in RATING_FIELDS}
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"malformed rating record {record!r}: {exc}") from exc


def check_format(format: str | None) -> str | None:
    """``format`` if it is ``None`` (tell it from the suffix) or one of :data:`FORMATS`."""
    return None if format is None else one_of("format", format, FORMATS)


def partition_format(path: str | os.PathLike[str], format: str | None = None) -> str:
    """The format to write ``path`` in: ``format`` if given, else the path's suffix."""
    if format is not None:
        return one_of("format", format, FORMATS)
    suffix = Path(path).suffix.lstrip(".")
    if suffix not in FORMATS:
        raise ValueError(f"cannot tell the format of {str(path)!r}: pass format='json' or 'parquet'")
    return suffix


def partition_path(folder: Location, day: str, format: str = "json", layout: str = "flat") -> str:
    """Where ``day``'s partition lives in ``folder``: ``{folder}/{day}.{format}`` (flat) or
    ``{folder}/ds={day}/part.{format}`` (hive). DAGs template it (see the DAG's user macros)."""
    one_of("format", format, FORMATS)
    if not _DAY.fullmatch(day):
        raise ValueError(f"day must be YYYY-MM-DD, got {day!r}")
    if one_of("layout", layout, LAYOUTS) == "hive":
        return join(folder, f"ds={day}", f"part.{format}")
    return join(folder, f"{day}.{format}")


def partition_day(name: str, parent: str) -> str | None:
    """The day of the file ``name`` in the folder ``parent``, in either layout; None if it is not a partition."""
    stem, _, suffix = name.partition(".")
    if suffix not in FORMATS or name.startswith("."):
        return None
    if _DAY.fullmatch(stem):
        return stem
    day = parent.removeprefix("ds=")
    return day if stem == "part" and parent.startswith("ds=") and _DAY.fullmatch(day) else None


# --- writing ---------------------------------------------------------------------------------


def write_partition(records: Iterable[dict[str, Any]], path: str | os.PathLike[str], format: str | None = None) -> int:
    """Stream ``records`` into the partition at ``path`` (format as :func:`partition_format` says); return the count."""
    if partition_format(path, format) == "parquet":
        return write_ratings_parquet(records, path)
    return write_ratings_json(records, path)


def write_ratings_json(records: Iterable[dict[str, Any]], path: str | os.PathLike[str]) -> int:
    """Stream ``records`` into a JSON array (one record per line) atomically; return the count."""
    count = 0
    with atomic_writer(path, "w", encoding="utf-8") as out:
        out.write("[")
        for record in records:
            out.write(",\n" if count else "\n")
            out.write(json.dumps(normalise_rating(record), separators=(", ", ": ")))
            count += 1
        out.write("\n]\n" if count else "]\n")
    return count


def write_ratings_parquet(
    records: Iterable[dict[str, Any]], path: str | os.PathLike[str], row_group_size: int = 100_000
) -> int:
    """Stream ``records`` into a Parquet file, one row group per ``row_group_size``; return the count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow_types = {"BIGINT": pa.int64(), "DOUBLE": pa.float64()}
    schema = pa.schema([(field.name, arrow_types[field.sql_type]) for field in RATING_FIELDS])
    count = 0
    with atomic_path(path) as tmp, pq.ParquetWriter(tmp, schema) as writer:
        columns: dict[str, list[Any]] = {field.name: [] for field in RATING_FIELDS}

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


# --- reading ---------------------------------------------------------------------------------


def _quoted(paths: Sequence[Path]) -> str:
    return "[" + ", ".join("'" + str(path).replace("'", "''") + "'" for path in paths) + "]"


def _reader(format: str, paths: Sequence[Path]) -> str:
    """DuckDB's table function reading ``paths``, all in ``format``, with the partitions' column types."""
    if format == "json":
        return f"read_json({_quoted(paths)}, format='array', columns={_JSON_COLUMNS})"
    return f"read_parquet({_quoted(paths)})"


def sql_source(paths: Iterable[str | os.PathLike[str]]) -> str:
    """A DuckDB table expression over the partitions at ``paths``: their ratings, typed as
    :data:`RATING_FIELDS` says, JSON and Parquet alike. Checks that every file is there."""
    checked = [Path(path) for path in paths]
    if not checked:
        raise ValueError("no partitions to read")
    for path in checked:
        if not path.is_file():
            raise FileNotFoundError(f"ratings partition not found: {path}")
        if path.suffix.lstrip(".") not in FORMATS:
            raise ValueError(f"unsupported partition format {path.suffix!r}: expected .json or .parquet")
    selects = [
        f"SELECT {_COLUMNS} FROM {_reader(format, files)}"
        for format in FORMATS
        if (files := [path for path in checked if path.suffix == f".{format}"])
    ]
    return "(" + " UNION ALL ".join(selects) + ")"


@contextlib.contextmanager
def ratings_source(paths: Iterable[Location]) -> Iterator[str]:
    """:func:`sql_source` over partitions anywhere: objects in storage are copied to local files for
    the length of the block (the partitions of a day, or of the days so far, fit on a worker's disk)."""
    with local_copies(list(paths)) as files:
        yield sql_source(files)


def read_ratings(paths: Iterable[Location], ordered: bool = True) -> RatingArrays:
    """The ratings of the partitions at ``paths`` as numpy columns, ordered by user, movie and time
    (or as stored, with ``ordered=False``: sorting 25 million ratings in DuckDB takes longer and
    several times the memory of the one sort :meth:`~airflow_movielens.ratings.Ratings.from_arrays`
    does anyway)."""
    import numpy as np

    paths = list(paths)
    if not paths:
        empty = np.array([], dtype=np.int64)
        return RatingArrays(empty, empty, np.array([], dtype=np.float64), empty)
    with ratings_source(paths) as source, duckdb.connect(":memory:") as con:
        order = " ORDER BY userId, movieId, timestamp" if ordered else ""
        columns = con.execute(f"SELECT * FROM {source}{order}").fetchnumpy()
    return RatingArrays(*(columns[field.name] for field in RATING_FIELDS))


# --- listing ---------------------------------------------------------------------------------


def partitions_up_to(folder: Location, day: str | None = None, days: int | None = None) -> list[Location]:
    """The partitions in ``folder`` (either layout) of ``day`` or earlier, oldest first; all of them
    when ``day`` is None. With ``days``, only the window of that many days ending with ``day``
    (``day`` and the ``days - 1`` before it). A missing folder has none. Local ones are Paths,
    objects ObjectStoragePaths."""
    first = window_start(day, days)
    root = storage_path(folder)
    local = Path(root.path) if root.protocol in ("file", "local") else None
    if not root.is_dir():
        return []
    found: list[tuple[str, str, Location]] = []
    for entry in root.iterdir():
        children = entry.iterdir() if entry.name.startswith("ds=") and entry.is_dir() else [entry]
        for path in children:
            found_day = partition_day(path.name, entry.name if path is not entry else "")
            if found_day is not None and (day is None or first <= found_day <= day):
                relative = path.path[len(root.path) :].lstrip("/")
                found.append((found_day, path.suffix, local / relative if local is not None else path))
    return [path for _, _, path in sorted(found, key=lambda item: item[:2])]


def window_start(day: str | None, days: int | None) -> str:
    """The first day (ISO) of the window of ``days`` days ending with ``day``; ``""`` (before any
    day) when there is no window. ``days`` without ``day`` is a ``ValueError``."""
    if days is None:
        return ""
    positive_int("days", days)
    if day is None or not _DAY.fullmatch(day):
        raise ValueError(f"a window of days needs the day it ends with (YYYY-MM-DD), got {day!r}")
    return (dt.date.fromisoformat(day) - dt.timedelta(days=days - 1)).isoformat()
