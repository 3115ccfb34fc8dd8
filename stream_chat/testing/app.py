"""``Emulator``: one Stream Chat app in memory, answering requests as the server-side API does."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlsplit

from stream_chat.client import StreamChat
from stream_chat.testing import handlers as _handlers
from stream_chat.testing.auth import authenticate
from stream_chat.testing.clock import Clock
from stream_chat.testing.context import HANDLERS, Call
from stream_chat.testing.errors import APIError, failed, not_implemented
from stream_chat.testing.exchange import Exchange, Reply
from stream_chat.testing.handlers.imports import IMPORTS_PATH, accept_upload
from stream_chat.testing.handlers.uploads import FILES_PATH
from stream_chat.testing.query import QueryError
from stream_chat.testing.routes import resolve, routes
from stream_chat.testing.server import EmulatorServer
from stream_chat.testing.state import Store
from stream_chat.testing.transport import AsyncEmulatorTransport, EmulatorTransport
from stream_chat.testing.webhooks import DEFAULT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT, Delivery, WebhookSender

if TYPE_CHECKING:
    from stream_chat.async_chat.client import StreamChatAsync

assert _handlers  # imported for its side effect: every handler registers itself

DEFAULT_API_KEY = "emulator-key"
DEFAULT_API_SECRET = "emulator-secret-for-local-tests-only"
DEFAULT_RATE_LIMIT = 10_000

logger = logging.getLogger("stream_chat.testing")


class Emulator:
    """A stateful, in-memory Stream Chat app for tests and local runs, without a Stream account.

    Use it in process (``transport()``, ``async_transport()``, ``client()``) or over HTTP
    (``serve()``, or ``python -m stream_chat.testing``). Requests are authenticated as Stream does
    (API key, ``Stream-Auth-Type: jwt``, a server token signed with ``api_secret``), answers carry
    rate-limit headers, and operations the emulator does not implement answer 501 naming the
    operation. ``rate_limit`` is the number of requests per operation per window before 429;
    ``rate_window`` the window's length in seconds (60, as Stream's; shorter for benchmarks).
    ``on_exchange`` is called with every ``Exchange`` (for recording or checking traffic).

    ``webhook_url`` (or the app setting ``webhook_url``, changed with ``UpdateApp``) receives every event
    as Stream posts it, signed with ``X-Signature``; ``webhook_timeout`` and ``webhook_total_timeout``
    bound one attempt and all attempts of an event (Stream: 6 s and 15 s). ``wait_for_webhooks()``
    waits for queued deliveries, ``webhook_deliveries`` lists what happened, ``close()`` stops the sender.
    """

    def __init__(
        self,
        api_key: str = DEFAULT_API_KEY,
        api_secret: str = DEFAULT_API_SECRET,
        *,
        rate_limit: int = DEFAULT_RATE_LIMIT,
        rate_window: int = 60,
        app_name: str = "Stream Chat emulator",
        on_exchange: Callable[[Exchange], None] | None = None,
        webhook_url: str = "",
        webhook_timeout: float = DEFAULT_TIMEOUT,
        webhook_total_timeout: float = DEFAULT_TOTAL_TIMEOUT,
        on_webhook_delivery: Callable[[Delivery], None] | None = None,
    ) -> None:
        if not api_key or not api_secret:
            raise ValueError("api_key and api_secret must be non-empty")
        self.api_key = api_key
        self.api_secret = api_secret
        self.rate_limit = rate_limit
        if rate_window < 1:
            raise ValueError(f"rate_window must be 1 second or more, got {rate_window}")
        self.rate_window = rate_window
        self.app_name = app_name
        self.on_exchange = on_exchange
        self._lock = threading.RLock()
        self.webhook_url = webhook_url
        self.store = self._new_store()
        self._windows: dict[str, tuple[int, int]] = {}
        self.webhooks = WebhookSender(
            api_key,
            api_secret,
            timeout=webhook_timeout,
            total_timeout=webhook_total_timeout,
            on_delivery=on_webhook_delivery,
        )

    def _new_store(self) -> Store:
        store = Store(Clock(), self.app_name)
        store.api_secret = self.api_secret
        store.app["webhook_url"] = self.webhook_url
        return store

    @property
    def webhook_deliveries(self) -> list[Delivery]:
        """Every webhook delivery so far, delivered or given up on, in order."""
        return list(self.webhooks.deliveries)

    def wait_for_webhooks(self, timeout: float | None = None) -> bool:
        """Wait until queued events are delivered (or given up on); ``False`` if ``timeout`` ran out first."""
        return self.webhooks.wait(timeout)

    def close(self) -> None:
        """Stop delivering webhooks (the delivery in progress ends first; queued events are dropped)."""
        self.webhooks.close()

    def __enter__(self) -> Emulator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Emulator(api_key={self.api_key!r})"

    def reset(self) -> None:
        """Forget every user, channel, message and setting (back to a new app)."""
        with self._lock:
            self.store = self._new_store()
            self._windows.clear()

    def handle(
        self,
        method: str,
        target: str,
        headers: Mapping[str, str],
        body: bytes = b"",
        base_url: str = "http://127.0.0.1",
    ) -> Reply:
        """Answer one request: ``target`` is the percent-encoded path with its query string."""
        started = time.perf_counter()
        method = method.upper()
        split = urlsplit(target)
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        lowered = {key.lower(): value for key, value in headers.items()}
        resolved = resolve(method, split.path)
        operation = resolved[0].operation_id if resolved is not None else None
        if resolved is None and method == "GET" and split.path.startswith(FILES_PATH):
            reply = self._file(split.path)
        elif resolved is None and method == "PUT" and split.path.startswith(IMPORTS_PATH):
            with self._lock:
                accepted = accept_upload(self.store, unquote(split.path), body)
            reply = Reply(200 if accepted else 404, {"Content-Type": "text/plain"}, b"" if accepted else b"not found")
        else:
            with self._lock:
                reply = self._answer(method, split.path, query, lowered, body, base_url, resolved, started)
        logger.debug("%s %s (%s) -> %d", method, split.path, operation or "unknown", reply.status)
        if self.on_exchange is not None:
            self.on_exchange(Exchange(method, split.path, query, lowered, body, operation, reply))
        return reply

    def _answer(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        headers: dict[str, str],
        body: bytes,
        base_url: str,
        resolved: Any,
        started: float,
    ) -> Reply:
        operation = resolved[0].operation_id if resolved is not None else f"{method} {path}"
        rate_headers, limited = self._rate(operation)
        try:
            if resolved is None:
                raise not_implemented(f"{method} {path}", "not an operation of the API as the emulator knows it")
            params = resolved[1]
            authenticate(query, headers, self.api_key, self.api_secret, time.time())
            if limited:
                raise APIError(429, 9, failed(operation, "Too many requests, check response headers for more info."))
            handler = HANDLERS.get(operation)
            if handler is None:
                raise not_implemented(operation)
            content_type = headers.get("content-type", "")
            self.store.lift_expired(self.store.clock.now())
            call = Call(operation, self.store, params, query, body, content_type, base_url.rstrip("/"))
            call.rate_limits = self.rate_limits
            data = handler(call)
            status = 201 if method in ("POST", "PUT") else 200
            self._publish(call.events)
        except APIError as error:
            status, data = error.status, error.body(_duration(started))
        except QueryError as error:
            status, data = 400, APIError(400, 4, failed(operation, str(error))).body(_duration(started))
        except Exception as error:  # a bug of the emulator: answered as Stream answers internal errors
            logger.exception("the emulator failed on %s", operation)
            failure = APIError(500, -1, failed(operation, f"internal error of the emulator: {error!r}"))
            status, data = 500, failure.body(_duration(started))
        data["duration"] = _duration(started)
        content = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
        headers_out = {"Content-Type": "application/json", **rate_headers}
        return Reply(status, headers_out, content)

    def _publish(self, events: list[dict[str, Any]]) -> None:
        """Hand the events of a successful request to the webhook sender (``webhook_events`` filters them)."""
        url = self.store.app.get("webhook_url")
        if not events or not isinstance(url, str) or not url:
            return
        wanted = self.store.app.get("webhook_events") or []
        for event in events:
            if not wanted or event["type"] in wanted:
                self.webhooks.send(url, event)

    def rate_limits(self) -> dict[str, dict[str, int]]:
        """Per operation: ``limit``, ``remaining`` and ``reset`` (Unix seconds) of the current minute."""
        window = int(time.time()) // 60 * 60
        limits = {}
        for route in routes():
            start, count = self._windows.get(route.operation_id, (window, 0))
            used = count if start == window else 0
            limits[route.operation_id] = {
                "limit": self.rate_limit,
                "remaining": max(0, self.rate_limit - used),
                "reset": window + 60,
            }
        return limits

    def _rate(self, operation: str) -> tuple[dict[str, str], bool]:
        """Rate-limit headers of this request (per operation per window) and whether it is over the limit."""
        window = int(time.time()) // self.rate_window * self.rate_window
        start, count = self._windows.get(operation, (window, 0))
        if start != window:
            start, count = window, 0
        count += 1
        self._windows[operation] = (start, count)
        # Lower-case names, as Stream sends them (the official client looks them up in a plain dict).
        headers = {
            "x-ratelimit-limit": str(self.rate_limit),
            "x-ratelimit-remaining": str(max(0, self.rate_limit - count)),
            "x-ratelimit-reset": str(start + self.rate_window),
        }
        return headers, count > self.rate_limit

    def _file(self, path: str) -> Reply:
        stored = self.store.files.get(path)
        if stored is None:
            return Reply(404, {"Content-Type": "text/plain"}, b"not found")
        return Reply(200, {"Content-Type": stored.content_type}, stored.content)

    def transport(self) -> EmulatorTransport:
        """An ``httpx`` transport answering from this emulator: ``StreamChat(key, secret, transport=...)``."""
        return EmulatorTransport(self)

    def async_transport(self) -> AsyncEmulatorTransport:
        """The ``httpx`` async transport, for ``StreamChatAsync``."""
        return AsyncEmulatorTransport(self)

    def client(self, **options: Any) -> StreamChat:
        """A ``StreamChat`` with this emulator's credentials, talking to it in process."""
        return StreamChat(self.api_key, self.api_secret, transport=self.transport(), **options)

    def async_client(self, **options: Any) -> StreamChatAsync:
        """A ``StreamChatAsync`` with this emulator's credentials, talking to it in process."""
        from stream_chat.async_chat.client import StreamChatAsync  # noqa: PLC0415 - loaded on first use, as in stream_chat

        return StreamChatAsync(self.api_key, self.api_secret, transport=self.async_transport(), **options)

    def serve(self, host: str = "127.0.0.1", port: int = 0) -> EmulatorServer:
        """Start answering over HTTP on ``host:port`` (0: any free port) in a background thread."""
        return EmulatorServer(self, host, port).start()


def _duration(started: float) -> str:
    return f"{(time.perf_counter() - started) * 1000:.2f}ms"
