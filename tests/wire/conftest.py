"""Fixtures of the wire-comparison tests: one recording server, the official client run once per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.wire.harness import Case, Wire
from tests.wire.server import RecordingServer


@pytest.fixture(scope="session")
def recording_server() -> Iterator[RecordingServer]:
    with RecordingServer() as server:
        yield server


@pytest.fixture(scope="module")
def wire(request: pytest.FixtureRequest, recording_server: RecordingServer) -> Wire:
    cases: list[Case] = request.module.CASES
    return Wire(recording_server, cases)
