"""`manage.py crawlmovies`: the report it prints, and one readable error for bad arguments or a dead API."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import include, path

from watchb.catalog.ingest.crawlers import TmdbCrawler
from watchb.catalog.models import Movie
from watchb.catalog.sources.tmdb import TmdbClient

urlpatterns = [path("sandbox/", include("watchb.sandbox.urls"))]


def crawlmovies(*args):
    out = StringIO()
    call_command("crawlmovies", *args, stdout=out)
    return out.getvalue()


@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
def test_crawling_all_prints_each_source_report_and_a_total(sandbox_site):
    output = crawlmovies("all")

    _kmdb_line, tmdb_line = [line for line in output.splitlines() if line.startswith(("kmdb:", "tmdb:"))]
    assert output.index("kmdb:") < output.index("tmdb:")  # KMDb first: its Korean values win
    assert " merged, " in tmdb_line and " movies/s)" in tmdb_line
    assert "  skipped:\n    title: blank" in output
    assert "  dropped fields:\n" in output and "  dropped children:\n" in output
    total = output.splitlines()[-1]
    assert total.startswith("total kmdb+tmdb: ") and f"{Movie.objects.count()} created" in total


@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
def test_limit_and_pages_bound_the_crawl(sandbox_site):
    output = crawlmovies("tmdb", "--pages", "1", "--limit", "5")

    assert output.startswith("tmdb: 5 fetched, 5 created")
    assert Movie.objects.count() == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tmdb", "--since", "2024-02-30"], "--since must be a date as YYYY-MM-DD, not '2024-02-30'"),
        (["tmdb", "--pages", "2", "--since", "2024-01-01"], "--pages cannot be combined with --since/--until"),
        (["kmdb", "--limit", "0"], "argument --limit: invalid positive_int value: '0'"),
        (["kmdb", "--pages", "many"], "argument --pages: invalid positive_int value: 'many'"),
        (["tmdb", "--pages", "²"], "argument --pages: invalid positive_int value: '²'"),
        (["all", "--changed-since", "2024-01-01"], "--changed-since works with tmdb only"),
        (
            ["tmdb", "--since", "2024-02-01", "--until", "2024-01-01"],
            "the start date 2024-02-01 is after --until 2024-01-01",
        ),
    ],
)
def test_bad_arguments_are_one_readable_error(args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(")) as error:
        crawlmovies(*args)
    assert "\n" not in str(error.value)


def test_an_unknown_source_is_refused():
    with pytest.raises(CommandError, match="the source must be tmdb, kmdb or all, not 'imdb'"):
        crawlmovies("imdb")


@pytest.mark.django_db
def test_an_unreachable_api_is_one_readable_error(settings, monkeypatch):
    settings.TMDB_API_URL = "http://127.0.0.1:9/3"  # the discard port: nothing listens
    monkeypatch.setattr(TmdbCrawler, "make_client", lambda self: TmdbClient(max_attempts=1))

    with pytest.raises(CommandError, match=r"^tmdb: .*127\.0\.0\.1:9") as error:
        crawlmovies("tmdb")
    assert "\n" not in str(error.value) and "sandbox" not in str(error.value)


@pytest.mark.django_db
def test_a_source_failing_mid_crawl_says_what_was_saved_before_it(monkeypatch):
    from watchb.catalog.ingest.crawlers import Gone
    from watchb.catalog.sources.http import SourceUnavailable

    def fetch(self, **options):
        yield Gone(1)
        yield Gone(2)
        raise SourceUnavailable("https://tmdb.test/3/movie/3 kept answering 503")

    monkeypatch.setattr(TmdbCrawler, "make_client", lambda self: None)
    monkeypatch.setattr(TmdbCrawler, "fetch", fetch)

    with pytest.raises(CommandError, match=r"^tmdb: .*503 \(stopped after 2 fetched: 0 created, 0 merged, 2 skipped"):
        crawlmovies("tmdb")
