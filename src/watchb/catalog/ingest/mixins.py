"""Serializer mixins that make open data safe to load. One mixin, one rule; compose them freely.

Each reads like DRF's own mixins: one rule, and a named hook where a subclass changes it.

- `SkipInvalidOptionalFieldsMixin`: an optional field that fails is dropped (hook: `is_optional`).
- `SkipInvalidChildrenMixin`: a child of a nested list that fails is dropped (hook: `validate_children`).
- `RequireOneOfMixin`: one of `Meta.require_one_of` must be set (hook: `get_current_value`).
- `CreateOrMergeMixin`: a row met again is merged, never duplicated (hooks: `find_existing`,
  `merge_into`).

Put the forgiving mixins first in the bases: they wrap field validation. `RequireOneOfMixin` checks
the object after its fields. `CreateOrMergeMixin` changes how a validated object is saved. What the
forgiving mixins drop is recorded in the tree's `DropLog` (``context["drops"]``, see `drops`).
"""

from collections.abc import Mapping

from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings
from rest_framework.validators import UniqueValidator

from .drops import Dropped, drops_of, error_reasons, field_path
from .merging import RowMerger, is_blank, merge_keys, merge_values


class SkipInvalidOptionalFieldsMixin:
    """An optional field that fails validation is dropped and recorded; the object is kept.

    Errors of the other fields still fail the object, and then only those errors are raised.
    """

    def is_optional(self, name: str) -> bool:
        """Whether field `name` may be dropped when it fails: by default, when it is not ``required``."""
        return name in self.fields and not self.fields[name].required

    @property
    def dropped_fields(self) -> list[Dropped]:
        return drops_of(self).fields

    def to_internal_value(self, data):
        drops = drops_of(self)
        mark = drops.mark()
        try:
            return super().to_internal_value(data)
        except ValidationError as exc:
            if not isinstance(exc.detail, Mapping):
                raise
            optional = {name for name in exc.detail if self.is_optional(name)}
            if optional != set(exc.detail):
                raise ValidationError({k: v for k, v in exc.detail.items() if k not in optional}) from exc
            drops.rewind(mark)  # the retry records again whatever nested serializers dropped
            validated = super().to_internal_value({k: v for k, v in data.items() if k not in optional})
            for name in sorted(optional):
                _, code, message = error_reasons(exc.detail[name])[0]
                drops.record(Dropped("field", field_path(self, name), code, message))
            return validated


class SkipInvalidChildrenMixin:
    """One invalid item of a nested list is dropped and recorded; the object holding the list is kept.

    Applies to every writable nested ``many=True`` serializer field. A value that is not a list still
    fails its field.
    """

    @property
    def dropped_children(self) -> list[Dropped]:
        return drops_of(self).children

    def to_internal_value(self, data):
        lists = {
            name: field
            for name, field in self.fields.items()
            if isinstance(field, serializers.ListSerializer) and not field.read_only
        }
        if not isinstance(data, Mapping) or not lists.keys() & data.keys():
            return super().to_internal_value(data)
        data = data.copy()
        kept, in_hand = {}, []
        for name, field in lists.items():
            if isinstance(data.get(name), list):
                kept[field.source] = self.validate_children(field, data.pop(name))
                in_hand.append((field, field.required))
                field.required = False  # validated here: the rest of the object goes on without it
        try:
            validated = super().to_internal_value(data)
        finally:
            for field, required in in_hand:
                field.required = required
        validated.update(kept)
        return validated

    def validate_children(self, field, items) -> list:
        """The validated items of nested list `field`, without those that fail.

        Each item is validated once, on its own; a dropped one is recorded with the first reason it
        failed, and what it had dropped inside itself is forgotten.
        """
        drops = drops_of(self)
        valid = []
        for item in items:
            mark = drops.mark()
            try:
                valid.append(field.child.run_validation(item))
            except ValidationError as exc:
                drops.rewind(mark)
                path, code, message = error_reasons(exc.detail)[0]
                drops.record(Dropped("child", field_path(field), f"{path}: {code}" if path else code, message))
        return valid


class RequireOneOfMixin:
    """At least one of the fields named in ``Meta.require_one_of`` is set, else the object fails.

    The error is an object-level one with code ``require_one_of`` naming all the fields.
    """

    def get_current_value(self, attrs, name):
        """The value field `name` will hold: from the validated data, else from the instance updated."""
        if name in attrs:
            return attrs[name]
        return getattr(self.instance, name, None) if self.instance is not None else None

    def validate(self, attrs):
        attrs = super().validate(attrs)
        names = getattr(self.Meta, "require_one_of", ())
        if names and all(is_blank(self.get_current_value(attrs, name)) for name in names):
            raise ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [f"Set at least one of {', '.join(names)}."]},
                code="require_one_of",
            )
        return attrs


class CreateOrMergeMixin:
    """A row met again is merged into the existing one, never duplicated.

    Saving with an instance (``PersonSerializer(person, data=...)``) merges into it; saving without
    one merges into the row `find_existing` returns, and creates a row only when it returns None.
    Merging (`merge_into`) takes the data's values only where the row's own are blank, so a filled
    field is never blanked; with ``context["refresh"]`` true (the source reported a change) non-blank
    values replace filled ones too. Unique validators on the fields of ``Meta.merge_keys`` are
    removed: merging keeps them
    unique. After `save`, `created` tells whether a row was inserted.
    """

    def get_fields(self):
        fields = super().get_fields()
        for name in {name for key in merge_keys(self) for name in key}:
            if name in fields:
                fields[name].validators = [v for v in fields[name].validators if not isinstance(v, UniqueValidator)]
        return fields

    def find_existing(self, validated_data):
        """The row to merge `validated_data` (nested data included) into, or None to create one.

        By default the row that ``Meta.merge_keys`` identify (one query); a subclass may look further.
        """
        merger = RowMerger(self.Meta.model, merge_keys(self))
        merger.load([validated_data])
        return merger.find(validated_data)[0]

    def save(self, **kwargs):
        if self.instance is None:
            self.instance = self.find_existing({**self.validated_data, **kwargs})
        self.created = self.instance is None
        return super().save(**kwargs)

    def update(self, instance, validated_data):
        return self.merge_into(instance, validated_data)

    def merge_into(self, instance, validated_data):
        """Apply the merge rule to `instance` and save the fields that changed (no query if none)."""
        changed = merge_values(instance, validated_data, overwrite=self.context.get("refresh", False))
        if changed:
            instance.save(
                update_fields=changed + [f.name for f in instance._meta.concrete_fields if f.name == "updated"]
            )
        return instance
