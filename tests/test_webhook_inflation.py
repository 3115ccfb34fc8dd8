"""Webhook bodies are inflated with a cap: a gzip bomb posted over a real socket is refused without being inflated.

A receiver on 127.0.0.1 runs ``verify_and_parse_webhook`` on each body it gets, as a
user's webhook endpoint would, while ``tracemalloc`` records the peak memory.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import hmac
import json
import tracemalloc
from typing import Any

import httpx
import pytest

from stream_chat.base.exceptions import InvalidWebhookError
from stream_chat.webhook import MAX_INFLATED_BYTES, gunzip_payload, parse_sqs, verify_and_parse_webhook
from tests.local_http import JSONHandler, LocalServer

SECRET = "webhook-inflation-secret"
MB = 1024 * 1024


class Receiver(LocalServer):
    """A webhook endpoint: 200 with the event type, or 400 with the ``InvalidWebhookError`` text."""

    def __init__(self, **options: Any) -> None:
        class Handler(JSONHandler):
            protocol_version = "HTTP/1.1"

            def answer(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                try:
                    event = verify_and_parse_webhook(body, self.headers["X-Signature"], SECRET, **options)
                except InvalidWebhookError as error:
                    self.reply(400, json.dumps({"error": str(error)}).encode())
                    return
                self.reply(200, json.dumps({"type": event["type"]}).encode())

        super().__init__(Handler)


def deliver(url: str, payload: bytes, inflated: bytes) -> tuple[int, dict[str, Any], int]:
    """POST a gzipped webhook; returns the status, the answer and the peak bytes traced meanwhile."""
    signature = hmac.new(SECRET.encode(), inflated, hashlib.sha256).hexdigest()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        response = httpx.post(url, content=payload, headers={"X-Signature": signature, "Content-Encoding": "gzip"})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return response.status_code, response.json(), peak


def bomb(size: int) -> tuple[bytes, bytes]:
    """A JSON event padded with ``size`` spaces, and its gzip (about a thousandth of the size)."""
    inflated = b'{"type": "message.new"' + b" " * size + b"}"
    return gzip.compress(inflated, 9), inflated


def test_a_gzip_bomb_is_refused_past_the_default_cap_without_being_inflated() -> None:
    payload, inflated = bomb(64 * MB)
    assert len(payload) < MB
    with Receiver() as receiver:
        status, body, peak = deliver(receiver.url, payload, inflated)
    assert status == 400
    assert body["error"] == f"inflated payload larger than max_inflated_bytes ({MAX_INFLATED_BYTES} bytes)"
    assert peak < MAX_INFLATED_BYTES + 2 * MB  # the cap and a piece, never the 64 MB


def test_the_cap_is_an_option() -> None:
    payload, inflated = bomb(2 * MB)
    with Receiver() as receiver:
        assert deliver(receiver.url, payload, inflated)[:2] == (200, {"type": "message.new"})
    with Receiver(max_inflated_bytes=MB) as receiver:
        status, body, peak = deliver(receiver.url, payload, inflated)
    assert (status, body) == (400, {"error": f"inflated payload larger than max_inflated_bytes ({MB} bytes)"})
    assert peak < 2 * MB


def test_the_cap_counts_exactly_and_over_every_member() -> None:
    event = b'{"type": "user.updated"}'
    assert gunzip_payload(gzip.compress(event), max_inflated_bytes=len(event)) == event
    with pytest.raises(InvalidWebhookError, match="larger than"):
        gunzip_payload(gzip.compress(event), max_inflated_bytes=len(event) - 1)
    two_members = gzip.compress(event[:10]) + gzip.compress(event[10:])
    assert gunzip_payload(two_members) == event
    with pytest.raises(InvalidWebhookError, match="larger than"):
        gunzip_payload(two_members, max_inflated_bytes=len(event) - 1)
    with pytest.raises(InvalidWebhookError, match="gzip decompression failed"):
        gunzip_payload(gzip.compress(event)[:-12])  # truncated
    with pytest.raises(InvalidWebhookError, match="gzip decompression failed"):
        gunzip_payload(gzip.compress(event) + b"trailing garbage")
    sqs = base64.b64encode(gzip.compress(event))
    assert parse_sqs(sqs) == {"type": "user.updated"}
    with pytest.raises(InvalidWebhookError, match="larger than"):
        parse_sqs(sqs, max_inflated_bytes=5)
