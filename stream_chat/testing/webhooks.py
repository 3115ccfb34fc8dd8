"""Webhook delivery: events POSTed to the app's ``webhook_url`` from a background thread, as Stream sends them.

Each delivery is a JSON body signed with ``X-Signature`` (hex HMAC-SHA256 of the body keyed by the API
secret) and carries ``X-Webhook-Id`` (the same on every attempt), ``X-Webhook-Attempt`` (from 1) and
``X-Api-Key``. Retries follow Stream's documented policy: 408, 429 and 5xx answers and timeouts are tried
3 times, network errors twice, other answers never; one attempt may take ``timeout`` seconds (Stream:
6) and all attempts of one event at most ``total_timeout`` (Stream: 15). Failures are logged on the
``stream_chat.testing`` logger. Requests never wait for deliveries.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from stream_chat.testing.state import new_id

logger = logging.getLogger("stream_chat.testing")

ATTEMPTS_ON_ERROR_STATUS = 3
ATTEMPTS_ON_TIMEOUT = 3
ATTEMPTS_ON_NETWORK_ERROR = 2
RETRIED_STATUSES = frozenset({408, 429})
DEFAULT_TIMEOUT = 6.0
DEFAULT_TOTAL_TIMEOUT = 15.0
RETRY_PAUSE = 0.1  # seconds before attempt 2, doubled before attempt 3 (Stream does not document its pauses)


def sign(body: bytes, secret: str) -> str:
    """The ``X-Signature`` of a body: hex HMAC-SHA256 keyed by the API secret."""
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Delivery:
    """What happened to one event: its type, the URL, attempts made, the last status (0: none) and error."""

    event_type: str
    url: str
    webhook_id: str
    attempts: int
    status: int
    error: str | None

    @property
    def delivered(self) -> bool:
        return 200 <= self.status < 300


@dataclass(frozen=True)
class _Outgoing:
    url: str
    event_type: str
    body: bytes


class WebhookSender:
    """A queue of events and one daemon thread that delivers them in order, started on first use."""

    def __init__(
        self,
        api_key: str,
        api_secret: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        total_timeout: float = DEFAULT_TOTAL_TIMEOUT,
        on_delivery: Callable[[Delivery], None] | None = None,
    ) -> None:
        self.api_key = api_key
        self.api_secret = api_secret
        self.timeout = timeout
        self.total_timeout = total_timeout
        self.on_delivery = on_delivery
        self.deliveries: list[Delivery] = []
        self._queue: queue.Queue[_Outgoing | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closed = threading.Event()

    def send(self, url: str, event: dict[str, Any]) -> None:
        """Queue ``event`` for ``url``; returns at once."""
        if self._closed.is_set():
            return
        body = json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        self._queue.put(_Outgoing(url, str(event.get("type", "")), body))
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="stream-chat-emulator-webhooks", daemon=True)
                self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every queued event was delivered or given up on; ``False`` if ``timeout`` ran out."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(0.01)
        return True

    def close(self) -> None:
        """Stop the thread after the delivery in progress; events still queued are dropped."""
        self._closed.set()
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout=self.timeout + 1)
        while True:  # what is left is dropped, so that wait() returns
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
            self._queue.task_done()

    def _run(self) -> None:
        with httpx.Client(timeout=self.timeout) as client:
            while True:
                item = self._queue.get()
                try:
                    if item is None or self._closed.is_set():
                        return
                    self._deliver(client, item)
                except Exception:  # a bug here must not stop later deliveries
                    logger.exception("webhook delivery failed unexpectedly")
                finally:
                    self._queue.task_done()

    def _deliver(self, client: httpx.Client, item: _Outgoing) -> None:
        webhook_id = new_id()
        started = time.monotonic()
        attempt, status, error = 0, 0, None
        allowed = 1
        while attempt < allowed and not self._closed.is_set():
            if attempt:
                time.sleep(RETRY_PAUSE * 2 ** (attempt - 1))
            left = self.total_timeout - (time.monotonic() - started)
            if left <= 0:
                error = f"{error}; no time left for another attempt"
                break
            attempt += 1
            headers = {
                "Content-Type": "application/json",
                "X-Signature": sign(item.body, self.api_secret),
                "X-Api-Key": self.api_key,
                "X-Webhook-Id": webhook_id,
                "X-Webhook-Attempt": str(attempt),
            }
            try:
                response = client.post(item.url, content=item.body, headers=headers, timeout=min(self.timeout, left))
            except httpx.TimeoutException as failure:
                status, error, allowed = 0, f"timed out: {failure!r}", ATTEMPTS_ON_TIMEOUT
                continue
            except httpx.HTTPError as failure:
                status, error, allowed = 0, f"network error: {failure!r}", ATTEMPTS_ON_NETWORK_ERROR
                continue
            status = response.status_code
            if 200 <= status < 300:
                error = None
                break
            error = f"answered {status}"
            allowed = ATTEMPTS_ON_ERROR_STATUS if status in RETRIED_STATUSES or status >= 500 else 1
        delivery = Delivery(item.event_type, item.url, webhook_id, attempt, status, error)
        if error is not None:
            logger.warning("webhook %s to %s failed after %d attempt(s): %s", item.event_type, item.url, attempt, error)
        self.deliveries.append(delivery)
        if self.on_delivery is not None:
            self.on_delivery(delivery)
