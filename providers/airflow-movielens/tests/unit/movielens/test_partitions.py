"""Partitions: the format the fetch operator writes and the ranking and recommender read back."""

import json

import pyarrow.parquet as pq
import pytest

from airflow_movielens.partitions import (
    RATING_FIELDS,
    partition_format,
    partitions_up_to,
    read_ratings,
    sql_source,
    write_partition,
    write_ratings_json,
    write_ratings_parquet,
)
from airflow_movielens.ratings import Ratings
from unit.movielens.tastes import TASTES, ratings_of


def test_partitions_up_to_a_day_in_both_formats_are_read_together(tmp_path):
    records = [
        {"userId": u, "movieId": m, "rating": r, "timestamp": 1_767_571_200 + i} for i, (u, m, r) in enumerate(TASTES)
    ]
    write_ratings_json(records[:7], tmp_path / "2026-01-05.json")
    write_ratings_parquet(records[7:], tmp_path / "2026-01-06.parquet")
    write_ratings_json(
        [{"userId": 9, "movieId": 10, "rating": 5.0, "timestamp": 1_767_830_400}], tmp_path / "2026-01-08.json"
    )
    (tmp_path / "notes.txt").write_text("not a partition")

    paths = partitions_up_to(tmp_path, "2026-01-07")

    assert [p.name for p in paths] == ["2026-01-05.json", "2026-01-06.parquet"]
    assert (
        Ratings.from_arrays(*read_ratings(paths)).matrix.toarray().tolist()
        == ratings_of(TASTES).matrix.toarray().tolist()
    )
    assert partitions_up_to(tmp_path / "missing", "2026-01-07") == []
    with pytest.raises(FileNotFoundError):
        read_ratings([tmp_path / "2026-01-09.json"])


def test_a_window_of_days_lists_that_many_days_ending_with_the_day(tmp_path):
    for day in ("2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02", "2026-01-03"):
        write_ratings_json([], tmp_path / f"{day}.json")

    assert [p.name for p in partitions_up_to(tmp_path, "2026-01-02", days=3)] == [
        "2025-12-31.json",
        "2026-01-01.json",
        "2026-01-02.json",
    ]
    assert len(partitions_up_to(tmp_path, "2026-01-02", days=1)) == 1
    with pytest.raises(ValueError, match="days"):
        partitions_up_to(tmp_path, "2026-01-02", days=0)
    with pytest.raises(ValueError, match="window of days needs the day"):
        partitions_up_to(tmp_path, None, days=3)


def test_records_keep_the_four_fields_in_order_and_type(tmp_path):
    write_ratings_json(
        [{"rating": "4.5", "timestamp": 3, "movieId": "7", "userId": 2, "extra": "x"}], tmp_path / "d.json"
    )
    assert (tmp_path / "d.json").read_text() == '[\n{"userId": 2, "movieId": 7, "rating": 4.5, "timestamp": 3}\n]\n'
    with pytest.raises(ValueError, match="malformed rating record"):
        write_ratings_json([{"userId": 1}], tmp_path / "bad.json")
    assert [field.name for field in RATING_FIELDS] == ["userId", "movieId", "rating", "timestamp"]


def test_the_format_comes_from_the_suffix_unless_given(tmp_path):
    records = [{"userId": 1, "movieId": 2, "rating": 3.0, "timestamp": 4}]
    assert write_partition(records, tmp_path / "a.parquet") == 1
    assert pq.read_table(tmp_path / "a.parquet").num_rows == 1
    write_partition(records, tmp_path / "b.data", format="json")
    assert json.loads((tmp_path / "b.data").read_text()) == records
    assert partition_format("x.json") == "json"
    with pytest.raises(ValueError, match="cannot tell the format"):
        partition_format("x.csv")
    with pytest.raises(ValueError, match="format must be one of"):
        partition_format("x.json", format="csv")


def test_json_and_parquet_read_back_alike(tmp_path):
    records = [
        {"userId": u, "movieId": m, "rating": r, "timestamp": 1_767_571_200 + i} for i, (u, m, r) in enumerate(TASTES)
    ]
    write_ratings_json(records, tmp_path / "2026-01-05.json")
    write_ratings_parquet(records, tmp_path / "2026-01-06.parquet", row_group_size=4)

    from_json, from_parquet = (
        read_ratings([tmp_path / "2026-01-05.json"]),
        read_ratings([tmp_path / "2026-01-06.parquet"]),
    )

    for a, b in zip(from_json, from_parquet, strict=True):
        assert a.tolist() == b.tolist()
    assert from_json.rating.dtype.name == "float64" and from_json.userId.dtype.name == "int64"
    assert sql_source([tmp_path / "2026-01-05.json"]).count("read_json") == 1


def test_no_partitions_read_as_no_ratings():
    assert all(len(column) == 0 for column in read_ratings([]))


def test_a_window_of_days_takes_the_partitions_of_its_days_only(tmp_path):
    for day in ("2025-12-30", "2025-12-31", "2026-01-01", "2026-01-03", "2026-01-04"):
        write_ratings_json([], tmp_path / f"{day}.json")

    def window(day, days):
        return [p.name for p in partitions_up_to(tmp_path, day, days=days)]

    assert window("2026-01-03", 1) == ["2026-01-03.json"]
    # Across the year's end, with a day missing: the 4 days 2025-12-31 … 2026-01-03.
    assert window("2026-01-03", 4) == ["2025-12-31.json", "2026-01-01.json", "2026-01-03.json"]
    assert window("2026-01-02", 1) == []
    with pytest.raises(ValueError, match="days must be a positive integer"):
        partitions_up_to(tmp_path, "2026-01-03", days=0)
