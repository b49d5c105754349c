"""KMDb's habits: how real records differ from clean ones, and which sandbox records show each.

These are not dirt (a seeded 1% of records, see `dirt.py`) but the everyday shape of real KMDb
answers, read from public samples of ``search_json2.jsp`` output (issue 11), at rates near the real
ones. Each is decided from the film and person alone (their keys and ids), never by a new random
draw, so a world's films stay the same whatever habits are added:

- ``directorId``/``actorId``/``staffId`` empty for about 30% of the people a record lists, directors
  included (`kmdb_person_id`): a fifth of the people have no KMDb person entry at all, and some
  others lose theirs in one record now and then;
- genre names KMDb spells its own way (``코메디``, in `vocabulary.GENRES`), and a KMDb-only genre
  (``멜로드라마``, ``시대극/사극``, ``종교``) on one record in six (`kmdb_genres`);
- ``staffEtc`` role notes: ``목소리`` on every cast line of an animated film, ``특별출연`` on the last
  cast line of one record in five (`staff_note`);
- a one-line Korean logline before the full Korean plot in two records of three (`korean_plots`);
- trailers labelled ``예고편(메인예고편)`` (parentheses, not brackets) whose URL is
  ``.../own/videoData`` with no file name, in half the records that have trailers (`vods`);
- several ratings packed into one ``ratings.rating[]`` line, ``ratingMain`` ``"N||Y"``, in one record
  in four (`packed_rating`);
- TV films as ``use: "TV용"`` with an empty ``nation`` (`is_tv_record`);
- ``titleEng`` listing an alternate after a comma (``"Gun Shy, Salty"``), the alternate also in
  ``titleEtc``, in one record in ten (`title_eng`).
"""

from __future__ import annotations

from .. import vocabulary as vocab
from .model import Movie, Person

TV_MOVIE_GENRE = 10770
ANIMATION_GENRE = 16
VOICE_NOTE = "목소리"
CAMEO_NOTE = "특별출연"


def kmdb_person_id(person: Person, movie: Movie) -> str:
    """The ``…Id`` a record shows for `person` in `movie`: their id, or "" as real records often send."""
    number = int(person.kmdb_id)
    unregistered = number % 10 < 2  # no KMDb person entry: never an id
    missing_here = (number + movie.key) % 8 == 0  # this record lacks it
    return "" if unregistered or missing_here else person.kmdb_id


def people_without_id(movie: Movie) -> int:
    """How many of the people `movie`'s KMDb record lists (directors and cast) show no id."""
    people = {p.kmdb_id: p for p in (*movie.directors, *(c.person for c in movie.cast))}.values()
    return sum(1 for p in people if not kmdb_person_id(p, movie))


def kmdb_genres(movie: Movie) -> list[str]:
    """The record's genre names: KMDb's spellings, plus a genre only KMDb has on one record in six."""
    names = [g.kmdb_name for g in movie.genres if g.kmdb_name]
    if movie.key % 6 == 0:
        names.append(vocab.KMDB_ONLY_GENRES[movie.key // 6 % len(vocab.KMDB_ONLY_GENRES)])
    return names


def is_animated(movie: Movie) -> bool:
    return any(g.tmdb_id == ANIMATION_GENRE for g in movie.genres)


def staff_note(movie: Movie, index: int) -> str:
    """``staffEtc`` of the cast line `index`: a voice part in animation, now and then a cameo."""
    if is_animated(movie):
        return VOICE_NOTE
    if movie.key % 5 == 0 and index == len(movie.cast) - 1:
        return CAMEO_NOTE
    return ""


def has_logline(movie: Movie) -> bool:
    return movie.key % 3 != 2


def korean_plots(movie: Movie, text: str) -> list[str]:
    """The record's Korean plot texts: a one-line logline (the first sentence) first, then the full plot."""
    if has_logline(movie):
        return [text.split(". ")[0] + ".", text]
    return [text]


def has_parenthesised_trailers(movie: Movie) -> bool:
    return bool(movie.kmdb_vods) and movie.key % 2 == 0


def vods(movie: Movie) -> list[tuple[str, str]]:
    """``(vodClass, vodUrl)`` of the record's trailers, half the records in the ``(메인예고편)`` style."""
    if not has_parenthesised_trailers(movie):
        return list(movie.kmdb_vods)
    kinds = ("메인예고편", "티저예고편")
    return [
        (f"예고편({kinds[i % 2]})", f"https://www.kmdb.or.kr/own/videoData?vodSeq={movie.movie_seq}{i + 1:02d}")
        for i in range(len(movie.kmdb_vods))
    ]


def is_packed_rating(movie: Movie) -> bool:
    return movie.key % 4 == 1


def packed_rating(movie: Movie) -> tuple[str, dict[str, str]] | None:
    """``(rating, ratings.rating[0])`` when the record packs an earlier rating with the main one, else None.

    Each field of the line holds both values joined by "||"; ``ratingMain`` "N||Y" says the second is
    the main rating, and the record's ``rating`` is packed the same way.
    """
    if not is_packed_rating(movie):
        return None
    main = movie.rating[0]
    earlier = next(r for r in vocab.FILM_RATINGS if r != main)
    return f"{earlier}||{main}", {"ratingMain": "N||Y", "ratingGrade": f"{earlier}||{main}"}


def is_tv_record(movie: Movie) -> bool:
    """A TV film (TMDB's TV Movie genre): ``use`` "TV용" and no ``nation``."""
    return any(g.tmdb_id == TV_MOVIE_GENRE for g in movie.genres)


def has_alternate_title(movie: Movie) -> bool:
    return bool(movie.title_en) and movie.key % 10 == 3


def alternate_title_en(movie: Movie) -> str:
    """The second English title a record lists after the first (deterministic, from the title nouns)."""
    return vocab.TITLE_NOUNS[movie.key * 7 % len(vocab.TITLE_NOUNS)][1]


def title_eng(movie: Movie) -> str:
    """``titleEng``: the English title, with an alternate after a comma in one record in ten."""
    if has_alternate_title(movie):
        return f"{movie.title_en}, {alternate_title_en(movie)}"
    return movie.title_en


def quirks(kmdb_movies: tuple[Movie, ...]) -> dict[str, tuple[str, ...]]:
    """Each habit mapped to the DOCIDs of the records that show it, for tests to find them."""
    valid = [m for m in kmdb_movies if "kmdb_blank_title" not in m.kmdb_dirt]
    return {
        "kmdb_people_without_id": tuple(m.kmdb_id for m in kmdb_movies if people_without_id(m)),
        "kmdb_only_genres": tuple(m.kmdb_id for m in kmdb_movies if m.key % 6 == 0),
        "kmdb_voice_parts": tuple(
            m.kmdb_id for m in kmdb_movies if is_animated(m) and "kmdb_empty_actor_list" not in m.kmdb_dirt
        ),
        "kmdb_loglines": tuple(m.kmdb_id for m in kmdb_movies if has_logline(m) and not m.kmdb_plot_missing),
        "kmdb_parenthesised_trailers": tuple(m.kmdb_id for m in kmdb_movies if has_parenthesised_trailers(m)),
        "kmdb_packed_ratings": tuple(m.kmdb_id for m in kmdb_movies if is_packed_rating(m)),
        "kmdb_tv_records": tuple(m.kmdb_id for m in kmdb_movies if is_tv_record(m)),
        "kmdb_alternate_titles": tuple(m.kmdb_id for m in valid if has_alternate_title(m)),
    }
