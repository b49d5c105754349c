"""A page of validated movies written at once: a few statements per table per page, not per row.

`save_movies` writes what `MovieSerializer.save` writes for each movie of a page, by the same rules
(DESIGN.md, "Ingestion rules"), and gives the same rows; it only writes them set-based. For a whole
page it reads the movies their ids match (one query), the other source's copies of the rest (one
query, `matching.counterpart_candidates`) and the credits of the movies found (one query); then, for
each table, it reads the rows any movie of the page could match and writes the page's new rows in
one insert and its changed ones in one update: genres, countries, people, movies, their links,
credits, posters, stills and videos. About twenty statements for a page, whatever its length.

New shared rows (genres, countries, people) are inserted with ``ON CONFLICT DO NOTHING`` and read
back by their keys (`UpsertRowMerger`), which links a row a concurrent crawl inserted first; new
children of a movie are inserted with ``ON CONFLICT DO NOTHING``, so a race on those costs nothing. A movie
itself is a plain insert: a crawl that loses that race gets an IntegrityError, and its caller tries
the page again from the look-ups (`crawlers.base.Crawler.save_page`), which then merge.

Movies of one page that depend on each other are written one after the other, so that each sees
what the one before wrote, as a crawl saving them one by one would: the same movie twice, two
records the same film of the other source may be, or a film whose person without an id gains one
(`matching.absorb`). A page is cut before such a movie and the rest written as the next page.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError
from django.utils import timezone

from watchb.catalog.models import Credit, Movie

from .bulk import insert_rows, update_rows
from .matching import (
    SOURCE_ID_FIELDS,
    absorb_people,
    counterpart_candidates,
    name_people,
    people_without_id,
    share_people,
    stale_people,
)
from .merging import RowMerger, merge_keys, merge_values
from .serializers import (
    CountrySerializer,
    CreditSerializer,
    GenreSerializer,
    MovieSerializer,
    PersonSerializer,
    PosterSerializer,
    StillSerializer,
    VideoSerializer,
)

#: A movie's many-to-many lists of shared rows, and its own children (rows of its foreign key).
SHARED = {"genres": GenreSerializer, "countries": CountrySerializer}
CHILDREN = {
    "credits": CreditSerializer,
    "posters": PosterSerializer,
    "stills": StillSerializer,
    "videos": VideoSerializer,
}


@dataclass(frozen=True)
class SavedMovie:
    """One movie of a page as written: its row, whether it is new, and how many people it credits
    who have no source id (`matching.people_without_id`, after they were identified)."""

    movie: Movie
    created: bool
    kept_without_id: int


def save_movies(movies: list[dict], *, id_field: str | None = None, refresh: bool = False) -> list[SavedMovie]:
    """Write validated movie dicts (`MovieSerializer.validated_data`) in the current transaction.

    :param id_field: the id field of the source the page came from; with it, a movie no id matches
        is looked for as the other source's copy of the film (as ``context["source_id_field"]``).
    :param refresh: the source reported changes: its values replace a movie's own (as
        ``context["refresh"]``); shared rows are only ever filled.

    The dicts are not changed. Returns one `SavedMovie` per dict, in order.
    """
    saved = []
    while len(saved) < len(movies):
        saved += MoviePage(movies[len(saved) :], id_field=id_field, refresh=refresh).save()
    return saved


class UpsertRowMerger(RowMerger):
    """A `RowMerger` of shared rows written so that a row another transaction inserted since the
    look-up is linked, not duplicated (and not filled).

    A new row may clash with such a row on any of its keys (a genre's TMDB id or name, a person's
    ids), and PostgreSQL's ``ON CONFLICT (key) DO UPDATE`` takes one key per statement: new rows are
    inserted with ``ON CONFLICT DO NOTHING``, which returns the rows it inserted with their keys
    (each tells which of ours it is); the rows of ours it left out are then read by their keys, most
    trusted first (one query per key, none when every row was inserted, as when no crawl races).
    """

    def _insert(self, new):
        if not new:
            return
        names = tuple(name for (name,) in self.keys)  # unscoped keys are single fields (RowMerger)
        ours = [
            {value: instance for instance in new if (value := self._instance_key(key, instance))} for key in self.keys
        ]
        for pk, *values in insert_rows(self.model, new, on_conflict="ignore", returning_keys=names):
            for mine, value in zip(ours, values, strict=True):
                instance = mine.get((value,))
                if instance is not None:
                    instance.pk = pk
                    break
        unread = [instance for instance in new if instance.pk is None]
        for key in self.keys if unread else ():
            (name,) = key
            wanted = {value[0]: instance for instance in unread if (value := self._instance_key(key, instance))}
            if not wanted:
                continue
            column = self._attnames[name]
            for pk, value in self.model.objects.filter(**{f"{column}__in": list(wanted)}).values_list("pk", column):
                wanted.pop(value).pk = pk
            unread = [instance for instance in unread if instance.pk is None]
        if unread:  # not inserted and not found: a clash on a key none of ours carries
            raise IntegrityError(f"{self.model.__name__}: {len(unread)} new rows neither inserted nor found")


class PendingRows:
    """New and changed children of many movies, written with one insert and one update."""

    def __init__(self, model):
        self.model = model
        self.new, self.changed = [], []

    def write(self):
        if self.new:
            insert_rows(self.model, self.new, on_conflict="ignore")
        if self.changed:
            fields = set().union(*(names for _, names in self.changed))
            update_rows(self.model, [instance for instance, _ in self.changed], sorted(fields))


class DeferredRowMerger(RowMerger):
    """A `RowMerger` of one movie's children that leaves its writes to a shared `PendingRows`."""

    def __init__(self, model, keys, *, scope, pending: PendingRows):
        super().__init__(model, keys, scope=scope)
        self.pending = pending

    def _insert(self, new):
        self.pending.new.extend(new)

    def _update(self, changed):
        self.pending.changed.extend(changed)


class MoviePage:
    """The leading movies of `movies` that can be written together (at least one), and their write."""

    def __init__(self, movies, *, id_field, refresh):
        self.movies = [working_copy(movie) for movie in movies]
        self.id_field = id_field
        self.refresh = refresh
        self.targets: list[Movie | None] = []  # the row each movie merges into, None for a new one
        self.kept_without_id: list[int] = []
        self.credits = {}  # the credits of the movies found, per movie id, while they stand as read

    def save(self) -> list[SavedMovie]:
        self.match()
        genres = self.merge_shared("genres")
        countries = self.merge_shared("countries")
        self.merge_people()
        rows = self.write_movies()
        self.link("genres", rows, genres)
        self.link("countries", rows, countries)
        for name in CHILDREN:
            self.merge_children(name, rows)
        return [
            SavedMovie(row, target is None, kept)
            for row, target, kept in zip(rows, self.targets, self.kept_without_id, strict=True)
        ]

    # -- finding what each movie merges into ------------------------------------------------------

    def match(self):
        """Find each movie's row, identify its people, and cut the page before the first movie that
        depends on one before it (see the module's docstring)."""
        by_ids = RowMerger(Movie, merge_keys(MovieSerializer))
        by_ids.load(self.movies)
        found = [by_ids.find(movie)[0] for movie in self.movies]
        candidates = [[] for _ in self.movies]
        if self.id_field and None in found:
            unmatched = [movie if row is None else None for movie, row in zip(self.movies, found, strict=True)]
            candidates = counterpart_candidates(unmatched, self.id_field)
        credits = self.credits_of({row.pk for row in found if row} | {c.pk for cs in candidates for c in cs})

        claimed, people, stale = set(), set(), []
        for number, (movie, row, maybe) in enumerate(zip(self.movies, found, candidates, strict=True)):
            counterpart = row is None and len(maybe) == 1
            target = maybe[0] if counterpart else row
            mine = {(field, movie[field]) for field in SOURCE_ID_FIELDS if movie.get(field) is not None}
            mine |= {("pk", candidate.pk) for candidate in maybe} | ({("pk", target.pk)} if target else set())
            if number and mine & claimed:
                break
            settled = []
            if target is not None:
                existing = credits.get(target.pk, [])
                if counterpart:
                    share_people(target, movie, self.id_field, existing)
                name_people(existing, movie)
                settled = stale_people(existing, movie)
                # An id arriving for someone an earlier movie of the page brings: `absorb` must see that row.
                if number and people & {key for _, person in settled for key in person_ids(person)}:
                    break
            claimed |= mine
            people |= {key for credit in movie.get("credits", ()) for key in person_ids(credit["person"])}
            stale += settled
            self.targets.append(target)
            self.kept_without_id.append(people_without_id(movie))
        del self.movies[len(self.targets) :]
        self.credits = {} if absorb_people(stale) else credits

    @staticmethod
    def credits_of(movie_ids) -> dict:
        """The credits (with their people) of the movies `movie_ids`, per movie id; one query."""
        credits = defaultdict(list)
        if movie_ids:
            for credit in Credit.objects.filter(movie_id__in=movie_ids).select_related("person").order_by():
                credits[credit.movie_id].append(credit)
        return credits

    # -- writing ----------------------------------------------------------------------------------

    def merge_shared(self, name) -> list[list]:
        """Merge every movie's `name` rows (genres, countries) as one batch; their rows, per movie."""
        serializer = SHARED[name]
        rows = iter(
            UpsertRowMerger(serializer.Meta.model, merge_keys(serializer)).merge(
                [item for movie in self.movies for item in movie.get(name, ())]
            )
        )
        return [[next(rows) for _ in movie.get(name, ())] for movie in self.movies]

    def merge_people(self):
        """Merge the people of every credit of the page as one batch; each credit then holds its row."""
        credits = [credit for movie in self.movies for credit in movie.get("credits", ()) if credit.get("person")]
        merger = UpsertRowMerger(PersonSerializer.Meta.model, merge_keys(PersonSerializer))
        for credit, person in zip(credits, merger.merge([credit["person"] for credit in credits]), strict=True):
            credit["person"] = person

    def write_movies(self) -> list[Movie]:
        """Insert the new movies in one statement, merge the found ones and update them in another."""
        rows, new, changed, fields = [], [], [], set()
        for movie, target in zip(self.movies, self.targets, strict=True):
            own = {name: value for name, value in movie.items() if name not in SHARED and name not in CHILDREN}
            if target is None:
                target = Movie(**own)
                new.append(target)
            elif names := merge_values(target, own, overwrite=self.refresh):
                changed.append(target)
                fields.update(names)
            rows.append(target)
        insert_rows(Movie, new)
        if changed:
            now = timezone.now()  # a bulk update does not run auto_now
            for movie in changed:
                movie.updated = now
            update_rows(Movie, changed, sorted(fields | {"updated"}))
        return rows

    def link(self, name, rows, shared):
        """Link each movie to its `name` rows (genres, countries) in one insert, ignoring links that exist."""
        field = Movie._meta.get_field(name)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        pairs = dict.fromkeys((movie.pk, row.pk) for movie, items in zip(rows, shared, strict=True) for row in items)
        if pairs:
            links = [through(**{f"{source}_id": movie, f"{target}_id": row}) for movie, row in pairs]
            insert_rows(through, links, on_conflict="ignore")

    def merge_children(self, name, rows):
        """Merge each movie's `name` children (credits, posters…) into its own: one query for those of
        the movies found, one insert, and one update when something was filled."""
        serializer = CHILDREN[name]
        model, keys = serializer.Meta.model, merge_keys(serializer)
        if not any(movie.get(name) for movie in self.movies):
            return
        known = defaultdict(list)
        found = [row.pk for row, target in zip(rows, self.targets, strict=True) if target is not None]
        if name == "credits" and self.credits:
            known.update((pk, self.credits.get(pk, [])) for pk in found)  # read by `match`, unchanged since
        elif found:
            for child in model.objects.filter(movie_id__in=found).order_by():
                known[child.movie_id].append(child)
        pending = PendingRows(model)
        for movie, row in zip(self.movies, rows, strict=True):
            if not movie.get(name):
                continue
            merger = DeferredRowMerger(model, keys, scope={"movie": row}, pending=pending)
            for child in known[row.pk]:
                merger.remember(child)
            merger.merge(movie[name], fetch=False, overwrite=self.refresh)
        pending.write()


def person_ids(person: dict) -> set[tuple]:
    """The ``(field, value)`` pairs of the source ids person dict `person` holds."""
    return {(field, person[field]) for field in SOURCE_ID_FIELDS if person.get(field)}


def working_copy(movie: dict) -> dict:
    """`movie` with its lists, their items and each credit's person copied: matching fills people's
    ids in place and merging puts rows in place of dicts, and a page tried again starts afresh."""
    movie = dict(movie)
    for name in (*SHARED, *CHILDREN):
        if name in movie:
            movie[name] = [dict(item) for item in movie[name]]
    for credit in movie.get("credits", ()):
        if credit.get("person"):
            credit["person"] = dict(credit["person"])
    return movie
