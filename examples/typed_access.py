# pyright: strict
"""Typed access, as a user's script: what IDEs complete and what type checkers check.

    python examples/typed_access.py

It runs against the local emulator (``stream_chat.testing``), in process. Every dict below may
carry custom fields; responses are read through ``.model``, typed to the last field; fields the
API may leave out are ``X | Unset`` and narrow with ``is not UNSET``. ``make typecheck`` checks
this file with mypy --strict and pyright in strict mode, and ``tests/test_completion.py`` asks
jedi and pyright for completions at the points marked below.
"""

from __future__ import annotations

import asyncio
import json

from stream_chat import UNSET, StreamChat, StreamChatAsync
from stream_chat.testing import Emulator
from stream_chat.webhook import parse_typed_event

# completion: from stream_chat_gen.models import
from stream_chat_gen.models import MessageNewEvent


def sync_calls(client: StreamChat) -> None:
    # completion: client.
    client.upsert_users([{"id": "alice", "name": "Alice", "favourite_colour": "green"}, {"id": "bob"}])
    channel = client.channel("messaging", "typed-access", {"members": ["alice", "bob"]})
    # completion: channel.
    channel.create("alice")
    resp = channel.send_message({"text": "Hello, typed world", "mood": "cheerful"}, "alice", skip_push=True)
    # completion: resp. / resp.model. / resp.model.message. / resp.model.message.user.
    print(f"{resp.model.message.type} message {resp.model.message.text!r}, status {resp.status_code()}")
    name = resp.model.message.user.name
    if name is not UNSET:
        print(f"sent by {name.upper()}")  # `name` is a `str` here

    # completion: client.query_channels(...).model.channels[0].channel.
    first = client.query_channels({"members": {"$in": ["alice"]}}, {"last_message_at": -1}, limit=10).model.channels[0]
    if first.channel is not UNSET:
        print(f"first channel: {first.channel.cid}, {first.channel.member_count} members")
    client.query_channels({"type": "messaging"}, [{"field": "created_at", "direction": -1}], state=False)

    users = client.query_users({"id": {"$in": ["alice", "bob"]}}, [{"name": 1}], limit=2).model.users
    print("users:", ", ".join(user.id for user in users))

    updated = client.update_message_partial(
        resp.model.message.id, {"set": {"text": "Hello again", "mood": "thrilled"}}, "alice"
    )
    edited = updated.model.message
    if edited is not UNSET:
        print(f"edited: {edited.text!r}")


def webhook() -> None:
    body = {
        "type": "message.new",
        "cid": "messaging:typed-access",
        "message_id": "m1",
        "created_at": "2026-11-27T10:00:00Z",
        "message": {"id": "m1", "text": "from a webhook", "type": "regular", "user": {"id": "alice"}},
    }
    event = parse_typed_event(json.dumps(body))
    if isinstance(event, MessageNewEvent):
        # completion: event.
        print(f"webhook {event.type}: {event.message.text!r} in {event.cid}")


async def async_calls(emulator: Emulator) -> None:
    async with StreamChatAsync(emulator.api_key, emulator.api_secret, transport=emulator.async_transport()) as client:
        channel = client.channel("messaging", "typed-access")
        # completion: (await channel.send_message({}, "bob")).model.message.
        text = (await channel.send_message({"text": "Hello from async"}, "bob")).model.message.text
        print(f"async: {text!r}")


def main() -> None:
    emulator = Emulator()
    with StreamChat(emulator.api_key, emulator.api_secret, transport=emulator.transport()) as client:
        sync_calls(client)
    webhook()
    asyncio.run(async_calls(emulator))


if __name__ == "__main__":
    main()
