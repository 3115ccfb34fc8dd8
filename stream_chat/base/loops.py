"""``LoopBinding``: a connection pool belongs to the event loop it was opened in, and closes with it.

Sockets and sessions opened in one event loop cannot be used, or even closed,
from another. A pool that was used in ``asyncio.run(...)`` is closed when that
loop shuts down: the binding registers an asynchronous generator with the loop,
and ``asyncio.run`` (``asyncio.Runner``, pytest-asyncio, ...) closes every such
generator before it closes the loop, which runs the pool's ``aclose`` there.
The next loop then opens a fresh pool. Using the pool from a second loop while
the first is still open, or after the first was closed without that shutdown,
raises ``EventLoopMismatchError`` saying what to do.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Awaitable, Callable


class EventLoopMismatchError(RuntimeError):
    """A client's connections belong to another event loop than the running one."""


class LoopBinding:
    """Tracks which event loop a pool's connections belong to; ``close`` runs in that loop when it shuts down."""

    def __init__(self, close: Callable[[], Awaitable[None]], owner: str) -> None:
        self._close = close
        self._owner = owner
        self._loop: asyncio.AbstractEventLoop | None = None
        self._watcher: AsyncGenerator[None, None] | None = None

    def enter(self) -> None:
        """Bind to the running loop before a request; raises if the pool is still bound to another one."""
        loop = asyncio.get_running_loop()
        if loop is self._loop:
            return
        if self._loop is not None:
            if self._loop.is_closed():
                raise EventLoopMismatchError(
                    f"{self._owner} was used in an event loop that was closed without shutting down its "
                    "asynchronous generators, so its connections could not be closed there. Run each loop with "
                    "asyncio.run() (or asyncio.Runner), or `await client.close()` before closing the loop; "
                    "then create a new client."
                )
            raise EventLoopMismatchError(
                f"{self._owner} has open connections in another event loop that is still open. "
                "`await client.close()` in that loop first, or use one client per event loop."
            )
        self._loop = loop
        self._watcher = self._watch()
        # Run it to its `yield` now: this registers it with the loop, which closes it on shutdown.
        with contextlib.suppress(StopIteration):
            self._watcher.asend(None).send(None)

    async def release(self) -> None:
        """Close the pool now, in the loop it belongs to (``client.close()``); the next request binds again."""
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            await watcher.aclose()  # runs the close below
        else:
            await self._close()

    def check(self) -> None:
        """Raise if the pool belongs to another loop than the running one (before closing it from here)."""
        if self._loop is not None and self._loop is not asyncio.get_running_loop():
            self.enter()  # raises the error that fits

    async def _watch(self) -> AsyncGenerator[None, None]:
        try:
            yield
        finally:
            self._loop = None
            self._watcher = None
            await self._close()


__all__ = ["EventLoopMismatchError", "LoopBinding"]
