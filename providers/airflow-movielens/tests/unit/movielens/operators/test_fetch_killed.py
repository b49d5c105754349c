"""The fetch operator killed mid-write: SIGKILL, so no ``finally`` and no clean-up runs, at seeded
random points while a slow source streams the day into its partition, several times over. A reader
must see no partition or a complete one, never half; the temporary files the kills leave are never
read as partitions and go on the next run; and re-running gives the bytes of a clean run.

The fetch runs in a forked child of the test process, which has Airflow imported already (a fresh
interpreter would spend seconds importing it before each kill). Run with ``-s`` for the figures.
"""

import os
import random
import signal
import socket
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from airflow_movielens.operators.fetch import MovielensFetchRatingsOperator
from airflow_movielens.partitions import partition_path, partitions_up_to, read_ratings
from airflow_movielens.storage import remove_abandoned_temporaries
from unit.movielens.contract_server import MovielensContractServer

DAY, NEXT_DAY = "2026-01-05", "2026-01-06"
BATCH_SIZE, PAGE_DELAY = 4, 0.02  # 30 pages of the day's 120 ratings, a slow source: ~0.6 s of writing
KILLS = 6  # half before the day's first partition exists, half while one is being replaced


def fetch(path):
    operator = MovielensFetchRatingsOperator(
        task_id="fetch_ratings", output_path=str(path), period_start=DAY, period_end=NEXT_DAY, batch_size=BATCH_SIZE
    )
    return operator.execute(context={})


def temporaries(folder):
    return sorted(path for path in folder.rglob("*") if path.is_file() and path.name.endswith(".tmp"))


def kill_mid_write(path, folder, rng):
    """Fetch into ``path`` in a child process and SIGKILL it at a random point of its write; return
    the temporary files the killed write left."""
    before = set(temporaries(folder))
    pid = os.fork()
    if pid == 0:  # the child: fetch, and never return into pytest
        code = 1
        try:
            fetch(path)
            code = 0
        finally:
            os._exit(code)
    deadline = time.monotonic() + 30
    while set(temporaries(folder)) == before:  # the write has begun once its temporary file exists
        assert time.monotonic() < deadline, "the child never started writing"
        time.sleep(0.002)
    time.sleep(rng.uniform(0, 0.8 * 30 * PAGE_DELAY))
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, "the write ended before the kill"
    return set(temporaries(folder)) - before


@pytest.mark.parametrize("layout", ["flat", "hive"])
@pytest.mark.parametrize("format", ["json", "parquet"])
def test_a_fetch_killed_mid_write_leaves_no_partial_partition(ratings, movielens_conn, tmp_path, layout, format):
    rng = random.Random(f"{layout}-{format}")
    with MovielensContractServer(ratings, delay=PAGE_DELAY) as server:
        movielens_conn(server)
        clean = tmp_path / "clean"
        fetch(partition_path(clean, DAY, format, layout))
        clean_bytes = Path(partition_path(clean, DAY, format, layout)).read_bytes()
        expected = read_ratings(partitions_up_to(clean))
        folder = tmp_path / "killed"
        path = partition_path(folder, DAY, format, layout)

        strays = 0
        for kill in range(KILLS):
            if kill == KILLS // 2:
                fetch(path)  # the day's partition exists from here on: the kills hit its replacement
            left = kill_mid_write(path, folder, rng)
            assert len(left) == 1  # the kill landed inside the write
            strays += len(left)

            listed = partitions_up_to(folder)
            assert listed == ([Path(path)] if kill >= KILLS // 2 else [])  # no temporary file among them
            if listed:  # the complete earlier partition, untouched
                assert Path(path).read_bytes() == clean_bytes
                assert read_ratings(listed).rating.tolist() == expected.rating.tolist()
                # An outside reader's glob over the folder (DuckDB's, Spark's) sees the one file too.
                with duckdb.connect() as con:
                    seen = con.execute(f"SELECT count(*) FROM '{folder}/**/*.{format}'").fetchone()
                assert seen == (len(expected.rating),)

        fetch(path)  # the DAG's re-run

    assert Path(path).read_bytes() == clean_bytes
    assert temporaries(folder) == []  # the re-run removed what the killed writers left
    print(
        f"\n[kills] {layout}/{format}: {KILLS} fetches killed mid-write, {strays} temporary files left "
        "by them and removed by the next runs; no partial partition seen, re-run byte-identical"
    )


def test_only_the_temporaries_of_writers_that_are_gone_are_removed(tmp_path):
    target, host = tmp_path / "2026-01-05.json", socket.gethostname()
    gone = subprocess.Popen(["true"])
    gone.wait()
    names = {
        "gone": f".2026-01-05.json.{host}.{gone.pid}.k3x9q1zz.tmp",
        "alive": f".2026-01-05.json.{host}.{os.getpid()}.a8d7f6e5.tmp",  # a write still under way
        "elsewhere": f".2026-01-05.json.other-host.{gone.pid}.b1c2d3e4.tmp",  # its pid means nothing here
        "another day": f".2026-01-06.json.{host}.{gone.pid}.c5d6e7f8.tmp",
    }
    for name in names.values():
        (tmp_path / name).write_text("[")

    assert remove_abandoned_temporaries(target) == [tmp_path / names["gone"]]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(n for k, n in names.items() if k != "gone")
