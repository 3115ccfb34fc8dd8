"""``AiohttpTransport`` against a real server on 127.0.0.1: what it sends, what it returns, how it fails.

Used directly under an ``httpx.AsyncClient``, and as ``StreamChatAsync``'s
default transport.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from stream_chat import StreamChatAsync
from stream_chat.base.exceptions import (
    StreamConnectionError,
    StreamNotFoundError,
    StreamRateLimitError,
    StreamTimeoutError,
)
from stream_chat.transports import AiohttpTransport
from stream_chat_gen.api.app import get_app
from tests.local_http import JSONHandler, LocalServer

SECRET = "aiohttp-transport-secret-" + "a" * 40
RATE_LIMIT = {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "299", "X-RateLimit-Reset": "1900000000"}
T = TypeVar("T")


class Server(LocalServer):
    """Answers ``/echo`` (and any other path) with what it received, plus a few ways to misbehave."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.statuses: list[int] = []  # answered first, in order, on any path
        server = self

        class Handler(JSONHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the API

            def answer(self) -> None:
                split = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                seen = {
                    "method": self.command,
                    "path": split.path,
                    "query": dict(parse_qsl(split.query, keep_blank_values=True)),
                    "headers": [[name.lower(), value] for name, value in self.headers.items()],
                    "body": body.decode(),
                }
                server.received.append(seen)
                if split.path == "/drop":  # read the request, close without answering
                    self.close_connection = True
                    return
                if split.path == "/slow":
                    time.sleep(float(dict(parse_qsl(split.query))["delay"]))
                if server.statuses:
                    status = server.statuses.pop(0)
                    error = {"code": 9, "message": "rate limited", "StatusCode": status, "duration": "0ms"}
                    self.reply(status, json.dumps(error).encode(), {"Retry-After": "0"})
                    return
                payload = json.dumps(seen).encode()
                if split.path == "/gzip":
                    self.reply(200, gzip.compress(payload), {"Content-Encoding": "gzip"})
                    return
                if split.path == "/cookie":
                    self.reply(200, payload, {"Set-Cookie": "session=abc; Path=/"})
                    return
                self.reply(200, payload, RATE_LIMIT)

        super().__init__(Handler)


@pytest.fixture
def server() -> Iterator[Server]:
    with Server() as running:
        yield running


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def run(make: Callable[[], Awaitable[T]]) -> T:
    return asyncio.run(asyncio.wait_for(make(), timeout=20))


def sent_headers(seen: dict[str, Any]) -> dict[str, str]:
    return dict(seen["headers"])


# Used directly, under httpx.AsyncClient


def test_request_and_response_go_through_unchanged(server: Server) -> None:
    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=AiohttpTransport()) as client:
            return await client.post(
                server.url + "/channels/messaging/a%2Fb/message",
                params={"api_key": "k", "q": "a b&c=d/é"},
                headers={"X-Custom": "yes", "Authorization": "token"},
                json={"message": {"text": "héllo"}},
            )

    response = run(go)
    assert response.status_code == 200
    assert response.reason_phrase == "OK"
    assert response.http_version == "HTTP/1.1"
    assert response.headers["x-ratelimit-limit"] == "300"
    seen = response.json()
    assert seen["method"] == "POST"
    assert seen["path"] == "/channels/messaging/a%2Fb/message"  # percent-encoding kept as httpx wrote it
    assert seen["query"] == {"api_key": "k", "q": "a b&c=d/é"}
    assert json.loads(seen["body"]) == {"message": {"text": "héllo"}}
    headers = sent_headers(seen)
    assert headers["x-custom"] == "yes"
    assert headers["authorization"] == "token"
    assert headers["content-type"] == "application/json"
    assert response.request.url.raw_path.startswith(b"/channels/messaging/a%2Fb/message?")


def test_sends_the_same_headers_as_httpx_own_transport(server: Server) -> None:
    async def send(transport: httpx.AsyncBaseTransport) -> dict[str, str]:
        async with httpx.AsyncClient(transport=transport) as client:
            response = await client.put(server.url + "/echo", content=b"raw bytes", headers={"X-A": "1"})
            return sent_headers(response.json())

    ours = run(lambda: send(AiohttpTransport()))
    theirs = run(lambda: send(httpx.AsyncHTTPTransport()))
    assert ours == theirs
    assert "content-type" not in ours  # aiohttp adds none of its own (it would say application/octet-stream)


def test_a_request_without_httpx_default_headers_gets_none_added(server: Server) -> None:
    async def send(transport: httpx.AsyncBaseTransport) -> dict[str, str]:
        # A bare httpx.Request: no Accept, Accept-Encoding, User-Agent or Content-Type for aiohttp to fill in.
        request = httpx.Request("POST", server.url + "/echo", content=b"raw bytes")
        async with transport:
            response = await transport.handle_async_request(request)
            await response.aread()
        return sent_headers(json.loads(response.content))

    ours = run(lambda: send(AiohttpTransport()))
    assert ours == run(lambda: send(httpx.AsyncHTTPTransport()))
    assert not {"accept", "accept-encoding", "user-agent", "content-type"} & set(ours)


def test_get_without_body_and_repeated_requests_reuse_the_connection(server: Server) -> None:
    async def go() -> list[httpx.Response]:
        async with httpx.AsyncClient(transport=AiohttpTransport()) as client:
            return [await client.get(server.url + "/echo", params={"n": str(n)}) for n in range(5)]

    responses = run(go)
    assert [r.json()["query"]["n"] for r in responses] == ["0", "1", "2", "3", "4"]
    assert all(r.json()["body"] == "" for r in responses)
    assert "content-length" not in sent_headers(responses[0].json())


def test_compressed_answers_are_decoded_by_httpx(server: Server) -> None:
    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=AiohttpTransport()) as client:
            return await client.get(server.url + "/gzip")

    response = run(go)
    assert response.headers["content-encoding"] == "gzip"
    assert response.json()["path"] == "/gzip"


def test_refused_connection_is_httpx_connect_error(closed_port: int) -> None:
    async def go() -> None:
        async with httpx.AsyncClient(transport=AiohttpTransport()) as client:
            await client.get(f"http://127.0.0.1:{closed_port}/echo")

    with pytest.raises(httpx.ConnectError) as raised:
        run(go)
    assert raised.value.request.url.port == closed_port


def test_closed_without_answer_is_httpx_remote_protocol_error(server: Server) -> None:
    async def go() -> None:
        async with httpx.AsyncClient(transport=AiohttpTransport()) as client:
            await client.post(server.url + "/drop", json={})

    with pytest.raises(httpx.RemoteProtocolError):
        run(go)


def test_slow_answer_is_httpx_read_timeout(server: Server) -> None:
    async def go() -> None:
        async with httpx.AsyncClient(transport=AiohttpTransport(), timeout=httpx.Timeout(5.0, read=0.2)) as client:
            await client.get(server.url + "/slow", params={"delay": "1"})

    started = time.perf_counter()
    with pytest.raises(httpx.ReadTimeout):
        run(go)
    assert time.perf_counter() - started < 0.9


def test_waiting_too_long_for_a_pooled_connection_is_httpx_connect_timeout(server: Server) -> None:
    async def go() -> None:
        timeout = httpx.Timeout(5.0, connect=0.1, pool=0.1)
        async with httpx.AsyncClient(transport=AiohttpTransport(limit=1), timeout=timeout) as client:
            busy = asyncio.create_task(client.get(server.url + "/slow", params={"delay": "0.8"}))
            await asyncio.sleep(0.1)  # the only connection is taken
            try:
                await client.get(server.url + "/echo")
            finally:
                await busy

    with pytest.raises(httpx.ConnectTimeout):
        run(go)


def test_transport_can_be_built_outside_an_event_loop_and_closed_twice(server: Server) -> None:
    transport = AiohttpTransport()

    async def go() -> int:
        async with transport:
            client = httpx.AsyncClient(transport=transport)
            response = await client.get(server.url + "/echo")
            await client.aclose()
            await transport.aclose()
            return response.status_code

    assert run(go) == 200


# As StreamChatAsync's transport


def make_client(url: str, **options: Any) -> StreamChatAsync:
    client = StreamChatAsync("key", SECRET, base_url=url, **options)

    async def no_sleep(seconds: float) -> None:
        return None

    client._sleep = no_sleep
    client._jitter = lambda: 0.0
    return client


def test_stream_chat_async_uses_it_by_default_and_sends_what_it_should(server: Server) -> None:
    async def go() -> tuple[Any, Any]:
        async with make_client(server.url) as client:
            assert isinstance(client._generated._async_transport, AiohttpTransport)  # type: ignore[attr-defined]
            response = await client.upsert_user({"id": "alice", "name": "Alice"})
            return response, response.rate_limit()

    response, rate_limit = run(go)
    assert response["method"] == "POST"
    assert response["path"] == "/users"
    assert response["query"] == {"api_key": "key"}
    assert json.loads(response["body"]) == {"users": {"alice": {"id": "alice", "name": "Alice"}}}
    headers = sent_headers(dict(response))
    assert headers["stream-auth-type"] == "jwt"
    assert headers["authorization"].count(".") == 2  # the server JWT, without "Bearer"
    assert headers["x-stream-client"].startswith("stream-python-client-")
    assert rate_limit is not None
    assert rate_limit.limit == 300


def test_stream_chat_async_opt_out_keeps_httpx_transport(server: Server) -> None:
    async def go() -> str:
        async with make_client(server.url, transport=httpx.AsyncHTTPTransport()) as client:
            assert not isinstance(client._generated._async_transport, AiohttpTransport)  # type: ignore[attr-defined]
            response = await client.get("app")
            return str(response["path"])

    assert run(go) == "/app"


def test_stream_chat_async_retries_429_through_it(server: Server) -> None:
    server.statuses = [429, 429]

    async def go() -> Any:
        async with make_client(server.url) as client:
            return await client.upsert_user({"id": "alice"})

    assert run(go)["path"] == "/users"
    assert len(server.received) == 3


def test_stream_chat_async_gives_up_with_the_status_error(server: Server) -> None:
    server.statuses = [429, 429, 429]

    async def go() -> Any:
        async with make_client(server.url, max_retries=2) as client:
            return await client.upsert_user({"id": "alice"})

    with pytest.raises(StreamRateLimitError):
        run(go)
    assert len(server.received) == 3


def test_stream_chat_async_retries_a_refused_post(closed_port: int) -> None:
    attempts: list[float] = []

    async def go() -> Any:
        async with make_client(f"http://127.0.0.1:{closed_port}", max_retries=2) as client:

            async def count(seconds: float) -> None:
                attempts.append(seconds)

            client._sleep = count
            return await client.upsert_user({"id": "alice"})

    with pytest.raises(StreamConnectionError) as raised:
        run(go)
    assert isinstance(raised.value.__cause__, httpx.ConnectError)
    assert len(attempts) == 2  # not sent: a POST is safe to send again


def test_stream_chat_async_does_not_resend_a_post_that_timed_out(server: Server) -> None:
    async def go() -> Any:
        async with make_client(server.url, timeout=0.2) as client:
            return await client.post("slow", params={"delay": "0.6"}, data={})

    with pytest.raises(StreamTimeoutError) as raised:
        run(go)
    assert isinstance(raised.value.__cause__, httpx.ReadTimeout)
    assert len(server.received) == 1


def test_cookies_are_kept_as_httpx_keeps_them(server: Server) -> None:
    async def go() -> dict[str, str]:
        async with make_client(server.url) as client:
            await client.get("cookie")
            response = await client.get("echo")
            return sent_headers(dict(response))

    assert run(go)["cookie"] == "session=abc"


# StreamChatAsync's direct path: our aiohttp transport without httpx objects (stream_chat.base.fast)


def _comparable(seen: dict[str, Any]) -> dict[str, Any]:
    return {**seen, "headers": sorted(map(tuple, seen["headers"]))}


def test_direct_path_sends_what_the_httpx_path_sends(server: Server) -> None:
    async def go() -> list[dict[str, Any]]:
        answers = []
        async with make_client(server.url) as client:
            generated = client._generated
            assert generated._direct is not None  # type: ignore[attr-defined]
            for direct in (True, False):
                if not direct:
                    generated._direct = None  # type: ignore[attr-defined]
                channel = client.channel("messaging", "a/b é")
                answers.append(dict(await channel.send_message({"text": "héllo"}, "alice")))
                answers.append(dict(await client.get("echo", params={"q": "a b&c", "flag": True})))
        return answers

    direct_message, direct_get, httpx_message, httpx_get = map(_comparable, run(go))
    assert direct_message == httpx_message
    assert direct_get == httpx_get
    assert direct_message["path"] == "/channels/messaging/a%2Fb%20%C3%A9/message"
    assert direct_get["query"] == {"api_key": "key", "q": "a b&c", "flag": "true"}


def test_direct_path_builds_the_httpx_response_when_asked_for(server: Server, caplog: pytest.LogCaptureFixture) -> None:
    async def go() -> Any:
        async with make_client(server.url) as client:
            call = client.channel("messaging", "general")._send_message_call({"text": "hi"}, "alice", {})
            return await call.asend(client._generated)

    with caplog.at_level("INFO", logger="httpx"):
        answer = run(go)
    assert answer.status_code == 200
    assert answer.headers["X-RateLimit-Limit"] == "300"  # case-insensitive, as httpx.Headers
    assert answer.parsed.additional_properties["path"] == "/channels/messaging/general/message"
    response = answer.http_response
    assert isinstance(response, httpx.Response)
    assert answer.http_response is response  # built once
    assert response.status_code == 200
    assert response.reason_phrase == "OK"
    assert response.content == answer.content
    assert response.headers["x-ratelimit-limit"] == "300"
    assert response.elapsed.total_seconds() > 0
    assert response.request.method == "POST"
    assert response.request.url.path == "/channels/messaging/general/message"
    assert response.request.url.params["api_key"] == "key"
    assert response.request.headers["stream-auth-type"] == "jwt"
    assert json.loads(response.request.content) == {"message": {"text": "hi", "user": {"id": "alice"}}}
    assert [r.getMessage() for r in caplog.records if r.name == "httpx"] == [
        f'HTTP Request: POST {response.request.url} "HTTP/1.1 200 OK"'
    ]


def test_direct_path_leaves_compressed_answers_to_httpx(server: Server) -> None:
    async def go() -> Any:
        async with make_client(server.url) as client:
            return await client.get("gzip")

    response = run(go)
    assert response["path"] == "/gzip"
    assert response.headers()["content-encoding"] == "gzip"


def test_direct_path_failure_carries_the_request(closed_port: int) -> None:
    async def go() -> Any:
        async with make_client(f"http://127.0.0.1:{closed_port}", max_retries=0) as client:
            return await client.upsert_user({"id": "alice"})

    with pytest.raises(StreamConnectionError) as raised:
        run(go)
    cause = raised.value.__cause__
    assert isinstance(cause, httpx.ConnectError)
    assert cause.request.method == "POST"
    assert cause.request.url.path == "/users"
    assert cause.request.url.port == closed_port


def test_direct_path_error_status_is_the_stream_error(server: Server) -> None:
    server.statuses = [404]

    async def go() -> Any:
        async with make_client(server.url) as client:
            return await client.get("echo")

    with pytest.raises(StreamNotFoundError) as raised:
        run(go)
    assert raised.value.status_code == 404
    assert raised.value.error_code == 9
    assert raised.value.headers["retry-after"] == "0"


def test_direct_path_copy_with_another_timeout_uses_it_on_a_path_already_sent(server: Server) -> None:
    async def go() -> None:
        async with make_client(server.url, max_retries=0) as client:
            await client.get("slow", params={"delay": "0.3"})  # prepared with the client's 6 s timeout
            await client.with_options(timeout=0.1).get("slow", params={"delay": "0.3"})

    with pytest.raises(StreamTimeoutError):
        run(go)


def test_direct_path_sends_each_call_its_own_headers_past_the_cache_size(server: Server) -> None:
    async def go() -> list[str]:
        async with make_client(server.url) as client:
            seen = []
            for n in range(80):  # more distinct header sets than the client keeps merged
                answer = await get_app.asyncio_detailed(client=client._generated, extra_headers={"X-Call": str(n % 40)})
                seen.append(sent_headers(answer.json())["x-call"])
            return seen

    assert run(go) == [str(n % 40) for n in range(80)]
