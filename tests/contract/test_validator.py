"""The request validator itself: it passes what conforms and rejects what does not (so every wrapped test can fail)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import httpx
import jwt
import pytest

from stream_chat import StreamChat, StreamChatAsync
from tests.contract.validator import (
    AsyncValidatingTransport,
    Contract,
    ContractViolation,
    Ledger,
    ValidatingTransport,
    contract,
    validated,
)

BASE = "https://chat.stream-io-api.com"
SECRET = "validator-test-secret-" + "v" * 42
TOKEN = jwt.encode({"server": True}, SECRET, algorithm="HS256")
AUTH = {"Authorization": TOKEN, "Stream-Auth-Type": "jwt"}


@pytest.fixture
def checker(monkeypatch: pytest.MonkeyPatch) -> Iterator[Contract]:
    """The shared contract, with a ledger of its own so that the violations provoked here do not fail the session."""
    shared = contract()
    monkeypatch.setattr(shared, "ledger", Ledger())
    yield shared


def request(
    method: str,
    path: str,
    body: Any = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Request:
    params = {"api_key": "key", **(query or {})}
    content = json.dumps(body).encode() if body is not None else None
    extra = {"Content-Type": "application/json"} if body is not None else {}
    return httpx.Request(
        method, BASE + path, params=params, content=content, headers={**AUTH, **extra, **(headers or {})}
    )


MESSAGE = {"message": {"text": "hi", "user_id": "u1"}}


def test_a_conforming_request_passes_and_names_its_operation(checker: Contract) -> None:
    assert checker.check(request("POST", "/channels/messaging/general/message", MESSAGE)) == "SendMessage"
    assert checker.check(request("GET", "/app")) == "GetApp"
    assert checker.check(request("POST", "/channels/messaging/query", {})) == "GetOrCreateDistinctChannel"
    payload = json.dumps({"filter_conditions": {"id": {"$in": ["a"]}}, "limit": 10})
    assert checker.check(request("GET", "/users", query={"payload": payload})) == "QueryUsers"
    # An ID with a slash, percent-encoded, stays one path segment.
    assert checker.check(request("DELETE", "/channels/messaging/a%2Fb")) == "DeleteChannel"
    assert checker.ledger.violations == []


@pytest.mark.parametrize(
    ("method", "path", "body", "query", "headers", "problem"),
    [
        ("POST", "/channels/messaging/general/message", {**MESSAGE, "surprise": 1}, None, None, "body.surprise"),
        ("POST", "/channels/messaging/general/message", {"message": {"text": 1}}, None, None, "body.message.text"),
        ("POST", "/channels/messaging/general/message", {}, None, None, "body.message: is required"),
        ("POST", "/channels/messaging/general/message", None, None, None, "body"),
        ("GET", "/app", {"x": 1}, None, None, "a 'application/json' body"),
        ("GET", "/app", None, {"surprise": "1"}, None, "query.surprise"),
        ("GET", "/users", None, {"payload": json.dumps({"filter_conditions": {}, "zzz": 1})}, None, "payload.zzz"),
        ("GET", "/users", None, {"payload": json.dumps({"filter_conditions": "x"})}, None, "query.payload"),
        ("GET", "/users", None, {"payload": "{not json"}, None, "query.payload"),
        ("GET", "/no/such/thing", None, None, None, "no such operation"),
        ("PATCH", "/app/extra", None, None, None, "no such operation"),
        ("GET", "/app", None, None, {"Authorization": "Bearer " + TOKEN}, "bare JWT"),
        ("GET", "/app", None, None, {"Stream-Auth-Type": "anonymous"}, "Stream-Auth-Type"),
        # Documented differences hold for their operation and place only.
        ("POST", "/moderation/unmute/channel", {"target_id": "u2", "user_id": "u1"}, None, None, "body.target_id"),
        ("POST", "/moderation/mute", {"target_id": 7, "user_id": "u1", "timeout": 1}, None, None, "body.target_id"),
        ("POST", "/channels", {"watch": "yes", "filter_conditions": {}}, None, None, "body.watch"),
        ("DELETE", "/messages/m1", None, {"surprise": "1"}, None, "query.surprise"),
    ],
)
def test_a_request_off_the_contract_is_rejected(
    checker: Contract,
    method: str,
    path: str,
    body: Any,
    query: dict[str, str] | None,
    headers: dict[str, str] | None,
    problem: str,
) -> None:
    with pytest.raises(ContractViolation) as raised:
        checker.check(request(method, path, body, query, headers))
    assert problem in str(raised.value)
    assert len(checker.ledger.violations) == 1, "a violation is recorded even if the exception is swallowed"


def test_documented_differences_are_accepted_where_listed(checker: Contract) -> None:
    mute = {"target_id": "u2", "user_id": "u1"}  # official wire format: one target, no timeout
    assert checker.check(request("POST", "/moderation/mute", mute)) == "MuteUser"
    users = {"users": {"u1": {"id": "u1", "favourite_colour": "green"}}}  # custom data at the top level
    assert checker.check(request("POST", "/users", users)) == "UpdateUsers"
    distinct = {"data": {"members": ["u1", "u2"], "name": "Pair"}}  # member IDs as strings, custom `name`
    assert checker.check(request("POST", "/channels/messaging/query", distinct)) == "GetOrCreateDistinctChannel"
    reports = request("POST", "/moderation/reports", {"filter_conditions": {}})  # an operation the spec lacks
    assert checker.check(reports) == "POST /moderation/reports"
    assert len(checker.ledger.used) == 6
    assert checker.ledger.violations == []


def test_a_rejected_request_never_reaches_the_transport(checker: Contract) -> None:
    reached: list[httpx.Request] = []

    def answer(sent: httpx.Request) -> httpx.Response:
        reached.append(sent)
        return httpx.Response(200, json={"duration": "1ms"})

    with pytest.raises(ContractViolation):
        ValidatingTransport(httpx.MockTransport(answer)).handle_request(request("GET", "/app", query={"x": "1"}))
    with pytest.raises(ContractViolation):
        asyncio.run(AsyncValidatingTransport(httpx.MockTransport(answer)).handle_async_request(request("GET", "/nope")))
    with pytest.raises(ContractViolation):
        validated(answer).handle_request(request("GET", "/app", headers={"Authorization": "not-a-jwt"}))
    assert reached == []


def test_the_clients_raise_it_to_the_caller(checker: Contract) -> None:
    """Neither client retries or wraps a violation: it is the test's failure, not a transport error."""
    client = StreamChat("key", SECRET, transport=validated(lambda _: httpx.Response(200, json={})))
    with pytest.raises(ContractViolation):
        client.get("app", {"not_a_parameter": 1})

    async def run() -> None:
        async with StreamChatAsync(
            "key", SECRET, transport=validated(lambda _: httpx.Response(200, json={}))
        ) as aclient:
            await aclient.post("no/such/endpoint")

    with pytest.raises(ContractViolation):
        asyncio.run(run())
    assert len(checker.ledger.violations) == 2


def test_a_scalar_parameter_sent_twice_is_rejected(checker: Contract) -> None:
    twice = httpx.Request("GET", BASE + "/users/block", params=[("api_key", "key"), ("user_id", "a"), ("user_id", "b")])
    twice.headers.update(AUTH)
    with pytest.raises(ContractViolation, match="user_id: sent 2 times"):
        checker.check(twice)
