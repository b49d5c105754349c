"""One genre per meaning: the canonical genre set both sources map to.

The key is TMDB's movie genre id, the name TMDB's Korean one (``/genre/movie/list?language=ko-KR``,
as the TMDB sandbox serves it); each lists the other spellings that mean it: TMDB's English name
and KMDb's own words (``코메디`` for 코미디, ``멜로/로맨스`` for 로맨스, ``공포(호러)`` for 공포). A genre
no entry names (KMDb's ``멜로드라마``, ``시대극/사극``, ``종교``) is a named addition: kept by its name,
without a TMDB id.

    canonical_genre("코메디")            # {"name": "코미디", "tmdb_id": 35}
    canonical_genre("Comedy", 35)        # {"name": "코미디", "tmdb_id": 35}
    canonical_genre("멜로드라마")          # {"name": "멜로드라마", "tmdb_id": None}
"""

#: TMDB id: (the canonical name, the other spellings that mean the same genre).
GENRES = {
    28: ("액션", ("Action",)),
    12: ("모험", ("Adventure", "어드벤처")),
    16: ("애니메이션", ("Animation",)),
    35: ("코미디", ("Comedy", "코메디")),
    80: ("범죄", ("Crime",)),
    99: ("다큐멘터리", ("Documentary",)),
    18: ("드라마", ("Drama",)),
    10751: ("가족", ("Family",)),
    14: ("판타지", ("Fantasy",)),
    36: ("역사", ("History",)),
    27: ("공포", ("Horror", "공포(호러)", "호러")),
    # KMDb files musicals and music films alike under 뮤지컬; TMDB has Music only.
    10402: ("음악", ("Music", "뮤지컬")),
    9648: ("미스터리", ("Mystery",)),
    10749: ("로맨스", ("Romance", "멜로/로맨스")),
    878: ("SF", ("Science Fiction",)),
    10770: ("TV 영화", ("TV Movie",)),
    53: ("스릴러", ("Thriller",)),
    10752: ("전쟁", ("War",)),
    37: ("서부", ("Western", "서부극")),
}
TV_MOVIE = 10770


def _spelling(name: str) -> str:
    """What tells two spellings apart: letters and signs, not case or spaces ("TV영화" is "TV 영화")."""
    return "".join(name.split()).casefold()


_BY_SPELLING = {
    _spelling(spelling): tmdb_id for tmdb_id, (name, others) in GENRES.items() for spelling in (name, *others)
}


def canonical_genre(name: str, tmdb_id: int | None = None) -> dict:
    """The canonical ``{"name", "tmdb_id"}`` of a genre a source names `name` (with TMDB's `tmdb_id`).

    A TMDB id we know decides; else a known spelling; else the genre is kept as given (a named
    addition, or a TMDB genre newer than this table).
    """
    if tmdb_id not in GENRES:
        tmdb_id = _BY_SPELLING.get(_spelling(name or ""), tmdb_id)
    if tmdb_id in GENRES:
        return {"name": GENRES[tmdb_id][0], "tmdb_id": tmdb_id}
    return {"name": name, "tmdb_id": tmdb_id}
