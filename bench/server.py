"""The canned local API server of the benchmarks: Stream-shaped JSON on 127.0.0.1, fast enough not to matter.

    python -m bench.server [--max-seconds S]

Prints ``port <number>`` once it listens on 127.0.0.1 (an OS-assigned port),
then answers until its standard input closes (the benchmark that started it
ended, however it ended) or ``--max-seconds`` pass, whichever comes first.

It is a bare asyncio protocol with HTTP/1.1 keep-alive and every answer
prebuilt as bytes, so it spends microseconds per request and the clients on
the other core are what is measured. It answers the four operations of the
benchmark, both on Stream's v1 paths (``stream-chat``, ours) and on the
``/api/v2/chat`` paths ``getstream`` calls:

- ``POST /users``: upsert user (one ``UserResponse``);
- ``POST /channels/{type}/{id}/query``: query one channel (a ``ChannelStateResponse``, 10 members, 20 messages);
- ``POST /channels/{type}/{id}/message``: send message (one ``MessageResponse``);
- ``POST /channels``: query channels (10 channel states).

The v2 answers are the same documents with timestamps as Unix nanoseconds,
the way the v2 API writes them (getstream's models decode nothing else).

Anything else gets a Stream-shaped 404, so a client that called the wrong
endpoint fails the benchmark instead of timing an error.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import re
import sys
import threading
from collections.abc import Callable
from typing import Any

from bench import payloads

RATE_LIMIT_HEADERS = (
    ("X-RateLimit-Limit", "10000"),
    ("X-RateLimit-Remaining", "9999"),
    ("X-RateLimit-Reset", "1900000000"),
)
V2_PREFIXES = ("/api/v2/chat", "/api/v2")


def _message() -> payloads.JSON:
    page = payloads.channel_state(members=3, messages=1, seed=7)
    message: payloads.JSON = page["messages"][0]
    return message


def documents() -> dict[str, payloads.JSON]:
    """The JSON answer of each operation, by operation name."""
    user = payloads.channel_state(members=1, messages=0, seed=5)["members"][0]["user"]
    return {
        "upsert_user": {"users": {user["id"]: user}, "duration": "1.20ms"},
        "query_channel": payloads.channel_state(members=10, messages=20),
        "send_message": {"message": _message(), "duration": "4.81ms"},
        "query_channels": payloads.query_channels(),
    }


_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z")


def v2_shaped(value: Any) -> Any:
    """The same JSON as the v2 API (``getstream``) writes it: timestamps as Unix nanoseconds."""
    if isinstance(value, dict):
        return {key: v2_shaped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [v2_shaped(item) for item in value]
    if isinstance(value, str) and _TIMESTAMP.fullmatch(value):
        moment = datetime.datetime.fromisoformat(value[:19]).replace(tzinfo=datetime.UTC)
        return int(moment.timestamp()) * 1_000_000_000 + int(value[20:29])
    return value


def http_response(status: int, reason: str, body: bytes) -> bytes:
    head = [f"HTTP/1.1 {status} {reason}", "Content-Type: application/json", f"Content-Length: {len(body)}"]
    head += [f"{name}: {value}" for name, value in RATE_LIMIT_HEADERS]
    head.append("Connection: keep-alive")
    return ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + body


def route(method: bytes, path: str) -> str | None:
    """The operation a request is for (``v2:`` before it on the v2 paths), or None."""
    for prefix in V2_PREFIXES:
        if path.startswith(prefix + "/"):
            operation = route(method, path[len(prefix) :])
            return operation and "v2:" + operation
    parts = path.strip("/").split("/")
    if method != b"POST":
        return None
    if parts == ["users"]:
        return "upsert_user"
    if parts == ["channels"]:
        return "query_channels"
    if len(parts) == 4 and parts[0] == "channels":
        return {"query": "query_channel", "message": "send_message"}.get(parts[3])
    return None


class _Protocol(asyncio.Protocol):
    def __init__(self, answers: dict[str, bytes], not_found: bytes) -> None:
        self.answers = answers
        self.not_found = not_found
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self.transport is not None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end])
            length = 0
            lines = head.split(b"\r\n")
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            if len(self.buffer) < end + 4 + length:
                return
            del self.buffer[: end + 4 + length]
            method, target, _ = lines[0].split(b" ", 2)
            path = target.decode("latin-1").split("?", 1)[0]
            operation = route(method, path)
            self.transport.write(self.answers[operation] if operation else self.not_found)

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None


async def serve(max_seconds: float, announce: Callable[[int], None]) -> None:
    answers = {}
    for name, document in documents().items():
        answers[name] = http_response(200, "OK", payloads.encode(document))
        answers["v2:" + name] = http_response(200, "OK", payloads.encode(v2_shaped(document)))
    error = {"code": 16, "message": "no such endpoint in the benchmark server", "StatusCode": 404, "duration": "0ms"}
    not_found = http_response(404, "Not Found", json.dumps(error).encode())
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    server = await loop.create_server(lambda: _Protocol(answers, not_found), "127.0.0.1", 0, backlog=1024)
    announce(server.sockets[0].getsockname()[1])

    def finish() -> None:
        if not stop.done():
            stop.set_result(None)

    def wait_for_eof() -> None:  # the parent closes our stdin, or dies
        sys.stdin.buffer.read()
        loop.call_soon_threadsafe(finish)

    threading.Thread(target=wait_for_eof, daemon=True).start()
    loop.call_later(max_seconds, finish)
    async with server:
        await stop


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.server", description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-seconds", type=float, default=1800.0, help="stop after this long in any case")
    args = parser.parse_args(argv)

    def announce(port: int) -> None:
        print(f"port {port}", flush=True)

    asyncio.run(serve(args.max_seconds, announce))


if __name__ == "__main__":
    main()
