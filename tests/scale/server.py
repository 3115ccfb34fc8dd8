"""A rate-limited JSON server on 127.0.0.1 whose windows follow a shared fake clock, for pacing tests."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from typing import Any, ClassVar

from tests.local_http import JSONHandler, LocalServer

API_KEY = "scale-key"
API_SECRET = "scale-secret-" + "s" * 40


class FakeClock:
    """Unix time that moves only when someone sleeps: ``sleep`` advances it (thread-safe)."""

    def __init__(self, start: float = 1_000_000.0) -> None:
        self._now = start
        self._lock = threading.Lock()
        self.sleeps: list[float] = []

    def now(self) -> float:
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self._now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)
        await asyncio.sleep(0)  # lets the other tasks run, as a real wait would


class RateLimitedHandler(JSONHandler):
    """Answers every request with ``answer_body``; ``limit`` requests per ``window`` seconds of ``clock``, then 429."""

    clock: ClassVar[FakeClock]
    limit: ClassVar[int]
    window: ClassVar[int]
    lock: ClassVar[threading.Lock]
    counts: ClassVar[dict[tuple[str, int], int]]
    statuses: ClassVar[list[int]]
    in_flight: ClassVar[list[int]]  # [now, most]
    answer_body: ClassVar[Callable[[str, str, bytes], dict[str, Any]]]
    hold: ClassVar[threading.Event | None]

    def answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = self.path.split("?")[0]
        with self.lock:
            start = int(self.clock.now()) // self.window * self.window
            key = (path, start)
            self.counts[key] = self.counts.get(key, 0) + 1
            count = self.counts[key]
            self.in_flight[0] += 1
            self.in_flight[1] = max(self.in_flight[1], self.in_flight[0])
        if self.hold is not None:
            self.hold.wait(5)
        headers = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(0, self.limit - count)),
            "X-RateLimit-Reset": str(start + self.window),
        }
        status = 429 if count > self.limit else 201
        with self.lock:
            self.statuses.append(status)
            self.in_flight[0] -= 1
        data = type(self).answer_body(self.command, path, body) if status != 429 else {"code": 9, "message": "Too many"}
        self.reply(status, json.dumps({"duration": "0ms", **data}).encode(), headers)


def rate_limited_server(
    clock: FakeClock,
    limit: int,
    window: int = 60,
    answer_body: Callable[[str, str, bytes], dict[str, Any]] = lambda method, path, body: {},
    hold: threading.Event | None = None,
) -> tuple[LocalServer, type[RateLimitedHandler]]:
    """A server (not started: use it as a context manager) and its handler class, whose fields hold what it saw."""
    handler = type(
        "Handler",
        (RateLimitedHandler,),
        {
            "clock": clock,
            "limit": limit,
            "window": window,
            "lock": threading.Lock(),
            "counts": {},
            "statuses": [],
            "in_flight": [0, 0],
            "answer_body": staticmethod(answer_body),
            "hold": hold,
        },
    )
    return LocalServer(handler), handler
