"""A source's key never reaches a traceback, the output or a log line, even when the source is down."""

import logging
import traceback

import pytest
from django.core.management import CommandError, load_command_class

from watchb.catalog.ingest.crawlers import KmdbCrawler, TmdbCrawler
from watchb.catalog.sources.kmdb import KmdbClient
from watchb.catalog.sources.tmdb import TmdbClient

CLOSED = "http://127.0.0.1:9"  # the discard port: nothing listens


def crawl_with_traceback(source):
    """`manage.py crawlmovies SOURCE --traceback` in this process; the traceback it would print."""
    command = load_command_class("watchb.catalog", "crawlmovies")
    with pytest.raises(CommandError, match="unreachable") as error:
        command.run_from_argv(["manage.py", "crawlmovies", source, "--pages", "1", "--traceback"])
    return "".join(traceback.format_exception(error.value))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "crawler", "client", "key_name"),
    [
        ("tmdb", TmdbCrawler, TmdbClient, "api_key"),
        ("kmdb", KmdbCrawler, KmdbClient, "ServiceKey"),
    ],
)
def test_a_connection_failure_shows_no_key(source, crawler, client, key_name, settings, monkeypatch, capfd, caplog):
    secret = "s3cret-key-0123456789"
    settings.TMDB_API_URL = f"{CLOSED}/3"
    settings.KMDB_API_URL = f"{CLOSED}/search_json2.jsp"
    settings.TMDB_API_KEY = settings.KMDB_SERVICE_KEY = secret
    # Three tries, so urllib3 logs its retries too; no waiting between them.
    monkeypatch.setattr(crawler, "make_client", lambda self: client(max_attempts=3, sleep=lambda seconds: None))
    caplog.set_level(logging.DEBUG)

    printed = crawl_with_traceback(source)
    out, err = capfd.readouterr()

    assert "unreachable after 3 attempts" in printed
    assert caplog.records, "the retries are logged"
    everything = printed + out + err + caplog.text
    assert secret not in everything
    assert f"{key_name}=" not in printed
