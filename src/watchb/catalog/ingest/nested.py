"""Nested writes that merge: a movie's children added to what it has, in a few queries per kind.

drf-writable-nested saves nested relations after the object, one child at a time, re-validating each
from the raw input, and on update deletes the children the input does not list. A crawl needs the
opposite on both counts: a second source adds to what the first one wrote, and a movie's children
are many. `MergeNestedMixin` saves the already validated children of each relation in one batch.
"""

from django.db.models import ForeignObjectRel, ManyToManyRel
from rest_framework import serializers

from .merging import RowMerger, merge_keys


def nested_relations(serializer, validated_data) -> list[tuple]:
    """Take the nested lists out of `validated_data`: ``(model field, child serializer, items)`` each.

    The model field is the one that links a child to the object: the child's foreign key for a
    reverse relation (a credit's ``movie``), the many-to-many field itself (``Movie.genres``). A
    nested single object on the object itself (a foreign key written through a nested serializer)
    is not supported and raises NotImplementedError.
    """
    relations = []
    for field in serializer.fields.values():
        if field.read_only or field.source not in validated_data:
            continue
        if isinstance(field, serializers.ListSerializer) and isinstance(field.child, serializers.ModelSerializer):
            related = serializer.Meta.model._meta.get_field(field.source)
            if isinstance(related, ForeignObjectRel) and not isinstance(related, ManyToManyRel):
                related = related.field
            relations.append((related, field.child, validated_data.pop(field.source)))
        elif isinstance(field, serializers.ModelSerializer):
            raise NotImplementedError(f"{type(serializer).__name__}: nested foreign keys on the object itself")
    return relations


class MergeNestedMixin:
    """Nested children are merged into the instance's own: matched ones filled, new ones added, none removed.

    Each child is identified by its serializer's ``Meta.merge_keys`` (see `merging.merge_keys`):
    children of a reverse foreign key (a movie's credits) within their parent, rows of a many-to-many
    (genres) and nested single objects inside children (a credit's person) across the whole table.
    The cost per relation is fixed: one query for the rows that already exist (none for the children
    of a new instance), one bulk insert for the new ones and, when something was filled, one bulk
    update. With ``context["refresh"]`` the instance's own children take non-blank values over filled
    ones; shared rows (people, genres) are only ever filled.
    """

    def create(self, validated_data):
        relations = nested_relations(self, validated_data)
        instance = super().create(validated_data)
        # `created` is set by CreateOrMergeMixin; without it every create is a new row.
        self.merge_nested(instance, relations, fresh=getattr(self, "created", True))
        return instance

    def update(self, instance, validated_data):
        relations = nested_relations(self, validated_data)
        instance = super().update(instance, validated_data)
        self.merge_nested(instance, relations, fresh=False)
        return instance

    def merge_nested(self, instance, relations, *, fresh: bool):
        """Merge each nested list of `relations` into `instance`; `fresh` means it has no children yet."""
        overwrite = self.context.get("refresh", False)
        for related_field, child, items in relations:
            if not items:
                continue
            items = self.merge_nested_objects(child, items)
            if related_field.many_to_many:
                rows = RowMerger(child.Meta.model, merge_keys(child)).merge(items)
                self.link(instance, related_field, rows)
            else:
                scope = {related_field.name: instance}
                RowMerger(child.Meta.model, merge_keys(child), scope=scope).merge(
                    items, fetch=not fresh, overwrite=overwrite
                )

    def merge_nested_objects(self, child, items):
        """`items` with each nested single object (a credit's person) replaced by its merged row."""
        for field in child.fields.values():
            if not isinstance(field, serializers.ModelSerializer) or field.read_only:
                continue
            items = [dict(item) for item in items]
            present = [item for item in items if item.get(field.source)]
            rows = RowMerger(field.Meta.model, merge_keys(field)).merge([item[field.source] for item in present])
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
