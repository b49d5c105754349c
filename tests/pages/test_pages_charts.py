"""The numbers behind the charts: rank trends and the ratings histogram."""

from datetime import date

import pytest

from watchb.pages.charts import rank_trend, rating_histogram

DAYS = [date(2026, 1, day) for day in (3, 4, 5, 6)]


def test_rank_one_is_at_the_top_and_the_worst_rank_at_the_bottom():
    trend = rank_trend(DAYS, {DAYS[0]: 10, DAYS[1]: 1, DAYS[2]: 4, DAYS[3]: 1}, width=100, height=50, padding=5)

    ys = {rank: y for _, y, _, rank in trend.dots}
    assert ys[1] == 5 and ys[10] == 45
    assert (trend.best, trend.worst, trend.latest) == (1, 10, 1)
    assert [x for x, *_ in trend.dots] == [5, 35, 65, 95]
    assert len(trend.segments) == 1


def test_a_day_without_the_movie_breaks_the_line():
    trend = rank_trend(DAYS, {DAYS[0]: 2, DAYS[1]: 3, DAYS[3]: 2})

    assert len(trend.segments) == 2
    assert trend.ranked_days == 3 and trend.days == 4
    assert trend.latest == 2


def test_a_single_day_is_one_centred_dot():
    trend = rank_trend(DAYS[:1], {DAYS[0]: 7}, width=100, height=20)

    assert trend.dots == [(50.0, 10.0, DAYS[0], 7)]


def test_a_movie_never_ranked_has_no_trend():
    trend = rank_trend(DAYS, {})

    assert trend.dots == [] and trend.segments == [] and trend.best is None


@pytest.mark.django_db
def test_the_histogram_has_a_bucket_per_half_star(parasite, make_user, rate):
    rate(make_user("a"), parasite, 0.5)
    rate(make_user("b"), parasite, 0.5)
    rate(make_user("c"), parasite, 3.0)

    histogram = rating_histogram(parasite)

    assert histogram["total"] == 3
    assert [str(bucket["value"]) for bucket in histogram["buckets"]][:3] == ["0.5", "1.0", "1.5"]
    assert len(histogram["buckets"]) == 10
    assert [bucket["percent"] for bucket in histogram["buckets"] if bucket["count"]] == [100, 50]


@pytest.mark.django_db
def test_an_unrated_movie_has_an_empty_histogram(parasite):
    histogram = rating_histogram(parasite)

    assert histogram["total"] == 0
    assert all(bucket["count"] == 0 and bucket["percent"] == 0 for bucket in histogram["buckets"])


def test_the_sparkline_draws_a_dot_per_ranked_day_and_a_line_per_segment():
    trend = rank_trend(DAYS, {DAYS[0]: 10, DAYS[1]: 1, DAYS[3]: 4}, width=120, height=28, padding=3)

    svg = trend.svg()

    assert svg.startswith('<svg class="rank-trend" width="120" height="28"') and svg.endswith("</svg>")
    assert svg.count("<circle") == 3 and svg.count("<polyline") == 2
    assert '<circle cx="41.0" cy="3.0" r="1.8" fill="currentColor"><title>2026-01-04: #1</title></circle>' in svg
    assert "<title>Ranked on 3 of 4 days; best #1, worst #10</title>" in svg
    assert "<text" not in svg, "the small sparkline has no labels"


def test_the_large_sparkline_labels_each_rank_and_the_first_and_last_day():
    trend = rank_trend(DAYS, {DAYS[0]: 10, DAYS[1]: 1}, width=320, height=100, padding=16)

    svg = trend.svg(large=True)

    assert 'r="3"' in svg and 'text-anchor="middle">10</text>' in svg
    assert 'class="axis">01-06</text>' in svg and 'class="axis">01-03</text>' in svg


def test_a_movie_never_ranked_draws_no_sparkline():
    assert rank_trend(DAYS, {}).svg() == ""
