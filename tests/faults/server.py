"""A fault-injecting HTTP/1.1 server on 127.0.0.1 for the client's failure tests.

Each connection serves exactly one request and is then closed, so the n-th
connection gets the n-th ``Fault`` of the script (then ``DEFAULT``). Replies are
written byte for byte: duplicated or oddly-cased headers, a Content-Length that
lies, gzip, chunked bodies. ``requests`` records what arrived (method, target,
headers, body); ``connections`` counts every accepted connection, including
those dropped before the request was read.

The server stops by itself: ``with FaultServer() as server`` shuts it down on
exit, every thread is a daemon, every socket has a timeout and a stalled reply
gives up after ``STALL_LIMIT`` seconds or when the client hangs up.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

SOCKET_TIMEOUT = 5.0
STALL_LIMIT = 5.0

Kind = Literal["reply", "drop_before_read", "drop_after_read", "stall", "cut"]
Headers = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Fault:
    """What the server does with one connection.

    ``reply``: send ``status``, ``headers`` (exactly as given, in order) and
    ``body`` (chunked when ``chunked``; a Content-Length is added unless
    ``headers`` has one). ``cut``: like ``reply`` but close after
    ``len(body) // 2`` bytes of the body. ``drop_before_read``: reset the connection
    once the request has arrived, without reading it. ``drop_after_read``: read the request, close without
    answering. ``stall``: read the request and never answer.
    """

    kind: Kind = "reply"
    status: int = 200
    headers: Headers = ()
    body: bytes = b""
    chunked: bool = False


@dataclass(frozen=True)
class Received:
    """A request as it reached the server."""

    method: str
    target: str
    headers: dict[str, str] = field(repr=False)
    body: bytes = field(repr=False)

    def json(self) -> Any:
        return json.loads(self.body)


JSON = (("Content-Type", "application/json"),)
OK_BODY = {"duration": "0.10ms"}


def reply(status: int = 200, body: bytes = b"", headers: Headers = JSON, *, chunked: bool = False) -> Fault:
    return Fault("reply", status, headers, body, chunked)


def json_reply(status: int = 200, data: Any = None, headers: Headers = ()) -> Fault:
    """A JSON answer (``OK_BODY`` by default) with extra ``headers``."""
    body = json.dumps(OK_BODY if data is None else data).encode()
    return Fault("reply", status, (*JSON, *headers), body)


def stream_error(status: int, code: int, message: str, headers: Headers = ()) -> Fault:
    """An error answer in Stream's ``APIError`` shape."""
    data = {"code": code, "message": message, "StatusCode": status, "duration": "0.10ms"}
    data.update(more_info="", details=[])
    return json_reply(status, data, headers)


def gzip_reply(data: Any, headers: Headers = ()) -> Fault:
    body = gzip.compress(json.dumps(data).encode())
    return Fault("reply", 200, (*JSON, ("Content-Encoding", "gzip"), *headers), body)


def cut(status: int = 200, body: bytes = b'{"duration": "0.10ms", "users": {"u1": {"id": "u1"}}}') -> Fault:
    return Fault("cut", status, JSON, body)


def drop_before_read() -> Fault:
    return Fault("drop_before_read")


def drop_after_read() -> Fault:
    return Fault("drop_after_read")


def stall() -> Fault:
    return Fault("stall")


DEFAULT = json_reply()

_REASONS = {200: "OK", 204: "No Content", 400: "Bad Request", 413: "Payload Too Large", 429: "Too Many Requests"}


class FaultServer:
    """One-request-per-connection HTTP server answering from a script of ``Fault``s."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._script: deque[Fault] = deque()
        self._requests: list[Received] = []
        self._connections = 0
        self._handlers: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept_loop, name="fault-server", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._listener.getsockname()[:2]
        return f"http://{host}:{port}"

    def script(self, *faults: Fault) -> None:
        """Forget what was received and answer the next connections with ``faults``, in order."""
        with self._lock:
            self._script = deque(faults)
            self._requests = []
            self._connections = 0

    @property
    def requests(self) -> list[Received]:
        with self._lock:
            return list(self._requests)

    @property
    def connections(self) -> int:
        with self._lock:
            return self._connections

    def __enter__(self) -> FaultServer:
        self._acceptor.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._acceptor.join(timeout=2)
        self._listener.close()
        for handler in self._handlers:
            handler.join(timeout=2)

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._connections += 1
                fault = self._script.popleft() if self._script else DEFAULT
            handler = threading.Thread(target=self._serve, args=(conn, fault), daemon=True)
            self._handlers.append(handler)
            handler.start()

    def _serve(self, conn: socket.socket, fault: Fault) -> None:
        with conn:
            conn.settimeout(SOCKET_TIMEOUT)
            # The client going away is what several scenarios are about.
            with contextlib.suppress(OSError):
                self._serve_one(conn, fault)

    def _serve_one(self, conn: socket.socket, fault: Fault) -> None:
        if fault.kind == "drop_before_read":
            # Wait until the whole request has arrived (so the client is sure to have sent it), then
            # reset the connection without reading it, as a crashing server or proxy would.
            _wait_for_request(conn)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return
        received = _read_request(conn)
        if received is None:
            return
        with self._lock:
            self._requests.append(received)
        if fault.kind == "drop_after_read":
            return
        if fault.kind == "stall":
            self._stall(conn)
            return
        head, body = _response_bytes(fault)
        if fault.kind == "cut":
            conn.sendall(head + body[: len(body) // 2])
            return
        conn.sendall(head + body)

    def _stall(self, conn: socket.socket) -> None:
        """Answer nothing until the client hangs up, the server stops, or ``STALL_LIMIT`` passes."""
        conn.settimeout(0.05)
        deadline = time.monotonic() + STALL_LIMIT
        while not self._stop.is_set() and time.monotonic() < deadline:
            try:
                if not conn.recv(65536):
                    return
            except TimeoutError:
                continue


def _wait_for_request(conn: socket.socket) -> None:
    """Block until a complete request is in the socket's receive buffer, without consuming it."""
    deadline = time.monotonic() + SOCKET_TIMEOUT
    while time.monotonic() < deadline:
        data = conn.recv(1 << 22, socket.MSG_PEEK)
        head, separator, body = data.partition(b"\r\n\r\n")
        if separator:
            length = 0
            for line in head.decode("latin-1").split("\r\n")[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if len(body) >= length:
                return
        if not data:
            return
        time.sleep(0.002)


def _read_request(conn: socket.socket) -> Received | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _version = lines[0].split(" ", 2)
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    return Received(method, target, headers, body[:length])


@contextlib.contextmanager
def refusing_url() -> Iterator[str]:
    """The URL of a port nothing listens on: connections are refused, so no request is ever sent."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        host, port = probe.getsockname()[:2]
    yield f"http://{host}:{port}"


@contextlib.contextmanager
def unresponsive_url() -> Iterator[str]:
    """The URL of a listener whose accept queue is full: connecting stalls until the client's timeout.

    The listener never accepts; its backlog is filled with idle connections, so the kernel ignores
    further handshakes (a connect timeout, before anything was sent).
    """
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        host, port = listener.getsockname()[:2]
        fillers = [socket.socket() for _ in range(3)]
        try:
            for filler in fillers:
                filler.setblocking(False)
                with contextlib.suppress(BlockingIOError):
                    filler.connect((host, port))
            time.sleep(0.05)
            yield f"http://{host}:{port}"
        finally:
            for filler in fillers:
                filler.close()


def _response_bytes(fault: Fault) -> tuple[bytes, bytes]:
    lines = [f"HTTP/1.1 {fault.status} {_REASONS.get(fault.status, 'Status')}"]
    lines += [f"{name}: {value}" for name, value in fault.headers]
    names = {name.lower() for name, _ in fault.headers}
    body = fault.body
    if fault.chunked:
        lines.append("Transfer-Encoding: chunked")
        size = 64 * 1024
        pieces = [body[i : i + size] for i in range(0, len(body), size)]
        body = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"
    elif "content-length" not in names:
        # A cut reply promises the whole body and delivers half of it.
        lines.append(f"Content-Length: {len(fault.body)}")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"), body
