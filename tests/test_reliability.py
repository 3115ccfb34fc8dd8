"""The transports against a misbehaving server on raw sockets, kept-alive connections, both async transports.

Each test holds one promise of README "Reliability": cancelled calls leave no
connection in use, a connection that received more than one answer is not
reused, a call makes at most ``1 + max_retries`` attempts, the per-call
deadline, one client across event loops, no secret in any exception chain.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from stream_chat import StreamChat, StreamChatAsync
from stream_chat.base.exceptions import StreamAPIException, StreamConnectionError, StreamTimeoutError
from stream_chat.base.loops import EventLoopMismatchError
from stream_chat.transports import AiohttpTransport
from tests.raw_http import Connection, RawServer, Request, answer, each_request

KEY = "reliability-key"
SECRET = "reliability-secret-" + "s" * 40
ASYNC_TRANSPORTS = ["aiohttp", "httpx"]


def async_client(url: str, transport: str, **options: Any) -> StreamChatAsync:
    """A ``StreamChatAsync`` on ``url`` over one connection at most, through the named transport."""
    chosen: httpx.AsyncBaseTransport = (
        AiohttpTransport(limit=1)
        if transport == "aiohttp"
        else httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=1))
    )
    options.setdefault("max_retries", 0)
    return StreamChatAsync(KEY, SECRET, base_url=url, transport=chosen, **options)


def numbered(connection: Connection, request: Request) -> None:
    """Answers each request with the number in its path (``/n/7`` -> ``{"n": 7}``)."""
    connection.send(answer(200, {"n": int(request.path.split("?")[0].rsplit("/", 1)[1])}))


# --- 2. Cancellation ------------------------------------------------------------------------------------------


class Stages:
    """A server script that stops at one stage of a call and signals when it got there."""

    def __init__(self) -> None:
        self.reached = threading.Event()

    def __call__(self, connection: Connection) -> None:
        while (request := connection.read_head()) is not None:
            path = request.path.split("?")[0]
            if path == "/sending":  # never read the body: the client is stuck sending it
                self.reached.set()
                connection.wait_closed()
                return
            if connection.read_body(request) is None:
                return
            if path == "/waiting":
                self.reached.set()
                connection.wait_closed()
                return
            if path == "/mid-body":
                connection.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
                self.reached.set()
                connection.wait_closed()
                return
            connection.send(answer(200, {"ok": True}))


async def cancel_when(task: asyncio.Task[Any], reached: threading.Event) -> None:
    for _ in range(500):
        if reached.is_set():
            break
        await asyncio.sleep(0.01)
    assert reached.is_set(), "the call never reached the stage"
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


@pytest.mark.parametrize("transport", ASYNC_TRANSPORTS)
def test_cancelled_calls_leave_no_connection_in_use(transport: str) -> None:
    stages = Stages()
    with RawServer(stages) as server:

        async def main() -> None:
            async with async_client(server.url, transport) as client:
                # Connecting and sending the request line: cancel after 0, 1, 2... turns of the event loop.
                for turns in range(12):
                    task = asyncio.ensure_future(client.get("ok"))
                    for _ in range(turns):
                        await asyncio.sleep(0)
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
                # Sending a body the server does not read, waiting for the answer, mid-body.
                for path, data in (("sending", {"x": "y" * 8_000_000}), ("waiting", {}), ("mid-body", None)):
                    stages.reached.clear()
                    call = client.post(path, data=data) if data is not None else client.get(path)
                    await cancel_when(asyncio.ensure_future(call), stages.reached)
                # One connection at most: a leaked one would leave none for this call.
                assert (await asyncio.wait_for(client.get("ok"), 5))["ok"] is True
                assert server.wait_open_at_most(1) <= 1

        asyncio.run(main())
        assert server.wait_open_at_most(0) == 0  # closed with the client


# --- 3. Surplus answers ---------------------------------------------------------------------------------------


def surplus_after_first(extra_later: bool) -> Callable[[Connection], None]:
    """Answers ``/n/<i>`` with ``{"n": i}``; the server's first answer is followed by a second, stray one."""
    strays = [answer(200, {"n": -1})]

    def script(connection: Connection) -> None:
        while (request := connection.read_request()) is not None:
            number = int(request.path.split("?")[0].rsplit("/", 1)[1])
            stray = strays.pop() if strays else b""
            if not extra_later:
                connection.send(answer(200, {"n": number}) + stray)  # one write: read together
            else:
                connection.send(answer(200, {"n": number}))
                time.sleep(0.05)
                connection.send(stray)

    return script


@pytest.mark.parametrize("extra_later", [False, True], ids=["same-write", "after"])
def test_sync_connection_with_surplus_answer_is_not_reused(extra_later: bool) -> None:
    with RawServer(surplus_after_first(extra_later)) as server:
        with StreamChat(KEY, SECRET, base_url=server.url, max_retries=0) as client:
            for number in range(5):
                if extra_later and number == 1:
                    time.sleep(0.5)  # the stray (sent 0.05 s after the answer) is in before the next request
                assert client.get(f"n/{number}")["n"] == number
        assert server.accepted == 2  # the connection that got the stray answer was dropped, the next one kept


@pytest.mark.parametrize("extra_later", [False, True], ids=["same-write", "after"])
@pytest.mark.parametrize("transport", ASYNC_TRANSPORTS)
def test_async_connection_with_surplus_answer_is_not_reused(transport: str, extra_later: bool) -> None:
    with RawServer(surplus_after_first(extra_later)) as server:

        async def main() -> None:
            async with async_client(server.url, transport) as client:
                for number in range(5):
                    if extra_later and number == 1:
                        await asyncio.sleep(0.5)
                    assert (await client.get(f"n/{number}"))["n"] == number

        asyncio.run(main())
        assert server.accepted == 2


# --- 4. Attempts ----------------------------------------------------------------------------------------------


def reset_on_path(connection: Connection, request: Request) -> None:
    """``/reset`` resets the connection once the request is read; anything else gets ``{}``."""
    if request.path.startswith("/reset"):
        connection.reset()
    else:
        connection.send(answer(200, {}))


@pytest.mark.parametrize("max_retries", [0, 2])
@pytest.mark.parametrize("transport", ["sync", *ASYNC_TRANSPORTS])
def test_a_call_makes_at_most_one_plus_max_retries_attempts(transport: str, max_retries: int) -> None:
    waits: list[float] = []
    with RawServer(each_request(reset_on_path)) as server:
        if transport == "sync":
            with StreamChat(KEY, SECRET, base_url=server.url, max_retries=max_retries) as client:
                client._sleep = waits.append
                client.get("ok")  # a kept-alive connection to reuse
                with pytest.raises(StreamConnectionError):
                    client.get("reset")
        else:

            async def main() -> None:
                async with async_client(server.url, transport, max_retries=max_retries) as client:

                    async def sleep(seconds: float) -> None:
                        waits.append(seconds)

                    client._sleep = sleep
                    await client.get("ok")
                    with pytest.raises(StreamConnectionError):
                        await client.get("reset")

            asyncio.run(main())
        resets = [request for request in server.requests if request.path.startswith("/reset")]
    assert len(resets) == 1 + max_retries
    assert len(waits) == max_retries and all(wait > 0 for wait in waits)  # a backoff before each resend


# --- 5. Secrets in exception chains ---------------------------------------------------------------------------


def misbehave(connection: Connection, request: Request) -> None:
    """One way to fail per path: not HTTP at all, a reset, a 500, a stall past the timeout, a cut body."""
    path = request.path.split("?")[0]
    if path == "/garbage":
        connection.send(b"SSH-2.0-OpenSSH_9.6\r\nthis is not HTTP\r\n\r\n")
        connection.close()
    elif path == "/reset":
        connection.reset()
    elif path == "/error":
        connection.send(answer(500, {"code": -1, "message": "boom"}))
    elif path == "/stall":
        connection.wait_closed(timeout=3)
    elif path == "/cut":
        connection.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{")
        connection.close()
    else:
        connection.send(answer(200, {}))


FAILING_PATHS = ["garbage", "reset", "error", "stall", "cut"]


@pytest.mark.parametrize("transport", ["sync", *ASYNC_TRANSPORTS])
def test_no_secret_in_any_exception_chain(transport: str) -> None:
    from tests.test_secrets import Evidence  # noqa: PLC0415 - its search, shared

    evidence = Evidence()
    with RawServer(each_request(misbehave)) as server:
        if transport == "sync":
            with StreamChat(KEY, SECRET, base_url=server.url, timeout=0.5, max_retries=0) as client:
                evidence.token(client.auth_token)
                evidence.token(client.create_token("u1"))
                client.get("ok")
                for path in FAILING_PATHS:
                    with pytest.raises((StreamConnectionError, StreamAPIException)) as caught:
                        client.get(path)
                    evidence.failure(caught.value)
        else:

            async def main() -> None:
                async with async_client(server.url, transport, timeout=0.5) as client:
                    evidence.token(client.auth_token)
                    evidence.token(client.create_token("u1"))
                    await client.get("ok")
                    for path in FAILING_PATHS:
                        with pytest.raises((StreamConnectionError, StreamAPIException)) as caught:
                            await client.get(path)
                        evidence.failure(caught.value)

            asyncio.run(main())
        assert all(request.headers["authorization"] for request in server.requests)  # the JWT was sent
    assert len(evidence.errors) == len(FAILING_PATHS)
    evidence.assert_clean()


# --- 6. One client across event loops -------------------------------------------------------------------------


@pytest.mark.parametrize("transport", ASYNC_TRANSPORTS)
def test_one_client_in_several_asyncio_runs(transport: str) -> None:
    with RawServer(each_request(numbered)) as server:
        client = async_client(server.url, transport)
        for number in range(3):
            assert asyncio.run(client.get(f"n/{number}"))["n"] == number
            # The loop's end closed its connections (and the aiohttp session, without "Unclosed" warnings).
            assert server.wait_open_at_most(0) == 0
        gc.collect()
        asyncio.run(client.close())
        assert server.accepted == 3


@pytest.mark.parametrize("transport", ASYNC_TRANSPORTS)
def test_a_second_open_loop_gets_a_clear_error(transport: str) -> None:
    with RawServer(each_request(numbered)) as server:
        client = async_client(server.url, transport)
        first = asyncio.new_event_loop()
        try:
            assert first.run_until_complete(client.get("n/1"))["n"] == 1
            with pytest.raises(EventLoopMismatchError, match=r"await client.close\(\)` in that loop"):
                asyncio.run(client.get("n/2"))
            with pytest.raises(EventLoopMismatchError):
                asyncio.run(client.close())
            first.run_until_complete(first.shutdown_asyncgens())  # what asyncio.run does at its end
        finally:
            first.close()
        assert server.wait_open_at_most(0) == 0
        assert asyncio.run(client.get("n/3"))["n"] == 3  # the first loop ended properly: usable in the next
        asyncio.run(client.close())


# --- 7. Deadline ----------------------------------------------------------------------------------------------


def slow(connection: Connection, request: Request) -> None:
    """``/drip``: a 40-byte body, one byte every 0.25 s (each read well within ``timeout``); ``/stall``: nothing."""
    if request.path.startswith("/drip"):
        body = b'{"padding": "' + b"x" * 26 + b'"}'
        connection.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body))
        for byte in body:
            if not connection.send(bytes([byte])):
                return
            time.sleep(0.25)
    elif request.path.startswith("/stall"):
        connection.wait_closed(timeout=10)
    else:
        connection.send(answer(200, {}))


@pytest.mark.parametrize("path", ["drip", "stall"])
@pytest.mark.parametrize("transport", ["sync", *ASYNC_TRANSPORTS])
def test_deadline_bounds_the_whole_call(transport: str, path: str) -> None:
    # Without a deadline: the drip takes 10 s (each read within `timeout`), the stall 3 timeouts plus backoffs.
    options: dict[str, Any] = {"timeout": 1.0, "max_retries": 2, "deadline": 1.5}
    with RawServer(each_request(slow)) as server:
        started = time.monotonic()
        if transport == "sync":
            with StreamChat(KEY, SECRET, base_url=server.url, **options) as client:
                client.get("ok")  # the call after it reuses the connection
                started = time.monotonic()
                with pytest.raises(StreamTimeoutError, match=r"deadline|timed out"):
                    client.get(path)
                elapsed = time.monotonic() - started
                assert client.get("ok") == {}  # still usable
        else:

            async def main() -> float:
                async with async_client(server.url, transport, **options) as client:
                    await client.get("ok")
                    started = time.monotonic()
                    with pytest.raises(StreamTimeoutError, match=r"deadline|timed out"):
                        await client.get(path)
                    elapsed = time.monotonic() - started
                    assert await client.get("ok") == {}
                    return elapsed

            elapsed = asyncio.run(main())
    assert 1.0 <= elapsed < 1.5 + 0.5


def test_deadline_is_validated_and_copied() -> None:
    with pytest.raises(ValueError, match="deadline"):
        StreamChat(KEY, SECRET, deadline=0)
    client = StreamChat(KEY, SECRET, deadline=3)
    assert client.deadline == 3.0 and client.with_options(deadline=1).deadline == 1.0
    assert StreamChat(KEY, SECRET).deadline is None
    client.close()


# --- 9. Drop-in: session, rate_limit() ------------------------------------------------------------------------

# Lower case, as Stream sends them (the official client reads no other case).
ODD_RATE_LIMITS = [
    {"x-ratelimit-limit": "abc", "x-ratelimit-remaining": "n/a", "x-ratelimit-reset": "soon"},
    {"x-ratelimit-limit": "300", "x-ratelimit-remaining": "-", "x-ratelimit-reset": "1900000000"},
    {"x-ratelimit-limit": ", 300", "x-ratelimit-remaining": "299, 299", "x-ratelimit-reset": "x, 1900000000"},
    {"x-ratelimit-limit": "300", "x-ratelimit-remaining": "299"},
    {"x-ratelimit-limit": "", "x-ratelimit-remaining": "299", "x-ratelimit-reset": "1900000000"},
]

OFFICIAL_RATE_LIMITS = """
import json, sys
from stream_chat import StreamChat
client = StreamChat("k", "s" * 32, base_url=sys.argv[1])
seen = []
for index in range(int(sys.argv[2])):
    info = client.get(f"limits/{index}").rate_limit()
    seen.append(None if info is None else [info.limit, info.remaining, info.reset.isoformat()])
print(json.dumps(seen))
"""


def odd_limits(connection: Connection, request: Request) -> None:
    index = int(request.path.split("?")[0].rsplit("/", 1)[1])
    connection.send(answer(200, {}, ODD_RATE_LIMITS[index]))


def test_rate_limit_matches_the_official_client_on_odd_headers() -> None:
    from tests.wire.harness import OFFICIAL_SITE  # noqa: PLC0415 - where `make test` installs stream-chat 4.33.0

    with RawServer(each_request(odd_limits)) as server:
        official = subprocess.run(
            [sys.executable, "-c", OFFICIAL_RATE_LIMITS, server.url, str(len(ODD_RATE_LIMITS))],
            env={**os.environ, "PYTHONPATH": str(OFFICIAL_SITE), "PYTHONWARNINGS": "ignore"},
            cwd=OFFICIAL_SITE,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        with StreamChat(KEY, SECRET, base_url=server.url) as client:
            ours = []
            for index in range(len(ODD_RATE_LIMITS)):
                info = client.get(f"limits/{index}").rate_limit()
                ours.append(None if info is None else [info.limit, info.remaining, info.reset.isoformat()])

        async def async_limits() -> list[Any]:
            async with StreamChatAsync(KEY, SECRET, base_url=server.url) as client:
                infos = [(await client.get(f"limits/{i}")).rate_limit() for i in range(len(ODD_RATE_LIMITS))]
            return [None if i is None else [i.limit, i.remaining, i.reset.isoformat()] for i in infos]

        ours_async = asyncio.run(async_limits())
    assert json.loads(official.stdout) == ours == ours_async
    assert ours[0] == [0, 0, "1970-01-01T00:00:00+00:00"]


def test_session_is_the_http_client_in_use() -> None:
    with RawServer(each_request(numbered)) as server:
        client = StreamChat(KEY, SECRET, base_url=server.url)
        assert isinstance(client.session, httpx.Client)
        own = httpx.Client(base_url=server.url)
        client.session = own  # as stream-chat 4.x allows; the same as set_http_session
        assert client.session is own
        assert client.get("n/1")["n"] == 1 and len(server.requests) == 1
        client.close()
        assert not own.is_closed  # the caller's client stays the caller's
        own.close()

        async def main() -> None:
            async with StreamChatAsync(KEY, SECRET, base_url=server.url) as client:
                assert isinstance(client.session, httpx.AsyncClient)
                assert (await client.session.get(f"{server.url}/n/2")).json() == {"n": 2}

        asyncio.run(main())
