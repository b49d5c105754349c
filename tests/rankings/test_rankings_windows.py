"""Rankings over a window of days: `?window=7` and `?window=30` beside the day's own ranking."""

import pytest
from publish_bodies import ranking_body

from watchb.rankings.models import DailyRanking

pytestmark = pytest.mark.django_db

DAY = "2026-01-05"
URL = f"/api/rankings/{DAY}/"


def test_each_window_of_a_day_is_published_and_read_on_its_own(publisher, anonymous, movies):
    assert publisher.put(URL, ranking_body(movies[:1]), format="json").status_code == 201
    answer = publisher.put(f"{URL}?window=7", ranking_body(movies[:3]), format="json")
    assert answer.status_code == 201
    assert answer.json()["window"] == 7
    assert publisher.put(f"{URL}?window=30", ranking_body(movies), format="json").status_code == 201

    totals = {window: anonymous.get(f"{URL}?window={window}").json()["total"] for window in (1, 7, 30)}

    assert totals == {1: 1, 7: 3, 30: 5}
    assert anonymous.get(URL).json() == anonymous.get(f"{URL}?window=1").json()
    assert anonymous.get(URL).json()["window"] == 1
    assert DailyRanking.objects.filter(date=DAY).count() == 3


def test_republishing_a_window_replaces_that_window_only(publisher, anonymous, movies):
    publisher.put(URL, ranking_body(movies[:2]), format="json")
    publisher.put(f"{URL}?window=7", ranking_body(movies[:3]), format="json")

    answer = publisher.put(f"{URL}?window=7", ranking_body(movies[3:]), format="json")

    assert answer.status_code == 200
    assert [e["movieId"] for e in anonymous.get(f"{URL}?window=7").json()["results"]] == [m.pk for m in movies[3:]]
    assert [e["movieId"] for e in anonymous.get(URL).json()["results"]] == [m.pk for m in movies[:2]]


def test_the_latest_and_the_dates_follow_the_window(publisher, anonymous, movies):
    publisher.put("/api/rankings/2026-01-04/?window=30", ranking_body(movies), format="json")
    publisher.put(URL, ranking_body(movies), format="json")

    assert anonymous.get("/api/rankings/?window=30").json()["date"] == "2026-01-04"
    assert anonymous.get("/api/rankings/").json()["date"] == DAY
    assert anonymous.get("/api/rankings/dates/?window=30").json() == {"dates": ["2026-01-04"]}
    assert anonymous.get("/api/rankings/dates/").json() == {"dates": [DAY]}
    assert anonymous.get(f"{URL}?window=7").status_code == 404


@pytest.mark.parametrize("window", ["2", "0", "x", "99999999999999999999", "7.0"])
def test_any_other_window_is_a_400_naming_it_and_stores_nothing(publisher, anonymous, movies, window):
    answer = publisher.put(f"{URL}?window={window}", ranking_body(movies), format="json")

    assert answer.status_code == 400
    assert list(answer.json()) == ["window"]
    assert not DailyRanking.objects.exists()
    for path in (URL, "/api/rankings/", "/api/rankings/dates/"):
        assert list(anonymous.get(f"{path}?window={window}").json()) == ["window"]
