"""Wire comparison: Channel methods."""

from __future__ import annotations

import pytest

from tests.wire.harness import Case, Wire

CASES = [
    Case("create", "client.channel('messaging', 'general').create('u1')"),
    Case(
        "create_with_data",
        "client.channel('messaging', 'general', {'name': 'General', 'members': ['u1']}).create('u1')",
    ),
    Case("query_distinct", "client.channel('messaging', None, {'members': ['u1', 'u2']}).query(watch=False)"),
    Case("send_message", "client.channel('messaging', 'general').send_message({'text': 'hi', 'custom': 1}, 'u1')"),
    Case(
        "send_message_options",
        "client.channel('messaging', 'general').send_message({'text': 'hi'}, 'u1', skip_push=True)",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_same_wire(case: Case, wire: Wire) -> None:
    wire.check(case)
