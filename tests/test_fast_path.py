"""The shortcuts of the fast path give what the long way gives.

- ``FastClient`` builds the request ``httpx.Client.build_request`` builds
  (URL, query, headers, body, timeout) and finishes the response as the client
  would; it steps aside for cookies and environment proxies.
- ``decode_json`` (orjson when installed) decodes as ``json.loads`` does.
- Large bodies are decoded and parsed with the garbage collector paused, and
  the collector is left as it was.
"""

from __future__ import annotations

import gc
import json
import math
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stream_chat_gen.types as gen_types
from stream_chat import StreamChat, StreamChatAsync
from stream_chat.base.fast import FastClient, can_bypass_client
from stream_chat_gen.errors import ResponseDecodeError
from stream_chat_gen.types import decode_json

SECRET = "fast-path-secret-" + "f" * 45
TEXT = st.text(st.characters(codec="utf-8"), max_size=20)
HEADER_TEXT = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=12)


def both_requests(
    client: FastClient, http: httpx.Client, method: str, path: str, options: dict[str, Any]
) -> tuple[httpx.Request, httpx.Request]:
    fast = client._build(http, method, path, options)
    slow = http.build_request(**client.build_request_kwargs(method, path, **options))
    return fast, slow


def same(fast: httpx.Request, slow: httpx.Request) -> None:
    assert fast.method == slow.method
    assert str(fast.url) == str(slow.url)
    assert fast.url.raw_path == slow.url.raw_path
    assert fast.headers.raw == slow.headers.raw
    assert fast.read() == slow.read()
    assert fast.extensions == slow.extensions


@settings(max_examples=150, derandomize=True, deadline=None)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    segment=TEXT.filter(lambda text: text not in ("", ".", "..")),
    query=st.dictionaries(TEXT.filter(bool), TEXT, max_size=4),
    headers=st.dictionaries(HEADER_TEXT.map(lambda h: "X-" + h), HEADER_TEXT, max_size=3),
    body=st.none() | st.binary(max_size=40),
    timeout=st.none() | st.floats(0.1, 60) | st.builds(httpx.Timeout, st.floats(0.1, 5), read=st.floats(0.1, 5)),
)
def test_builds_the_request_httpx_builds(
    method: str,
    segment: str,
    query: dict[str, str],
    headers: dict[str, str],
    body: bytes | None,
    timeout: float | httpx.Timeout | None,
) -> None:
    from stream_chat_gen import _serde  # noqa: PLC0415

    http = httpx.Client(timeout=3.0)
    client = FastClient(api_key="key&=/é", token="jwt.token.sig", base_url="http://127.0.0.1:9/v1", timeout=timeout)
    path = "/channels/" + _serde.path_segment(segment, "id") + "/query"
    options: dict[str, Any] = {"params": query, "headers": headers}
    if body is not None:
        options["content"] = body
    fast, slow = both_requests(client, http, method, path, options)
    same(fast, slow)
    # And again, from the cache of merged headers and timeouts.
    same(*both_requests(client, http, method, path, options))
    http.close()


def test_non_string_query_values_take_httpx_own_encoding() -> None:
    http = httpx.Client()
    client = FastClient(api_key="key", token="t", base_url="http://127.0.0.1:9")
    options: dict[str, Any] = {"params": {"limit": 10, "flag": True, "none": None}}
    fast, slow = both_requests(client, http, "GET", "/users", options)
    same(fast, slow)
    assert fast.url.params["flag"] == "true"
    http.close()


class Recorder(httpx.BaseTransport):
    """Answers every request with a fixed body, remembering the requests."""

    def __init__(self, **headers: str) -> None:
        self.requests: list[httpx.Request] = []
        self.headers = headers

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={"duration": "1ms", "users": {}}, headers=self.headers)


def test_response_is_finished_as_the_client_would(caplog: pytest.LogCaptureFixture) -> None:
    transport = Recorder()
    client = StreamChat("key", SECRET, base_url="http://127.0.0.1:9", transport=transport)
    assert isinstance(client._generated, FastClient)
    with caplog.at_level("INFO", logger="httpx"):
        response = client.upsert_user({"id": "alice"})
    raw = client._generated.request("GET", "/app")
    assert raw.request is transport.requests[-1]
    assert raw.elapsed.total_seconds() >= 0
    assert raw.http_version == "HTTP/1.1"
    assert dict(response) == {"duration": "1ms", "users": {}}
    assert 'HTTP Request: POST http://127.0.0.1:9/users?api_key=key "HTTP/1.1 200 OK"' in caplog.messages


def test_cookies_are_kept_and_then_sent_the_long_way() -> None:
    transport = Recorder(**{"Set-Cookie": "session=abc; Path=/"})
    client = StreamChat("key", SECRET, base_url="http://127.0.0.1:9", transport=transport)
    client.get("app")
    assert client._http.cookies["session"] == "abc"
    client.get("app")
    assert transport.requests[-1].headers["cookie"] == "session=abc"


@pytest.fixture
def proxy_in_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    yield


@pytest.mark.usefixtures("proxy_in_environment")
def test_proxies_in_the_environment_keep_the_long_way() -> None:
    assert not can_bypass_client()
    sync = StreamChat("key", SECRET)
    asynchronous = StreamChatAsync("key", SECRET)
    assert sync._generated._transport is None  # type: ignore[attr-defined]
    assert asynchronous._generated._async_transport is None  # type: ignore[attr-defined]
    sync.close()


def test_a_given_http_client_is_used_the_long_way() -> None:
    http = httpx.Client(transport=Recorder())
    client = StreamChat("key", SECRET, http_client=http)
    assert client._generated._transport is None  # type: ignore[attr-defined]
    client.get("app")
    http.close()


# decode_json


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)


def same_value(left: Any, right: Any) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return (math.isnan(left) and math.isnan(right)) or (left == right and str(left) == str(right))
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(same_value(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(same_value(a, b) for a, b in zip(left, right, strict=True))
    return bool(left == right)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(value=JSON_VALUES, ensure_ascii=st.booleans())
def test_decode_json_gives_what_json_loads_gives(value: Any, ensure_ascii: bool) -> None:
    content = json.dumps(value, ensure_ascii=ensure_ascii).encode()
    assert same_value(decode_json(content), json.loads(content))


EDGE_CASES = [
    b"123456789012345678901234567890",  # beyond 64 bits: orjson would give a float
    b"-9223372036854775809",
    b"18446744073709551615",
    b'{"id": "1234567890123456789012", "n": [1e400, -1e400]}',
    b"NaN",
    b"[Infinity, -Infinity]",
    b'"\\ud800"',  # lone surrogate
    b"\xef\xbb\xbf{}",  # byte-order mark
    "{}".encode("utf-16"),
    b' \n {"a": 1, "a": 2} ',
    b"-0",
    b"-0.0",
    b"1.5e-7",
]


@pytest.mark.parametrize("content", EDGE_CASES)
def test_decode_json_edge_cases(content: bytes) -> None:
    assert same_value(decode_json(content), json.loads(content))


@pytest.mark.parametrize("content", [b"", b"{", b"[1,]", b'"\x01"', b"\xff", b"{} x"])
def test_decode_json_rejects_what_json_loads_rejects(content: bytes) -> None:
    with pytest.raises(ValueError):
        json.loads(content)
    with pytest.raises(ValueError):
        decode_json(content)


def test_decode_json_without_orjson(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gen_types, "_orjson_loads", None)
    for content in EDGE_CASES:
        assert same_value(decode_json(content), json.loads(content))


def test_orjson_is_used_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bytes] = []

    def loads(content: bytes) -> Any:
        calls.append(content)
        return json.loads(content)

    monkeypatch.setattr(gen_types, "_orjson_loads", loads)
    decode_json(b'{"a": 1}')
    decode_json(b"12345678901234567890")  # a long digit run: the standard library decodes it
    assert calls == [b'{"a": 1}']


# Large bodies are decoded and parsed with the cyclic garbage collector paused (stream_chat_gen.types)


def _collector_state_seen(monkeypatch: pytest.MonkeyPatch, size: int) -> dict[str, bool]:
    """Decode and parse a body of ``size`` bytes; whether the collector was on during each step."""
    seen: dict[str, bool] = {}
    real_decode = gen_types.decode_json

    def decode(content: bytes) -> Any:
        seen["decode"] = gc.isenabled()
        return real_decode(content)

    def parse(data: Any) -> Any:
        seen["parse"] = gc.isenabled()
        return data

    monkeypatch.setattr(gen_types, "decode_json", decode)
    body = json.dumps({"pad": "x" * size}).encode()
    answer = gen_types.APIResponse(httpx.Response(200, content=body), parse)
    assert answer.parsed == {"pad": "x" * size}
    return seen


def test_large_bodies_are_decoded_and_parsed_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _collector_state_seen(monkeypatch, 100_000) == {"decode": False, "parse": False}
    assert gc.isenabled()  # on again after
    assert _collector_state_seen(monkeypatch, 1_000) == {"decode": True, "parse": True}


def test_a_collector_turned_off_by_the_application_stays_off(monkeypatch: pytest.MonkeyPatch) -> None:
    gc.disable()
    try:
        assert _collector_state_seen(monkeypatch, 100_000) == {"decode": False, "parse": False}
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_resumes_when_decoding_fails() -> None:
    answer = gen_types.APIResponse(httpx.Response(200, content=b"{" + b" " * 100_000), lambda data: data)
    with pytest.raises(ResponseDecodeError):
        answer.json()
    assert gc.isenabled()
