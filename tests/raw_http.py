"""A scripted HTTP/1.1 server on raw sockets (127.0.0.1) for the reliability tests.

Each accepted connection runs the test's script in its own thread; the script
reads requests off the kept-alive connection and writes whatever bytes it
wants back (answers, surplus answers, a body dripping a byte at a time, nothing
at all). The server counts the connections the client still holds open, which
is how the tests see a leaked connection. It stops by itself after ``lifetime``
seconds if a test forgets to.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


def answer(status: int = 200, payload: Any = None, headers: dict[str, str] | None = None) -> bytes:
    """A whole HTTP/1.1 answer with a JSON body, as bytes."""
    body = json.dumps({} if payload is None else payload).encode()
    lines = [f"HTTP/1.1 {status} X", "Content-Type: application/json", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class Connection:
    """One accepted connection, as the script sees it."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self._buffer = b""

    def read_head(self) -> Request | None:
        """The next request's line and headers (its body left unread); ``None`` once the client closed."""
        while b"\r\n\r\n" not in self._buffer:
            chunk = self._recv()
            if not chunk:
                return None
            self._buffer += chunk
        head, self._buffer = self._buffer.split(b"\r\n\r\n", 1)
        line, *fields = head.decode("latin-1").split("\r\n")
        method, path, _ = line.split(" ", 2)
        headers = {name.strip().lower(): value.strip() for name, value in (f.split(":", 1) for f in fields)}
        return Request(method, path, headers, b"")

    def read_body(self, request: Request) -> Request | None:
        """Read the body ``Content-Length`` announces; ``None`` if the client closed first."""
        length = int(request.headers.get("content-length") or 0)
        while len(self._buffer) < length:
            chunk = self._recv()
            if not chunk:
                return None
            self._buffer += chunk
        request.body, self._buffer = self._buffer[:length], self._buffer[length:]
        return request

    def read_request(self) -> Request | None:
        """The next whole request; ``None`` once the client closed the connection."""
        request = self.read_head()
        return None if request is None else self.read_body(request)

    def send(self, data: bytes) -> bool:
        """Write ``data``; ``False`` if the client has gone."""
        try:
            self.sock.sendall(data)
        except OSError:
            return False
        return True

    def wait_closed(self, timeout: float = 30.0) -> None:
        """Block until the client closes its end (dropping anything it still sends), or ``timeout``."""
        deadline = time.monotonic() + timeout
        while not self.done and time.monotonic() < deadline:
            self._recv(min(0.2, max(0.01, deadline - time.monotonic())))

    def reset(self) -> None:
        """Abort the connection: the client gets a reset (RST), not an orderly close."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close()

    def close(self) -> None:
        """Close the connection from the server's side."""
        self.done = True
        self.sock.close()

    done = False  # the client closed its end, or the script closed the connection

    def _recv(self, timeout: float = 30.0) -> bytes:
        """The next bytes; ``b""`` on a timeout too (``done`` tells the two apart)."""
        self.sock.settimeout(timeout)
        try:
            chunk = self.sock.recv(65536)
        except TimeoutError:
            return b""
        except OSError:
            chunk = b""
        if not chunk:
            self.done = True
        return chunk


Script = Callable[[Connection], None]


def each_request(respond: Callable[[Connection, Request], None]) -> Script:
    """A script that reads requests one after another and lets ``respond`` answer each."""

    def script(connection: Connection) -> None:
        while (request := connection.read_request()) is not None:
            respond(connection, request)

    return script


class RawServer:
    """Serves ``script`` on a free port of 127.0.0.1 while used as a context manager."""

    def __init__(self, script: Script, *, lifetime: float = 60.0) -> None:
        self.script = script
        self.lifetime = lifetime
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.accepted = 0
        self.requests: list[Request] = []
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._timer = threading.Timer(lifetime, self.stop)
        self._timer.daemon = True

    @property
    def url(self) -> str:
        host, port = self.listener.getsockname()[:2]
        return f"http://{host}:{port}"

    @property
    def open_connections(self) -> int:
        """Connections accepted that the client has not closed yet (as far as the scripts have read)."""
        with self._lock:
            return len(self._open)

    def wait_open_at_most(self, count: int, timeout: float = 5.0) -> int:
        """Wait until at most ``count`` connections are open; returns how many are."""
        deadline = time.monotonic() + timeout
        while self.open_connections > count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.open_connections

    def __enter__(self) -> Self:
        threading.Thread(target=self._accept, daemon=True).start()
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self._stopped.is_set():
            return
        self._stopped.set()
        self._timer.cancel()
        self.listener.close()
        with self._lock:
            for sock in list(self._open):
                sock.close()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                sock, _ = self.listener.accept()
            except OSError:
                return
            with self._lock:
                self.accepted += 1
                self._open.add(sock)
            threading.Thread(target=self._run, args=(sock,), daemon=True).start()

    def _run(self, sock: socket.socket) -> None:
        connection = Connection(sock)
        original_read = connection.read_request

        def recording_read() -> Request | None:
            request = original_read()
            if request is not None:
                self.requests.append(request)
            return request

        connection.read_request = recording_read  # type: ignore[method-assign]
        try:
            self.script(connection)
            connection.wait_closed(timeout=self.lifetime)
        except OSError:
            pass
        finally:
            with self._lock:
                self._open.discard(sock)
            sock.close()
