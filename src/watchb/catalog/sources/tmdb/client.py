"""The TMDB v3 client: one session, the key from settings, the endpoints a crawl uses."""

from datetime import date

from ..fields import mapping, objects
from ..http import JsonHttpClient
from .mapper import movie_to_model_dict
from .records import TmdbConfiguration, TmdbGenre, TmdbMovie, TmdbPage


class TmdbClient(JsonHttpClient):
    """A TMDB v3 client.

    :param api_url: the base ending in ``/3``; ``settings.TMDB_API_URL`` when None.
    :param api_key: a v3 API key (sent as the ``api_key`` parameter) or a v4 read-access token (a JWT,
        starting "eyJ", sent as ``Authorization: Bearer``); ``settings.TMDB_API_KEY`` when None.
    :param language: the language of titles, overviews and genre names.
    :param options: the retry and timeout options of :class:`JsonHttpClient`.
    """

    secret_params = frozenset({"api_key"})

    def __init__(self, api_url: str | None = None, api_key: str | None = None, *, language: str = "ko-KR", **options):
        if api_url is None or api_key is None:
            from django.conf import settings

            api_url = api_url if api_url is not None else settings.TMDB_API_URL
            api_key = api_key if api_key is not None else settings.TMDB_API_KEY
        super().__init__(api_url, **options)
        self.language = language
        self._api_key = api_key or ""
        self._bearer = self._api_key.startswith("eyJ")
        if self._bearer:
            self.session.headers["Authorization"] = f"Bearer {self._api_key}"
        self._configuration: TmdbConfiguration | None = None

    def auth_params(self) -> dict[str, str]:
        return {"api_key": self._api_key} if self._api_key and not self._bearer else {}

    def discover(
        self,
        page: int = 1,
        release_date_gte: date | str | None = None,
        release_date_lte: date | str | None = None,
        sort_by: str = "primary_release_date.asc",
    ) -> TmdbPage:
        """One page (1–500, 20 movies each) of ``/discover/movie`` between two release dates.

        TMDB serves at most 500 pages of one query, so a full catalogue is read in date ranges small
        enough to fit. The default order is by release date because popularity shifts while a crawl
        pages through it, which would skip some movies and repeat others.
        """
        _check_page(page, maximum=500)
        data = self.get_json(
            "discover/movie",
            {
                "page": page,
                "primary_release_date.gte": _iso(release_date_gte),
                "primary_release_date.lte": _iso(release_date_lte),
                "sort_by": sort_by,
                "include_adult": "false",
                "include_video": "false",
                "language": self.language,
            },
        )
        return TmdbPage.from_json(data)

    def movie(self, tmdb_id: int) -> TmdbMovie:
        """A movie's details with its credits, release dates, images and videos, in one request.

        Images and videos are asked for in Korean, English and no language, since the language
        filter would otherwise hide most posters. Raises SourceNotFound for a deleted movie.
        """
        data = self.get_json(
            f"movie/{int(tmdb_id)}",
            {
                "append_to_response": "credits,release_dates,images,videos",
                "language": self.language,
                "include_image_language": "ko,en,null",
                "include_video_language": "ko,en,null",
            },
        )
        return TmdbMovie.from_json(data)

    def changes(
        self, start_date: date | str | None = None, end_date: date | str | None = None, page: int = 1
    ) -> TmdbPage:
        """One page (100 ids) of movies changed between two dates (TMDB allows at most 14 days).

        Adult titles are left out, as ``discover`` leaves them out.
        """
        _check_page(page, maximum=1000)
        data = self.get_json(
            "movie/changes",
            {
                "start_date": _iso(start_date),
                "end_date": _iso(end_date),
                "page": page,
            },
        )
        return TmdbPage.from_json(data, skip_adult=True)

    def genres(self) -> list[TmdbGenre]:
        """The movie genres, named in the client's language."""
        data = self.get_json("genre/movie/list", {"language": self.language})
        return [TmdbGenre.from_json(item) for item in objects(mapping(data).get("genres"))]

    def configuration(self) -> TmdbConfiguration:
        """The image configuration, fetched once per client."""
        if self._configuration is None:
            self._configuration = TmdbConfiguration.from_json(self.get_json("configuration"))
        return self._configuration

    def to_model_dict(self, movie: TmdbMovie) -> dict:
        """:func:`movie_to_model_dict` with this source's image base URL."""
        return movie_to_model_dict(movie, image_base_url=self.configuration().image_base_url)


def _check_page(page: int, *, maximum: int) -> None:
    if isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= maximum:
        raise ValueError(f"page must be an integer from 1 to {maximum}, not {page!r}")


def _iso(value: date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, date) else value
