"""One film from two sources: finding the other source's copy, and giving shared people one row;
people listed without an id, found among the film's own (`identify_people`).

A movie is the same movie when `tmdb_id` or `kmdb_id` matches (`CreateOrMergeMixin.find_existing`).
The first time a film comes from its second source, no id matches yet: these rules find the copy the
other source brought, so the film ends as one row with both ids (DESIGN.md, "Ingestion rules").
`id_field` is always the id field of the source the incoming data came from.
"""

from collections import defaultdict

from django.db.models import Q

from watchb.catalog.models import Credit, Movie, Person
from watchb.catalog.signals import people_absorbed

from .bulk import update_rows

SOURCE_ID_FIELDS = ("tmdb_id", "kmdb_id")


def find_counterpart(data, id_field: str) -> Movie | None:
    """The movie another source brought that validated movie `data` describes too, or None.

    Same title (case aside), same release date, a director in common (by name or English name),
    and no id of ours yet. Ambiguous matches are not merged. No query when `data` lacks any of these.
    """
    directors = {
        value
        for credit in data.get("credits", ())
        if credit["job"] == Credit.Job.DIRECTOR
        for value in (credit["person"].get("name"), credit["person"].get("name_en"))
        if value
    }
    if not (data.get("title") and data.get("release_date") and directors):
        return None
    candidates = list(
        Movie.objects.filter(
            Q(credits__person__name__in=directors) | Q(credits__person__name_en__in=directors),
            **{f"{id_field}__isnull": True},
            title__iexact=data["title"],
            release_date=data["release_date"],
            credits__job=Credit.Job.DIRECTOR,
        ).distinct()[:2]
    )
    return candidates[0] if len(candidates) == 1 else None


def counterpart_candidates(movies: list, id_field: str) -> list[list[Movie]]:
    """For each validated movie dict of `movies` (or None), the movies `find_counterpart`'s rule
    allows it to be, read for the whole list in one query (none when no dict has a title, a release
    date and a director). A dict is the other source's copy of a movie when it has exactly one.

    Titles are compared upper-cased in Python, as PostgreSQL's ``title__iexact`` compares them.
    """
    wanted = [
        (data["title"].upper(), data["release_date"], names) if (names := _can_match(data)) else None for data in movies
    ]
    dates = {want[1] for want in wanted if want}
    if not dates:
        return [[] for _ in movies]
    directing = Credit.objects.filter(
        job=Credit.Job.DIRECTOR, movie__release_date__in=dates, **{f"movie__{id_field}__isnull": True}
    ).select_related("movie", "person")
    found = defaultdict(dict)  # (upper title, date) -> {movie id: (movie, its directors' names)}
    for credit in directing.order_by():
        movie = credit.movie
        _, names = found[(movie.title.upper(), movie.release_date)].setdefault(movie.pk, (movie, set()))
        names.update(name for name in (credit.person.name, credit.person.name_en) if name)
    return [
        [movie for movie, names in found.get(want[:2], {}).values() if names & want[2]] if want else []
        for want in wanted
    ]


def _can_match(data) -> set[str]:
    """The directors' names of movie `data` if it has what a counterpart is found by, else an empty set."""
    if not data or not (data.get("title") and data.get("release_date")):
        return set()
    return {
        value
        for credit in data.get("credits", ())
        if credit["job"] == Credit.Job.DIRECTOR
        for value in (credit["person"].get("name"), credit["person"].get("name_en"))
        if value
    }


def share_people(movie: Movie, data, id_field: str, existing=None) -> None:
    """Give people met in both sources of one film one row: same job, a name in common, an id missing.

    An incoming person of `data` (validated, changed in place) whose counterpart in `movie` (same job,
    same name or English name, without our id) has the other source's id gets that id too, so the
    merge finds the existing person and fills in ours. English names matter for foreign people: TMDB
    names them in English where KMDb writes their name in Hangul and keeps the English one beside it.
    `existing` is `movie`'s credits with their people when the caller has read them already.
    """
    theirs = {}
    for credit in movie_credits(movie) if existing is None else existing:
        person = credit.person
        if getattr(person, id_field) is None:
            for name in (person.name, person.name_en):
                if name:
                    theirs.setdefault((credit.job, name.casefold()), person)
    for credit in data.get("credits", ()):
        person = credit["person"]
        names = [n.casefold() for n in (person.get("name"), person.get("name_en")) if n]
        match = next((theirs[key] for n in names if (key := (credit["job"], n)) in theirs), None)
        if match is None or not person.get(id_field):
            continue
        for field in SOURCE_ID_FIELDS:
            if field != id_field and not person.get(field) and getattr(match, field):
                person[field] = getattr(match, field)
        if not has_source_id(match) and match.film_key:
            person["film_key"] = match.film_key  # listed without an id by the other source: that row


def has_source_id(person) -> bool:
    """Whether `person` (a Person or a person dict) has an id at some source."""
    get = person.get if isinstance(person, dict) else lambda field: getattr(person, field)
    return any(get(field) for field in SOURCE_ID_FIELDS)


def people_without_id(data) -> int:
    """How many people movie `data` credits who have no source id (each person once, across jobs)."""
    return len({c["person"].get("film_key") for c in data.get("credits", ()) if not has_source_id(c["person"])})


def movie_credits(movie: Movie) -> list[Credit]:
    """`movie`'s credits with their people (one query)."""
    return list(movie.credits.select_related("person"))


def identify_people(movie: Movie, data, existing=None) -> None:
    """Find this film's own rows for the people of `data` (validated, changed in place) a source
    lists without an id, and settle those whose id a record now brings.

    Someone listed without an id is the person this film already credits in the same job under a
    name in common (or English name), when exactly one such person exists: `data` gets that row's
    ids (or its `film_key`), so the merge fills that row instead of adding a second person. Never
    across films: a name alone identifies no one.

    A row known only by its `film_key` whose id arrives normally just gains the id in the merge. When
    another row already holds that id (someone met with it in another film), this film's credits move
    to that row and the row without an id goes. `existing` is `movie`'s credits with their people
    when the caller has read them already.
    """
    if not data.get("credits"):
        return
    existing = movie_credits(movie) if existing is None else existing
    name_people(existing, data)
    for row, person in stale_people(existing, data):
        absorb(row, person)


def name_people(existing: list[Credit], data) -> None:
    """Give each person of `data` listed without an id the ids of the one person of `existing` (a
    film's credits) in the same job with a name in common, if there is exactly one."""
    for credit in data.get("credits") or ():
        person = credit["person"]
        if has_source_id(person):
            continue
        names = _names(person.get("name"), person.get("name_en"))
        same = {
            c.person.pk: c.person
            for c in existing
            if c.job == credit["job"] and names & _names(c.person.name, c.person.name_en)
        }
        if len(same) == 1:
            (match,) = same.values()
            for field in (*SOURCE_ID_FIELDS, "film_key"):
                if getattr(match, field):
                    person[field] = getattr(match, field)


def stale_people(existing: list[Credit], data) -> list[tuple[Person, dict]]:
    """The rows of `existing` (a film's credits) known by their `film_key` only whose id `data`
    now brings, each with the incoming person dict that brings it."""
    credits = data.get("credits") or ()
    arriving = {p["film_key"]: p for c in credits if has_source_id(p := c["person"]) and p.get("film_key")}
    stale = {c.person.pk: c.person for c in existing if not has_source_id(c.person) and c.person.film_key in arriving}
    return [(row, arriving[row.film_key]) for row in stale.values()]


def _names(*names) -> set[str]:
    return {name.casefold() for name in names if name}


def absorb(row: Person, person: dict) -> None:
    """Move the credits of `row` (known by its `film_key` only) to the row holding `person`'s ids, if any."""
    absorb_people([(row, person)])


def absorb_people(stale: list[tuple[Person, dict]]) -> bool:
    """`absorb` for each ``(row, person)`` of `stale` (`stale_people`'s pairs, of any films), in a
    fixed number of queries: one when no other row holds an arriving id, six at most otherwise.

    A row's credits move to the row that holds its person's id (the first by name, as the people
    are ordered), unless that row already has the same job in the film: then the credit goes. The
    rows whose credits moved go too, once `signals.people_absorbed` has let other apps move what
    they hold of them (users' likes). Returns whether any credit moved or went.
    """
    ids = Q()
    for field in SOURCE_ID_FIELDS:
        if values := {person[field] for _, person in stale if person.get(field)}:
            ids |= Q(**{f"{field}__in": values})
    if not ids:
        return False
    holders = list(Person.objects.filter(ids))
    owners = {}
    for row, person in stale:
        held = (
            h
            for h in holders
            if h.pk != row.pk and any(person.get(f) and getattr(h, f) == person[f] for f in SOURCE_ID_FIELDS)
        )
        owner = next(held, None)
        if owner is not None:
            owners[row.pk] = owner
    if not owners:
        return False  # no row holds the ids yet: the merge gives them to the rows
    credits = list(
        Credit.objects.filter(person_id__in=owners).order_by("pk")
    )  # one film's each: a film_key is never shared
    taken = set(
        Credit.objects.filter(
            person_id__in={owner.pk for owner in owners.values()}, movie_id__in={c.movie_id for c in credits}
        ).values_list("movie_id", "person_id", "job")
    )
    gone, moved = [], []
    for credit in credits:
        owner = owners[credit.person_id]
        key = (credit.movie_id, owner.pk, credit.job)
        if key in taken:
            gone.append(credit.pk)
        else:
            taken.add(key)
            credit.person = owner
            moved.append(credit)
    if gone:
        Credit.objects.filter(pk__in=gone).delete()
    if moved:
        update_rows(Credit, moved, ["person"])
    people_absorbed.send(sender=Person, moves={pk: owner.pk for pk, owner in owners.items()})
    Person.objects.filter(pk__in=owners).delete()
    return True
