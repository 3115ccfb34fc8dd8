"""The API secret, the server JWT and user tokens never show: not in logs, reprs, or exceptions.

A full sequence of calls (successes, API errors, retries, dropped and stalled
connections, a refused connection, bad bodies, bad input) runs with both clients
over real httpx transports against ``FaultServer``, with every logger at DEBUG
(root, ``stream_chat``, ``httpx``, ``httpcore``). Then every log record
(message, ``msg``, ``args``, formatted exception), the ``repr``/``str`` of every
client, channel, response and exception, and each exception's whole chain
(``__cause__``/``__context__``, their ``args``, attributes and traceback text)
is searched for each secret and for each token's signature alone.
"""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import hmac
import logging
import traceback
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest

from stream_chat import StreamChat, StreamChatAsync
from stream_chat.base.exceptions import (
    StreamAuthError,
    StreamConnectionError,
    StreamResponseDecodeError,
    StreamServerError,
    StreamTimeoutError,
)
from tests.contract.validator import AsyncValidatingTransport, ValidatingTransport
from tests.faults.server import (
    FaultServer,
    drop_after_read,
    json_reply,
    refusing_url,
    reply,
    stall,
    stream_error,
)

API_KEY = "secrets-test-key"
API_SECRET = "secrets-test-secret-" + "s" * 44
LOGGERS = ["", "stream_chat", "httpx", "httpcore"]

SCRIPT = [
    json_reply(201, {"duration": "1ms", "users": {"u1": {"id": "u1"}}}),  # upsert_user
    stream_error(429, 9, "Too many requests", (("Retry-After", "0"),)),  # get_app_settings: 429, then
    json_reply(200, {"duration": "1ms", "app": {"name": "app"}}),  # ... success
    stream_error(503, -1, "unavailable"),  # send_message: a POST, not retried
    stream_error(503, -1, "unavailable"),  # query_users: 503, then
    json_reply(200, {"duration": "1ms", "users": []}),  # ... success
    stream_error(401, 5, "JWTAuth error: token signature is invalid"),  # delete_user
    drop_after_read(),  # upsert_user: the connection drops
    stall(),  # get_app_settings: no answer before the timeout
    reply(200, b'{"duration": "1ms", "users": '),  # upsert_user: malformed JSON
]


def checked() -> ValidatingTransport:
    """A real HTTP transport whose requests must conform to ``openapi/``."""
    return ValidatingTransport(httpx.HTTPTransport())


def achecked() -> AsyncValidatingTransport:
    return AsyncValidatingTransport(httpx.AsyncHTTPTransport())


class Evidence:
    """Everything a secret could leak into, as text."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.secrets: list[str] = [API_SECRET]
        self.errors: list[BaseException] = []

    def show(self, *objects: object) -> None:
        for obj in objects:
            self.texts += [repr(obj), str(obj)]

    def token(self, token: str) -> None:
        """A secret token, and its signature alone (a truncated token must not leak either)."""
        self.secrets += [token, token.rsplit(".", 1)[1]]

    def failure(self, error: BaseException) -> None:
        self.errors.append(error)
        seen: set[int] = set()
        pending: list[BaseException | None] = [error]
        while pending:
            current = pending.pop()
            if current is None or id(current) in seen:
                continue
            seen.add(id(current))
            self.show(current, current.args, *current.args)
            self.texts.append(repr(vars(current)))
            self.texts.append("".join(traceback.format_exception(current)))
            pending += [current.__cause__, current.__context__]

    def logs(self, records: list[logging.LogRecord]) -> None:
        formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
        for record in records:
            self.texts += [formatter.format(record), str(record.msg), repr(record.args)]
            if record.exc_info:
                self.texts.append(formatter.formatException(record.exc_info))

    def assert_clean(self) -> None:
        assert len(self.secrets) >= 5
        for secret in self.secrets:
            for text in self.texts:
                if secret in text:
                    pytest.fail(f"a secret leaked into: {self.masked(text)[:500]}")

    def masked(self, text: str) -> str:
        """``text`` with every secret replaced: a failing run must not print them either."""
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, "<SECRET>")
        return text


def sync_sequence(server: FaultServer, evidence: Evidence) -> None:
    client = StreamChat(API_KEY, API_SECRET, base_url=server.url, timeout=2.0, transport=checked())
    client._sleep = lambda seconds: None
    evidence.token(client.auth_token)
    evidence.token(client.create_token("u1"))
    evidence.token(client.create_token("u2", exp=datetime.timedelta(hours=1), iat=datetime.datetime.now(datetime.UTC)))
    channel = client.channel("messaging", "general")
    evidence.show(client, channel, client.with_options(timeout=1), client._generated, client.retry_policy)

    def attempt(call: Callable[[], Any]) -> None:
        try:
            evidence.show(call())
        except Exception as error:
            evidence.failure(error)

    attempt(lambda: client.upsert_user({"id": "u1"}))
    response = client.get_app_settings()
    evidence.show(response, response.headers(), response.rate_limit(), response.model)
    attempt(lambda: channel.send_message({"text": "hi"}, "u1"))
    attempt(lambda: client.query_users({"id": "u1"}))
    attempt(lambda: client.delete_user("u1"))
    attempt(lambda: client.upsert_user({"id": "u1"}))
    attempt(lambda: client.with_options(timeout=0.2, max_retries=0).get_app_settings())
    attempt(lambda: client.upsert_user({"id": "u1"}))
    attempt(lambda: client.create_token("u1", exp="tomorrow"))  # type: ignore[arg-type]
    attempt(lambda: client.delete_user(""))
    evidence.show(client.verify_webhook(b"{}", "0" * 64))
    assert server.requests[0].headers["authorization"] == client.auth_token  # the JWT was really in play
    client.close()
    with refusing_url() as url:
        refused = StreamChat(API_KEY, API_SECRET, base_url=url, max_retries=1, transport=checked())
        refused._sleep = lambda seconds: None
        attempt(lambda: refused.get_app_settings())
        refused.close()


async def async_sequence(server: FaultServer, evidence: Evidence) -> None:
    client = StreamChatAsync(API_KEY, API_SECRET, base_url=server.url, timeout=2.0, transport=achecked())

    async def no_sleep(seconds: float) -> None:
        return None

    client._sleep = no_sleep
    evidence.token(client.auth_token)
    evidence.token(client.create_token("u3"))
    channel = client.channel("messaging", "general")
    evidence.show(client, channel, client.with_options(timeout=1))

    async def attempt(call: Callable[[], Awaitable[Any]]) -> None:
        try:
            evidence.show(await call())
        except Exception as error:
            evidence.failure(error)

    await attempt(lambda: client.upsert_user({"id": "u1"}))
    response = await client.get_app_settings()
    evidence.show(response, response.headers(), response.model)
    await attempt(lambda: channel.send_message({"text": "hi"}, "u1"))
    await attempt(lambda: client.query_users({"id": "u1"}))
    await attempt(lambda: client.delete_user("u1"))
    await attempt(lambda: client.upsert_user({"id": "u1"}))
    await attempt(lambda: client.with_options(timeout=0.2, max_retries=0).get_app_settings())
    await attempt(lambda: client.upsert_user({"id": "u1"}))
    await client.close()
    with refusing_url() as url:
        async with StreamChatAsync(API_KEY, API_SECRET, base_url=url, max_retries=0, transport=achecked()) as refused:
            await attempt(lambda: refused.get_app_settings())


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    yield caplog


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_secrets_appear_in_no_log_repr_or_exception(debug_logs: pytest.LogCaptureFixture, kind: str) -> None:
    evidence = Evidence()
    with FaultServer() as server:
        server.script(*SCRIPT)
        if kind == "sync":
            sync_sequence(server, evidence)
        else:
            asyncio.run(async_sequence(server, evidence))
    evidence.logs(debug_logs.records)

    # The sequence did what it says: every kind of outcome, logged by every library.
    kinds = {type(error) for error in evidence.errors}
    assert {StreamServerError, StreamAuthError, StreamConnectionError, StreamTimeoutError} <= kinds
    assert StreamResponseDecodeError in kinds
    loggers = {record.name.split(".")[0] for record in debug_logs.records}
    assert {"stream_chat", "httpx", "httpcore"} <= loggers
    attempts = [record.getMessage() for record in debug_logs.records if record.name == "stream_chat"]
    assert any("GET /app (GetApp) -> 429" in line and "(attempt 1)" in line for line in attempts)
    assert any("GET /app (GetApp) -> 200" in line and "(attempt 2)" in line for line in attempts)

    evidence.assert_clean()


def test_the_search_finds_a_leak() -> None:
    """The check above is real: a token in a text, a token's signature in an exception's args, or a
    secret in a suppressed ``__context__`` is found."""
    client = StreamChat(API_KEY, API_SECRET)
    signature = client.auth_token.rsplit(".", 1)[1]

    def suppressed_context() -> BaseException:
        try:
            try:
                raise KeyError(API_SECRET)
            except KeyError:
                raise RuntimeError("wrapped") from None
        except RuntimeError as error:
            return error

    leaks: list[Callable[[Evidence], None]] = [
        lambda evidence: evidence.show(f"Authorization: {client.auth_token}"),
        lambda evidence: evidence.failure(ValueError("bad", {"token": signature})),
        lambda evidence: evidence.failure(suppressed_context()),
    ]
    for leak in leaks:
        evidence = Evidence()
        evidence.token(client.auth_token)
        evidence.token(client.create_token("u1"))
        leak(evidence)
        with pytest.raises(pytest.fail.Exception, match="leaked"):
            evidence.assert_clean()
    client.close()


def test_webhook_verification_logs_nothing_secret(debug_logs: pytest.LogCaptureFixture) -> None:
    client = StreamChat(API_KEY, API_SECRET)
    body = b'{"type": "message.new"}'
    good = hmac.new(API_SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert client.verify_webhook(body, good)
    assert not client.verify_webhook(body, good[:-1])
    evidence = Evidence()
    evidence.logs(debug_logs.records)
    evidence.show(client)
    evidence.token(client.auth_token)
    evidence.token(client.create_token("u1"))
    evidence.assert_clean()
    client.close()
