"""Real-shaped KMDb records, written for the tests from the shapes issue 11 describes; stand-in
clients of both sources, and a crawl of KMDb records.

    record = kmdb_record("K00001", "바다의 노래", directors=[("박감독", "PARK Gam-dok", "")])
    report = crawl_kmdb([record])

People are ``(name, English name, id)``; an id of "" is a person KMDb lists without one.
"""

from watchb.catalog.ingest.crawlers import KmdbCrawler, TmdbCrawler
from watchb.catalog.sources import kmdb, tmdb


def kmdb_record(docid, title, *, directors=(), actors=(), staffs=(), released="20240105", **fields):
    """One ``Result`` item as ``search_json2.jsp`` sends it (``detail=Y``), every value a string."""
    empty = {"staff": {"staffNm": "", "staffEnNm": "", "staffRoleGroup": "", "staffRole": "", "staffEtc": ""}}
    return {
        "DOCID": docid,
        "movieId": docid[0],
        "movieSeq": docid[1:],
        "title": f" {title}",
        "titleEng": "",
        "titleOrg": "",
        "titleEtc": title,
        "prodYear": released[:4],
        "directors": {
            "director": [{"directorNm": n, "directorEnNm": e, "directorId": i} for n, e, i in directors]
            or [{"directorNm": "", "directorEnNm": "", "directorId": ""}]
        },
        "actors": {
            "actor": [{"actorNm": n, "actorEnNm": e, "actorId": i} for n, e, i in actors]
            or [{"actorNm": "", "actorEnNm": "", "actorId": ""}]
        },
        "nation": "대한민국",
        "runtime": "101",
        "rating": "15세관람가",
        "genre": "드라마",
        "use": "극장용",
        "repRlsDate": released,
        "plots": {"plot": [{"plotLang": "한국어", "plotText": f"{title}의 줄거리."}]},
        "staffs": {"staff": list(staffs) or [empty["staff"]]},
        "vods": {"vod": [{"vodClass": "", "vodUrl": ""}]},
        "posters": "",
        "stlls": "",
        **fields,
    }


def kmdb_films(count, first=1):
    """`count` KMDb records ``K{first:05d}``…, on different days, each with a director and an actor of
    its own, one actor all of them list (``99999999``) and one listed without an id."""
    return [
        kmdb_record(
            f"K{n:05d}",
            f"영화 {n}",
            directors=[(f"감독{n}", f"DIRECTOR {n}", f"{n:08d}")],
            actors=[
                (f"배우{n}", f"ACTOR {n}", f"{10_000 + n:08d}"),
                ("모두", "EVERYONE", "99999999"),
                ("익명", "", ""),
            ],
            released=f"{2000 + n // 336}{1 + n % 12:02d}{1 + n % 28:02d}",
        )
        for n in range(first, first + count)
    ]


def staff(name, name_en, person_id, group, role="", etc=""):
    """One ``staffs.staff[]`` line."""
    return {
        "staffNm": name,
        "staffEnNm": name_en,
        "staffRoleGroup": group,
        "staffRole": role,
        "staffEtc": etc,
        "staffId": person_id,
    }


class StandInKmdb:
    """Answers like KmdbClient from a list of ``Result`` items."""

    def __init__(self, results):
        self.results = results

    def search(self, *, release_dts=None, release_dte=None, start_count=0, list_count=100):
        movies = [kmdb.KmdbMovie.from_json(r) for r in self.results[start_count : start_count + list_count]]
        return kmdb.KmdbPage(total_count=len(self.results), start_count=start_count, movies=movies)

    def to_model_dict(self, movie):
        return kmdb.movie_to_model_dict(movie)


class StandInTmdb:
    """Answers like TmdbClient's `discover` and `movie` from a dict of movie JSON by id."""

    def __init__(self, movies):
        self.movies = movies

    def discover(self, page=1, release_date_gte=None, release_date_lte=None):
        return tmdb.TmdbPage(page, 1, len(self.movies), sorted(self.movies) if page == 1 else [])

    def movie(self, tmdb_id):
        return tmdb.TmdbMovie.from_json(self.movies[tmdb_id])

    def to_model_dict(self, movie):
        return tmdb.movie_to_model_dict(movie)


def crawl_kmdb(records):
    """Crawl `records` as KMDb's answer; the crawl's report."""
    return KmdbCrawler(StandInKmdb(records)).run()


def crawl_tmdb(movies):
    """Crawl TMDB movie JSON objects (``append_to_response=credits``) as TMDB's answers; the report."""
    return TmdbCrawler(StandInTmdb({movie["id"]: movie for movie in movies})).run()
