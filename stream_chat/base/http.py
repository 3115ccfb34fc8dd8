"""How a call reaches the API: the request plan, the retry policy and response handling.

Every client method builds a ``Call`` (a generated endpoint of ``stream_chat_gen``
plus its arguments); the sync and async clients run it through
``RetryPolicy`` and turn the answer into a ``StreamResponse`` or an exception.
The loops themselves live in ``stream_chat.client`` and
``stream_chat.async_chat.client``; everything they decide is decided here.
"""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

import httpx

from stream_chat.base.exceptions import (
    StreamConnectionError,
    StreamResponseDecodeError,
    StreamTimeoutError,
    exception_for,
)
from stream_chat.types.stream_response import StreamResponse
from stream_chat_gen import Client as GeneratedClient
from stream_chat_gen.errors import ResponseDecodeError
from stream_chat_gen.types import APIResponse

T = TypeVar("T")

logger = logging.getLogger("stream_chat")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRYABLE_STATUSES = frozenset({408, 500, 502, 503, 504})
# Transport errors raised before the request could reach the server: safe to retry any method.
NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# No usable answer: the transport failed, or the body could not be decoded (a corrupt gzip stream).
TRANSPORT_ERRORS = (httpx.TransportError, httpx.DecodingError)


class Endpoint(Protocol[T]):
    """A generated endpoint module of ``stream_chat_gen.api`` (modules satisfy this protocol)."""

    # Read-only, so that a module's constants (``Literal`` types to pyright) match.
    @property
    def OPERATION_ID(self) -> str: ...

    @property
    def METHOD(self) -> str: ...

    @property
    def PATH(self) -> str: ...

    def sync_detailed(self, *args: Any, **kwargs: Any) -> APIResponse[T]: ...

    async def asyncio_detailed(self, *args: Any, **kwargs: Any) -> APIResponse[T]: ...


class Call(Generic[T]):
    """One API operation with its arguments, ready to be sent (and re-sent) by a client."""

    __slots__ = ("args", "endpoint", "kwargs")

    def __init__(self, endpoint: Endpoint[T], *args: Any, **kwargs: Any) -> None:
        self.endpoint = endpoint
        self.args = args
        self.kwargs = kwargs

    @property
    def method(self) -> str:
        return self.endpoint.METHOD

    @property
    def operation(self) -> str:
        return self.endpoint.OPERATION_ID

    @property
    def path(self) -> str:
        """The path template (``/channels/{type}/{id}/message``), or the relative URL of a raw call."""
        return self.endpoint.PATH if self.endpoint.PATH else "/" + str(self.args[0]).lstrip("/")

    def send(self, client: GeneratedClient) -> APIResponse[T]:
        return self.endpoint.sync_detailed(*self.args, client=client, **self.kwargs)

    def asend(self, client: GeneratedClient) -> Awaitable[APIResponse[T]]:
        # The endpoint's coroutine itself, awaited by the client: one coroutine frame fewer per call.
        return self.endpoint.asyncio_detailed(*self.args, client=client, **self.kwargs)


class RawEndpoint:
    """The generic ``get/post/put/patch/delete`` escape hatches, as an ``Endpoint`` of a given method."""

    OPERATION_ID = "raw"
    PATH = ""  # the relative URL is the call's first argument

    def __init__(self, method: str) -> None:
        self.METHOD = method

    def _options(self, relative_url: str, params: Mapping[str, Any] | None, data: Any) -> tuple[str, dict[str, Any]]:
        from stream_chat_gen import _serde  # noqa: PLC0415 - only the escape hatches need it

        path = "/" + relative_url.lstrip("/")
        options: dict[str, Any] = {"params": _serde.query_values(params)}
        if self.METHOD in ("POST", "PUT", "PATCH") or (self.METHOD == "DELETE" and data):
            options["content"] = _serde.encode_json(data if data is not None else {})
            options["headers"] = {"Content-Type": "application/json"}
        return path, options

    def sync_detailed(
        self, relative_url: str, params: Mapping[str, Any] | None = None, data: Any = None, *, client: GeneratedClient
    ) -> APIResponse[dict[str, Any]]:
        path, options = self._options(relative_url, params, data)
        return client.send(self.METHOD, path, _identity, **options)

    async def asyncio_detailed(
        self, relative_url: str, params: Mapping[str, Any] | None = None, data: Any = None, *, client: GeneratedClient
    ) -> APIResponse[dict[str, Any]]:
        path, options = self._options(relative_url, params, data)
        return await client.asend(self.METHOD, path, _identity, **options)


def _identity(data: Any) -> dict[str, Any]:
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class RetryPolicy:
    """When to send a call again, and after how long.

    Retried: 429 on any method; 408 and 5xx on idempotent methods; connection
    failures before the request was sent on any method, and after it may have
    been sent only on idempotent methods (a POST is never sent twice unless the
    server said 429). Waits grow exponentially with jitter up to ``max_delay``;
    ``Retry-After`` or ``X-RateLimit-Reset`` from the server take precedence,
    capped at ``max_wait``.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_wait: float = 30.0

    def wait_after_status(
        self, method: str, attempt: int, status: int, headers: Mapping[str, str], now: float, jitter: float
    ) -> float | None:
        """Seconds to wait before retrying after an HTTP ``status``, or ``None`` not to retry."""
        if attempt >= self.max_retries:
            return None
        if status == 429 or (status in RETRYABLE_STATUSES and method in IDEMPOTENT_METHODS):
            requested = server_requested_wait(headers, now, rate_limited=status == 429)
            if requested is not None:
                return min(requested, self.max_wait)
            return self.backoff(attempt, jitter)
        return None

    def wait_after_error(self, method: str, attempt: int, error: Exception, jitter: float) -> float | None:
        """Seconds to wait before retrying after a transport ``error``, or ``None`` not to retry."""
        if attempt >= self.max_retries:
            return None
        if isinstance(error, NOT_SENT_ERRORS) or method in IDEMPOTENT_METHODS:
            return self.backoff(attempt, jitter)
        return None

    def backoff(self, attempt: int, jitter: float) -> float:
        """Exponential backoff for retry number ``attempt`` (0-based); ``jitter`` in [0, 1) spreads it."""
        delay: float = min(self.max_delay, self.initial_delay * 2.0**attempt)
        return delay * (0.5 + jitter / 2)


def server_requested_wait(headers: Mapping[str, str], now: float, *, rate_limited: bool) -> float | None:
    """The wait the server asked for: ``Retry-After`` (seconds or HTTP date), else, on 429, ``X-RateLimit-Reset``."""
    retry_after = headers.get("retry-after")
    if retry_after:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            try:
                return max(0.0, email.utils.parsedate_to_datetime(retry_after).timestamp() - now)
            except (TypeError, ValueError):
                pass
    reset = headers.get("x-ratelimit-reset")
    if rate_limited and reset:
        for part in reset.split(","):
            try:
                return max(0.0, float(part.strip()) - now)
            except ValueError:
                continue
    return None


def transport_failure(call: Call[Any], error: Exception) -> StreamConnectionError:
    """The exception a caller gets when the transport failed for good (the cause is chained by the caller)."""
    if isinstance(error, httpx.TimeoutException):
        return StreamTimeoutError(f"{call.method} {call.operation} timed out: {type(error).__name__}")
    return StreamConnectionError(f"{call.method} {call.operation} failed: {type(error).__name__}: {error}")


def deadline_failure(call: Call[Any], deadline: float) -> StreamTimeoutError:
    """The exception a caller gets when a call did not finish within the client's ``deadline``."""
    return StreamTimeoutError(f"{call.method} {call.operation} did not finish within its {deadline:g} s deadline")


def past(end: float | None, wait: float = 0.0) -> bool:
    """Whether ``time.monotonic() + wait`` is at or past ``end`` (never, without a deadline)."""
    return end is not None and time.monotonic() + wait >= end


def to_stream_response(response: APIResponse[T]) -> StreamResponse[T]:
    """A ``StreamResponse`` for a 2xx answer; the matching ``StreamAPIException`` otherwise."""
    headers = response.headers
    if not response.is_success:
        raise exception_for(response.status_code, _text(response), headers)
    content = response.content
    if not content or content.isspace():  # isspace: no copy of a large body, as strip() would make
        data: Any = {}
    else:
        try:
            data = response.json()
        except ResponseDecodeError as error:
            raise StreamResponseDecodeError(_text(response), response.status_code, headers) from error
    if not isinstance(data, dict):
        raise StreamResponseDecodeError(_text(response), response.status_code, headers)
    return StreamResponse(data, headers, response.status_code, parse=lambda: response.parsed)


def _text(response: APIResponse[Any]) -> str:
    """The body as text, for error messages (Stream answers UTF-8 JSON)."""
    return response.content.decode("utf-8", "replace")


def log_attempt(call: Call[Any], attempt: int, started: float, outcome: APIResponse[Any] | Exception) -> None:
    """One debug line per attempt: method, path template, operation, status (or error), duration, attempt."""
    if not logger.isEnabledFor(logging.DEBUG):
        return
    result = outcome.status_code if isinstance(outcome, APIResponse) else type(outcome).__name__
    elapsed = (time.perf_counter() - started) * 1000
    logger.debug(
        "%s %s (%s) -> %s in %.1f ms (attempt %d)",
        call.method,
        call.path,
        call.operation,
        result,
        elapsed,
        attempt + 1,
    )


__all__ = [
    "TRANSPORT_ERRORS",
    "Call",
    "Endpoint",
    "RawEndpoint",
    "RetryPolicy",
    "deadline_failure",
    "log_attempt",
    "past",
    "server_requested_wait",
    "to_stream_response",
    "transport_failure",
]
