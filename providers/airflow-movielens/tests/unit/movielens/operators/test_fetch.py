"""The fetch operator: atomic, repeatable partitions of what the API sends."""

import json

import pyarrow.parquet as pq
import pytest

from airflow_movielens.hooks.movielens import MovielensApiError
from airflow_movielens.operators.fetch import MovielensFetchRatingsOperator


def fetch(output_path, **kwargs):
    operator = MovielensFetchRatingsOperator(
        task_id="fetch_ratings",
        output_path=str(output_path),
        period_start="2026-01-05",
        period_end="2026-01-06",
        batch_size=25,
        **kwargs,
    )
    return operator.execute(context={})


def test_fetch_writes_the_day_as_a_json_array(server, movielens_conn, ratings, tmp_path):
    movielens_conn(server)
    path = tmp_path / "ratings" / "2026-01-05.json"

    assert fetch(path) == str(path)

    day = [r for r in ratings if 1767571200 <= r["timestamp"] < 1767657600]
    assert json.loads(path.read_text()) == day
    assert len(day) == 120


def test_fetching_a_day_twice_gives_the_same_bytes(cursor_server, book_server, movielens_conn, tmp_path):
    movielens_conn(cursor_server)
    fetch(tmp_path / "first.json")
    fetch(tmp_path / "again.json")
    movielens_conn(book_server)  # the other paging mode must not change a byte either
    fetch(tmp_path / "book.json")

    first = (tmp_path / "first.json").read_bytes()
    assert (tmp_path / "again.json").read_bytes() == first
    assert (tmp_path / "book.json").read_bytes() == first


def test_a_failed_fetch_leaves_no_partial_file(cursor_server, movielens_conn, tmp_path):
    movielens_conn(cursor_server, extra={"retries": 0})
    path = tmp_path / "2026-01-05.json"
    fetch(path)
    before = path.read_bytes()

    # The first pages succeed, then the server fails for good: the old partition must survive whole.
    cursor_server.fail_after(2, status=500)
    with pytest.raises(MovielensApiError, match="500"):
        fetch(path)

    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026-01-05.json"]  # no temporary file left


def test_a_failed_first_fetch_creates_nothing(server, movielens_conn, tmp_path):
    movielens_conn(server, password="wrong")
    with pytest.raises(MovielensApiError):
        fetch(tmp_path / "out" / "2026-01-05.json")
    assert list((tmp_path / "out").iterdir()) == []


def test_fetch_to_parquet_is_typed_and_repeatable(server, movielens_conn, ratings, tmp_path):
    movielens_conn(server)
    fetch(tmp_path / "a.parquet")
    fetch(tmp_path / "b.parquet")

    table = pq.read_table(tmp_path / "a.parquet")
    assert table.schema.names == ["userId", "movieId", "rating", "timestamp"]
    assert str(table.schema.field("rating").type) == "double"
    assert table.num_rows == 120
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()


def test_an_empty_day_is_an_empty_partition(server, movielens_conn, tmp_path):
    movielens_conn(server)
    operator = MovielensFetchRatingsOperator(
        task_id="fetch_ratings",
        output_path=str(tmp_path / "2026-03-01.json"),
        period_start="2026-03-01",
        period_end="2026-03-02",
    )
    operator.execute(context={})
    assert json.loads((tmp_path / "2026-03-01.json").read_text()) == []


def test_fetch_parameters_are_checked_when_the_dag_is_parsed():
    with pytest.raises(ValueError, match="batch_size"):
        MovielensFetchRatingsOperator(task_id="f", output_path="x.json", batch_size=0)
    with pytest.raises(ValueError, match="format"):
        MovielensFetchRatingsOperator(task_id="f", output_path="x.json", format="csv")
    assert MovielensFetchRatingsOperator.template_fields == ("conn_id", "output_path", "period_start", "period_end")
