"""pytest fixtures for the emulator: add ``pytest_plugins = ["stream_chat.testing.pytest_plugin"]`` to a conftest.

``emulator`` is a fresh ``Emulator`` per test; ``stream_client`` a ``StreamChat`` talking to it.
``emulator_fixture(...)`` builds an emulator fixture with other settings (credentials, rate limit, scope).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Literal

import pytest

from stream_chat.client import StreamChat
from stream_chat.testing.app import Emulator

Scope = Literal["session", "package", "module", "class", "function"]


def emulator_fixture(name: str, *, scope: Scope = "function", **options: Any) -> Callable[..., Any]:
    """A pytest fixture called ``name`` giving an ``Emulator(**options)`` (assign it to a module name in a conftest)."""

    @pytest.fixture(scope=scope, name=name)
    def _emulator() -> Iterator[Emulator]:
        with Emulator(**options) as emulator:  # closing stops its webhook deliveries
            yield emulator

    return _emulator


emulator = emulator_fixture("emulator")


@pytest.fixture
def stream_client(emulator: Emulator) -> Iterator[StreamChat]:
    """A ``StreamChat`` with the emulator's credentials, in process."""
    with emulator.client() as client:
        yield client
