"""KMDb's `search_json2.jsp` as JSON: pure functions from the sandbox world and query to answers.

Shapes follow answers captured from the real service (api.koreafilm.or.kr, collection `kmdb_new2`):

- `{"Query", "KMAQuery", "TotalCount", "Data": [{"CollName", "TotalCount", "Count", "Result": [...]}]}`
  with the counts as strings ("10068", "500"); `Result` is left out when nothing matched.
- Every value in a record is a string; titles start with a stray space (" 평원의 대결"); matched query
  words, and a seeded share of titles, are wrapped in " !HS " / " !HE " markers.
- Nested lists are objects holding one list (`directors.director[]`, `plots.plot[]`), and an empty
  list is sent as one object of empty strings (`"vods": {"vod": [{"vodClass": "", "vodUrl": ""}]}`).
- `posters`, `stlls` are "|"-joined URLs on KMDb's file server (the sandbox's own, when served);
  `nation`, `genre` and `keywords` are comma-joined.
- `repRlsDate` is YYYYMMDD, and on real records sometimes "" or a partial "20180400".

Dirty kinds marked on a film by `world.py` are applied here, at render time, as are the everyday
habits of real records that `world/habits.py` decides (people without ids, KMDb's genre spellings,
loglines, `staffEtc` notes, trailers in parentheses, packed ratings, TV records, English alternates).
"""

from __future__ import annotations

import functools
import re
from datetime import timedelta

from . import vocabulary as vocab
from .world import Movie, World, build_world, habits

COLLECTION = "kmdb_new2"
# Where real KMDb serves its images; the sandbox's views pass their own base instead.
KMDB_IMAGE_BASE_URL = "http://file.koreafilm.or.kr/"
DEFAULT_LIST_COUNT = 10
MAX_LIST_COUNT = 500
_YYYYMMDD = re.compile(r"\d{8}")
_EMPTY = {
    "director": {"directorNm": "", "directorEnNm": "", "directorId": ""},
    "actor": {"actorNm": "", "actorEnNm": "", "actorId": ""},
    "plot": {"plotLang": "", "plotText": ""},
    "staff": {"staffNm": "", "staffEnNm": "", "staffRoleGroup": "", "staffRole": "", "staffEtc": "", "staffId": ""},
    "vod": {"vodClass": "", "vodUrl": ""},
}


class KmdbError(Exception):
    """A refused request: HTTP status and a message for the `Error` field of the answer."""

    def __init__(self, http_status: int, message: str):
        self.http_status = http_status
        self.message = message
        super().__init__(message)

    @property
    def body(self) -> dict:
        return {"Query": "", "KMAQuery": "", "TotalCount": "0", "Error": self.message}


# --- one record ------------------------------------------------------------------------------------


def release_date(movie: Movie) -> str:
    """`repRlsDate` as this record shows it, dirt included."""
    d = movie.release_date
    if "kmdb_empty_date" in movie.kmdb_dirt:
        return ""
    if "kmdb_partial_date" in movie.kmdb_dirt:
        return f"{d.year}{d.month:02d}00"
    if "kmdb_impossible_date" in movie.kmdb_dirt:
        return f"{d.year}0230"
    return d.strftime("%Y%m%d")


def highlight(text: str, query: str) -> str:
    """Wrap each occurrence of `query` in " !HS " / " !HE ", as KMDb marks what matched."""
    if not query or query not in text:
        return text
    return text.replace(query, f" !HS {query} !HE ")


def _listing(name: str, items: list[dict]) -> dict:
    return {name: items or [dict(_EMPTY[name])]}


def record(
    movie: Movie,
    detail: bool = True,
    title_query: str = "",
    director_query: str = "",
    image_base_url: str = KMDB_IMAGE_BASE_URL,
) -> dict:
    """One `Result` item. `detail=False` leaves out the nested lists, as `detail=N` does; image
    URLs are the film's files joined to `image_base_url` (ending in "/")."""
    dirt = movie.kmdb_dirt
    blank = "kmdb_blank_title" in dirt
    title = "" if blank else movie.title_ko
    title = f" !HS {title} !HE " if movie.kmdb_marked_title and not blank else highlight(title, title_query.strip())
    title = " " + title if not title.startswith(" ") else title
    title_eng = "" if blank else habits.title_eng(movie)
    if title_eng and movie.key % 7 == 0:
        title_eng = title_eng.replace(" ", "  ", 1)  # stray double space
    if title_eng and movie.key % 4 == 0:
        title_eng += " "  # stray trailing space
    title_org = "" if blank or movie.korean else movie.original_title
    title_etc = (
        ""
        if blank
        else "^".join(t for t in (movie.title_ko.replace(" ", ""), movie.title_ko, title_org, *_titles_en(movie)) if t)
    )

    runtime = ("0" if movie.key % 2 else f"-{movie.runtime}") if "kmdb_bad_runtime" in dirt else str(movie.runtime)
    tv = habits.is_tv_record(movie)
    nations = [] if tv else [c.name_ko for c in movie.countries]
    if "kmdb_unknown_nation" in dirt:
        nations.append(vocab.UNKNOWN_NATION_NAME)
    released = release_date(movie)
    rated = (movie.release_date - timedelta(days=20)).strftime("%Y%m%d")
    rating = movie.rating[0]
    packed = habits.packed_rating(movie)
    rating_line = {
        "ratingMain": "Y",
        "ratingDate": rated,
        "ratingNo": f"{movie.release_date.year}-MF{int(movie.movie_seq):05d}",
        "ratingGrade": rating,
        "releaseDate": released,
        "runtime": runtime,
    }
    if packed is not None:
        rating, packed_fields = packed
        rating_line.update(packed_fields, ratingNo=f"{rating_line['ratingNo']}||{rating_line['ratingNo']}-2")

    body = {
        "DOCID": movie.kmdb_id,
        "movieId": movie.movie_id,
        "movieSeq": movie.movie_seq,
        "title": title,
        "titleEng": title_eng,
        "titleOrg": title_org,
        "titleEtc": title_etc,
        "prodYear": str(movie.production_year),
        "directors": _listing(
            "director",
            [
                {
                    "directorNm": highlight(p.name_ko, director_query.strip()),
                    "directorEnNm": p.kmdb_name_en,
                    "directorId": habits.kmdb_person_id(p, movie),
                }
                for p in movie.directors
            ],
        ),
        "actors": _listing("actor", _actors(movie)),
        "nation": ",".join(nations),
        "company": movie.company,
        "plots": _listing("plot", _plots(movie)),
        "runtime": runtime,
        "rating": rating,
        "genre": ",".join(habits.kmdb_genres(movie)),
        "kmdbUrl": f"https://www.kmdb.or.kr/db/kor/detail/movie/{movie.movie_id}/{movie.movie_seq}",
        "type": "애니메이션" if any(g.tmdb_id == 16 for g in movie.genres) else "극영화",
        "use": "TV용" if tv else "극장용",
        "episodes": "",
        "ratedYn": "Y",
        "repRatDate": rated,
        "repRlsDate": released,
        "ratings": {"rating": [rating_line]},
        "keywords": ",".join(movie.keywords),
        "posters": "|".join(image_base_url + name for name in movie.kmdb_posters),
        "stlls": "|".join(image_base_url + name for name in movie.kmdb_stills),
        "staffs": _listing("staff", _staff(movie)),
        "vods": _listing("vod", [{"vodClass": c, "vodUrl": u} for c, u in habits.vods(movie)]),
        "openThtr": "",
        "stat": [{"screenArea": "", "screenCnt": "", "salesAcc": "", "audiAcc": "", "statSouce": "", "statDate": ""}],
        "screenArea": "",
        "screenCnt": "",
        "salesAcc": "",
        "audiAcc": "",
        "statSouce": "",
        "statDate": "",
        "themeSong": "",
        "soundtrack": "",
        "fLocation": "",
        "Awards1": "",
        "Awards2": "",
        # Records keyed in before the archive went digital carry the placeholder 19000101.
        "regDate": "19000101"
        if movie.release_date.year < 2000
        else (movie.release_date - timedelta(days=90)).strftime("%Y%m%d"),
        "modDate": (movie.release_date + timedelta(days=400)).strftime("%Y%m%d"),
        "Codes": {"Code": [{"CodeNm": "", "CodeNo": ""}]},
        "CommCodes": {"CommCode": [{"CodeNm": "", "CodeNo": ""}]},
        "ALIAS": "srcKmdb2",
    }
    if not detail:
        for key in ("plots", "staffs", "vods", "ratings", "stat", "Codes", "CommCodes"):
            del body[key]
    return body


def _actors(movie: Movie) -> list[dict]:
    if "kmdb_empty_actor_list" in movie.kmdb_dirt:
        return []
    actors = [
        {
            "actorNm": c.person.name_ko,
            "actorEnNm": c.person.kmdb_name_en,
            "actorId": habits.kmdb_person_id(c.person, movie),
        }
        for c in movie.cast
    ]
    if "kmdb_person_without_id" in movie.kmdb_dirt:
        actors[-1].update(actorEnNm="", actorId="")
    if "kmdb_duplicate_actor" in movie.kmdb_dirt:
        actors.append(dict(actors[0]))
    return actors


def _plots(movie: Movie) -> list[dict]:
    if movie.kmdb_plot_missing:
        return []
    text = movie.overview_ko
    if "kmdb_control_char" in movie.kmdb_dirt:
        middle = len(text) // 2
        text = f"{text[:middle]}\x0b{text[middle:]}"
    plots = [{"plotLang": "한국어", "plotText": korean} for korean in habits.korean_plots(movie, text)]
    if movie.key % 2:
        plots.append({"plotLang": "영어", "plotText": movie.overview_en})
    return plots


def _staff(movie: Movie) -> list[dict]:
    def entry(person, group, role="", note=""):
        return {
            "staffNm": person.name_ko,
            "staffEnNm": person.kmdb_name_en,
            "staffRoleGroup": group,
            "staffRole": role,
            "staffEtc": note,
            "staffId": habits.kmdb_person_id(person, movie),
        }

    staff = [entry(c.person, c.kmdb_role_group) for c in movie.crew if c.kmdb_role_group in ("감독", "각본")]
    if "kmdb_empty_actor_list" not in movie.kmdb_dirt:
        cast = [entry(c.person, "출연", c.character_ko, habits.staff_note(movie, i)) for i, c in enumerate(movie.cast)]
        if "kmdb_person_without_id" in movie.kmdb_dirt:
            cast[-1].update(staffEnNm="", staffId="")
        if "kmdb_duplicate_actor" in movie.kmdb_dirt:
            cast.append(dict(cast[0]))
        staff += cast
    staff += [entry(c.person, c.kmdb_role_group) for c in movie.crew if c.kmdb_role_group not in ("감독", "각본")]
    return staff


def _titles_en(movie: Movie) -> tuple[str, ...]:
    """The English titles ``titleEtc`` lists: the title, and the alternate when ``titleEng`` has one."""
    return (
        (movie.title_en, habits.alternate_title_en(movie)) if habits.has_alternate_title(movie) else (movie.title_en,)
    )


# --- search -------------------------------------------------------------------------------------


def _int_param(params, name: str, default: int, low: int) -> int:
    value = params.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise KmdbError(400, f"{name} must be an integer, not {value!r}") from None
    if number < low:
        raise KmdbError(400, f"{name} must be at least {low}, not {number}")
    return number


def _date_param(params, name: str) -> str:
    value = (params.get(name) or "").strip()
    if value and not _YYYYMMDD.fullmatch(value):
        raise KmdbError(400, f"{name} must be a date as YYYYMMDD, not {value!r}")
    return value


def _squash(text: str) -> str:
    return "".join(text.split()).lower()


@functools.lru_cache(maxsize=256)
def _matches(seed: int, size: int, since: str, until: str, title: str, director: str) -> tuple[Movie, ...]:
    """The records one search pages through, in DOCID order; cached, so paging costs O(page)."""
    matches = []
    for movie in build_world(seed, size).kmdb_movies:
        if since or until:
            released = release_date(movie)
            if not released or (since and released < since) or (until and released > until):
                continue
        if title and (
            "kmdb_blank_title" in movie.kmdb_dirt
            or (title not in _squash(movie.title_ko) and title not in _squash(movie.title_en))
        ):
            continue
        if director and not any(
            director in _squash(p.name_ko) or director in _squash(p.name_en) for p in movie.directors
        ):
            continue
        matches.append(movie)
    return tuple(matches)


def search(world: World, params, image_base_url: str = KMDB_IMAGE_BASE_URL) -> dict:
    """`search_json2.jsp`: records matching `title`, `director` and `releaseDts`..`releaseDte`,
    `listCount` (default 10, at most 500: larger asks are capped) from the 0-based `startCount`.

    Dates compare as the YYYYMMDD strings records show, so a partial "20180400" falls inside 2018
    and a record without a date matches no date range. `world` must come from `build_world` (the
    matches are cached by its seed and size). Image URLs start with `image_base_url`.
    """
    collection = params.get("collection") or COLLECTION
    if collection != COLLECTION:
        raise KmdbError(400, f"collection must be {COLLECTION!r}, not {collection!r}")
    detail = (params.get("detail") or "N").upper() == "Y"
    list_count = min(_int_param(params, "listCount", DEFAULT_LIST_COUNT, 1), MAX_LIST_COUNT)
    start_count = _int_param(params, "startCount", 0, 0)
    since, until = _date_param(params, "releaseDts"), _date_param(params, "releaseDte")
    title_query = (params.get("title") or params.get("query") or "").strip()
    director_query = (params.get("director") or "").strip()

    matches = _matches(world.seed, world.size, since, until, _squash(title_query), _squash(director_query))
    page = [
        record(m, detail, title_query, director_query, image_base_url)
        for m in matches[start_count : start_count + list_count]
    ]
    data = {"CollName": COLLECTION, "TotalCount": str(len(matches)), "Count": str(len(page))}
    if page:
        data["Result"] = page
    return {"Query": title_query, "KMAQuery": _squash(title_query), "TotalCount": str(len(matches)), "Data": [data]}
