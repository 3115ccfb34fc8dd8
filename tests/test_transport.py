"""Retries, errors, rate limits and secrecy of the client's transport, with a mock transport and no real sleeping."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Iterator

import httpx
import jwt
import pytest

from stream_chat import StreamChat, StreamChatAsync
from stream_chat.base.exceptions import (
    StreamAPIException,
    StreamAuthError,
    StreamChatAPIException,
    StreamConnectionError,
    StreamInputError,
    StreamNotFoundError,
    StreamRateLimitError,
    StreamResponseDecodeError,
    StreamServerError,
    StreamTimeoutError,
)
from tests.contract.validator import validated

SECRET = "transport-test-secret-" + "z" * 42
NOW = 1_800_000_000.0
Handler = Callable[[httpx.Request], httpx.Response]


class Script:
    """Answers requests in order from a list of responses or exceptions, recording each request."""

    def __init__(self, *steps: httpx.Response | Exception) -> None:
        self.steps: Iterator[httpx.Response | Exception] = iter(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = next(self.steps)
        if isinstance(step, Exception):
            raise step
        return step


def make_client(script: Handler, max_retries: int = 2) -> tuple[StreamChat, list[float]]:
    client = StreamChat("key", SECRET, transport=validated(script), max_retries=max_retries)
    waits: list[float] = []
    client._sleep = waits.append
    client._clock = lambda: NOW
    client._jitter = lambda: 0.0
    return client, waits


def ok(body: object | None = None, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(200, json=body if body is not None else {"duration": "1ms"}, headers=headers)


def error(status: int, code: int, message: str = "boom", **headers: str) -> httpx.Response:
    body = {"code": code, "message": message, "StatusCode": status, "duration": "1ms", "more_info": "", "details": []}
    return httpx.Response(status, json=body, headers=headers)


def test_429_with_retry_after_is_retried_even_for_post() -> None:
    script = Script(error(429, 9, **{"Retry-After": "2"}), ok({"duration": "1ms", "users": {}}))
    client, waits = make_client(script)
    client.upsert_user({"id": "u1"})
    assert waits == [2.0]
    assert [r.method for r in script.requests] == ["POST", "POST"]


def test_429_waits_until_rate_limit_reset_with_a_cap() -> None:
    reset = str(int(NOW) + 7)
    script = Script(error(429, 9, **{"X-RateLimit-Reset": f"{reset}, {reset}"}), ok())
    client, waits = make_client(script)
    client.get("app")
    assert waits == [7.0]
    script = Script(error(429, 9, **{"Retry-After": "3600"}), ok())
    client, waits = make_client(script)
    client.get("app")
    assert waits == [client.retry_policy.max_wait]


def test_5xx_retried_on_get_not_on_post() -> None:
    script = Script(httpx.Response(503, text="unavailable"), error(502, -1), ok())
    client, waits = make_client(script)
    assert client.get("app").is_ok()
    assert waits == [0.25, 0.5]  # exponential backoff, jitter pinned to its low end

    script = Script(error(500, -1, "internal"))
    client, waits = make_client(script)
    with pytest.raises(StreamServerError) as raised:
        client.upsert_user({"id": "u1"})
    assert len(script.requests) == 1
    assert waits == []
    assert raised.value.status_code == 500
    assert raised.value.error_code == -1


def test_connection_errors_retry_only_when_the_post_was_not_sent() -> None:
    script = Script(httpx.ConnectError("refused"), ok({"duration": "1ms", "users": {}}))
    client, _ = make_client(script)
    client.upsert_user({"id": "u1"})
    assert len(script.requests) == 2

    script = Script(httpx.ReadTimeout("slow"))
    client, _ = make_client(script)
    with pytest.raises(StreamTimeoutError) as raised:
        client.upsert_user({"id": "u1"})
    assert isinstance(raised.value.__cause__, httpx.ReadTimeout)
    assert len(script.requests) == 1

    script = Script(httpx.RemoteProtocolError("dropped"), httpx.RemoteProtocolError("dropped"), ok())
    client, _ = make_client(script)
    client.get("app")
    assert len(script.requests) == 3


def test_retries_stop_after_max_retries_and_can_be_disabled() -> None:
    script = Script(*[httpx.Response(503, text="x")] * 3)
    client, waits = make_client(script, max_retries=2)
    with pytest.raises(StreamServerError):
        client.get("app")
    assert len(script.requests) == 3
    assert len(waits) == 2

    script = Script(httpx.ConnectError("refused"))
    client, _ = make_client(script, max_retries=0)
    with pytest.raises(StreamConnectionError) as raised:
        client.get("app")
    assert isinstance(raised.value.__cause__, httpx.ConnectError)


@pytest.mark.parametrize(
    ("response", "exception", "code"),
    [
        (error(401, 5, "bad token"), StreamAuthError, 5),
        (error(401, 2, "api key not valid"), StreamAuthError, 2),
        (error(400, 4, "GetOrCreateChannel failed"), StreamInputError, 4),
        (error(404, 16, "channel does not exist"), StreamNotFoundError, 16),
        (error(429, 9, "too many"), StreamRateLimitError, 9),
    ],
)
def test_errors_carry_status_and_stream_code(
    response: httpx.Response, exception: type[StreamAPIException], code: int
) -> None:
    client, _ = make_client(Script(response), max_retries=0)
    with pytest.raises(exception) as raised:
        client.get("channels/messaging/general")
    assert isinstance(raised.value, StreamChatAPIException)
    assert raised.value.status_code == response.status_code
    assert raised.value.error_code == code
    assert str(raised.value) == f"StreamChat error code {code}: {raised.value.error_message}"


@pytest.mark.parametrize("body", [b"<html>Bad gateway</html>", b"", b"[1, 2]", b'"text"'])
def test_error_bodies_that_are_not_stream_errors(body: bytes) -> None:
    client, _ = make_client(Script(httpx.Response(502, content=body)), max_retries=0)
    with pytest.raises(StreamServerError) as raised:
        client.get("app")
    assert raised.value.status_code == 502
    assert raised.value.error_code is None
    assert raised.value.response_text == body.decode()
    assert str(raised.value) == "StreamChat error HTTP code: 502"


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]"])
def test_success_with_a_bad_body_raises_a_stream_exception(body: bytes) -> None:
    response = httpx.Response(200, content=body, headers={"content-type": "application/json"})
    client, _ = make_client(Script(response))
    with pytest.raises(StreamResponseDecodeError) as raised:
        client.get("app")
    assert not isinstance(raised.value, json.JSONDecodeError)
    assert raised.value.status_code == 200


def test_empty_success_body_is_an_empty_response() -> None:
    client, _ = make_client(Script(httpx.Response(204)))
    response = client.delete("devices", {"id": "d"})
    assert response == {}
    assert response.status_code() == 204


def test_rate_limit_headers_any_case_and_duplicated() -> None:
    headers = {"x-ratelimit-limit": "300, 300", "X-RATELIMIT-REMAINING": "299", "X-RateLimit-Reset": "1800000060"}
    client, _ = make_client(Script(ok(headers=headers)))
    limit = client.get("app").rate_limit()
    assert limit is not None
    assert (limit.limit, limit.remaining, int(limit.reset.timestamp())) == (300, 299, 1_800_000_060)


def test_wire_credentials() -> None:
    script = Script(ok())
    client, _ = make_client(script)
    client.get("app")
    request = script.requests[0]
    assert request.url.params["api_key"] == "key"
    assert request.headers["stream-auth-type"] == "jwt"
    assert request.headers["x-stream-client"].startswith("stream-python-client-")
    token = request.headers["authorization"]
    assert not token.lower().startswith("bearer")
    assert jwt.decode(token, SECRET, algorithms=["HS256"]) == {"server": True}


def test_secrets_never_logged_or_shown(caplog: pytest.LogCaptureFixture) -> None:
    script = Script(ok(), error(401, 5, "bad token"), httpx.ConnectError("refused"), httpx.ConnectError("refused"))
    caplog.set_level(logging.DEBUG)
    client, _ = make_client(script, max_retries=1)
    user_token = client.create_token("u1")
    client.get("app")
    failures: list[BaseException] = []
    for _ in range(2):
        try:
            client.get("app")
        except (StreamAPIException, StreamConnectionError) as raised:
            failures.append(raised)
    secrets = [SECRET, client.auth_token, user_token]
    texts = [record.getMessage() for record in caplog.records] + [repr(client), str(client)]
    for failure in failures:
        chain: BaseException | None = failure
        while chain is not None:
            texts += [str(chain), repr(chain)]
            chain = chain.__cause__ or chain.__context__
    assert caplog.records, "requests are logged at DEBUG"
    for secret in secrets:
        assert not any(secret in text for text in texts)


def test_async_client_retries_and_raises_the_same_way() -> None:
    async def scenario() -> None:
        script = Script(error(429, 9, **{"Retry-After": "1"}), error(404, 16, "channel does not exist"))
        waits: list[float] = []

        async def sleep(seconds: float) -> None:
            waits.append(seconds)

        async with StreamChatAsync("key", SECRET, transport=validated(script)) as client:
            client._sleep = sleep
            with pytest.raises(StreamNotFoundError) as raised:
                await client.get("channels/messaging/nope")
        assert raised.value.error_code == 16
        assert waits == [1.0]

    asyncio.run(scenario())


def test_async_client_constructs_without_an_event_loop() -> None:
    client = StreamChatAsync("key", SECRET)
    assert client.channel("messaging", "general").cid == "messaging:general"
    asyncio.run(client.close())


def test_each_attempt_is_logged_with_method_path_operation_and_status(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="stream_chat")
    script = Script(httpx.Response(503, text="busy"), ok(), ok({"duration": "1ms", "users": {}}))
    client, _ = make_client(script)
    client.get("app")
    client.upsert_user({"id": "u1"})
    lines = [record.getMessage() for record in caplog.records if record.name == "stream_chat"]
    assert lines[0].startswith("GET /app (raw) -> 503 in ")
    assert lines[0].endswith("(attempt 1)")
    assert lines[1].startswith("GET /app (raw) -> 200 in ")
    assert lines[1].endswith("(attempt 2)")
    assert lines[2].startswith("POST /users (UpdateUsers) -> 200 in ")
