"""Exceptions of the client.

API errors are ``StreamAPIException`` (also importable as ``StreamChatAPIException``),
subclassed by meaning so code can ``except StreamRateLimitError`` and branch on
``status_code`` and Stream's ``error_code``, never on message text. Transport
failures (no answer, timeouts) are ``StreamConnectionError`` with the original
exception as ``__cause__``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from stream_chat.types.rate_limit import RateLimitInfo


class StreamChannelException(Exception):
    """A channel operation was called without what it needs (an id, a creator)."""


class InvalidWebhookError(Exception):
    """A webhook body or signature failed verification."""


class StreamAPIException(Exception):
    """The API answered with an error status (or an unusable body).

    ``status_code`` is the HTTP status; ``error_code``, ``error_message``,
    ``more_info``, ``details``, ``exception_fields`` and ``unrecoverable`` come
    from Stream's error body when it is JSON (``None`` otherwise); ``body`` is
    that parsed object; ``response_text`` the raw text; ``headers`` and
    ``rate_limit`` those of the response.
    """

    def __init__(self, text: str, status_code: int, headers: Mapping[str, str] | None = None) -> None:
        self.response_text = text
        self.status_code = status_code
        self.headers: Mapping[str, str] = headers or {}
        self.rate_limit: RateLimitInfo | None = RateLimitInfo.from_headers(self.headers)
        body = _json_object(text)
        self.body: dict[str, Any] | None = body
        self.json_response = body is not None
        self.error_code: int | str | None = body.get("code", "unknown") if body is not None else None
        self.error_message: str | None = body.get("message", "unknown") if body is not None else None
        self.more_info: str | None = body.get("more_info") if body is not None else None
        self.details: list[Any] = list(body.get("details") or []) if body is not None else []
        self.exception_fields: dict[str, str] = dict(body.get("exception_fields") or {}) if body is not None else {}
        self.unrecoverable: bool = bool(body.get("unrecoverable")) if body is not None else False
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.json_response:
            return f"StreamChat error code {self.error_code}: {self.error_message}"
        return f"StreamChat error HTTP code: {self.status_code}"

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.response_text, self.status_code, dict(self.headers))


StreamChatAPIException = StreamAPIException


class StreamInputError(StreamAPIException):
    """400: the input was rejected (Stream code 4 and others)."""


class StreamAuthError(StreamAPIException):
    """401: unknown API key (code 2), bad signature or token (codes 5, 40-43)."""


class StreamPermissionError(StreamAPIException):
    """403: not allowed (code 17 and others)."""


class StreamNotFoundError(StreamAPIException):
    """404: the resource does not exist (code 16)."""


class StreamRateLimitError(StreamAPIException):
    """429: rate limited (code 9); ``rate_limit.reset`` says when to try again."""


class StreamServerError(StreamAPIException):
    """5xx: Stream (or a proxy in front of it) failed."""


class StreamResponseDecodeError(StreamAPIException):
    """A 2xx response whose body is not the JSON object the operation promises."""

    def __str__(self) -> str:
        return f"StreamChat response with HTTP code {self.status_code} is not a JSON object"


class StreamConnectionError(Exception):
    """No usable answer: the connection failed or broke. The transport error is ``__cause__``."""


class StreamTimeoutError(StreamConnectionError):
    """The request timed out (connect, read, write or pool)."""


_BY_STATUS: dict[int, type[StreamAPIException]] = {
    400: StreamInputError,
    401: StreamAuthError,
    403: StreamPermissionError,
    404: StreamNotFoundError,
    429: StreamRateLimitError,
}


def exception_for(status_code: int, text: str, headers: Mapping[str, str] | None = None) -> StreamAPIException:
    """The ``StreamAPIException`` subclass that fits an error response."""
    cls = _BY_STATUS.get(status_code) or (StreamServerError if status_code >= 500 else StreamAPIException)
    return cls(text, status_code, headers)


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
