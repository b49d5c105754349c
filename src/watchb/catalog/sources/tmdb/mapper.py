"""TMDB records to model dicts (the shape documented in :mod:`watchb.catalog.sources`).

The mapper reshapes, it does not judge: a negative runtime or an impossible date goes on to
validation, which drops and counts it.
"""

from watchb.catalog.countries import country_name_ko

from ..fields import is_hangul, is_latin, one_line, paragraphs, person_film_key, without_blanks
from .records import (
    DEFAULT_IMAGE_BASE_URL,
    TmdbCountry,
    TmdbCredit,
    TmdbGenre,
    TmdbMovie,
    TmdbRelease,
)

POSTER_SIZE = "w500"
PROFILE_SIZE = "w185"
STILL_SIZE = "w780"
MAX_POSTERS = 10
MAX_STILLS = 10

#: Writing-department jobs that make someone a writer of the film. Authors of the source material
#: ("Novel", "Characters", "Comic Book") are left out: they did not write this film.
WRITER_JOBS = frozenset(
    {
        "Screenplay",
        "Writer",
        "Story",
        "Original Story",
        "Co-Writer",
        "Dialogue",
        "Adaptation",
        "Scenario Writer",
        "Script",
        "Original Screenplay",
        "Teleplay",
        "Screenstory",
    }
)
#: Video hosts a page can embed from a key.
VIDEO_SITES = frozenset({"YouTube", "Vimeo"})
#: Where a film rating is read from, in order of preference.
RATING_COUNTRIES = ("KR", "US")


def movie_to_model_dict(movie: TmdbMovie, *, image_base_url: str = DEFAULT_IMAGE_BASE_URL) -> dict:
    """The model dict (see :mod:`watchb.catalog.sources`) of one TMDB movie.

    Blank optional values are left out, so a merge with KMDb's record never blanks a field. People
    met twice in the same job (an actor credited for two characters, a writer of both story and
    screenplay, a duplicated entry) become one credit, the character names joined with " / ",
    because a movie holds one credit per person and job.
    """
    base = image_base_url if image_base_url.endswith("/") else image_base_url + "/"
    data = {
        "tmdb_id": movie.tmdb_id,
        "title": one_line(movie.title),
        "original_title": one_line(movie.original_title),
        "title_en": one_line(movie.original_title) if movie.original_language == "en" else "",
        "release_date": movie.release_date.strip() or None,
        # 0 is TMDB's "unknown"; other values, negative ones included, are for validation to judge.
        "runtime": movie.runtime or None,
        "synopsis": paragraphs(movie.overview),
        "film_rating": film_rating(movie.releases),
        # Children that say nothing at all are skipped; half-broken ones go on to be judged and counted.
        "genres": [_genre(genre) for genre in movie.genres if genre.name.strip() or genre.tmdb_id is not None],
        "countries": [
            _country(country) for country in movie.production_countries if country.code.strip() or country.name.strip()
        ],
        "credits": _credits(movie, base),
        "posters": [{"url": url} for url in _image_urls(movie, base)],
        "stills": [{"url": base + STILL_SIZE + path} for path in _unique(movie.backdrop_paths)[:MAX_STILLS]],
        "videos": [
            {"site": video.site, "key": video.key.strip(), "name": one_line(video.name), "kind": video.type}
            for video in movie.videos
            if video.site in VIDEO_SITES and video.key.strip()
        ],
    }
    return without_blanks(data, keep=("tmdb_id", "title"))


def film_rating(releases: list[TmdbRelease]) -> str:
    """The Korean certification, else the American one, else ""."""
    for country in RATING_COUNTRIES:
        for release in releases:
            if release.country == country and release.certification.strip():
                return release.certification.strip()
    return ""


def _genre(genre: TmdbGenre) -> dict:
    return {"name": one_line(genre.name), "tmdb_id": genre.tmdb_id}


def _country(country: TmdbCountry) -> dict:
    code = country.code.strip().upper()
    return without_blanks(
        {"code": code, "name": country_name_ko(code), "name_en": one_line(country.name)}, keep=("code",)
    )


def _credits(movie: TmdbMovie, image_base: str) -> list[dict]:
    credits: dict[tuple, dict] = {}

    def add(member, job: str, order: int, role_name: str = "") -> None:
        person = _person(member, image_base)
        key = person_film_key("tmdb", movie.tmdb_id, person["name"], person.get("name_en", ""))
        if member.tmdb_id is None and key:  # identified by where TMDB lists them (README, "What identifies a person")
            person["film_key"] = key
        key = (job, member.tmdb_id if member.tmdb_id is not None else person["name"])
        if key in credits:
            known = credits[key]
            if role_name and role_name not in known["role_name"].split(" / "):
                known["role_name"] = " / ".join(filter(None, (known["role_name"], role_name)))
            return
        credits[key] = {"person": person, "job": job, "role_name": role_name, "order": order}

    def next_order(job: str) -> int:
        return sum(1 for credit_job, _ in credits if credit_job == job)

    for member in movie.crew:
        if member.job == "Director":
            add(member, "director", next_order("director"))
    for member in movie.crew:
        if member.department == "Writing" and member.job in WRITER_JOBS:
            add(member, "writer", next_order("writer"))
    for position, member in enumerate(sorted(movie.cast, key=_cast_order)):
        add(
            member,
            "actor",
            member.order if member.order is not None and member.order >= 0 else position,
            one_line(member.character),
        )
    return [without_blanks(credit, keep=("person", "job", "order")) for credit in credits.values()]


def _cast_order(member: TmdbCredit) -> tuple:
    return (member.order is None, member.order if member.order is not None else 0)


def _person(member: TmdbCredit, image_base: str) -> dict:
    """A credited person. TMDB names people in English ("Song Kang-ho") whatever the language asked,
    with the name in their own script as ``original_name`` ("송강호"); a Korean catalogue shows the
    Hangul one and keeps the Latin one as the English name."""
    name, original = one_line(member.name), one_line(member.original_name)
    if not name or (is_hangul(original) and not is_hangul(name)):
        name = original or name
    latin = next((candidate for candidate in (one_line(member.name), original) if is_latin(candidate)), "")
    path = member.profile_path.strip()
    return without_blanks(
        {
            "tmdb_id": member.tmdb_id,
            "name": name,
            "name_en": latin,
            "photo": image_base + PROFILE_SIZE + path if path else "",
        },
        keep=("tmdb_id", "name"),
    )


def _image_urls(movie: TmdbMovie, base: str) -> list[str]:
    paths = _unique([movie.poster_path.strip(), *movie.poster_paths])[:MAX_POSTERS]
    return [base + POSTER_SIZE + path for path in paths]


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))
