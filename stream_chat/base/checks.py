"""Client-side checks run before any request, so bad input fails fast and clearly."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def require_id(value: Any, name: str) -> str:
    """``value`` if it is a non-empty string; a ``ValueError`` naming the parameter otherwise."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


def require_ids(values: Any, name: str) -> list[str]:
    """``values`` as a list of non-empty strings (a lone string is refused, not split into characters)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise ValueError(f"{name} must be a list of ids, got {values!r}")
    return [require_id(value, f"{name}[{index}]") for index, value in enumerate(values)]


def require_mapping(value: Any, name: str) -> Mapping[str, Any]:
    """``value`` if it is a dict (or other mapping); a ``ValueError`` naming the parameter otherwise."""
    if not isinstance(value, Mapping):
        raise ValueError(f"{name} must be a dict, got {value!r}")
    return value
