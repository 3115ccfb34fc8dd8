"""Authentication, rate limits and unimplemented operations, checked with raw requests and with the client."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import httpx
import jwt
import pytest

from stream_chat import StreamChat
from stream_chat.base.exceptions import StreamAPIException, StreamAuthError, StreamRateLimitError
from stream_chat.testing import Emulator, Exchange
from stream_chat.testing.context import HANDLERS
from tests.emulator.conftest import API_KEY, API_SECRET
from tests.emulator.spec import ResponseChecker

BASE = "https://chat.stream-io-api.com"


def token(claims: dict[str, Any], secret: str = API_SECRET) -> str:
    return jwt.encode(claims, secret, algorithm="HS256")


def server_headers(auth: str | None = None) -> dict[str, str]:
    return {"Authorization": auth or token({"server": True}), "Stream-Auth-Type": "jwt"}


@pytest.fixture
def checker() -> ResponseChecker:
    return ResponseChecker()


@pytest.fixture
def http(emulator: Emulator, checker: ResponseChecker) -> httpx.Client:
    emulator.on_exchange = checker.check_exchange
    return httpx.Client(base_url=BASE, transport=emulator.transport())


def error_of(response: httpx.Response) -> tuple[int, int]:
    body = response.json()
    assert set(body) >= {"code", "message", "StatusCode", "duration", "more_info", "details"}
    assert body["StatusCode"] == response.status_code
    return response.status_code, body["code"]


def unsigned(claims: dict[str, Any], alg: str = "none") -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': alg, 'typ': 'JWT'})}.{part(claims)}."


@pytest.mark.parametrize(
    ("params", "headers", "expected"),
    [
        ({}, server_headers(), (401, 2)),
        ({"api_key": "someone-else"}, server_headers(), (401, 2)),
        ({"api_key": API_KEY}, {"Authorization": token({"server": True})}, (401, 5)),
        ({"api_key": API_KEY}, {"Authorization": token({"server": True}), "Stream-Auth-Type": "anonymous"}, (401, 5)),
        ({"api_key": API_KEY}, {"Stream-Auth-Type": "jwt"}, (401, 5)),
        ({"api_key": API_KEY}, server_headers("not-a-jwt"), (401, 5)),
        ({"api_key": API_KEY}, server_headers(unsigned({"server": True})), (401, 5)),
        ({"api_key": API_KEY}, server_headers(token({"server": True}, "another-secret-" + "x" * 32)), (401, 5)),
        ({"api_key": API_KEY}, server_headers(token({"server": True, "exp": int(time.time()) - 60})), (401, 40)),
        ({"api_key": API_KEY}, server_headers(token({"server": True, "nbf": int(time.time()) + 3600})), (401, 41)),
        ({"api_key": API_KEY}, server_headers(token({"server": True, "iat": int(time.time()) + 3600})), (401, 42)),
        ({"api_key": API_KEY}, server_headers(token({"role": "admin"})), (401, 5)),
        ({"api_key": API_KEY}, server_headers(token({"user_id": "alice"})), (501, -1)),
    ],
    ids=[
        "no-key",
        "unknown-key",
        "no-auth-type",
        "anonymous",
        "no-token",
        "malformed",
        "alg-none",
        "wrong-secret",
        "expired",
        "not-yet-valid",
        "issued-in-future",
        "not-server",
        "user-token",
    ],
)
def test_authentication_errors(
    http: httpx.Client,
    checker: ResponseChecker,
    params: dict[str, str],
    headers: dict[str, str],
    expected: tuple[int, int],
) -> None:
    response = http.get("/app", params=params, headers=headers)
    assert error_of(response) == expected
    checker.assert_clean()


def test_a_valid_server_token_passes(http: httpx.Client, checker: ResponseChecker) -> None:
    response = http.get("/app", params={"api_key": API_KEY}, headers=server_headers())
    assert response.status_code == 200
    assert response.json()["app"]["name"]
    checker.assert_clean()


def test_bad_credentials_raise_auth_errors(emulator: Emulator) -> None:
    for client in (
        StreamChat("wrong-key", API_SECRET, transport=emulator.transport()),
        StreamChat(API_KEY, "wrong-secret-" + "y" * 40, transport=emulator.transport()),
    ):
        with client, pytest.raises(StreamAuthError) as raised:
            client.get_app_settings()
        assert raised.value.status_code == 401 and raised.value.error_code in (2, 5)


def test_rate_limit_headers_and_429(checker: ResponseChecker) -> None:
    emulator = Emulator(API_KEY, API_SECRET, rate_limit=3, on_exchange=checker.check_exchange)
    with emulator.client(max_retries=0) as client:
        first = client.get_app_settings()
        limit = first.rate_limit()
        assert limit is not None and (limit.limit, limit.remaining) == (3, 2)
        assert limit.reset.timestamp() > time.time()
        client.get_app_settings()
        client.get_app_settings()
        with pytest.raises(StreamRateLimitError) as raised:
            client.get_app_settings()
        assert raised.value.error_code == 9
        assert raised.value.rate_limit is not None and raised.value.rate_limit.remaining == 0
        client.list_channel_types()  # the limit is per operation
    checker.assert_clean()


def test_unimplemented_and_unknown_operations_answer_501(
    http: httpx.Client, checker: ResponseChecker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(HANDLERS, "CreatePoll")  # an operation of the API without a handler
    auth = {"params": {"api_key": API_KEY}, "headers": server_headers()}
    response = http.post("/polls", json={"name": "q"}, **auth)  # type: ignore[arg-type]
    assert error_of(response) == (501, -1)
    assert "CreatePoll" in response.json()["message"]
    unknown = http.post("/moderation/reports", json={}, **auth)  # type: ignore[arg-type]
    assert unknown.status_code == 501 and "POST /moderation/reports" in unknown.json()["message"]
    assert "x-ratelimit-limit" in unknown.headers
    checker.assert_clean()


def test_client_side_errors_are_never_fake_successes(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(HANDLERS, "CreateRole")  # an operation without a handler
    with emulator.client() as client, pytest.raises(StreamAPIException) as raised:
        client.create_role("reviewer")
    assert raised.value.status_code == 501 and "CreateRole" in str(raised.value)


def test_exchanges_are_reported(emulator: Emulator) -> None:
    seen: list[Exchange] = []
    emulator.on_exchange = seen.append
    with emulator.client() as client:
        client.upsert_user({"id": "recorded"})
    (exchange,) = seen
    assert (exchange.method, exchange.path, exchange.operation_id) == ("POST", "/users", "UpdateUsers")
    assert exchange.reply.status == 201 and json.loads(exchange.request_body)["users"]["recorded"]["id"] == "recorded"
    assert exchange.reply.json()["users"]["recorded"]["role"] == "user"
    emulator.reset()
    with emulator.client() as client:
        assert client.query_users({"id": "recorded"})["users"] == []


def test_the_http_server_reads_chunked_bodies(checker: ResponseChecker) -> None:
    emulator = Emulator(API_KEY, API_SECRET, on_exchange=checker.check_exchange)
    body = json.dumps({"users": {"chunky": {"id": "chunky", "name": "Chunky"}}}).encode()
    with emulator.serve() as server, httpx.Client(base_url=server.url) as http:
        response = http.post(
            "/users",
            params={"api_key": API_KEY},
            headers={**server_headers(), "Content-Type": "application/json"},
            content=iter([body[:10], body[10:]]),  # no length known: sent chunked
        )
    assert response.status_code == 201, response.text
    assert response.json()["users"]["chunky"]["name"] == "Chunky"
    checker.assert_clean()
