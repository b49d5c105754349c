"""KMDb (the Korean Film Archive's movie database): the client (``client.py``), its records
(``records.py``), and the mapper to model dicts (``mapper.py``).

    client = KmdbClient()                     # settings.KMDB_API_URL / KMDB_SERVICE_KEY
    for movie in client.iter_movies(release_dts="20240101", release_dte="20240131"):
        data = movie_to_model_dict(movie)     # the shape documented in watchb.catalog.sources

KMDb's JSON has habits the records and the mapper undo:

- every value is a string, counts included (``"TotalCount": "39"``);
- search hits are wrapped in ``!HS`` … ``!HE`` markers, and titles carry stray spaces;
- lists are objects holding a list (``"directors": {"director": [...]}``), and an empty list is sent
  as one object of empty strings (``[{"directorNm": "", "directorId": ""}]``);
- several values are joined into one string: ``nation`` and ``genre`` with ",", ``posters`` and
  ``stlls`` with "|";
- dates are ``YYYYMMDD``, sometimes ``""`` or partial (``"20180400"``);
- people with an empty ``directorId``/``actorId``/``staffId`` (kept: see ``Person.film_key``);
- several Korean plots (a logline and the synopsis), ``staffEtc`` notes on the part (``목소리``),
  trailers labelled ``예고편(메인예고편)`` without a file name, ratings packed as ``"N||Y"``,
  ``use: "TV용"`` with no ``nation``, and ``titleEng`` listing alternates (``"Gun Shy, Salty"``).
"""

from .client import MAX_LIST_COUNT, KmdbClient
from .mapper import clean, iso_date, movie_to_model_dict, number_or_text, synopsis, tagline, title_en
from .records import COLLECTION, KmdbMovie, KmdbPage, KmdbPerson, KmdbPlot, KmdbStaff, KmdbVod

__all__ = [
    "COLLECTION",
    "MAX_LIST_COUNT",
    "KmdbClient",
    "KmdbMovie",
    "KmdbPage",
    "KmdbPerson",
    "KmdbPlot",
    "KmdbStaff",
    "KmdbVod",
    "clean",
    "iso_date",
    "movie_to_model_dict",
    "number_or_text",
    "synopsis",
    "tagline",
    "title_en",
]
