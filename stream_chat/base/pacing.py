"""Rate-limit pacing: wait for a spent window to reset instead of sending into a 429.

Stream answers every request with ``X-RateLimit-Limit`` (requests allowed per
window for that endpoint), ``X-RateLimit-Remaining`` and ``X-RateLimit-Reset``
(Unix time the window ends). A ``RateLimitPacer`` keeps those figures per
endpoint; before a request it takes one request from the window (the server's
count less what was taken since), and when the window is spent it tells the
caller how long to wait. One pacer may be shared by threads, tasks and several clients:
its state changes under a ``threading.Lock`` that is never held while waiting.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from stream_chat.types.rate_limit import first_number

logger = logging.getLogger("stream_chat")

# Before an endpoint's limit is known, one request goes first; others look again this often for its answer,
# and go themselves if none came after FIRST_ANSWER_TIMEOUT (the first request failed, or was cancelled).
# The same when a new window's whole budget went out before any of its answers came back.
FIRST_ANSWER_POLL = 0.05
FIRST_ANSWER_TIMEOUT = 5.0


@dataclass(frozen=True)
class PacingWait:
    """A wait the pacer imposed: ``seconds`` before sending ``endpoint``, whose ``limit`` was spent until ``reset``."""

    endpoint: str
    seconds: float
    limit: int
    reset: float


@dataclass
class _Window:
    limit: int | None = None  # None: no answer has told the figures yet
    remaining: int = 0  # what is left: the server's count less the requests taken since
    reset: float | None = None  # Unix time the window ends; None: a new window no answer has described yet
    previous_reset: float = 0.0  # the end of the window before: answers carrying it are late ones
    taken: int = 0  # requests let through in this window
    answered: int = 0  # answers counted in this window
    probe_sent: float | None = None  # when the first request went out, while its answer has not come back
    unpaced: bool = False  # answers came without rate-limit headers
    rolled_at: float = 0.0  # when (time.monotonic) this clock saw the window end


class RateLimitPacer:
    """Per-endpoint request budgets learned from the rate-limit headers of the answers.

    ``on_wait`` is called with a ``PacingWait`` each time a request has to wait
    for a window to reset (the wait is also logged at INFO on the ``stream_chat``
    logger). ``clock`` returns Unix time; tests inject one. Until an answer has
    told an endpoint's limit, one request goes and the others wait for its
    answer; when a new window's budget went out before any of its answers came
    back, the next requests wait for one. An endpoint whose answers carry no
    rate-limit headers is not paced. At a reset, requests
    let through in the ended window and not answered yet are kept out of the
    new budget, since the server may count them in the new window. The reset time is the
    server's: a client clock running behind waits too short (the retry on 429
    then waits the rest), one running ahead waits too long.
    """

    def __init__(
        self,
        *,
        on_wait: Callable[[PacingWait], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.on_wait = on_wait
        self.clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, _Window] = {}

    def __repr__(self) -> str:
        return f"RateLimitPacer(endpoints={len(self._windows)})"

    def reserve(self, endpoint: str) -> float:
        """Reserve one request of ``endpoint``'s window and return 0, or return how long to wait first.

        After a positive answer nothing is reserved: wait, then call again.
        """
        with self._lock:
            window = self._windows.setdefault(endpoint, _Window())
            if window.unpaced:
                return 0.0
            if window.limit is None:
                # The first request learns the limit; concurrent ones wait for its answer (not for long).
                started = time.monotonic()  # real time, whatever clock tells the resets
                if window.probe_sent is not None and started - window.probe_sent < FIRST_ANSWER_TIMEOUT:
                    return FIRST_ANSWER_POLL
                window.probe_sent = started
                return 0.0
            now = self.clock()
            if window.reset is not None and now >= window.reset:
                # The window ended. Requests let through in it and not answered yet may still be
                # counted in the new one: the fresh budget leaves room for them.
                stragglers = max(0, window.taken - window.answered)
                window.remaining, window.previous_reset, window.reset = (
                    max(0, window.limit - stragglers),
                    window.reset,
                    None,
                )
                window.taken, window.answered = stragglers, 0  # their answers may come with the new window
                window.rolled_at = time.monotonic()
            if window.remaining > 0:
                window.remaining -= 1
                window.taken += 1
                return 0.0
            if window.reset is None:
                # A new window's budget is out and none of its answers has come back to say when it ends.
                if time.monotonic() - window.rolled_at < FIRST_ANSWER_TIMEOUT:
                    return FIRST_ANSWER_POLL
                window.taken += 1
                return 0.0
            wait, reset, limit = window.reset - now, window.reset, window.limit
        logger.info("rate limit of %s spent (%d per window): waiting %.3f s for its reset", endpoint, limit, wait)
        if self.on_wait is not None:
            self.on_wait(PacingWait(endpoint, wait, limit, reset))
        return wait

    def record(self, endpoint: str, headers: Mapping[str, str]) -> None:
        """Learn from an answer's rate-limit headers (without them, the answer only ends the first request's wait)."""
        figures = _read(headers)
        with self._lock:
            window = self._windows.setdefault(endpoint, _Window())
            window.probe_sent = None
            if figures is None:
                window.unpaced = window.limit is None
                return
            limit, remaining, reset = figures
            if window.limit is None:
                window.limit, window.remaining, window.reset = limit, remaining, reset
                window.taken = window.answered = 1  # the first request
                return
            window.limit = limit
            if window.reset is None:
                if reset > window.previous_reset:  # the first answer of the new window
                    window.remaining, window.reset = min(window.remaining, remaining), reset
                    window.answered += 1
            elif reset > window.reset:  # the server's window ended before this clock saw it
                stragglers = max(0, window.taken - window.answered - 1)
                window.remaining = max(0, remaining - stragglers)
                window.previous_reset, window.reset = window.reset, reset
                window.taken, window.answered = stragglers + 1, 1
            elif reset == window.reset:
                # Answers may arrive out of order, and requests taken here may not be counted yet: keep the lowest.
                window.remaining = min(window.remaining, remaining)
                window.answered += 1

    def acquire(self, endpoint: str, sleep: Callable[[float], None]) -> None:
        """Reserve a request of ``endpoint``, sleeping with ``sleep`` as long as its window is spent."""
        while (wait := self.reserve(endpoint)) > 0:
            sleep(wait)

    async def acquire_async(self, endpoint: str, sleep: Callable[[float], Awaitable[None]]) -> None:
        """``acquire`` for tasks: awaits ``sleep`` (``asyncio.sleep``) instead of blocking the loop."""
        while (wait := self.reserve(endpoint)) > 0:
            await sleep(wait)


def _read(headers: Mapping[str, str]) -> tuple[int, int, float] | None:
    """``(limit, remaining, reset)`` from case-insensitive headers (repeated values tolerated), or ``None``."""
    limit = first_number(headers.get("x-ratelimit-limit"))
    remaining = first_number(headers.get("x-ratelimit-remaining"))
    reset = first_number(headers.get("x-ratelimit-reset"))
    if limit is None or remaining is None or reset is None:
        return None
    return int(limit), int(remaining), reset


__all__ = ["PacingWait", "RateLimitPacer"]
