"""What validation left out, and why: the record the forgiving mixins keep on the root serializer.

A serializer tree (a movie with its credits and their people) keeps one list of `Dropped` entries on
its root, so a crawler reads everything dropped for one movie in one place, whichever nested
serializer dropped it.
"""

from dataclasses import dataclass

from rest_framework.exceptions import ErrorDetail
from rest_framework.settings import api_settings


@dataclass(frozen=True)
class Dropped:
    """One thing left out: a `field` of an object, or a `child` of a nested list.

    `path` says where (``"runtime"``, ``"credits.person.photo"``, ``"credits"``); `reason` says why, as
    the validation error's code, prefixed by the failing field inside a dropped child
    (``"max_value"``, ``"person.name: blank"``); `message` is the validator's own words.
    """

    kind: str
    path: str
    reason: str
    message: str

    def __str__(self):
        return f"{self.path} ({self.reason})"


def drop_log(serializer) -> list[Dropped]:
    """The list of drops shared by every serializer in `serializer`'s tree (kept on its root)."""
    return serializer.root.__dict__.setdefault("_drop_log", [])


def field_path(field, name: str = "") -> str:
    """Dotted path of `name` inside `field`, from the root serializer: ``credits.person.photo``.

    List items have no name of their own, so the path names the list, not the item's index.
    """
    parts = [name] if name else []
    node = field
    while getattr(node, "parent", None) is not None:
        if node.field_name:
            parts.append(node.field_name)
        node = node.parent
    return ".".join(reversed(parts))


def error_reasons(detail, path: str = "") -> list[tuple[str, str, str]]:
    """Flatten a ValidationError's `detail` to ``(path, code, message)`` triples, in order.

    Object-level errors (``non_field_errors``) keep the path of their object.
    """
    if isinstance(detail, dict):
        found = []
        for key, value in detail.items():
            sub = path if key == api_settings.NON_FIELD_ERRORS_KEY else ".".join(filter(None, [path, str(key)]))
            found.extend(error_reasons(value, sub))
        return found
    if isinstance(detail, list):
        return [reason for item in detail for reason in error_reasons(item, path)]
    code = detail.code if isinstance(detail, ErrorDetail) else "invalid"
    return [(path, code, str(detail))]


def describe_errors(detail) -> str:
    """One short line for a rejected object: ``"title: blank"``, ``"require_one_of"``."""
    reasons = error_reasons(detail)
    if not reasons:
        return "invalid"
    path, code, _ = reasons[0]
    return f"{path}: {code}" if path else code
