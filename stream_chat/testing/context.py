"""What a handler gets (``Call``), the registry of handlers by operationId, and input helpers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from stream_chat.testing.clock import parse_time
from stream_chat.testing.errors import APIError, input_error, not_found
from stream_chat.testing.state import Store

Handler = Callable[["Call"], dict[str, Any]]
HANDLERS: dict[str, Handler] = {}

_USER_ID = re.compile(r"[@\w-]{1,255}")
_CHANNEL_ID = re.compile(r"[\w!-]{1,64}")


def handles(*operation_ids: str) -> Callable[[Handler], Handler]:
    """Register a handler for these operationIds; a second handler for one of them is an error."""

    def register(handler: Handler) -> Handler:
        for operation_id in operation_ids:
            if operation_id in HANDLERS:
                raise RuntimeError(f"{operation_id} has two handlers: {HANDLERS[operation_id]!r} and {handler!r}")
            HANDLERS[operation_id] = handler
        return handler

    return register


@dataclass
class Call:
    """One authenticated request to an implemented operation."""

    operation: str
    store: Store
    params: dict[str, str]
    query: dict[str, str]
    body: bytes
    content_type: str
    base_url: str
    events: list[dict[str, Any]] = field(default_factory=list, repr=False)
    rate_limits: Callable[[], dict[str, dict[str, int]]] | None = field(default=None, repr=False)
    _json: Any = field(default=None, repr=False)

    def fail(self, detail: str, code: int = 4) -> APIError:
        """400 (code 4 unless given) in Stream's wording for this operation."""
        return input_error(self.operation, detail, code)

    def missing(self, detail: str) -> APIError:
        """404, code 16, in Stream's wording for this operation."""
        return not_found(self.operation, detail)

    def now(self) -> int:
        return self.store.clock.now()

    def json(self) -> dict[str, Any]:
        """The JSON object body (``{}`` when empty)."""
        if self._json is None:
            if not self.body.strip():
                self._json = {}
            else:
                try:
                    self._json = json.loads(self.body)
                except ValueError:
                    raise self.fail("the request body is not valid JSON") from None
            if not isinstance(self._json, dict):
                raise self.fail("the request body must be a JSON object")
        data: dict[str, Any] = self._json
        return data

    def payload(self) -> dict[str, Any]:
        """The JSON object in the ``payload`` query parameter of query endpoints."""
        raw = self.query.get("payload")
        if raw is None:
            raise self.fail("the payload query parameter is required")
        try:
            data = json.loads(raw)
        except ValueError:
            raise self.fail("the payload query parameter is not valid JSON") from None
        if not isinstance(data, dict):
            raise self.fail("the payload query parameter must be a JSON object")
        return data

    def flag(self, name: str, default: bool = False) -> bool:
        """A boolean query parameter (``true``/``True``/``1`` or ``false``/``False``/``0``)."""
        raw = self.query.get(name)
        if raw is None or raw == "":
            return default
        if raw.lower() in ("true", "1"):
            return True
        if raw.lower() in ("false", "0"):
            return False
        raise self.fail(f"{name} must be true or false, got {raw!r}")

    def int_query(self, name: str) -> int | None:
        raw = self.query.get(name)
        if raw is None or raw == "":
            return None
        try:
            return int(raw)
        except ValueError:
            raise self.fail(f"{name} must be an integer, got {raw!r}") from None


def string(call: Call, data: dict[str, Any], key: str, *, required: bool = False) -> str | None:
    """``data[key]`` as a non-empty string, or ``None`` if absent (400 if required or of another type)."""
    value = data.get(key)
    if value is None:
        if required:
            raise call.fail(f"{key} is a required field")
        return None
    if not isinstance(value, str) or (required and not value):
        raise call.fail(f"{key} must be a non-empty string")
    return value


def required(call: Call, data: dict[str, Any], key: str) -> Any:
    """``data[key]`` of any type; 400 if it is absent or null."""
    value = data.get(key)
    if value is None:
        raise call.fail(f"{key} is a required field")
    return value


def required_object(call: Call, data: dict[str, Any], key: str) -> dict[str, Any]:
    """``data[key]``, which must be a JSON object; 400 otherwise."""
    value = data.get(key)
    if not isinstance(value, dict):
        raise call.fail(f"{key} is a required field")
    return value


def boolean(call: Call, data: dict[str, Any], key: str, default: bool = False) -> bool:
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise call.fail(f"{key} must be true or false")
    return value


def string_list(call: Call, data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise call.fail(f"{key} must be a list of non-empty strings")
    return list(value)


def timestamp(call: Call, value: Any, key: str) -> int | None:
    """Nanoseconds of an RFC 3339 value (``None`` stays ``None``)."""
    if value is None:
        return None
    ns = parse_time(value)
    if ns is None:
        raise call.fail(f"{key} must be an RFC 3339 date-time, got {value!r}")
    return ns


def acting_user(call: Call, data: dict[str, Any], *, required: bool = False) -> str | None:
    """The user a server-side call acts for: ``user_id`` or ``user.id`` (400 if required and absent)."""
    user_id = data.get("user_id")
    user = data.get("user")
    if not user_id and isinstance(user, dict):
        user_id = user.get("id")
    if not user_id:
        if required:
            raise call.fail("either user.id or user_id are required when using server side auth")
        return None
    if not isinstance(user_id, str):
        raise call.fail("user_id must be a string")
    return user_id


def check_user_id(call: Call, user_id: Any) -> str:
    if not isinstance(user_id, str) or not _USER_ID.fullmatch(user_id):
        raise call.fail(f"user id {user_id!r} is not valid: use at most 255 letters, digits, '@', '_' or '-'")
    return user_id


def check_channel_id(call: Call, channel_id: str) -> str:
    if not _CHANNEL_ID.fullmatch(channel_id):
        raise call.fail(f"channel id {channel_id!r} is not valid: use at most 64 letters, digits, '_', '-' or '!'")
    return channel_id
