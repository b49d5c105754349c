"""Serializer mixins that make open data safe to load. One mixin, one rule; compose them freely.

Put the forgiving mixins (`SkipInvalidChildrenMixin`, `SkipInvalidOptionalFieldsMixin`) first in the
bases: they wrap field validation. `RequireOneOfMixin` checks the object after its fields.
`CreateOrMergeMixin` changes how a validated object is saved.
"""

from collections.abc import Mapping

from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings
from rest_framework.validators import UniqueValidator

from .drops import Dropped, drop_log, error_reasons, field_path
from .merging import RowMerger, is_blank, merge_keys, merge_values


class SkipInvalidOptionalFieldsMixin:
    """An optional field that fails validation is dropped and recorded; the object is kept.

    A field is optional when it is not ``required``. Each drop is recorded in `dropped_fields` (kept on
    the root serializer, so nested serializers report there too). Errors of required fields still fail
    the object, and then only those errors are raised.
    """

    @property
    def dropped_fields(self) -> list[Dropped]:
        return [d for d in drop_log(self) if d.kind == "field"]

    def to_internal_value(self, data):
        log = drop_log(self)
        mark = len(log)
        try:
            return super().to_internal_value(data)
        except ValidationError as exc:
            if not isinstance(exc.detail, Mapping):
                raise
            optional = {name for name in exc.detail if name in self.fields and not self.fields[name].required}
            if optional != set(exc.detail):
                raise ValidationError({k: v for k, v in exc.detail.items() if k not in optional}) from exc
            del log[mark:]  # the retry records again whatever nested serializers dropped
            data = data.copy()
            for name in optional:
                data.pop(name, None)
            validated = super().to_internal_value(data)
            for name in sorted(optional):
                _, code, message = error_reasons(exc.detail[name])[0]
                log.append(Dropped("field", field_path(self, name), code, message))
            return validated


class SkipInvalidChildrenMixin:
    """One invalid item of a nested list is dropped and recorded; the object holding the list is kept.

    Applies to every writable nested ``many=True`` serializer field. Each item is validated once, on
    its own; the drops are recorded in `dropped_children` with the first reason the item failed.
    A value that is not a list still fails its field.
    """

    @property
    def dropped_children(self) -> list[Dropped]:
        return [d for d in drop_log(self) if d.kind == "child"]

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
        """The validated items of nested list `field`, without those that fail."""
        log = drop_log(self)
        valid = []
        for item in items:
            mark = len(log)
            try:
                valid.append(field.child.run_validation(item))
            except ValidationError as exc:
                del log[mark:]  # what a dropped child dropped inside itself no longer matters
                path, code, message = error_reasons(exc.detail)[0]
                log.append(Dropped("child", field_path(field), f"{path}: {code}" if path else code, message))
        return valid


class RequireOneOfMixin:
    """At least one of the fields named in `require_one_of` is set, else the object fails.

    A field counts as set when the validated data, or the instance being updated, holds a non-blank
    value. The error is an object-level one with code ``require_one_of`` naming all the fields.
    """

    require_one_of: tuple[str, ...] = ()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.require_one_of and all(is_blank(self._current(attrs, name)) for name in self.require_one_of):
            names = ", ".join(self.require_one_of)
            raise ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [f"Set at least one of {names}."]}, code="require_one_of"
            )
        return attrs

    def _current(self, attrs, name):
        if name in attrs:
            return attrs[name]
        return getattr(self.instance, name, None) if self.instance is not None else None


class CreateOrMergeMixin:
    """A row met again is merged into the existing one, never duplicated.

    ``Meta.merge_keys`` identify a row, most trusted first (see `merging.merge_keys`). Saving
    without an instance first looks for the row (`find_existing`); a found row, like any instance
    being updated, takes the data's values only where its own are blank, so a filled field is never
    blanked. With ``context["refresh"]`` true (the source reported a change) non-blank values replace
    filled ones too. Unique validators on key fields are removed: merging keeps the keys unique.
    After `save`, `created` tells whether a row was inserted.
    """

    def get_fields(self):
        fields = super().get_fields()
        for name in {name for key in merge_keys(self) for name in key}:
            if name in fields:
                fields[name].validators = [v for v in fields[name].validators if not isinstance(v, UniqueValidator)]
        return fields

    def find_existing(self, validated_data):
        """The row `validated_data` identifies, or None (one query). The answer is kept for `create`."""
        merger = RowMerger(self.Meta.model, merge_keys(self))
        merger.load([validated_data])
        self._found = (self._key_values(validated_data), merger.find(validated_data)[0])
        return self._found[1]

    def create(self, validated_data):
        found = getattr(self, "_found", None)
        if found is not None and found[0] == self._key_values(validated_data):
            instance = found[1]
        else:
            instance = self.find_existing(validated_data)
        self.created = instance is None
        if instance is None:
            return super().create(validated_data)
        return self.merge_into(instance, validated_data)

    def update(self, instance, validated_data):
        self.created = False
        return self.merge_into(instance, validated_data)

    def _key_values(self, data):
        return tuple(data.get(name) for key in merge_keys(self) for name in key)

    def merge_into(self, instance, validated_data):
        """Apply the merge rule to `instance` and save the fields that changed (no query if none)."""
        changed = merge_values(instance, validated_data, overwrite=self.context.get("refresh", False))
        if changed:
            instance.save(
                update_fields=changed + [f.name for f in instance._meta.concrete_fields if f.name == "updated"]
            )
        return instance
