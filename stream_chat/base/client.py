"""``StreamChatInterface``: configuration and the client-side helpers both clients share."""

from __future__ import annotations

import copy
import datetime
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, Unpack, cast

from stream_chat.__pkg__ import __version__
from stream_chat.base.http import RetryPolicy
from stream_chat.base.pacing import RateLimitPacer

if TYPE_CHECKING:
    from stream_chat.types.requests import ClientOptions, Filter, SearchOptions, Sort
    from stream_chat_gen import Client as GeneratedClient

DEFAULT_BASE_URL = "https://chat.stream-io-api.com"
DEFAULT_TIMEOUT = 6.0


def get_user_agent() -> str:
    """The ``X-Stream-Client`` value, as the official client sends it."""
    return f"stream-python-client-{__version__}"


def get_default_header() -> dict[str, str]:
    """Headers sent with every request besides the credentials."""
    return {"Content-type": "application/json", "X-Stream-Client": get_user_agent()}


class StreamChatInterface:
    """Settings, credentials and helpers shared by ``StreamChat`` and ``StreamChatAsync``.

    ``options``: ``base_url`` (else ``$STREAM_CHAT_URL``, else Stream's edge),
    ``max_retries`` (default 2; 0 disables retries), ``deadline`` (seconds a
    whole call may take: connecting, sending, the whole answer, every retry and
    the waits between them; ``None``, the default, for no limit beside
    ``timeout``, which bounds each connect and each read), ``transport`` (an
    ``httpx`` transport, e.g. for tests or proxies), ``http_client`` (a ready
    ``httpx.Client``/``httpx.AsyncClient``) and ``pace_rate_limits`` (``True``, or a
    ``RateLimitPacer`` to share: wait for a spent rate-limit window to reset
    instead of getting 429; off by default). ``$STREAM_CHAT_TIMEOUT`` overrides
    ``timeout`` (seconds).
    """

    def __init__(
        self, api_key: str, api_secret: str, timeout: float = DEFAULT_TIMEOUT, **options: Unpack[ClientOptions]
    ) -> None:
        if not isinstance(api_key, str) or not api_key:
            raise ValueError("api_key must be a non-empty string")
        if not isinstance(api_secret, str) or not api_secret:
            raise ValueError("api_secret must be a non-empty string")
        self.api_key = api_key
        self.api_secret = api_secret
        self.timeout = float(os.environ.get("STREAM_CHAT_TIMEOUT") or timeout)
        self.options = options
        self.base_url = str(options.get("base_url") or os.environ.get("STREAM_CHAT_URL") or DEFAULT_BASE_URL).rstrip(
            "/"
        )
        self.retry_policy = RetryPolicy(max_retries=int(options.get("max_retries", RetryPolicy.max_retries)))
        self.rate_limit_pacer = _pacer(options.get("pace_rate_limits"))
        self.deadline = _deadline(options.get("deadline"))
        import jwt  # noqa: PLC0415 - loaded with the first client, not by `import stream_chat`

        self.auth_token: str = jwt.encode({"server": True}, api_secret, algorithm="HS256")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(api_key={self.api_key!r}, base_url={self.base_url!r})"

    # Set by the sync and async clients: the generated package's client they send through.
    _generated: GeneratedClient
    _owns_http: bool

    def with_options(
        self,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
        pace_rate_limits: bool | RateLimitPacer | None = None,
    ) -> Self:
        """A copy with another timeout, retry count, deadline or pacing, sharing this client's connection pool."""
        clone = copy.copy(self)
        if pace_rate_limits is not None:
            clone.rate_limit_pacer = _pacer(pace_rate_limits)
        if deadline is not None:
            clone.deadline = _deadline(deadline)
        if timeout is not None:
            clone.timeout = timeout
            clone._generated = self._generated.with_options(timeout=timeout)
        if max_retries is not None:
            clone.retry_policy = type(self.retry_policy)(max_retries=max_retries)
        clone._owns_http = False
        return clone

    def _generated_client(self, **http_clients: Any) -> GeneratedClient:
        """A client of the generated package with these credentials, over the given httpx client(s)."""
        from stream_chat_gen import Client  # noqa: PLC0415 - keeps this module light

        return Client(
            api_key=self.api_key,
            token=self.auth_token,
            base_url=self.base_url,
            timeout=self.timeout,
            headers={"X-Stream-Client": get_user_agent()},
            **http_clients,
        )

    def get_default_params(self) -> dict[str, str]:
        """Query parameters sent with every request."""
        return {"api_key": self.api_key}

    def normalize_sort(self, sort: Sort | None = None) -> list[dict[str, Any]]:
        """``{"f": 1}`` or ``[{"f": 1}]`` → ``[{"field": "f", "direction": 1}]``; that form itself passes through."""
        if sort is None:
            return []
        # A lone entry is a mapping (pyright also keeps "an iterable of entries that is a mapping").
        items = cast("list[Mapping[str, Any]]", [sort] if isinstance(sort, Mapping) else list(sort))
        result: list[dict[str, Any]] = []
        for item in items:
            if "field" in item and "direction" in item:
                result.append(dict(item))
            else:
                result.extend({"field": key, "direction": value} for key, value in item.items())
        return result

    def create_token(
        self,
        user_id: str,
        exp: int | float | datetime.datetime | datetime.timedelta | None = None,
        iat: int | float | datetime.datetime | None = None,
        **claims: Any,
    ) -> str:
        """A user token (HS256 JWT signed with the app secret) carrying ``user_id`` and any extra claims.

        ``exp`` is a Unix time, an aware (or UTC-naive) datetime, or a timedelta from now;
        ``iat`` a Unix time or datetime.
        """
        if not isinstance(user_id, str) or not user_id:
            raise ValueError("user_id must be a non-empty string")
        payload: dict[str, Any] = {**claims, "user_id": user_id}
        if exp is not None:
            payload["exp"] = _unix_time(exp)
        if iat is not None:
            payload["iat"] = _unix_time(iat)
        import jwt  # noqa: PLC0415 - see __init__

        return jwt.encode(payload, self.api_secret, algorithm="HS256")

    def create_search_params(
        self,
        filter_conditions: Filter,
        query: str | Filter,
        sort: Sort | None = None,
        **options: Unpack[SearchOptions],
    ) -> dict[str, Any]:
        """The ``payload`` of a search: a text ``query`` as is, a filter as ``message_filter_conditions``.

        Options, as ``search``'s: ``limit``, ``offset`` or ``next``, ``message_options``,
        ``force_default_search``, ``force_sql_v2_backend``.
        """
        params = dict(options)
        if isinstance(query, str):
            params["query"] = query
        else:
            params["message_filter_conditions"] = query
        params["filter_conditions"] = filter_conditions
        if sort:
            params["sort"] = self.normalize_sort(sort)
        return params

    def verify_webhook(self, request_body: bytes | str, x_signature: str | bytes) -> bool:
        """Whether ``x_signature`` is the HMAC-SHA256 of the raw body keyed by the app secret (constant-time)."""
        from stream_chat.webhook import verify_signature  # noqa: PLC0415 - keeps client import light

        return verify_signature(request_body, x_signature, self.api_secret)


def _pacer(setting: object) -> RateLimitPacer | None:
    """The pacer for a ``pace_rate_limits`` setting: a given pacer, a new one for a true value, else none."""
    if isinstance(setting, RateLimitPacer):
        return setting
    if setting is None or isinstance(setting, bool):
        return RateLimitPacer() if setting else None
    raise TypeError(f"pace_rate_limits must be a bool or a RateLimitPacer, got {setting!r}")


def _deadline(value: Any) -> float | None:
    """The ``deadline`` option: ``None``, or a positive number of seconds."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ValueError(f"deadline must be a positive number of seconds or None, got {value!r}")
    return float(value)


def _unix_time(value: int | float | datetime.datetime | datetime.timedelta) -> int:
    """Seconds since the epoch for a JWT time claim."""
    if isinstance(value, datetime.timedelta):
        return int((datetime.datetime.now(datetime.UTC) + value).timestamp())
    if isinstance(value, datetime.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
        return int(aware.timestamp())
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a Unix time, datetime or timedelta, got {type(value).__name__}")
    return int(value)
