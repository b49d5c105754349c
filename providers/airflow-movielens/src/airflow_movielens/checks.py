"""Parameter checks shared by the hook, the operators and the computations: one rule, one message."""

from __future__ import annotations

from typing import Any


def positive_int(name: str, value: Any) -> int:
    """Return ``value`` if it is an integer of at least 1 (not a bool); a ``ValueError`` naming ``name`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


def one_of(name: str, value: Any, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``; a ``ValueError`` naming ``name`` otherwise."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {choices}, got {value!r}")
    return str(value)
