"""Every documented difference still names a real operation, a real place and a real departure from the spec.

An entry the description has since absorbed (the key is now described, the
field no longer required, the operation now present) fails here and must go,
so the list in ``tests/contract/differences.py`` never grows stale.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.contract.differences import DIFFERENCES, Difference
from tests.contract.validator import contract, template_pattern


def place_schema(difference: Difference, segments: list[str]) -> dict[str, Any] | None:
    """The (resolved) schema at ``segments`` of the difference's request part, or None if there is no such place."""
    shared = contract()
    op = shared.operations[difference.operation]
    part, rest = segments[0], segments[1:]
    if part == "body":
        node: Any = op.body_schema
    elif part == "query" and rest and rest[0] in op.query:
        parameter = op.query[rest[0]]
        node = parameter.get("schema") or next(iter(parameter["content"].values()))["schema"]
        rest = rest[1:]
    else:
        return None
    for segment in rest:
        node = shared.resolve(node)
        if not isinstance(node, dict):
            return None
        if segment == "*" and "items" in node:
            node = node["items"]
        elif segment in node.get("properties", {}):
            node = node["properties"][segment]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        else:
            return None
    resolved = shared.resolve(node)
    return resolved if isinstance(resolved, dict) else None


@pytest.mark.parametrize("difference", DIFFERENCES, ids=lambda d: f"{d.operation}:{d.where}:{d.kind}")
def test_the_difference_is_real(difference: Difference) -> None:
    assert difference.why.strip(), "every difference says why"
    shared = contract()
    if difference.kind == "operation":
        method, _, template = difference.operation.partition(" ")
        assert not any(
            op.method == method and template_pattern(op.path).pattern == template_pattern(template).pattern
            for op in shared.operations.values()
        ), "the description has this operation now"
        return
    op = shared.operations[difference.operation]
    segments = difference.where.split(".")
    if difference.kind == "undescribed" and segments == ["body"]:
        assert op.body_schema is None, "the operation describes a body now"
    elif difference.kind == "undescribed" and segments[0] == "query" and len(segments) == 2:
        assert segments[1] == "*" or segments[1] not in op.query, "the parameter is described now"
    elif difference.kind == "undescribed":
        parent = place_schema(difference, segments[:-1])
        assert parent is not None, "no such place"
        assert "additionalProperties" not in parent, "the place takes any key already"
        assert segments[-1] == "*" or segments[-1] not in parent.get("properties", {}), "the key is described now"
    elif difference.kind == "missing":
        parent = place_schema(difference, segments[:-1])
        assert parent is not None, "no such place"
        assert segments[-1] in parent.get("required", []), "the key is not required any more"
    else:
        assert difference.kind == "instead"
        assert difference.schema is not None, "an `instead` difference says what is sent instead"
        assert place_schema(difference, segments) is not None, "no such place"


def test_no_difference_is_listed_twice() -> None:
    keys = [(d.operation, d.where, d.kind, repr(d.schema)) for d in DIFFERENCES]
    assert len(keys) == len(set(keys))
