"""What the emulator answers, and what answers: ``Reply``, ``Exchange`` and the ``Answers`` protocol.

The server and the transports depend on this module, not on the emulator itself, so that the emulator can
build them without an import cycle.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, headers and body bytes."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Exchange:
    """One request and its answer, as given to ``on_exchange``."""

    method: str
    path: str
    query: dict[str, str]
    request_headers: dict[str, str]
    request_body: bytes
    operation_id: str | None
    reply: Reply


class Answers(Protocol):
    """Anything that answers a request as the emulator does (``Emulator.handle``)."""

    def handle(
        self,
        method: str,
        target: str,
        headers: Mapping[str, str],
        body: bytes = b"",
        base_url: str = "http://127.0.0.1",
    ) -> Reply: ...
