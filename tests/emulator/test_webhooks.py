"""Webhooks: the emulator POSTs events to a real handler on 127.0.0.1, signed as Stream signs them.

The round trip: API call -> emulator -> webhook handler -> ``verify_webhook`` -> ``parse_typed_event``,
with ``StreamChat`` and ``StreamChatAsync``, in process and over HTTP (``--webhook-url``). Deliveries
are retried as Stream documents (3 attempts for 408/429/5xx and timeouts, 2 for network errors, none
for other answers) and never hold up the API answer.
"""

from __future__ import annotations

import asyncio
import json
import queue
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator

from stream_chat import StreamChat
from stream_chat.async_chat import StreamChatAsync
from stream_chat.base.exceptions import StreamAPIException
from stream_chat.testing import Emulator
from stream_chat.webhook import parse_typed_event
from stream_chat_gen.models import (
    ChannelCreatedEvent,
    ChannelDeletedEvent,
    ChannelUpdatedEvent,
    MemberAddedEvent,
    MemberRemovedEvent,
    MessageDeletedEvent,
    MessageNewEvent,
    MessageUpdatedEvent,
    ReactionDeletedEvent,
    ReactionNewEvent,
    UserDeactivatedEvent,
    UserUpdatedEvent,
)
from tests.emulator.conftest import API_KEY, API_SECRET, ROOT, _first_line
from tests.emulator.spec import document
from tests.local_http import JSONHandler, LocalServer


@dataclass
class Received:
    """One POST the webhook handler got."""

    headers: dict[str, str]
    body: bytes
    verified: bool
    event: Any = None


@dataclass
class Hook:
    """A webhook handler: verifies each POST with the client, parses it, answers with ``statuses`` in turn."""

    client: StreamChat
    statuses: list[int] = field(default_factory=list)
    gate: threading.Event | None = None
    received: list[Received] = field(default_factory=list)
    arrived: queue.Queue[Received] = field(default_factory=queue.Queue)

    def handler(self) -> type[JSONHandler]:
        hook = self

        class Handler(JSONHandler):
            def answer(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                verified = hook.client.verify_webhook(body, self.headers.get("X-Signature", ""))
                item = Received(dict(self.headers.items()), body, verified)
                item.event = parse_typed_event(body) if verified else None
                hook.received.append(item)
                hook.arrived.put(item)
                if hook.gate is not None:
                    hook.gate.wait(10)
                self.reply(hook.statuses.pop(0) if hook.statuses else 200, b"{}")

        return Handler

    def types(self) -> list[str]:
        return [json.loads(item.body)["type"] for item in self.received]


@pytest.fixture
def hook() -> Iterator[tuple[Hook, str]]:
    verifier = StreamChat(API_KEY, API_SECRET)
    state = Hook(verifier)
    with LocalServer(state.handler()) as server:
        yield state, server.url + "/hooks"


def _scenario_calls(client: Any) -> list[Any]:
    """The calls of the round trip; each returns a value or an awaitable."""
    return [
        lambda: client.upsert_users([{"id": "ann"}, {"id": "bob"}]),
        lambda: client.update_user_partial({"id": "bob", "set": {"name": "Bob"}}),
        lambda: client.channel("messaging", "hooks", {"members": ["ann"]}).create("ann"),
        lambda: client.channel("messaging", "hooks").update({"topic": "webhooks"}),
        lambda: client.channel("messaging", "hooks").add_members(["bob"]),
    ]


EXPECTED = [
    ("user.updated", UserUpdatedEvent),
    ("channel.created", ChannelCreatedEvent),
    ("channel.updated", ChannelUpdatedEvent),
    ("member.added", MemberAddedEvent),
    ("message.new", MessageNewEvent),
    ("message.updated", MessageUpdatedEvent),
    ("reaction.new", ReactionNewEvent),
    ("reaction.deleted", ReactionDeletedEvent),
    ("message.deleted", MessageDeletedEvent),
    ("member.removed", MemberRemovedEvent),
    ("user.deactivated", UserDeactivatedEvent),
    ("channel.deleted", ChannelDeletedEvent),
]


async def _round_trip(client: Any) -> None:
    async def done(value: Any) -> Any:
        return await value if asyncio.iscoroutine(value) or asyncio.isfuture(value) else value

    for call in _scenario_calls(client):
        await done(call())
    channel = client.channel("messaging", "hooks")
    sent = await done(channel.send_message({"text": "hi"}, "ann"))
    message_id = sent["message"]["id"]
    await done(client.update_message({"id": message_id, "text": "hi!", "user_id": "ann"}))
    await done(channel.send_reaction(message_id, {"type": "like"}, "bob"))
    await done(channel.delete_reaction(message_id, "like", "bob"))
    await done(client.delete_message(message_id))
    await done(channel.remove_members(["bob"]))
    await done(client.deactivate_user("bob"))
    await done(channel.delete())


def _event_schema_errors(body: bytes, model: type) -> list[str]:
    """What in a delivered event breaks its schema in ``openapi/events.yaml`` (required fields, types)."""
    spec = document()
    schema = {**spec["components"]["schemas"][model.__name__], "components": spec["components"]}
    return [error.message for error in OAS30Validator(schema).iter_errors(json.loads(body))]


def _check_round_trip(state: Hook) -> None:
    assert state.types() == [kind for kind, _ in EXPECTED]
    for item, (kind, model) in zip(state.received, EXPECTED, strict=True):
        assert item.verified, kind
        assert _event_schema_errors(item.body, model) == [], kind
        assert isinstance(item.event, model), (kind, type(item.event))
        assert item.headers["X-Api-Key"] == API_KEY
        assert item.headers["X-Webhook-Attempt"] == "1"
        assert item.headers["Content-Type"] == "application/json"
    new = state.received[EXPECTED.index(("message.new", MessageNewEvent))].event
    assert new.message.text == "hi"
    assert new.channel.cid == new.cid == "messaging:hooks"
    assert new.user.id == "ann"
    member = state.received[EXPECTED.index(("member.added", MemberAddedEvent))].event
    assert member.member.user_id == "bob"
    updated = state.received[0].event
    assert updated.user.name == "Bob"


@pytest.mark.parametrize("flavor", ["sync", "async"])
def test_round_trip_in_process(flavor: str, hook: tuple[Hook, str]) -> None:
    state, url = hook
    with Emulator(API_KEY, API_SECRET, webhook_url=url) as emulator:
        if flavor == "sync":
            with emulator.client(max_retries=0) as client:
                asyncio.run(_round_trip(client))
        else:

            async def main() -> None:
                async with emulator.async_client(max_retries=0) as client:
                    await _round_trip(client)

            asyncio.run(main())
        assert emulator.wait_for_webhooks(timeout=20)
        assert all(delivery.delivered and delivery.attempts == 1 for delivery in emulator.webhook_deliveries)
    _check_round_trip(state)


@pytest.mark.parametrize("flavor", ["sync", "async"])
def test_round_trip_over_http_with_the_command_line_option(flavor: str, hook: tuple[Hook, str]) -> None:
    state, url = hook
    command = [sys.executable, "-m", "stream_chat.testing", "--port", "0", "--exit-after", "120"]
    command += ["--api-key", API_KEY, "--api-secret", API_SECRET, "--webhook-url", url]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = _first_line(process, timeout=30)
        base_url = line.split(" on ")[1].split(" ")[0]
        if flavor == "sync":
            with StreamChat(API_KEY, API_SECRET, base_url=base_url, max_retries=0) as client:
                asyncio.run(_round_trip(client))
        else:

            async def main() -> None:
                async with StreamChatAsync(API_KEY, API_SECRET, base_url=base_url, max_retries=0) as client:
                    await _round_trip(client)

            asyncio.run(main())
        for _ in EXPECTED:
            state.arrived.get(timeout=20)
    finally:
        process.terminate()
        process.communicate(timeout=10)
    _check_round_trip(state)


def test_the_app_setting_turns_webhooks_on_and_off_and_webhook_events_filters(hook: tuple[Hook, str]) -> None:
    state, url = hook
    with Emulator(API_KEY, API_SECRET) as emulator, emulator.client() as client:
        client.upsert_users([{"id": "ann"}])
        client.update_user_partial({"id": "ann", "set": {"a": 1}})
        client.update_app_settings(webhook_url=url, webhook_events=["channel.created"])
        assert client.get_app_settings()["app"]["webhook_url"] == url
        client.update_user_partial({"id": "ann", "set": {"a": 2}})
        client.channel("messaging", "one").create("ann")
        client.update_app_settings(webhook_events=[])
        client.channel("messaging", "two").create("ann")
        client.update_app_settings(webhook_url="")
        client.channel("messaging", "three").create("ann")
        assert emulator.wait_for_webhooks(timeout=20)
    assert state.types() == ["channel.created", "channel.created"]
    assert [json.loads(item.body)["channel_id"] for item in state.received] == ["one", "two"]


def test_a_rejected_request_emits_nothing(hook: tuple[Hook, str]) -> None:
    state, url = hook
    with Emulator(API_KEY, API_SECRET, webhook_url=url) as emulator, emulator.client(max_retries=0) as client:
        with pytest.raises(StreamAPIException):
            client.channel("messaging", "x", {"members": ["nobody"]}).create("nobody")
        client.upsert_users([{"id": "ann"}])
        client.channel("messaging", "x").create("ann")
        assert emulator.wait_for_webhooks(timeout=20)
    assert state.types() == ["channel.created"]


def _deliver_one(url: str, **options: Any) -> Emulator:
    emulator = Emulator(API_KEY, API_SECRET, webhook_url=url, **options)
    with emulator.client(max_retries=0) as client:
        client.upsert_users([{"id": "ann"}])
        client.channel("messaging", "retry").create("ann")
    assert emulator.wait_for_webhooks(timeout=30)
    emulator.close()
    return emulator


@pytest.mark.parametrize(
    ("statuses", "attempts", "delivered"),
    [
        ([500, 503], 3, True),
        ([429, 408, 502], 3, False),
        ([400], 1, False),
        ([404], 1, False),
    ],
)
def test_retries_follow_the_answer(
    statuses: list[int], attempts: int, delivered: bool, hook: tuple[Hook, str], caplog: pytest.LogCaptureFixture
) -> None:
    state, url = hook
    state.statuses = list(statuses)
    emulator = _deliver_one(url)
    (delivery,) = emulator.webhook_deliveries
    assert (delivery.attempts, delivery.delivered) == (attempts, delivered)
    assert [item.headers["X-Webhook-Attempt"] for item in state.received] == [str(n) for n in range(1, attempts + 1)]
    assert len({item.headers["X-Webhook-Id"] for item in state.received}) == 1
    assert all(item.verified for item in state.received)
    assert ("webhook channel.created" in caplog.text) is not delivered


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_a_refused_connection_is_tried_twice_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    emulator = _deliver_one(f"http://127.0.0.1:{_closed_port()}/hooks")
    (delivery,) = emulator.webhook_deliveries
    assert (delivery.attempts, delivery.status, delivery.delivered) == (2, 0, False)
    assert delivery.error is not None and "network error" in delivery.error
    assert "failed after 2 attempt(s)" in caplog.text


def test_a_handler_that_does_not_answer_in_time_is_tried_three_times(hook: tuple[Hook, str]) -> None:
    state, url = hook
    state.gate = threading.Event()  # never set: every attempt times out
    try:
        emulator = _deliver_one(url, webhook_timeout=0.2)
    finally:
        state.gate.set()
    (delivery,) = emulator.webhook_deliveries
    assert (delivery.attempts, delivery.delivered) == (3, False)
    assert delivery.error is not None and "timed out" in delivery.error
    assert len(state.received) == 3


def test_the_total_timeout_bounds_the_attempts(hook: tuple[Hook, str]) -> None:
    state, url = hook
    state.gate = threading.Event()
    try:
        emulator = _deliver_one(url, webhook_timeout=0.3, webhook_total_timeout=0.3)
    finally:
        state.gate.set()
    (delivery,) = emulator.webhook_deliveries
    assert delivery.attempts == 1
    assert delivery.error is not None and "no time left" in delivery.error


def test_the_api_answers_while_the_webhook_handler_is_still_busy(hook: tuple[Hook, str]) -> None:
    state, url = hook
    state.gate = threading.Event()
    with Emulator(API_KEY, API_SECRET, webhook_url=url) as emulator, emulator.client(max_retries=0) as client:
        client.upsert_users([{"id": "ann"}])
        client.channel("messaging", "a").create("ann")
        state.arrived.get(timeout=20)  # the handler holds the first delivery
        client.channel("messaging", "b").create("ann")  # answered although the delivery has not finished
        assert not emulator.wait_for_webhooks(timeout=0)
        state.gate.set()
        assert emulator.wait_for_webhooks(timeout=20)
    assert state.types() == ["channel.created", "channel.created"]


def test_close_stops_the_sender_and_later_events_are_not_sent(hook: tuple[Hook, str]) -> None:
    state, url = hook
    emulator = Emulator(API_KEY, API_SECRET, webhook_url=url)
    with emulator.client() as client:
        client.upsert_users([{"id": "ann"}])
        client.channel("messaging", "a").create("ann")
        assert emulator.wait_for_webhooks(timeout=20)
        emulator.close()
        client.channel("messaging", "b").create("ann")
    assert emulator.wait_for_webhooks(timeout=1)
    assert state.types() == ["channel.created"]
    assert not any(thread.name == "stream-chat-emulator-webhooks" for thread in threading.enumerate())


def test_an_emulator_without_webhooks_starts_no_thread() -> None:
    before = {thread.ident for thread in threading.enumerate()}
    with Emulator(API_KEY, API_SECRET) as emulator, emulator.client() as client:
        client.upsert_users([{"id": "ann"}])
        client.channel("messaging", "a").create("ann")
    assert {thread.ident for thread in threading.enumerate()} <= before
    assert emulator.webhook_deliveries == []


def test_signature_is_hmac_sha256_of_the_body_with_the_secret(hook: tuple[Hook, str]) -> None:
    import hashlib  # noqa: PLC0415 - only this test computes the digest itself
    import hmac  # noqa: PLC0415

    state, url = hook
    _deliver_one(url)
    (item,) = state.received
    expected = hmac.new(API_SECRET.encode(), item.body, hashlib.sha256).hexdigest()
    assert item.headers["X-Signature"] == expected
    assert not StreamChat(API_KEY, "another-secret-" + "x" * 32).verify_webhook(item.body, item.headers["X-Signature"])


def test_the_example_runs_the_round_trip() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "webhook_roundtrip.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line.split() for line in result.stdout.splitlines()]
    assert lines == [
        ["ChannelCreatedEvent", "channel.created"],
        ["MemberAddedEvent", "member.added"],
        ["MessageNewEvent", "message.new"],
        ["ReactionNewEvent", "reaction.new"],
        ["UserUpdatedEvent", "user.updated"],
    ]


def test_close_drops_queued_events_so_waiting_ends(hook: tuple[Hook, str]) -> None:
    state, url = hook
    state.gate = threading.Event()
    emulator = Emulator(API_KEY, API_SECRET, webhook_url=url, webhook_timeout=0.5)
    with emulator.client() as client:
        client.upsert_users([{"id": "ann"}])
        for name in ("a", "b", "c"):
            client.channel("messaging", name).create("ann")
        state.arrived.get(timeout=20)  # the first delivery is held by the handler
        emulator.close()
    state.gate.set()
    assert emulator.wait_for_webhooks(timeout=5)
    assert state.types() == ["channel.created"]
