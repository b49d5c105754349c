"""What validation left out, and why: the `DropLog` the forgiving mixins write to.

A serializer tree (a movie with its credits and their people) shares one `DropLog`, passed in its
context as ``context["drops"]``, so the caller reads everything dropped for one movie in one place,
whichever nested serializer dropped it:

    drops = DropLog()
    serializer = MovieSerializer(data=data, context={"drops": drops})
    serializer.is_valid()
    drops.fields, drops.children     # the `Dropped` entries, in order
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


class DropLog:
    """The `Dropped` entries of one serializer tree, in the order they were recorded.

    A mixin that validates again, or drops a whole child, first takes a `mark` and then `rewind`s to
    it, so what no longer stands is not counted.
    """

    def __init__(self):
        self.entries: list[Dropped] = []

    def record(self, dropped: Dropped) -> None:
        self.entries.append(dropped)

    def mark(self) -> int:
        return len(self.entries)

    def rewind(self, mark: int) -> None:
        """Forget what was recorded since `mark`."""
        del self.entries[mark:]

    @property
    def fields(self) -> list[Dropped]:
        return [d for d in self.entries if d.kind == "field"]

    @property
    def children(self) -> list[Dropped]:
        return [d for d in self.entries if d.kind == "child"]


def drops_of(serializer) -> DropLog:
    """The `DropLog` of `serializer`'s tree: ``context["drops"]``, which a caller that wants to read
    the drops passes in; a tree validated without one gets its own there on first use."""
    return serializer.context.setdefault("drops", DropLog())


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
