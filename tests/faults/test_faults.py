"""What a user of ``StreamChat`` and ``StreamChatAsync`` gets when the server or the network misbehaves.

Both clients talk over real httpx transports to ``FaultServer`` on 127.0.0.1
(wrapped by the contract validator, so every request also conforms to ``openapi/``).
The clock, jitter and sleep are injected (no real waiting), so the retry
counts and waits are exact; the server counts what reached it, so a POST sent
twice shows up. The only real waits are the stall and connect timeouts (0.2 s).
"""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import gzip
import inspect
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
import pytest

from stream_chat import StreamChat, StreamChatAsync
from stream_chat.base.exceptions import (
    StreamAPIException,
    StreamConnectionError,
    StreamRateLimitError,
    StreamResponseDecodeError,
    StreamServerError,
    StreamTimeoutError,
)
from stream_chat.types.rate_limit import RateLimitInfo
from stream_chat_gen.errors import ResponseDecodeError
from tests.contract.validator import AsyncValidatingTransport, ValidatingTransport
from tests.faults.server import (
    JSON,
    Fault,
    FaultServer,
    Headers,
    cut,
    drop_after_read,
    drop_before_read,
    gzip_reply,
    json_reply,
    refusing_url,
    reply,
    stall,
    stream_error,
    unresponsive_url,
)

API_KEY = "fault-key"
API_SECRET = "fault-secret-" + "f" * 51
NOW = 1_800_000_000.0
RESET_IN_7 = str(int(NOW) + 7)
SHORT_TIMEOUT = 0.2
# Backoff with the jitter pinned to its low end: half of 0.5 s, 1 s, ...
BACKOFF = [0.25, 0.5]

E = TypeVar("E", bound=BaseException)
ClientCall = Callable[[Any], Any]


@dataclass(frozen=True)
class Op:
    """A real client method and the request it makes."""

    method: str
    path: str
    call: ClientCall


OPS = {
    "POST": Op("POST", "/users", lambda client: client.upsert_user({"id": "u1", "name": "Ann"})),
    "PATCH": Op("PATCH", "/app", lambda client: client.update_app_settings(disable_auth_checks=False)),
    "GET": Op("GET", "/app", lambda client: client.get_app_settings()),
    "PUT": Op("PUT", "/channeltypes/team", lambda client: client.update_channel_type("team", max_message_length=500)),
    "DELETE": Op("DELETE", "/users/u1", lambda client: client.delete_user("u1")),
}
IDEMPOTENT = ["GET", "PUT", "DELETE"]
NOT_IDEMPOTENT = ["POST", "PATCH"]


@dataclass
class Outcome:
    """What the user got from one client call: a value or an exception, and the waits between attempts."""

    value: Any = None
    error: BaseException | None = None
    waits: list[float] = field(default_factory=list)

    def raised(self, kind: type[E]) -> E:
        assert isinstance(self.error, kind), f"expected {kind.__name__}, got {self.error!r} (value {self.value!r})"
        return self.error

    def ok(self) -> Any:
        assert self.error is None, f"unexpected {self.error!r}"
        return self.value


def run(kind: str, url: str, call: ClientCall, *, max_retries: int = 2, timeout: float = 2.0) -> Outcome:
    """Call ``call(client)`` with a fresh sync or async client on ``url``, clock and sleep injected."""
    outcome = Outcome()
    options: dict[str, Any] = {"base_url": url, "timeout": timeout, "max_retries": max_retries}
    if kind == "sync":
        transport = ValidatingTransport(httpx.HTTPTransport())
        with StreamChat(API_KEY, API_SECRET, transport=transport, **options) as client:
            client._sleep = outcome.waits.append
            client._clock = lambda: NOW
            client._jitter = lambda: 0.0
            try:
                outcome.value = call(client)
            except Exception as error:
                outcome.error = error
        return outcome

    async def sleep(seconds: float) -> None:
        outcome.waits.append(seconds)

    async def main() -> None:
        transport = AsyncValidatingTransport(httpx.AsyncHTTPTransport())
        async with StreamChatAsync(API_KEY, API_SECRET, transport=transport, **options) as client:
            client._sleep = sleep
            client._clock = lambda: NOW
            client._jitter = lambda: 0.0
            try:
                result = call(client)
                outcome.value = await result if inspect.isawaitable(result) else result
            except Exception as error:
                outcome.error = error

    asyncio.run(main())
    return outcome


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer() as fault_server:
        yield fault_server


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    value: str = request.param
    return value


def call_with(
    server: FaultServer, kind: str, op: Op, *faults: Fault, max_retries: int = 2, timeout: float = 2.0
) -> Outcome:
    server.script(*faults)
    return run(kind, server.url, op.call, max_retries=max_retries, timeout=timeout)


def assert_requests(server: FaultServer, op: Op, count: int) -> None:
    """``count`` requests reached the server, all of them ``op``'s, with the same body each time."""
    requests = server.requests
    assert len(requests) == count, requests
    assert {(request.method, request.target.split("?")[0]) for request in requests} <= {(op.method, op.path)}
    assert len({request.body for request in requests}) <= 1, "a retry must send the same request again"


# --- 429: retried on every method, waiting as long as the server says ---------------------------------


def rate_limited(*headers: tuple[str, str]) -> Fault:
    return stream_error(429, 9, "Too many requests, check response headers for more information.", headers)


def test_429_with_retry_after_resends_a_post(server: FaultServer, kind: str) -> None:
    created = {"duration": "1ms", "users": {"u1": {"id": "u1", "name": "Ann"}}}
    outcome = call_with(server, kind, OPS["POST"], rate_limited(("Retry-After", "2")), json_reply(201, created))
    assert outcome.ok() == created
    assert outcome.value.status_code() == 201
    assert outcome.waits == [2.0]
    assert_requests(server, OPS["POST"], 2)


def test_429_with_rate_limit_reset_waits_until_the_reset(server: FaultServer, kind: str) -> None:
    limits = (("X-RateLimit-Limit", "60"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", RESET_IN_7))
    outcome = call_with(server, kind, OPS["POST"], rate_limited(*limits), json_reply())
    outcome.ok()
    assert outcome.waits == [7.0]
    assert_requests(server, OPS["POST"], 2)


def test_429_with_retry_after_as_an_http_date(server: FaultServer, kind: str) -> None:
    when = email.utils.formatdate(NOW + 12, usegmt=True)
    outcome = call_with(server, kind, OPS["GET"], rate_limited(("Retry-After", when)), json_reply())
    outcome.ok()
    assert outcome.waits == [12.0]


def test_429_retry_after_wins_over_the_reset_and_is_capped(server: FaultServer, kind: str) -> None:
    headers = (("Retry-After", "3600"), ("X-RateLimit-Reset", RESET_IN_7))
    outcome = call_with(server, kind, OPS["PATCH"], rate_limited(*headers), json_reply())
    outcome.ok()
    assert outcome.waits == [30.0]
    assert_requests(server, OPS["PATCH"], 2)


def test_429_without_a_usable_wait_backs_off(server: FaultServer, kind: str) -> None:
    outcome = call_with(server, kind, OPS["POST"], rate_limited(("Retry-After", "soon")), json_reply())
    outcome.ok()
    assert outcome.waits == BACKOFF[:1]


def test_429_until_retries_run_out_raises_with_the_rate_limit(server: FaultServer, kind: str) -> None:
    limits = (("X-RateLimit-Limit", "60"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", RESET_IN_7))
    outcome = call_with(server, kind, OPS["POST"], *[rate_limited(*limits)] * 3)
    error = outcome.raised(StreamRateLimitError)
    assert (error.status_code, error.error_code) == (429, 9)
    assert error.error_message == "Too many requests, check response headers for more information."
    assert error.rate_limit == RateLimitInfo(60, 0, datetime.datetime.fromtimestamp(NOW + 7, datetime.UTC))
    assert error.headers["x-ratelimit-reset"] == RESET_IN_7
    assert outcome.waits == [7.0, 7.0]
    assert_requests(server, OPS["POST"], 3)


def test_429_is_not_retried_when_retries_are_disabled(server: FaultServer, kind: str) -> None:
    outcome = call_with(server, kind, OPS["POST"], rate_limited(("Retry-After", "1")), max_retries=0)
    outcome.raised(StreamRateLimitError)
    assert outcome.waits == []
    assert_requests(server, OPS["POST"], 1)


# --- 5xx and 408: retried only where sending twice is harmless ---------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
@pytest.mark.parametrize("method", IDEMPOTENT)
def test_5xx_on_idempotent_requests_is_retried(server: FaultServer, kind: str, method: str, status: int) -> None:
    failure = stream_error(status, -1, "internal error")
    outcome = call_with(server, kind, OPS[method], failure, failure, json_reply(200, {"duration": "2ms"}))
    assert outcome.ok() == {"duration": "2ms"}
    assert outcome.waits == BACKOFF
    assert_requests(server, OPS[method], 3)


@pytest.mark.parametrize("status", [500, 502, 503, 504])
@pytest.mark.parametrize("method", NOT_IDEMPOTENT)
def test_5xx_on_post_and_patch_is_not_retried(server: FaultServer, kind: str, method: str, status: int) -> None:
    outcome = call_with(server, kind, OPS[method], stream_error(status, -1, "internal error"))
    error = outcome.raised(StreamServerError)
    assert (error.status_code, error.error_code, error.error_message) == (status, -1, "internal error")
    assert outcome.waits == []
    assert_requests(server, OPS[method], 1)


def test_5xx_until_retries_run_out_raises_the_last_error(server: FaultServer, kind: str) -> None:
    faults = [stream_error(500, -1, "first"), stream_error(502, -1, "second"), stream_error(503, -1, "last")]
    outcome = call_with(server, kind, OPS["GET"], *faults)
    error = outcome.raised(StreamServerError)
    assert (error.status_code, error.error_message) == (503, "last")
    assert str(error) == "StreamChat error code -1: last"
    assert outcome.waits == BACKOFF
    assert_requests(server, OPS["GET"], 3)


def test_503_with_retry_after_waits_as_asked(server: FaultServer, kind: str) -> None:
    busy = stream_error(503, -1, "busy", (("Retry-After", "1"),))
    outcome = call_with(server, kind, OPS["DELETE"], busy, json_reply())
    outcome.ok()
    assert outcome.waits == [1.0]
    assert_requests(server, OPS["DELETE"], 2)


def test_408_is_retried_on_get_not_on_post(server: FaultServer, kind: str) -> None:
    timeout = stream_error(408, 23, "request timeout")
    outcome = call_with(server, kind, OPS["GET"], timeout, json_reply())
    outcome.ok()
    assert outcome.waits == BACKOFF[:1]
    outcome = call_with(server, kind, OPS["POST"], timeout)
    error = outcome.raised(StreamAPIException)
    assert (error.status_code, error.error_code) == (408, 23)
    assert_requests(server, OPS["POST"], 1)


def test_413_payload_too_big_is_not_retried(server: FaultServer, kind: str) -> None:
    outcome = call_with(server, kind, OPS["PUT"], stream_error(413, 22, "payload too big"))
    error = outcome.raised(StreamAPIException)
    assert type(error) is StreamAPIException
    assert (error.status_code, error.error_code, error.error_message) == (413, 22, "payload too big")
    assert_requests(server, OPS["PUT"], 1)


# --- Broken connections: a POST that may have reached the server is never sent twice -----------------


def test_connection_refused_is_retried_even_for_a_post(kind: str) -> None:
    with refusing_url() as url:
        outcome = run(kind, url, OPS["POST"].call)
    error = outcome.raised(StreamConnectionError)
    assert not isinstance(error, StreamTimeoutError)
    assert isinstance(error.__cause__, httpx.ConnectError)
    assert str(error).startswith("POST UpdateUsers failed: ConnectError")
    assert outcome.waits == BACKOFF  # never sent: safe to retry


def test_connect_timeout_is_retried_even_for_a_post(kind: str) -> None:
    with unresponsive_url() as url:
        outcome = run(kind, url, OPS["POST"].call, max_retries=1, timeout=SHORT_TIMEOUT)
    error = outcome.raised(StreamTimeoutError)
    assert isinstance(error.__cause__, httpx.ConnectTimeout)
    assert outcome.waits == BACKOFF[:1]


def test_reset_before_the_request_is_read_post_is_not_resent(server: FaultServer, kind: str) -> None:
    outcome = call_with(server, kind, OPS["POST"], drop_before_read())
    error = outcome.raised(StreamConnectionError)
    assert not isinstance(error, StreamTimeoutError)
    assert isinstance(error.__cause__, (httpx.ReadError, httpx.WriteError))
    assert outcome.waits == []
    assert server.connections == 1


def test_reset_before_the_request_is_read_get_is_retried(server: FaultServer, kind: str) -> None:
    outcome = call_with(server, kind, OPS["GET"], drop_before_read(), drop_before_read(), json_reply())
    assert outcome.ok() == {"duration": "0.10ms"}
    assert outcome.waits == BACKOFF
    assert server.connections == 3
    assert_requests(server, OPS["GET"], 1)


def test_drop_after_the_request_post_is_not_resent(server: FaultServer, kind: str) -> None:
    outcome = call_with(server, kind, OPS["POST"], drop_after_read())
    error = outcome.raised(StreamConnectionError)
    assert isinstance(error.__cause__, httpx.RemoteProtocolError)
    assert str(error) == "POST UpdateUsers failed: RemoteProtocolError: Server disconnected without sending a response."
    assert outcome.waits == []
    assert_requests(server, OPS["POST"], 1)


@pytest.mark.parametrize("method", IDEMPOTENT)
def test_drop_after_the_request_idempotent_is_retried(server: FaultServer, kind: str, method: str) -> None:
    outcome = call_with(server, kind, OPS[method], drop_after_read(), drop_after_read(), json_reply())
    outcome.ok()
    assert outcome.waits == BACKOFF
    assert_requests(server, OPS[method], 3)


def test_drops_until_retries_run_out(server: FaultServer, kind: str) -> None:
    outcome = call_with(server, kind, OPS["DELETE"], *[drop_after_read()] * 3)
    error = outcome.raised(StreamConnectionError)
    assert isinstance(error.__cause__, httpx.RemoteProtocolError)
    assert outcome.waits == BACKOFF
    assert_requests(server, OPS["DELETE"], 3)


def test_stalled_post_times_out_once(server: FaultServer, kind: str) -> None:
    outcome = call_with(server, kind, OPS["POST"], stall(), timeout=SHORT_TIMEOUT)
    error = outcome.raised(StreamTimeoutError)
    assert isinstance(error, StreamConnectionError)
    assert isinstance(error.__cause__, httpx.ReadTimeout)
    assert str(error) == "POST UpdateUsers timed out: ReadTimeout"
    assert outcome.waits == []
    assert_requests(server, OPS["POST"], 1)


def test_stalled_get_is_retried(server: FaultServer, kind: str) -> None:
    outcome = call_with(server, kind, OPS["GET"], stall(), json_reply(), max_retries=1, timeout=SHORT_TIMEOUT)
    outcome.ok()
    assert outcome.waits == BACKOFF[:1]
    assert_requests(server, OPS["GET"], 2)


def test_response_cut_mid_body_post_is_not_resent(server: FaultServer, kind: str) -> None:
    outcome = call_with(server, kind, OPS["POST"], cut())
    error = outcome.raised(StreamConnectionError)
    assert not isinstance(error, StreamAPIException)
    assert isinstance(error.__cause__, httpx.RemoteProtocolError)
    assert "incomplete" in str(error.__cause__) or "complete message body" in str(error.__cause__)
    assert outcome.waits == []
    assert_requests(server, OPS["POST"], 1)


def test_response_cut_mid_body_get_is_retried(server: FaultServer, kind: str) -> None:
    outcome = call_with(server, kind, OPS["GET"], cut(), json_reply())
    assert outcome.ok() == {"duration": "0.10ms"}
    assert outcome.waits == BACKOFF[:1]
    assert_requests(server, OPS["GET"], 2)


# --- Bodies that are not what the operation promises -----------------------------------------------


def test_malformed_json_with_a_json_content_type(server: FaultServer, kind: str) -> None:
    body = b'{"duration": "1ms", "users": {"u1": '
    outcome = call_with(server, kind, OPS["POST"], reply(200, body))
    error = outcome.raised(StreamResponseDecodeError)
    assert (error.status_code, error.error_code, error.response_text) == (200, None, body.decode())
    assert str(error) == "StreamChat response with HTTP code 200 is not a JSON object"
    assert isinstance(error.__cause__, ResponseDecodeError)
    assert isinstance(error.__cause__.__cause__, json.JSONDecodeError)
    assert_requests(server, OPS["POST"], 1)


HTML_PAGE = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
HTML = (("Content-Type", "text/html"),)


def test_html_error_page_from_a_proxy(server: FaultServer, kind: str) -> None:
    page = reply(502, HTML_PAGE, HTML)
    outcome = call_with(server, kind, OPS["GET"], page, page, page)
    error = outcome.raised(StreamServerError)
    assert (error.status_code, error.error_code, error.response_text) == (502, None, HTML_PAGE.decode())
    assert str(error) == "StreamChat error HTTP code: 502"
    assert error.headers["content-type"] == "text/html"
    assert_requests(server, OPS["GET"], 3)

    outcome = call_with(server, kind, OPS["POST"], page)
    outcome.raised(StreamServerError)
    assert_requests(server, OPS["POST"], 1)


def test_html_page_with_a_success_status(server: FaultServer, kind: str) -> None:
    outcome = call_with(server, kind, OPS["GET"], reply(200, HTML_PAGE, HTML))
    error = outcome.raised(StreamResponseDecodeError)
    assert error.response_text == HTML_PAGE.decode()
    assert_requests(server, OPS["GET"], 1)


@pytest.mark.parametrize("status", [200, 204])
def test_empty_success_body_is_an_empty_response(server: FaultServer, kind: str, status: int) -> None:
    outcome = call_with(server, kind, OPS["DELETE"], reply(status, b""))
    assert outcome.ok() == {}
    assert outcome.value.status_code() == status


def test_empty_error_body(server: FaultServer, kind: str) -> None:
    outcome = call_with(server, kind, OPS["POST"], reply(500, b""))
    error = outcome.raised(StreamServerError)
    assert (error.status_code, error.error_code, error.response_text, error.body) == (500, None, "", None)
    assert_requests(server, OPS["POST"], 1)


@pytest.mark.parametrize("body", [b"[]", b'[{"id": "u1"}]', b'"ok"', b"42", b"null", b"true"])
def test_json_that_is_not_an_object(server: FaultServer, kind: str, body: bytes) -> None:
    outcome = call_with(server, kind, OPS["POST"], reply(200, body))
    error = outcome.raised(StreamResponseDecodeError)
    assert (error.status_code, error.response_text) == (200, body.decode())
    assert_requests(server, OPS["POST"], 1)


@pytest.mark.parametrize("body", [b"[1, 2]", b'"Internal Server Error"'])
def test_error_json_that_is_not_an_object(server: FaultServer, kind: str, body: bytes) -> None:
    outcome = call_with(server, kind, OPS["PATCH"], reply(500, body))
    error = outcome.raised(StreamServerError)
    assert (error.error_code, error.error_message, error.response_text) == (None, None, body.decode())


# --- Headers ---------------------------------------------------------------------------------------

DUPLICATED_LIMITS: Headers = (
    ("x-ratelimit-limit", "300"),
    ("X-RateLimit-Limit", "300"),
    ("X-RATELIMIT-REMAINING", "299, 299"),
    ("X-Ratelimit-Reset", RESET_IN_7),
    ("x-ratelimit-RESET", RESET_IN_7),
)


def test_duplicated_and_mixed_case_rate_limit_headers(server: FaultServer, kind: str) -> None:
    outcome = call_with(server, kind, OPS["GET"], json_reply(200, None, DUPLICATED_LIMITS))
    assert outcome.ok().rate_limit() == RateLimitInfo(300, 299, datetime.datetime.fromtimestamp(NOW + 7, datetime.UTC))
    assert outcome.value.headers()["X-RATELIMIT-LIMIT"] == "300, 300"


def test_duplicated_rate_limit_headers_on_a_429(server: FaultServer, kind: str) -> None:
    outcome = call_with(server, kind, OPS["POST"], *[rate_limited(*DUPLICATED_LIMITS)] * 2, max_retries=1)
    error = outcome.raised(StreamRateLimitError)
    assert error.rate_limit == RateLimitInfo(300, 299, datetime.datetime.fromtimestamp(NOW + 7, datetime.UTC))
    assert outcome.waits == [7.0]
    assert_requests(server, OPS["POST"], 2)


# --- Big and compressed bodies -----------------------------------------------------------------------


def big_users_response() -> dict[str, Any]:
    users = {f"user-{i:06d}": {"id": f"user-{i:06d}", "name": "n" * 40, "role": "user"} for i in range(15_000)}
    return {"duration": "5ms", "users": users}


def test_a_response_over_one_megabyte(server: FaultServer, kind: str) -> None:
    data = big_users_response()
    body = json.dumps(data).encode()
    assert len(body) > 1_000_000
    for fault in (reply(200, body), reply(200, body, chunked=True)):
        outcome = call_with(server, kind, OPS["POST"], fault)
        assert outcome.ok() == data
        assert outcome.value.model.users["user-014999"].name == "n" * 40


def test_gzip_encoded_responses(server: FaultServer, kind: str) -> None:
    small = {"duration": "1ms", "users": {"u1": {"id": "u1"}}}
    for data in (small, big_users_response()):
        outcome = call_with(server, kind, OPS["POST"], gzip_reply(data, DUPLICATED_LIMITS))
        assert outcome.ok() == data
        assert outcome.value.rate_limit() is not None
        assert "gzip" in server.requests[0].headers["accept-encoding"]


GZIP_JSON = (*JSON, ("Content-Encoding", "gzip"))
CORRUPT_GZIP = reply(200, b"this is not a gzip stream", GZIP_JSON)


def test_corrupt_gzip_body(server: FaultServer, kind: str) -> None:
    outcome = call_with(server, kind, OPS["POST"], CORRUPT_GZIP)
    error = outcome.raised(StreamConnectionError)
    assert isinstance(error.__cause__, httpx.DecodingError)
    assert outcome.waits == []
    assert_requests(server, OPS["POST"], 1)

    outcome = call_with(server, kind, OPS["GET"], CORRUPT_GZIP, json_reply())
    outcome.ok()
    assert outcome.waits == BACKOFF[:1]
    assert_requests(server, OPS["GET"], 2)


def test_truncated_gzip_stream(server: FaultServer, kind: str) -> None:
    # The Content-Length is right but the gzip stream stops early: httpx yields what it could inflate.
    truncated = gzip.compress(json.dumps({"duration": "1ms", "users": {"u1": {"id": "u1"}}}).encode())[:-20]
    outcome = call_with(server, kind, OPS["POST"], reply(200, truncated, GZIP_JSON))
    error = outcome.raised(StreamResponseDecodeError)
    assert error.status_code == 200
    assert_requests(server, OPS["POST"], 1)
