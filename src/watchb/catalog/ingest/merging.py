"""The merge rule, and finding and writing many rows by their natural keys in a few queries.

The rule (DESIGN.md, "Ingestion rules"): a row met again is merged, never duplicated; merging fills
the row's blank fields from the new data and never blanks a filled one. Conflicting non-blank values
keep the row's value, unless the caller says the source reported a change (`overwrite`).

`RowMerger` applies the rule to a batch of rows of one model: one query reads every existing row that
any key of the batch could match, then new rows are inserted with one `bulk_create` and changed ones
written with one `bulk_update`. Rows of the batch that share a key collapse into one (a duplicated
cast entry becomes one credit).
"""

from operator import attrgetter

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models
from django.db.models import Q
from django.utils import timezone

from .bulk import update_rows


def is_blank(value) -> bool:
    """None, an empty string or an empty collection: a value that must never overwrite another."""
    return value is None or (isinstance(value, (str, list, tuple, dict, set)) and len(value) == 0)


def merge_values(instance, values: dict, *, overwrite: bool = False, skip=()) -> list[str]:
    """Copy `values` onto `instance` by the merge rule; return the names of the fields changed.

    A blank value is never copied. A non-blank value is copied where the instance's field is blank,
    or everywhere when `overwrite`. Names in `skip` are left alone.
    """
    changed = []
    for name, value in values.items():
        if name in skip or is_blank(value):
            continue
        current = getattr(instance, name)
        if current == value:
            continue
        if overwrite or is_blank(current):
            setattr(instance, name, value)
            changed.append(name)
    return changed


def merge_keys(serializer) -> tuple[tuple[str, ...], ...]:
    """The keys that identify a row of `serializer`'s model (an instance or a class), most trusted first.

    Each serializer whose rows are merged (on its own, or as a nested child) declares them in its
    ``Meta.merge_keys``, each key a tuple of field names: ``[("tmdb_id",), ("kmdb_id",)]``, or
    ``[("site", "key")]`` for a key of two fields. A serializer without them cannot be merged, and
    saying so here is clearer than a duplicate row later.
    """
    keys = getattr(serializer.Meta, "merge_keys", None)
    if not keys or any(isinstance(key, str) for key in keys):
        name = serializer.__name__ if isinstance(serializer, type) else type(serializer).__name__
        raise ImproperlyConfigured(f"{name}.Meta.merge_keys must list tuples of field names, not {keys!r}")
    return tuple(tuple(key) for key in keys)


class RowMerger:
    """Finds, merges and creates rows of `model` identified by `keys`, tried in order of trust.

    :param model: the model class.
    :param keys: each key a tuple of field names (see `merge_keys`); a row is identified by the first
        key whose fields are all set in it and that matches a known row.
    :param scope: fixed values shared by the batch (``{"movie": movie}``). With a scope, the rows
        known are those of the scope (a movie's credits), and keys may span several fields; without
        one, keys must be single fields and are looked up with one ``IN`` query per batch.
    """

    def __init__(self, model, keys, *, scope=None):
        self.model = model
        self.keys = tuple(tuple(key) for key in keys)
        self.scope = scope or {}
        self.index = {}
        self._attnames = {f.name: f.attname for f in model._meta.concrete_fields}
        # Per key, a getter of its attributes' values as a tuple (the one function call a row's
        # key costs: a page merges tens of thousands of rows, each looked up under every key).
        self._getters = {key: _tuple_getter(*(self._attnames[name] for name in key)) for key in self.keys}

    def _row_key(self, key, row):
        if len(key) == 1:  # most keys; the same as the loop below
            value = row.get(key[0])
            if value is None or is_blank(value):
                return None
            return (value.pk,) if isinstance(value, models.Model) else (value,)
        values = []
        for name in key:
            value = row.get(name)
            if is_blank(value):
                return None
            values.append(value.pk if isinstance(value, models.Model) else value)
        return tuple(values)

    def _instance_key(self, key, instance):
        values = self._getters[key](instance)
        # A model field holds None or a string when blank, never a collection.
        return None if None in values or "" in values else values

    def remember(self, instance):
        """Index `instance` under every key it has, so later rows find it."""
        for number, key in enumerate(self.keys):
            value = self._instance_key(key, instance)
            if value is not None:
                self.index.setdefault((number, value), instance)

    def load(self, rows):
        """Read every existing row that one of `rows` could match (one query)."""
        if self.scope:
            queryset = self.model.objects.filter(**self.scope).order_by()
        else:
            condition = Q()
            for key in self.keys:
                assert len(key) == 1, "keys spanning several fields need a scope"
                values = {v[0] for row in rows if (v := self._row_key(key, row)) is not None}
                if values:
                    condition |= Q(**{f"{key[0]}__in": values})
            if not condition:
                return
            queryset = self.model.objects.filter(condition).order_by()
        for instance in queryset:
            self.remember(instance)

    def find(self, row):
        """The known instance `row` identifies and the key that matched, or ``(None, ())``."""
        for number, key in enumerate(self.keys):
            value = self._row_key(key, row)
            if value is not None and (number, value) in self.index:
                return self.index[(number, value)], key
        return None, ()

    def _taken_elsewhere(self, instance, row):
        # Filling a unique key with a value another row already holds would break uniqueness:
        # such a key stays as it is (the two rows are reported as they are, not fused).
        taken = set()
        for number, key in enumerate(self.keys):
            value = self._row_key(key, row)
            if value is not None and self.index.get((number, value), instance) is not instance:
                taken.update(key)
        return taken

    def merge(self, rows, *, fetch: bool = True, overwrite: bool = False) -> list:
        """Merge `rows` (validated dicts) into the database; return their instances, in order.

        `fetch=False` skips reading existing rows (the scope was just created, so it has none).
        """
        if fetch:
            self.load(rows)
        instances, new, changed = [], [], {}
        for row in rows:
            instance, key = self.find(row)
            if instance is None:
                instance = self.model(**self.scope, **row)
                new.append(instance)
            else:
                skip = set(key) | self._taken_elsewhere(instance, row)
                fields = merge_values(instance, row, overwrite=overwrite, skip=skip)
                if fields and instance.pk is not None:
                    changed.setdefault(id(instance), (instance, set()))[1].update(fields)
            self.remember(instance)
            instances.append(instance)
        self._insert(new)
        self._update(changed.values())
        return instances

    def _insert(self, new):
        if not new:
            return
        connection = connections[self.model.objects.db]
        if connection.features.can_return_rows_from_bulk_insert:
            self.model.objects.bulk_create(new)
        else:  # this database cannot hand back the new keys of a bulk insert
            for instance in new:
                instance.save(force_insert=True)

    def _update(self, changed):
        changed = list(changed)
        if not changed:
            return
        fields = set().union(*(names for _, names in changed))
        instances = [instance for instance, _ in changed]
        if any(f.name == "updated" for f in self.model._meta.concrete_fields):
            now = timezone.now()  # a bulk update does not run auto_now
            for instance in instances:
                instance.updated = now
            fields.add("updated")
        update_rows(self.model, instances, sorted(fields))


def _tuple_getter(*names):
    """A function of an object giving the tuple of its attributes `names` (one name too)."""
    if len(names) == 1:
        get = attrgetter(names[0])
        return lambda instance: (get(instance),)
    return attrgetter(*names)
