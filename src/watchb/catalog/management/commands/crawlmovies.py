"""``manage.py crawlmovies {tmdb,kmdb,all}``: crawl the open movie sources into the catalogue."""

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from watchb.api.params import positive_int
from watchb.catalog.ingest.crawlers import CRAWLERS
from watchb.catalog.sources.http import SourceError

#: `all` reads KMDb first: merging fills only blank fields, so the first source's values stay, and
#: KMDb's Korean titles, plots and ratings are the ones a Korean catalogue should show. TMDB then
#: fills what KMDb lacks (English titles, images, trailers) and brings the films KMDb does not have.
ALL_SOURCES = ("kmdb", "tmdb")


class Command(BaseCommand):
    help = (
        "Crawl movies from TMDB, KMDb or both (KMDb first, then TMDB) into the catalogue and report "
        "what was fetched, created, merged, skipped and dropped. Re-running creates nothing twice."
    )

    def add_arguments(self, parser):
        # Checked in `handle` rather than by argparse, so a wrong name is one CommandError line too.
        parser.add_argument("source", metavar="{tmdb,kmdb,all}", help="which source to crawl")
        parser.add_argument("--pages", metavar="N", type=positive_int, help="read at most N listing pages per source")
        parser.add_argument("--since", metavar="DATE", help="first release date (YYYY-MM-DD)")
        parser.add_argument("--until", metavar="DATE", help="last release date (YYYY-MM-DD)")
        parser.add_argument("--limit", metavar="N", type=positive_int, help="crawl at most N movies per source")
        parser.add_argument(
            "--changed-since",
            metavar="DATE",
            help="TMDB only: update the movies changed since DATE (to --until or today) instead of discovering",
        )

    def handle(self, *args, source, **options):
        crawl = self.crawl_options(source, options)
        reports = []
        for name in ALL_SOURCES if source == "all" else (source,):
            with tqdm(desc=name, unit=" movies", file=sys.stderr, disable=not sys.stderr.isatty()) as bar:
                try:
                    crawler = CRAWLERS[name](progress=bar)
                    report = crawler.run(**crawl)
                except SourceError as exc:
                    done = getattr(exc, "report", None)
                    so_far = (
                        f" (stopped after {done.fetched} fetched: {done.created} created, {done.merged} merged, "
                        f"{done.skipped_total} skipped; those are saved)"
                        if done is not None and done.fetched
                        else ""
                    )
                    raise CommandError(f"{name}: {exc}{so_far}") from exc
            reports.append(report)
            self.stdout.write(str(report))
        if len(reports) > 1:
            self.stdout.write("total " + sum(reports[1:], reports[0]).summary())

    def crawl_options(self, source, options) -> dict:
        """The crawlers' keyword arguments from the command line; CommandError for bad ones."""
        if source not in (*ALL_SOURCES, "all"):
            raise CommandError(f"the source must be tmdb, kmdb or all, not {source!r}")
        pages, limit = options["pages"], options["limit"]
        since = _date(options["since"], "--since")
        until = _date(options["until"], "--until")
        changed_since = _date(options["changed_since"], "--changed-since")
        if pages is not None and (since or until):
            raise CommandError("--pages cannot be combined with --since/--until: choose pages or a date range")
        if changed_since is not None:
            if source != "tmdb":
                raise CommandError("--changed-since works with tmdb only: KMDb has no list of changes")
            if pages is not None or since is not None:
                raise CommandError("--changed-since cannot be combined with --pages or --since")
        start = changed_since or since
        if start and until and start > until:
            raise CommandError(f"the start date {start} is after --until {until}")
        return {"pages": pages, "limit": limit, "since": since, "until": until, "changed_since": changed_since}


def _date(value, option):
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} must be a date as YYYY-MM-DD, not {value!r}") from None
