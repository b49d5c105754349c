"""One film from two sources: finding the other source's copy, and giving shared people one row.

A movie is the same movie when `tmdb_id` or `kmdb_id` matches (`CreateOrMergeMixin.find_existing`).
The first time a film comes from its second source, no id matches yet: these rules find the copy the
other source brought, so the film ends as one row with both ids (DESIGN.md, "Ingestion rules").
`id_field` is always the id field of the source the incoming data came from.
"""

from django.db.models import Q

from watchb.catalog.models import Credit, Movie

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


def share_people(movie: Movie, data, id_field: str) -> None:
    """Give people met in both sources of one film one row: same job, a name in common, an id missing.

    An incoming person of `data` (validated, changed in place) whose counterpart in `movie` (same job,
    same name or English name, without our id) has the other source's id gets that id too, so the
    merge finds the existing person and fills in ours. English names matter for foreign people: TMDB
    names them in English where KMDb writes their name in Hangul and keeps the English one beside it.
    """
    theirs = {}
    for credit in movie.credits.select_related("person"):
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
