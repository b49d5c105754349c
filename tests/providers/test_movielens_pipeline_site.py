"""The provider against the real WatchB site (pytest-django's ``live_server``): the hook's paging,
and the whole DAG run over two days with ``dag.test()`` through ``dags/run_week.py``."""

import csv
import datetime as dt
import importlib.util
import io
import json
from pathlib import Path

import pytest
import requests
from django.core.management import call_command

from airflow_movielens.hooks.movielens import MovielensAuthError, MovielensHook
from watchb.catalog.models import Movie
from watchb.ratings.models import Rating

REPO = Path(__file__).resolve().parents[2]
DAYS = ("2026-01-05", "2026-01-06")
EXPORT_USER, EXPORT_PASSWORD, TOKEN = "pipeline", "pipeline-secret", "pipeline-publish-token"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server, settings, monkeypatch):
    """The live site with 40 movies, two days of generated ratings, an export user and a publisher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    Movie.objects.bulk_create([Movie(title=f"Film {i}", tmdb_id=50_000 + i) for i in range(40)])
    call_command(
        "generateratings", users=60, days=2, per_day=400, seed=11, end_date=dt.date.fromisoformat(DAYS[-1]), verbosity=0
    )
    call_command("createexportuser", EXPORT_USER, password=EXPORT_PASSWORD, verbosity=0)
    call_command("createpublisher", "airflow", token=TOKEN, stdout=io.StringIO(), stderr=io.StringIO())
    port = int(live_server.url.rsplit(":", 1)[1])
    monkeypatch.setenv(
        "AIRFLOW_CONN_MOVIELENS",
        json.dumps(
            {
                "conn_type": "movielens",
                "host": "localhost",
                "port": port,
                "login": EXPORT_USER,
                "password": EXPORT_PASSWORD,
            }
        ),
    )
    monkeypatch.setenv(
        "AIRFLOW_CONN_WATCHB",
        json.dumps(
            {
                "conn_type": "watchb",
                "host": "localhost",
                "port": port,
                "password": TOKEN,
            }
        ),
    )
    return live_server


def site_ratings(day):
    start = dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)
    rows = Rating.objects.filter(rated_at__gte=start, rated_at__lt=start + dt.timedelta(days=1))
    return [
        {
            "userId": r.user_id,
            "movieId": r.movie_id,
            "rating": float(r.rating),
            "timestamp": int(r.rated_at.timestamp()),
        }
        for r in rows.order_by("rated_at", "user_id", "movie_id")
    ]


def ranking_of(ratings, min_ratings):
    """The ranking's definition in plain Python: per movie the mean rating and its distinct raters,
    those with more than `min_ratings` raters, by mean then raters, with IMDb's weighted score."""
    by_movie = {}
    for r in ratings:
        by_movie.setdefault(r["movieId"], []).append(r)
    overall = sum(r["rating"] for r in ratings) / len(ratings)
    m = min_ratings
    rows = []
    for movie, given in by_movie.items():
        mean, v = sum(r["rating"] for r in given) / len(given), len({r["userId"] for r in given})
        if v > m:
            rows.append((movie, mean, v, v / (v + m) * mean + m / (v + m) * overall))
    rows.sort(key=lambda row: (-row[1], -row[2], row[0]))
    return [(*row, rank) for rank, row in enumerate(rows, start=1)]


def test_the_hook_reads_the_sites_export_in_cursor_mode(site):
    with MovielensHook() as hook:
        fetched = list(hook.get_ratings(DAYS[0], DAYS[1], batch_size=97))
        movies = list(hook.get_movies(batch_size=15))

    assert fetched == site_ratings(DAYS[0]) and len(fetched) > 300
    assert [m["title"] for m in movies] == [f"Film {i}" for i in range(40)]


def test_the_hook_pages_the_site_by_offset_like_the_books_client(site, monkeypatch):
    monkeypatch.setattr(MovielensHook, "cursor_opt_in", {})  # a client that never asks for cursors
    with MovielensHook() as hook:
        fetched = list(hook.get_ratings(DAYS[1], "2026-01-07", batch_size=64))

    assert fetched == site_ratings(DAYS[1])


def test_the_site_refuses_a_wrong_password(site, monkeypatch):
    monkeypatch.setenv(
        "AIRFLOW_CONN_MOVIELENS",
        json.dumps(
            {
                "conn_type": "movielens",
                "host": "localhost",
                "port": int(site.url.rsplit(":", 1)[1]),
                "login": EXPORT_USER,
                "password": "wrong",
            }
        ),
    )
    with MovielensHook() as hook, pytest.raises(MovielensAuthError):
        list(hook.get_ratings(DAYS[0], DAYS[1]))


def test_two_days_of_the_dag_end_to_end(site, airflow_db, tmp_path, monkeypatch):
    monkeypatch.setenv("WATCHB_DATA_DIR", str(tmp_path))  # run_week.py passes it as the data_dir param
    spec = importlib.util.spec_from_file_location("run_week", REPO / "dags" / "run_week.py")
    run_week = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_week)

    assert run_week.main(["--first", DAYS[0], "--last", DAYS[1]]) == 0

    for day in DAYS:
        partition = json.loads((tmp_path / "ratings" / f"{day}.json").read_text())
        assert partition == site_ratings(day)
        with open(tmp_path / "rankings" / f"{day}.csv", newline="") as f:
            ranking = list(csv.DictReader(f))
        served = requests.get(f"{site.url}/api/rankings/{day}/", timeout=10).json()
        assert served["date"] == day
        assert [(e["movieId"], e["rank"], e["avg_rating"], e["weighted_rating"]) for e in served["results"]] == [
            (int(r["movieId"]), int(r["rank"]), float(r["avg_rating"]), float(r["weighted_rating"])) for r in ranking
        ]
        assert served["results"][0]["title"].startswith("Film ")
    latest = requests.get(f"{site.url}/api/rankings/", timeout=10).json()
    assert latest["date"] == DAYS[1]

    # The 7- and 30-day rankings: each day's, recomputed here from the partitions of its window
    # (both days are inside both windows of the second day; the first day's hold only itself).
    for window in (7, 30):
        for count, day in enumerate(DAYS, start=1):
            ratings = [r for d in DAYS[:count] for r in json.loads((tmp_path / "ratings" / f"{d}.json").read_text())]
            served = requests.get(f"{site.url}/api/rankings/{day}/?window={window}", timeout=10).json()
            assert (served["date"], served["window"]) == (day, window)
            assert [
                (e["movieId"], e["avg_rating"], e["num_ratings"], e["weighted_rating"], e["rank"])
                for e in served["results"]
            ] == ranking_of(ratings, min_ratings=2)

    # The recommendations branch: each day's body, computed from the partitions up to that day,
    # published whole; the movie endpoint serves the latest day's.
    for day in DAYS:
        body = json.loads((tmp_path / "recommendations" / f"{day}.json").read_text())
        summary = requests.get(f"{site.url}/api/recommendations/{day}/", timeout=10).json()
        assert (summary["similar"], summary["users"]) == (len(body["similar"]), len(body["users"]))
        assert summary["similar"] > 0 and summary["users"] > 0
    first = body["similar"][0]["movieId"]
    served = requests.get(f"{site.url}/api/movies/{first}/similar/", timeout=10).json()
    assert served["date"] == DAYS[-1]
    assert [(e["movieId"], e["score"]) for e in served["results"]] == [
        (s["similarId"], s["score"]) for s in body["similar"] if s["movieId"] == first
    ]
