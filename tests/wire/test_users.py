"""Wire comparison: user methods."""

from __future__ import annotations

import pytest

from tests.wire.harness import Case, Wire

CASES = [
    Case("upsert_user", "client.upsert_user({'id': 'u1', 'name': 'Ann', 'team': 'blue'})"),
    Case("upsert_users", "client.upsert_users([{'id': 'u1'}, {'id': 'u2', 'role': 'admin'}])"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_same_wire(case: Case, wire: Wire) -> None:
    wire.check(case)
