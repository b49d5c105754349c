"""Partitions at a URL: file:// and s3:// (Airflow's ObjectStoragePath), flat and hive-style.

The s3 tests talk to moto's S3 server, started in this process on a free port, through the
provider's own ``s3`` filesystem and an ``aws`` connection given as an environment variable.
"""

import datetime as dt
import json

import duckdb
import pytest

from airflow_movielens.partitions import partition_path, partitions_up_to, read_ratings, write_partition
from airflow_movielens.ranking import rank_movies
from airflow_movielens.results import read_ranking_csv, write_ranking_csv
from airflow_movielens.storage import storage_path

BUCKET = "lake"


def _ratings(day_offset, count=4):
    return [
        {"userId": user, "movieId": 1 + user % 2, "rating": 3.0 + user % 3, "timestamp": 1_767_571_200 + day_offset}
        for user in range(1, count + 1)
    ]


def test_a_day_is_named_flat_or_hive_style():
    assert partition_path("/lake/ratings", "2026-01-05") == "/lake/ratings/2026-01-05.json"
    assert (
        partition_path("s3://c@b/ratings", "2026-01-05", "parquet", "hive")
        == "s3://c@b/ratings/ds=2026-01-05/part.parquet"
    )
    with pytest.raises(ValueError, match="layout"):
        partition_path("/lake", "2026-01-05", layout="daily")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        partition_path("/lake", "../x")


def test_file_urls_and_hive_folders_list_and_read_by_day(tmp_path):
    folder = (tmp_path / "ratings").as_uri()
    for offset, day in enumerate(["2026-01-05", "2026-01-06", "2026-01-07"]):
        write_partition(_ratings(offset), partition_path(folder, day, "parquet", "hive"))

    found = partitions_up_to(folder, "2026-01-06")

    assert [str(path.relative_to(tmp_path)) for path in found] == [
        "ratings/ds=2026-01-05/part.parquet",
        "ratings/ds=2026-01-06/part.parquet",
    ]
    assert len(read_ratings(found).userId) == 8
    # What the README shows: the folder is one table, the day a column.
    query = f"SELECT ds, count(*) FROM read_parquet('{tmp_path}/ratings/ds=*/*.parquet', hive_partitioning=true)"
    assert duckdb.sql(query + " GROUP BY ds ORDER BY ds").fetchall()[0] == (dt.date(2026, 1, 5), 4)


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3 server on a free port, with an empty bucket; stopped after the module."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def lake(s3_server, monkeypatch):
    """``s3://lake_s3@lake/<test>``: a prefix of the moto bucket, through the ``lake_s3`` connection."""
    extra = {"endpoint_url": s3_server, "region_name": "eu-west-1"}
    connection = {"conn_type": "aws", "login": "testing", "password": "testing", "extra": extra}
    monkeypatch.setenv("AIRFLOW_CONN_LAKE_S3", json.dumps(connection))
    fs = storage_path(f"s3://lake_s3@{BUCKET}/").fs
    if not fs.exists(BUCKET):
        fs.mkdir(BUCKET)
    return f"s3://lake_s3@{BUCKET}/{len(fs.ls(BUCKET))}-run"


def test_s3_partitions_are_written_listed_ranked_and_read_back(lake):
    folder = f"{lake}/ratings"
    for offset, day in enumerate(["2026-01-05", "2026-01-06"]):
        write_partition(_ratings(offset, count=6), partition_path(folder, day, "parquet", "hive"))
    write_partition(_ratings(9), partition_path(folder, "2026-01-09", "json", "flat"))

    found = partitions_up_to(folder, "2026-01-08")

    assert [path.path.split("/ratings/")[1] for path in found] == [
        "ds=2026-01-05/part.parquet",
        "ds=2026-01-06/part.parquet",
    ]
    assert len(read_ratings(found).rating) == 12
    ranking = rank_movies(found[0], min_ratings=0)
    assert sorted(movie.movieId for movie in ranking) == [1, 2]
    write_ranking_csv(ranking, f"{lake}/rankings/2026-01-05.csv")
    assert [row["movieId"] for row in read_ranking_csv(f"{lake}/rankings/2026-01-05.csv")] == [
        movie.movieId for movie in ranking
    ]


def test_a_missing_object_is_an_error_not_an_empty_day(lake):
    with pytest.raises(FileNotFoundError):
        read_ratings([f"{lake}/ratings/2026-01-05.json"])
    assert partitions_up_to(f"{lake}/nothing-here") == []
