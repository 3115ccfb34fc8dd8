"""Bad input: each gets a clear error before any request, or is sent correctly.

Ids: a non-string, empty or missing id raises ``ValueError`` naming the
parameter, before anything is sent. Ids with characters Stream rejects are not
second-guessed (Stream decides, and answers 400 code 4): they are sent
percent-encoded, so the request reaches exactly the path meant — except ``.``
and ``..``, which a URL would resolve away to another path, so they are
refused. Values JSON cannot carry raise ``TypeError``/``ValueError`` before any
request; datetimes are sent as UTC instants. Webhook signatures that are not
Stream's lowercase hex digest of the body are a mismatch, never an exception.
Tokens carry the ``exp``/``iat`` the caller meant, whatever the type.
"""

from __future__ import annotations

import asyncio
import calendar
import datetime
import decimal
import enum
import gzip
import hashlib
import hmac
import inspect
import json
import math
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote

import httpx
import jwt
import pytest

from stream_chat import StreamChat, StreamChatAsync
from stream_chat.base.exceptions import InvalidWebhookError, StreamInputError
from stream_chat.webhook import verify_and_parse_webhook, verify_signature
from tests.contract.validator import validated

API_KEY = "bad-input-key"
API_SECRET = "bad-input-secret-" + "b" * 47
ClientCall = Callable[[Any], Any]


class Recorder:
    """A MockTransport handler that records every request and answers a Stream-like body."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.response: httpx.Response | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.response is not None:
            return self.response
        return httpx.Response(200, json={"duration": "1ms", "channel": {"id": "c", "type": "messaging"}})

    def only_body(self) -> Any:
        assert len(self.requests) == 1, self.requests
        return json.loads(self.requests[0].content)

    def only_payload(self) -> Any:
        """The JSON ``payload`` query parameter of the only request."""
        assert len(self.requests) == 1, self.requests
        return json.loads(self.requests[0].url.params["payload"])


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def client(recorder: Recorder) -> Iterator[StreamChat]:
    with StreamChat(API_KEY, API_SECRET, transport=validated(recorder), max_retries=0) as sync_client:
        yield sync_client


def run_async(recorder: Recorder, call: ClientCall) -> Any:
    """``call(client)`` with a ``StreamChatAsync`` on ``recorder``; returns the result or the exception raised."""

    async def main() -> Any:
        transport = validated(recorder)
        async with StreamChatAsync(API_KEY, API_SECRET, transport=transport, max_retries=0) as async_client:
            try:
                result = call(async_client)
                return await result if inspect.isawaitable(result) else result
            except Exception as error:
                return error

    return asyncio.run(main())


# --- Ids that cannot be sent: a ValueError naming the parameter, before any request -------------------

REFUSED_IDS: list[tuple[str, ClientCall, str]] = [
    ("upsert_user: int id", lambda c: c.upsert_user({"id": 42}), "users[0]"),
    ("upsert_user: empty id", lambda c: c.upsert_user({"id": ""}), "users[0]"),
    ("upsert_user: no id", lambda c: c.upsert_user({"name": "Ann"}), "users[0]"),
    ("upsert_user: None", lambda c: c.upsert_user(None), "users[0]"),
    ("upsert_users: a lone dict", lambda c: c.upsert_users({"id": "u1"}), "users"),
    ("update_user_partial: no id", lambda c: c.update_user_partial({"set": {"name": "x"}}), "updates[0]"),
    ("delete_user: int", lambda c: c.delete_user(42), "user_id"),
    ("delete_user: empty", lambda c: c.delete_user(""), "user_id"),
    ("delete_user: None", lambda c: c.delete_user(None), "user_id"),
    ("delete_user: bytes", lambda c: c.delete_user(b"u1"), "user_id"),
    ("delete_user: '..'", lambda c: c.delete_user(".."), "user_id"),
    ("delete_user: '.'", lambda c: c.delete_user("."), "user_id"),
    ("delete_users: a lone string", lambda c: c.delete_users("u1", "hard"), "user_ids"),
    ("delete_users: an int among ids", lambda c: c.delete_users(["u1", 2], "hard"), "user_ids[1]"),
    ("deactivate_user: empty", lambda c: c.deactivate_user(""), "user_id"),
    ("channel: int id", lambda c: c.channel("messaging", 42), "channel_id"),
    ("channel: empty type", lambda c: c.channel("", "general"), "channel_type"),
    ("channel: None type", lambda c: c.channel(None, "general"), "channel_type"),
    ("channel: '..' id", lambda c: c.channel("messaging", "..").truncate(), "'id'"),
    ("get_channel_type: '..'", lambda c: c.get_channel_type(".."), "'name'"),
    ("send_message: None user", lambda c: c.channel("messaging", "g").send_message({"text": "hi"}, None), "user_id"),
    ("send_message: int user", lambda c: c.channel("messaging", "g").send_message({"text": "hi"}, 7), "user_id"),
    ("mark_read: empty user", lambda c: c.channel("messaging", "g").mark_read(""), "user_id"),
    ("get_message: int", lambda c: c.get_message(42), "message_id"),
    ("delete_message: None", lambda c: c.delete_message(None), "message_id"),
    ("pin_message: None", lambda c: c.pin_message(None, "u1"), "message_id"),
    ("update_message: no id", lambda c: c.update_message({"text": "x"}), "message['id']"),
    ("ban_user: empty target", lambda c: c.ban_user("", banned_by_id="admin"), "target_id"),
    ("ban_user: a dict target", lambda c: c.ban_user({"id": "u1"}, banned_by_id="admin"), "target_id"),
    ("mute_user: None target", lambda c: c.mute_user(None, "u1"), "target_id"),
    ("flag_user: None target", lambda c: c.flag_user(None, user_id="u1"), "target_id"),
    ("get_devices: empty user", lambda c: c.get_devices(""), "user_id"),
    ("revoke_users_token: a lone string", lambda c: c.revoke_users_token("u1", "2024-01-01"), "user_ids"),
    ("create_token: empty", lambda c: c.create_token(""), "user_id"),
    ("create_token: None", lambda c: c.create_token(None), "user_id"),
]


@pytest.mark.parametrize(("call", "name"), [case[1:] for case in REFUSED_IDS], ids=[case[0] for case in REFUSED_IDS])
def test_bad_ids_are_refused_before_any_request(
    client: StreamChat, recorder: Recorder, call: ClientCall, name: str
) -> None:
    with pytest.raises(ValueError) as raised:
        call(client)
    assert name in str(raised.value)
    assert recorder.requests == []


@pytest.mark.parametrize(("call", "name"), [case[1:] for case in REFUSED_IDS], ids=[case[0] for case in REFUSED_IDS])
def test_bad_ids_are_refused_by_the_async_client(recorder: Recorder, call: ClientCall, name: str) -> None:
    error = run_async(recorder, call)
    assert isinstance(error, ValueError)
    assert name in str(error)
    assert recorder.requests == []


# --- None where a value is required ---------------------------------------------------------------

REQUIRED_NONE: list[tuple[str, ClientCall, type[Exception], str]] = [
    ("query_users: filter None", lambda c: c.query_users(None), ValueError, "filter_conditions"),
    ("search: filter None", lambda c: c.search(None, "hello"), ValueError, "filter_conditions"),
    ("update_message: None", lambda c: c.update_message(None), ValueError, "message"),
    ("send_message: message None", lambda c: c.channel("messaging", "g").send_message(None, "u1"), TypeError, ""),
    ("send_event: event None", lambda c: c.channel("messaging", "g").send_event(None, "u1"), TypeError, ""),
]


@pytest.mark.parametrize(
    ("call", "error", "name"), [case[1:] for case in REQUIRED_NONE], ids=[case[0] for case in REQUIRED_NONE]
)
def test_none_where_a_value_is_required(
    client: StreamChat, recorder: Recorder, call: ClientCall, error: type[Exception], name: str
) -> None:
    with pytest.raises(error) as raised:
        call(client)
    assert name in str(raised.value)
    assert recorder.requests == []


def test_none_as_a_custom_field_value_is_sent_as_null(client: StreamChat, recorder: Recorder) -> None:
    client.upsert_user({"id": "u1", "nickname": None})
    assert recorder.only_body() == {"users": {"u1": {"id": "u1", "nickname": None}}}


# --- Ids with characters Stream rejects: sent percent-encoded to exactly the path meant ---------------

ODD_IDS = [
    "a b",
    "a/b",
    "a?b#c",
    "a&b=c",
    "%2e%2e",
    "../app",
    "a.b",
    "..a",
    "é-ü-中",
    "emoji-😀",
    "tab\there",
    "nul\x00",
]


@pytest.mark.parametrize("user_id", ODD_IDS)
def test_odd_user_ids_are_sent_percent_encoded(client: StreamChat, recorder: Recorder, user_id: str) -> None:
    client.delete_user(user_id)
    (request,) = recorder.requests
    prefix = b"/users/"
    assert request.url.raw_path.startswith(prefix)
    segment = request.url.raw_path[len(prefix) :].split(b"?")[0]
    assert b"/" not in segment and b"?" not in segment and b"#" not in segment
    assert unquote(segment.decode("ascii")) == user_id


@pytest.mark.parametrize("channel_id", ODD_IDS)
def test_odd_channel_ids_are_sent_percent_encoded(client: StreamChat, recorder: Recorder, channel_id: str) -> None:
    client.channel("messaging", channel_id).truncate()
    (request,) = recorder.requests
    path = request.url.raw_path.split(b"?")[0].decode("ascii")
    prefix, _, rest = path.partition("/channels/messaging/")
    segment, _, action = rest.rpartition("/")
    assert (prefix, action) == ("", "truncate")
    assert "/" not in segment
    assert unquote(segment) == channel_id


def test_ids_stream_allows_are_sent_as_they_are(client: StreamChat, recorder: Recorder) -> None:
    client.delete_user("john_doe-42@example!")
    assert recorder.requests[0].url.raw_path == b"/users/john_doe-42@example!?api_key=bad-input-key"


def test_odd_ids_in_the_query_string_are_encoded(client: StreamChat, recorder: Recorder) -> None:
    client.delete_device("a&b=c", "user?1 #x")
    params = recorder.requests[0].url.params
    assert (params["id"], params["user_id"], params["api_key"]) == ("a&b=c", "user?1 #x", API_KEY)


def test_odd_ids_in_a_body_are_sent_unchanged(client: StreamChat, recorder: Recorder) -> None:
    client.upsert_user({"id": "ann/../x \u2603"})
    assert recorder.only_body() == {"users": {"ann/../x \u2603": {"id": "ann/../x \u2603"}}}


def test_streams_rejection_of_an_id_is_a_clear_error(client: StreamChat, recorder: Recorder) -> None:
    message = 'UpdateUsers failed with error: "user_id is not valid"'
    body = {"code": 4, "message": message, "StatusCode": 400, "duration": "1ms", "more_info": "", "details": []}
    recorder.response = httpx.Response(400, json=body)
    with pytest.raises(StreamInputError) as raised:
        client.upsert_user({"id": "not valid!"})
    assert (raised.value.status_code, raised.value.error_code, raised.value.error_message) == (400, 4, message)
    assert len(recorder.requests) == 1


# --- Values JSON cannot carry: an error before any request, never a half-sent one ---------------------


class Color(enum.Enum):
    RED = "red"


circular: dict[str, Any] = {}
circular["self"] = circular

UNSENDABLE: list[tuple[str, object, type[Exception], str]] = [
    ("object", object(), TypeError, "object"),
    ("Decimal", decimal.Decimal("1.5"), TypeError, "Decimal"),
    ("UUID", uuid.UUID(int=1), TypeError, "UUID"),
    ("bytes", b"raw", TypeError, "bytes"),
    ("function", len, TypeError, "builtin_function_or_method"),
    ("NaN", math.nan, ValueError, "Out of range float"),
    ("infinity", math.inf, ValueError, "Out of range float"),
    ("circular", circular, ValueError, "Circular reference"),
    ("tuple key", {(1, 2): "x"}, TypeError, "keys must be"),
]


@pytest.mark.parametrize(
    ("value", "error", "text"), [case[1:] for case in UNSENDABLE], ids=[case[0] for case in UNSENDABLE]
)
def test_unsendable_values_fail_before_any_request(
    client: StreamChat, recorder: Recorder, value: object, error: type[Exception], text: str
) -> None:
    with pytest.raises(error, match=text):
        client.upsert_user({"id": "u1", "extra": value})
    with pytest.raises(error, match=text):
        client.channel("messaging", "g").send_message({"text": "hi", "extra": value}, "u1")
    with pytest.raises(error, match=text):
        client.update_user_partial({"id": "u1", "set": {"extra": value}})
    assert recorder.requests == []


@pytest.mark.parametrize(
    ("value", "error"),
    [(object(), TypeError), (decimal.Decimal("2"), TypeError), (math.nan, ValueError), (circular, ValueError)],
)
def test_unsendable_values_in_a_query_payload(
    client: StreamChat, recorder: Recorder, value: object, error: type[Exception]
) -> None:
    with pytest.raises(error):
        client.query_users({"extra": {"$eq": value}})
    with pytest.raises(error):
        client.search({"type": "messaging"}, {"extra": value})
    assert recorder.requests == []


def test_unsendable_values_with_the_async_client(recorder: Recorder) -> None:
    error = run_async(recorder, lambda c: c.upsert_user({"id": "u1", "extra": object()}))
    assert isinstance(error, TypeError)
    assert recorder.requests == []


def test_values_json_lacks_are_sent_sensibly(client: StreamChat, recorder: Recorder) -> None:
    client.upsert_user(
        {"id": "u1", "tags": ("a", "b"), "set": frozenset({"x"}), "day": datetime.date(2024, 2, 29), "color": Color.RED}
    )
    assert recorder.only_body()["users"]["u1"] == {
        "id": "u1",
        "tags": ["a", "b"],
        "set": ["x"],
        "day": "2024-02-29",
        "color": "red",
    }


# --- Datetimes: naive taken as UTC, aware converted to UTC ------------------------------------------

PLUS_TWO = datetime.timezone(datetime.timedelta(hours=2))
MINUS_FIVE_THIRTY = datetime.timezone(-datetime.timedelta(hours=5, minutes=30))
DATETIMES = [
    (datetime.datetime(2024, 1, 2, 3, 4, 5), "2024-01-02T03:04:05Z"),
    (datetime.datetime(2024, 1, 2, 3, 4, 5, 123456), "2024-01-02T03:04:05.123456Z"),
    (datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC), "2024-01-02T03:04:05Z"),
    (datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=PLUS_TWO), "2024-01-02T01:04:05Z"),
    (datetime.datetime(2024, 1, 1, 23, 0, 0, 1, tzinfo=MINUS_FIVE_THIRTY), "2024-01-02T04:30:00.000001Z"),
]


@pytest.mark.parametrize(("value", "sent"), DATETIMES)
def test_datetimes_in_a_body_are_sent_as_utc(
    client: StreamChat, recorder: Recorder, value: datetime.datetime, sent: str
) -> None:
    client.upsert_user({"id": "u1", "birthday": value, "nested": {"at": [value]}})
    assert recorder.only_body()["users"]["u1"] == {"id": "u1", "birthday": sent, "nested": {"at": [sent]}}


@pytest.mark.parametrize(("value", "sent"), DATETIMES)
def test_datetimes_in_a_query_payload_are_sent_as_utc(
    client: StreamChat, recorder: Recorder, value: datetime.datetime, sent: str
) -> None:
    client.query_users({"created_at": {"$gte": value}})
    assert recorder.only_payload()["filter_conditions"] == {"created_at": {"$gte": sent}}


@pytest.mark.parametrize(("value", "sent"), DATETIMES)
def test_datetimes_given_to_methods_are_the_right_instant(
    client: StreamChat, recorder: Recorder, value: datetime.datetime, sent: str
) -> None:
    instant = datetime.datetime.fromisoformat(sent)
    client.revoke_user_token("u1", value)
    client.create_reminder("m1", "u1", value)  # to the second, as the official client sends it
    client.revoke_tokens(value)  # "+00:00", as the official client sends it: the same instant
    revoke_user, reminder, revoke_app = (json.loads(request.content) for request in recorder.requests)
    assert revoke_user["users"][0]["set"]["revoke_tokens_issued_before"] == sent
    assert reminder["remind_at"] == instant.replace(microsecond=0).isoformat().replace("+00:00", "Z")
    assert datetime.datetime.fromisoformat(revoke_app["revoke_tokens_issued_before"]) == instant


def test_datetimes_with_the_async_client(recorder: Recorder) -> None:
    value = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=PLUS_TWO)
    result = run_async(recorder, lambda c: c.upsert_user({"id": "u1", "at": value}))
    assert not isinstance(result, Exception)
    assert recorder.only_body()["users"]["u1"]["at"] == "2024-01-02T01:04:05Z"


# --- Huge payloads: sent whole -------------------------------------------------------------------


def test_a_multi_megabyte_message_is_sent_whole(client: StreamChat, recorder: Recorder) -> None:
    text = "Grüße 😀 " * 400_000
    client.channel("messaging", "g").send_message({"text": text}, "u1")
    (request,) = recorder.requests
    assert int(request.headers["content-length"]) == len(request.content) > 4_000_000
    assert json.loads(request.content)["message"]["text"] == text


def test_ten_thousand_users_in_one_upsert(client: StreamChat, recorder: Recorder) -> None:
    users = [{"id": f"user-{i}", "name": f"User {i}", "tags": list(range(10))} for i in range(10_000)]
    client.upsert_users(users)
    sent = recorder.only_body()["users"]
    assert list(sent) == [user["id"] for user in users]
    assert list(sent.values()) == users


def test_a_big_filter_in_the_query_string(client: StreamChat, recorder: Recorder) -> None:
    ids = [f"user-{i}" for i in range(2_000)]
    client.query_users({"id": {"$in": ids}})
    assert len(str(recorder.requests[0].url)) > 30_000
    assert recorder.only_payload()["filter_conditions"] == {"id": {"$in": ids}}


def test_a_filter_too_big_for_a_url_fails_before_any_request(client: StreamChat, recorder: Recorder) -> None:
    ids = [f"user-{i}" for i in range(10_000)]
    with pytest.raises(httpx.InvalidURL, match="too long"):
        client.query_users({"id": {"$in": ids}})
    assert recorder.requests == []


def test_a_huge_payload_with_the_async_client(recorder: Recorder) -> None:
    text = "x" * 3_000_000
    run_async(recorder, lambda c: c.channel("messaging", "g").send_message({"text": text}, "u1"))
    assert recorder.only_body()["message"]["text"] == text


# --- Webhook signatures -------------------------------------------------------------------------

BODY = '{"type":"message.new","message":{"text":"Grüße 😀"}}'
SIGNATURE = hmac.new(API_SECRET.encode(), BODY.encode(), hashlib.sha256).hexdigest()


@pytest.mark.parametrize("body", [BODY, BODY.encode(), bytearray(BODY.encode()), memoryview(BODY.encode())])
@pytest.mark.parametrize("signature", [SIGNATURE, SIGNATURE.encode()])
def test_a_valid_signature_verifies_for_str_and_bytes(
    client: StreamChat, body: str | bytes | bytearray | memoryview, signature: str | bytes
) -> None:
    assert verify_signature(body, signature, API_SECRET) is True
    if isinstance(body, (str, bytes)):
        assert client.verify_webhook(body, signature) is True


WRONG_SIGNATURES: list[tuple[str, Any]] = [
    ("another secret", hmac.new(b"another-secret", BODY.encode(), hashlib.sha256).hexdigest()),
    ("another body", hmac.new(API_SECRET.encode(), BODY.encode() + b" ", hashlib.sha256).hexdigest()),
    ("truncated by one", SIGNATURE[:-1]),
    ("truncated to half", SIGNATURE[:32]),
    ("one extra character", SIGNATURE + "0"),
    ("empty", ""),
    ("uppercase", SIGNATURE.upper()),
    ("uppercase bytes", SIGNATURE.upper().encode()),
    ("surrounding whitespace", f" {SIGNATURE}\n"),
    ("non-hex", "z" * 64),
    ("non-ASCII str", "é" * 64),
    ("non-ASCII bytes", b"\xff" * 64),
    ("sha256= prefix", "sha256=" + SIGNATURE),
    ("base64 of the digest", "oIk0cNr0dl5Sq3TF6Gf0Qj4WmI9Hw2Yp2B4HC0x5pXk="),
    ("None", None),
    ("int", 12345),
]


@pytest.mark.parametrize(
    "signature", [case[1] for case in WRONG_SIGNATURES], ids=[case[0] for case in WRONG_SIGNATURES]
)
def test_wrong_signatures_are_a_mismatch_never_an_error(client: StreamChat, signature: Any) -> None:
    for body in (BODY, BODY.encode()):
        assert verify_signature(body, signature, API_SECRET) is False
        assert client.verify_webhook(body, signature) is False
    with pytest.raises(InvalidWebhookError, match="signature mismatch"):
        verify_and_parse_webhook(BODY, signature, API_SECRET)


def test_a_gzipped_webhook_is_verified_on_the_inflated_body() -> None:
    event = verify_and_parse_webhook(gzip.compress(BODY.encode()), SIGNATURE, API_SECRET)
    assert event == json.loads(BODY)
    signature_of_gzip = hmac.new(API_SECRET.encode(), gzip.compress(BODY.encode()), hashlib.sha256).hexdigest()
    with pytest.raises(InvalidWebhookError):
        verify_and_parse_webhook(gzip.compress(BODY.encode()), signature_of_gzip, API_SECRET)


def test_a_str_body_is_signed_as_its_utf8_bytes() -> None:
    latin1 = hmac.new(API_SECRET.encode(), BODY.encode("latin-1", "replace"), hashlib.sha256).hexdigest()
    assert verify_signature(BODY, latin1, API_SECRET) is False


# --- Tokens --------------------------------------------------------------------------------------


def claims(token: str) -> dict[str, Any]:
    """The token's claims, checking the signature but not the times."""
    decoded: dict[str, Any] = jwt.decode(
        token, API_SECRET, algorithms=["HS256"], options={"verify_exp": False, "verify_iat": False}
    )
    return decoded


def test_a_token_is_hs256_with_the_user_id_and_extra_claims(client: StreamChat) -> None:
    token = client.create_token("u1", role="admin", scope=["read"])
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    assert jwt.decode(token, API_SECRET, algorithms=["HS256"]) == {"user_id": "u1", "role": "admin", "scope": ["read"]}
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, "another-secret-" + "x" * 40, algorithms=["HS256"])


def test_exp_in_the_past_makes_an_expired_token(client: StreamChat) -> None:
    past = int(time.time()) - 3600
    token = client.create_token("u1", exp=past)
    assert claims(token)["exp"] == past
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(token, API_SECRET, algorithms=["HS256"])
    expired = client.create_token("u1", exp=-datetime.timedelta(minutes=5))
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(expired, API_SECRET, algorithms=["HS256"])


def test_iat_in_the_future_makes_a_token_not_yet_valid(client: StreamChat) -> None:
    future = int(time.time()) + 3600
    token = client.create_token("u1", iat=future)
    assert claims(token)["iat"] == future
    with pytest.raises(jwt.ImmatureSignatureError):
        jwt.decode(token, API_SECRET, algorithms=["HS256"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1_900_000_000, 1_900_000_000),
        (1_900_000_000.9, 1_900_000_000),
        (datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC), calendar.timegm((2030, 1, 1, 0, 0, 0))),
        (datetime.datetime(2030, 1, 1, 2, tzinfo=PLUS_TWO), calendar.timegm((2030, 1, 1, 0, 0, 0))),
        (datetime.datetime(2030, 1, 1), calendar.timegm((2030, 1, 1, 0, 0, 0))),  # naive: taken as UTC
    ],
    ids=["int", "float", "aware UTC", "aware +02:00", "naive"],
)
def test_exp_and_iat_of_every_type(client: StreamChat, value: int | float | datetime.datetime, expected: int) -> None:
    decoded = claims(client.create_token("u1", exp=value, iat=value))
    assert (decoded["exp"], decoded["iat"]) == (expected, expected)
    assert all(type(decoded[name]) is int for name in ("exp", "iat"))


def test_exp_as_a_timedelta_is_from_now(client: StreamChat) -> None:
    before = int(time.time())
    token = client.create_token("u1", exp=datetime.timedelta(hours=1))
    after = int(time.time()) + 1
    assert before + 3600 <= claims(token)["exp"] <= after + 3600
    assert jwt.decode(token, API_SECRET, algorithms=["HS256"])["user_id"] == "u1"


@pytest.mark.parametrize("value", [True, "1900000000", [1], object()], ids=["bool", "str", "list", "object"])
def test_exp_and_iat_of_other_types_are_refused(client: StreamChat, value: Any) -> None:
    with pytest.raises(TypeError, match="Unix time, datetime or timedelta"):
        client.create_token("u1", exp=value)
    with pytest.raises(TypeError, match="Unix time, datetime or timedelta"):
        client.create_token("u1", iat=value)


def test_async_client_tokens_are_the_same() -> None:
    sync_client = StreamChat(API_KEY, API_SECRET)
    async_client = StreamChatAsync(API_KEY, API_SECRET)
    exp = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    assert sync_client.create_token("u1", exp=exp) == async_client.create_token("u1", exp=exp)
    sync_client.close()
    asyncio.run(async_client.close())
