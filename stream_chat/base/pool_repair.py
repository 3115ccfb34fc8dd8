"""Two repairs to the connection pool of httpx's own transports (httpcore), run after each call.

- **Surplus bytes.** When a server (or a proxy) sends more than one answer
  to one request on a kept-alive connection and the extra bytes arrive with
  the answer, httpcore keeps them buffered and hands them to the next request
  on that connection as its answer: every later call gets the previous call's
  answer. (Extra bytes that arrive later make the idle socket readable, and
  httpcore already drops such a connection.) ``drop_connections_with_surplus``
  closes idle connections holding unread bytes, so the next request opens a
  fresh one.
- **Cancellation** (async). A call cancelled after its connection was opened
  but before the request was written leaves that connection neither idle nor
  in use, counted against the pool's limit until the pool is closed: enough of
  them and every call waits for a connection that never comes (an open
  httpcore bug). ``close_orphaned_connections`` closes connections that are
  busy without any request of the pool assigned to them.

Both read httpcore's internals (the pool's connections and requests, h11's
buffer), so ``make test`` also runs the tests against the newest httpx and
httpcore our dependency ranges allow. Pools of other shapes are left alone.
"""

from __future__ import annotations

from typing import Any


def _pool_of(transport: object) -> Any:
    """The httpcore pool of an ``httpx.HTTPTransport``/``AsyncHTTPTransport``, or ``None``."""
    pool = getattr(transport, "_pool", None)
    return pool if hasattr(pool, "_connections") and hasattr(pool, "_requests") else None


def _has_unread_bytes(connection: Any) -> bool:
    """Whether an idle HTTP/1.1 connection holds bytes received beyond the last answer."""
    http11 = getattr(connection, "_connection", None)
    h11_state = getattr(http11, "_h11_state", None)
    if h11_state is None:
        return False
    data, closed = h11_state.trailing_data
    return bool(data) or closed


def _with_surplus(pool: Any) -> list[Any]:
    return [c for c in list(pool._connections) if c.is_idle() and _has_unread_bytes(c)]


def drop_connections_with_surplus(transport: object) -> None:
    """Close the idle connections of a sync httpx transport's pool that received bytes beyond an answer."""
    pool = _pool_of(transport)
    if pool is not None:
        for connection in _with_surplus(pool):
            connection.close()  # the pool forgets closed connections on its next request


async def adrop_connections_with_surplus(transport: object) -> None:
    """``drop_connections_with_surplus`` for an async httpx transport."""
    pool = _pool_of(transport)
    if pool is not None:
        for connection in _with_surplus(pool):
            await connection.aclose()


async def close_orphaned_connections(transport: object) -> None:
    """Close the connections of an async httpx transport's pool that are busy but serve no request."""
    pool = _pool_of(transport)
    if pool is None:
        return
    serving = {id(request.connection) for request in list(pool._requests)}
    for connection in list(pool._connections):
        if id(connection) not in serving and not connection.is_idle() and not connection.is_closed():
            await connection.aclose()


__all__ = ["adrop_connections_with_surplus", "close_orphaned_connections", "drop_connections_with_surplus"]
