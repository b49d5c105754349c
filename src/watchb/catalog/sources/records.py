"""Typed records read from a source's JSON objects, one dataclass field per JSON key.

A record declares where each field comes from, and :meth:`JsonRecord.from_json` reads them all
forgivingly (see :mod:`.fields`)::

    @dataclass(frozen=True)
    class TmdbGenre(JsonRecord):
        tmdb_id: int | None = json_field("id", integer)
        name: str

    TmdbGenre.from_json({"id": 18, "name": "드라마"})   # TmdbGenre(tmdb_id=18, name="드라마")

- a field declared with :func:`json_field` is read from that key, by that reader;
- a plain field (no default) is the text of the key of its own name (``name`` above);
- a field given to ``from_json`` as a keyword argument is taken as given: nested lists, values
  found elsewhere in the answer.
"""

from collections.abc import Callable
from dataclasses import MISSING, field, fields
from typing import Any, Self

from .fields import mapping, text


def json_field(key: str, read: Callable[[Any], Any] = text) -> Any:
    """A record field read from ``key`` of the JSON object by ``read`` (:func:`.fields.text` unless told)."""
    return field(metadata={"json_key": key, "read": read})


class JsonRecord:
    """A dataclass mixin whose fields are read from one JSON object, as the module says."""

    @classmethod
    def from_json(cls, data: Any, **given: Any) -> Self:
        """The record of ``data`` (anything but an object reads as an empty one); ``given`` fills
        the fields it names, and those with a default that are not read from a key."""
        data = mapping(data)
        read = {}
        for item in fields(cls):  # type: ignore[arg-type]
            if item.name in given:
                continue
            if "json_key" in item.metadata:
                read[item.name] = item.metadata["read"](data.get(item.metadata["json_key"]))
            elif item.default is MISSING and item.default_factory is MISSING:
                read[item.name] = text(data.get(item.name))
        return cls(**read, **given)
