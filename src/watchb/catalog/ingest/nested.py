"""Nested writes that merge, built on drf-writable-nested.

drf-writable-nested finds a serializer's nested relations (`_extract_relations`) and saves them
after the object (`update_or_create_reverse_relations`), one child at a time, re-validating each
from the raw input, and on update deletes the children the input does not list. A crawl needs the
opposite on both counts: a second source adds to what the first one wrote, and a movie's children
are many. `MergeNestedMixin` keeps the library's relation discovery and order of saving, and replaces
the per-child loop with a batched merge over the already validated children.
"""

from drf_writable_nested.mixins import BaseNestedModelSerializer
from rest_framework import serializers

from .merging import RowMerger


class MergeNestedMixin(BaseNestedModelSerializer):
    """Nested children are merged into the instance's own: matched ones filled, new ones added, none removed.

    Each child is identified by its serializer's `merge_keys` (see `CreateOrMergeMixin`): children of
    a reverse foreign key (a movie's credits) within their parent, rows of a many-to-many (genres) and
    nested single objects inside children (a credit's person) across the whole table. The cost per
    relation is fixed: one query for the rows that already exist (none for the children of a new
    instance), one bulk insert for the new ones and, when something was filled, one bulk update.
    With ``context["refresh"]`` the instance's own children take non-blank values over filled ones;
    shared rows (people, genres) are only ever filled.
    """

    def create(self, validated_data):
        nested, reverse_relations = self._pop_nested(validated_data)
        instance = super().create(validated_data)
        # `created` is set by CreateOrMergeMixin; without it every create is a new row.
        self.merge_nested(instance, reverse_relations, nested, fresh=getattr(self, "created", True))
        return instance

    def update(self, instance, validated_data):
        nested, reverse_relations = self._pop_nested(validated_data)
        instance = super().update(instance, validated_data)
        self.merge_nested(instance, reverse_relations, nested, fresh=False)
        return instance

    def _pop_nested(self, validated_data):
        nested = {
            field.source: validated_data[field.source]
            for field in self.fields.values()
            if isinstance(field, serializers.BaseSerializer) and field.source in validated_data
        }
        relations, reverse_relations = self._extract_relations(validated_data)
        if relations:
            raise NotImplementedError(f"{type(self).__name__}: nested foreign keys on the object itself")
        return nested, reverse_relations

    def merge_nested(self, instance, reverse_relations, nested, *, fresh: bool):
        """Merge each nested list of `nested` into `instance`; `fresh` means it has no children yet."""
        overwrite = self.context.get("refresh", False)
        for related_field, child, source in reverse_relations.values():
            items = nested.get(source)
            if not items:
                continue
            items = self.merge_nested_objects(child, items)
            if related_field.many_to_many:
                rows = RowMerger(child.Meta.model, child.merge_keys).merge(items)
                self.link(instance, related_field, rows)
            else:
                scope = {related_field.name: instance}
                RowMerger(child.Meta.model, child.merge_keys, scope=scope).merge(
                    items, fetch=not fresh, overwrite=overwrite
                )

    def merge_nested_objects(self, child, items):
        """`items` with each nested single object (a credit's person) replaced by its merged row."""
        for field in child.fields.values():
            if not isinstance(field, serializers.ModelSerializer) or field.read_only:
                continue
            items = [dict(item) for item in items]
            present = [item for item in items if item.get(field.source)]
            rows = RowMerger(field.Meta.model, field.merge_keys).merge([item[field.source] for item in present])
            for item, row in zip(present, rows, strict=False):
                item[field.source] = row
        return items

    @staticmethod
    def link(instance, m2m_field, rows):
        """Link `rows` to `instance` through `m2m_field` in one insert, ignoring links that exist."""
        through = m2m_field.remote_field.through
        source, target = m2m_field.m2m_field_name(), m2m_field.m2m_reverse_field_name()
        pks = dict.fromkeys(row.pk for row in rows)
        through.objects.bulk_create(
            [through(**{f"{source}_id": instance.pk, f"{target}_id": pk}) for pk in pks], ignore_conflicts=True
        )
