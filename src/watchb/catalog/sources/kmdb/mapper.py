"""KMDb records to model dicts (the shape documented in :mod:`watchb.catalog.sources`).

The mapper undoes KMDb's habits: ``!HS`` … ``!HE`` search markers and stray spaces, values joined
into one string (``nation`` and ``genre`` with ",", ``posters`` and ``stlls`` with "|"), dates as
``YYYYMMDD`` (sometimes ``""`` or partial, ``"20180400"``), numbers as strings.
"""

import re
from urllib.parse import parse_qs, urlsplit

from watchb.catalog.countries import code_for_name, country_name_en, country_name_ko
from watchb.catalog.genres import GENRES, TV_MOVIE

from ..fields import integer, one_line, paragraphs, person_film_key, without_blanks
from .records import PACKED, KmdbMovie, KmdbPerson, KmdbPlot, KmdbVod

#: Staff role groups whose people wrote the film (각본 screenplay, 각색 adaptation).
WRITER_GROUPS = frozenset({"각본", "각색"})
#: The role group of the cast in ``staffs``; its ``staffRole`` is the character played.
CAST_GROUP = "출연"
#: Role groups (or ``staffEtc`` values) that say how large a part is: kept as the credit's cameo type.
CAMEO_GROUPS = frozenset({"주연", "조연", "단역", "특별출연", "우정출연", "카메오"})
PREFERRED_PLOT_LANGUAGE = "한국어"
#: ``use`` of a record made for television: the film gets TMDB's TV Movie genre.
TV_USE = "TV용"
#: A Korean plot at most this long, beside a longer one, is a logline: kept as the tagline.
TAGLINE_MAX_LENGTH = 300

_MARKERS = re.compile(r"!H[SE]")
_BRACKETED = re.compile(r"\[([^\]]+)\]|\(([^)]+)\)")


def clean(value: str) -> str:
    """A KMDb string without its ``!HS``/``!HE`` markers, control characters and stray spaces."""
    return one_line(_MARKERS.sub("", value))


def iso_date(value: str) -> str | None:
    """``"20240131"`` → ``"2024-01-31"``; ``""`` → None; a partial or odd value passed on for validation.

    A partial date keeps its zeros (``"20180400"`` → ``"2018-04-00"``) so validation rejects it as
    the impossible date it is rather than this guessing a day.
    """
    value = clean(value)
    if not value:
        return None
    if re.fullmatch(r"\d{8}", value):
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    return value


def number_or_text(value: str) -> int | str | None:
    """An all-digit string as an int, "" as None, anything else passed on as text for validation."""
    value = clean(value)
    if not value:
        return None
    number = integer(value)
    return number if number is not None else value


def movie_to_model_dict(movie: KmdbMovie) -> dict:
    """The model dict (see :mod:`watchb.catalog.sources`) of one KMDb movie.

    Blank optional values are left out, so a merge with TMDB's record never blanks a field.
    """
    kmdb_id = clean(movie.docid) or clean(movie.movie_id + movie.movie_seq) or None
    data = {
        "kmdb_id": kmdb_id,
        "title": clean(movie.title),
        "title_en": title_en(movie.title_eng, movie.title_etc),
        "original_title": clean(movie.title_org),
        "release_date": iso_date(movie.rep_rls_date),
        "production_year": number_or_text(movie.prod_year),
        "runtime": number_or_text(movie.runtime),
        "synopsis": synopsis(movie.plots),
        "tagline": tagline(movie.plots),
        "film_rating": clean(movie.main_rating_grade) or ("" if PACKED in movie.rating else clean(movie.rating)),
        "genres": _genres(movie),
        "countries": [_country(name) for name in _split(movie.nation, ",")],
        "credits": _credits(movie, kmdb_id),
        "posters": [{"url": url} for url in _split(movie.posters, "|")],
        "stills": [{"url": url} for url in _split(movie.stlls, "|")],
        "videos": [video for vod in movie.vods if (video := _video(vod))],
    }
    return without_blanks(data, keep=("kmdb_id", "title"))


def _plot_texts(plots: list[KmdbPlot]) -> tuple[list[str], list[str]]:
    """The Korean plot texts and all plot texts, cleaned, in KMDb's order, without blanks."""
    texts = [(plot.language.strip(), paragraphs(_MARKERS.sub("", plot.text))) for plot in plots]
    texts = [(language, body) for language, body in texts if body]
    return [body for language, body in texts if language == PREFERRED_PLOT_LANGUAGE], [body for _, body in texts]


def synopsis(plots: list[KmdbPlot]) -> str:
    """The longest Korean plot (a record may hold a one-line logline and the full synopsis), else
    the first plot with text."""
    korean, every = _plot_texts(plots)
    return max(korean, key=len) if korean else (every[0] if every else "")


def tagline(plots: list[KmdbPlot]) -> str:
    """The shortest Korean plot when the record has a longer one too and it fits a tagline, else ""."""
    korean, _ = _plot_texts(plots)
    if len(korean) < 2:
        return ""
    shortest = min(korean, key=len)
    return shortest if len(shortest) < len(max(korean, key=len)) and len(shortest) <= TAGLINE_MAX_LENGTH else ""


def title_en(title_eng: str, title_etc: str) -> str:
    """The English title: the first of the alternates ``titleEng`` may list ("Gun Shy, Salty").

    A comma splits alternates only when ``titleEtc`` (the "^"-joined other titles) lists every part
    as a title of its own; otherwise it belongs to the title ("The Good, the Bad, the Weird").
    """
    title = clean(title_eng)
    parts = [part.strip() for part in title.split(",")]
    others = {clean(other) for other in title_etc.split("^")}
    if len(parts) > 1 and all(parts) and set(parts) <= others:
        return parts[0]
    return title


def _genres(movie: KmdbMovie) -> list[dict]:
    """The record's genres by name (made canonical by the serializer); a TV record is a TV Movie too."""
    genres = [{"name": name} for name in _split(movie.genre, ",")]
    if clean(movie.use) == TV_USE:
        genres.append({"name": GENRES[TV_MOVIE][0], "tmdb_id": TV_MOVIE})
    return genres


def _split(value: str, separator: str) -> list[str]:
    return list(dict.fromkeys(part for part in (clean(piece) for piece in value.split(separator)) if part))


def _country(name: str) -> dict:
    code = code_for_name(name)
    if code is None:
        # Kept with a blank code, so validation drops it and counts the name it did not know.
        return {"code": "", "name": name}
    return without_blanks(
        {"code": code, "name": country_name_ko(code) or name, "name_en": country_name_en(code)}, keep=("code",)
    )


def _person(person: KmdbPerson) -> dict:
    return without_blanks(
        {"kmdb_id": clean(person.kmdb_id) or None, "name": clean(person.name), "name_en": clean(person.name_en)},
        keep=("kmdb_id", "name"),
    )


def _credits(movie: KmdbMovie, kmdb_id: str | None) -> list[dict]:
    """Directors, writers (staffs 각본/각색) and actors, one credit per person and job.

    The cast comes from ``actors`` in billing order; ``staffs`` lines of the cast give each actor
    the character played (``staffRole``) and the size of the part (``staffEtc``, or a role group
    such as 주연 or 특별출연), and add cast members ``actors`` left out. Every person carries
    their `film_key` (where this record lists them): the identity of those listed without an id,
    and how one listed without it before is found when a record brings it.
    """
    credits: list[dict] = []
    by_id: dict[tuple[str, str], dict] = {}
    by_name: dict[tuple[str, str], dict] = {}

    def known(job: str, person: dict) -> dict | None:
        """The credit already made for this person in this job: same id, or same name when one has no id."""
        if person["kmdb_id"] and (job, person["kmdb_id"]) in by_id:
            return by_id[job, person["kmdb_id"]]
        credit = by_name.get((job, person["name"]))
        if credit is not None and not (person["kmdb_id"] and credit["person"]["kmdb_id"]):
            return credit
        return None

    def add(job: str, person: dict, role_name: str = "", cameo_type: str = "") -> None:
        credit = known(job, person)
        if credit is None:
            # Billing order among the distinct people of this job, as KMDb lists them.
            order = sum(1 for credit in credits if credit["job"] == job)
            credit = {"person": person, "job": job, "role_name": role_name, "cameo_type": cameo_type, "order": order}
            credits.append(credit)
        else:
            # Met again (a duplicated line, or the staffs line of an actor): fill what is still blank.
            for name, value in (("role_name", role_name), ("cameo_type", cameo_type)):
                credit[name] = credit[name] or value
            for name, value in person.items():
                credit["person"][name] = credit["person"].get(name) or value
        if credit["person"]["kmdb_id"]:
            by_id[job, credit["person"]["kmdb_id"]] = credit
        by_name.setdefault((job, credit["person"]["name"]), credit)

    for director in movie.directors:
        add("director", _person(director))
    for staff in movie.staffs:
        if clean(staff.role_group) in WRITER_GROUPS:
            add("writer", _person(staff.person))
    for actor in movie.actors:
        add("actor", _person(actor))
    for staff in movie.staffs:
        group = clean(staff.role_group)
        if group == CAST_GROUP or group in CAMEO_GROUPS:
            # staffEtc is either the size of the part (특별출연: a cameo type) or a note on the part
            # itself (목소리: a voice part), kept with the part as TMDB writes "Woody (voice)".
            note, role = clean(staff.etc), clean(staff.role)
            cameo_type = note if note in CAMEO_GROUPS else (group if group in CAMEO_GROUPS else "")
            if note and note not in CAMEO_GROUPS:
                role = f"{role} ({note})" if role else note
            add("actor", _person(staff.person), role, cameo_type)

    ids_by_key: dict[str, set] = {}
    for credit in credits:
        person = credit["person"]
        if key := person_film_key("kmdb", kmdb_id, person["name"], person.get("name_en", "")):
            person["film_key"] = key
            ids_by_key.setdefault(key, set()).update({person["kmdb_id"]} - {None})
    for credit in credits:
        # Namesakes with two ids in one film: their ids tell them apart, a shared film_key would not.
        person = credit["person"]
        if person["kmdb_id"] and len(ids_by_key.get(person.get("film_key"), ())) > 1:
            del person["film_key"]
    return [without_blanks(credit, keep=("person", "job", "order")) for credit in credits]


def _video(vod: KmdbVod) -> dict | None:
    """A KMDb trailer as a video: site "KMDb", key the file name (``pFileNm``) or the URL.

    The page that plays it is ``https://www.kmdb.or.kr/trailer/trailerPlayPop?pFileNm=<key>``; an
    ``.../own/videoData`` URL has no file name, and is its own key. The kind is the label's part in
    brackets or parentheses ("이마 베프 [메인예고편]", "예고편(메인예고편)" → "메인예고편").
    """
    url = clean(vod.url)
    if not url:
        return None
    key = parse_qs(urlsplit(url).query).get("pFileNm", [url])[0]
    label = clean(vod.label)
    kind = _BRACKETED.search(label)
    return without_blanks(
        {"site": "KMDb", "key": key, "name": label, "kind": next(filter(None, kind.groups()), "") if kind else ""},
        keep=("site", "key"),
    )
