"""Counts the contract tests report at the end of a session (``tests/contract/conftest.py`` prints them)."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Tally:
    """What the request and response property tests covered this session."""

    endpoints_called: Counter[str] = field(default_factory=Counter)
    """Generated endpoint (operationId) -> requests built from the schema and validated."""
    round_trips: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(schema, shape) -> instances that parsed and came back equal."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def called(self, operation: str) -> None:
        with self.lock:
            self.endpoints_called[operation] += 1

    def round_tripped(self, schema: str, shape: str) -> None:
        with self.lock:
            self.round_trips[(schema, shape)] += 1


TALLY = Tally()
