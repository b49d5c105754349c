"""Crawlers: read an open movie source into the catalogue (`Crawler`, `TmdbCrawler`, `KmdbCrawler`)."""

from .base import Crawler, Gone
from .kmdb import KmdbCrawler
from .report import CrawlReport
from .tmdb import TmdbCrawler

CRAWLERS = {"kmdb": KmdbCrawler, "tmdb": TmdbCrawler}

__all__ = ["CRAWLERS", "CrawlReport", "Crawler", "Gone", "KmdbCrawler", "TmdbCrawler"]
