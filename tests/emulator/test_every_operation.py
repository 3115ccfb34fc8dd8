"""Every operation the emulator implements is called here at least once; every answer validates against openapi/.

The flows in ``test_flows.py`` check behaviour; this test guarantees coverage of the response shapes:
it fails when a handler is added without being exercised.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from stream_chat.base.exceptions import StreamAPIException
from stream_chat.testing import Emulator, Exchange
from stream_chat.testing.context import HANDLERS
from tests.emulator.app_level_calls import exercise
from tests.emulator.conftest import API_KEY, API_SECRET
from tests.emulator.spec import ResponseChecker


def test_every_implemented_operation_answers_as_described(tmp_path: Path) -> None:
    checker = ResponseChecker()
    seen: set[str] = set()

    def record(exchange: Exchange) -> None:
        checker.check_exchange(exchange)
        seen.add(exchange.operation_id or "")

    emulator = Emulator(API_KEY, API_SECRET, on_exchange=record)
    file = tmp_path / "f.txt"
    file.write_bytes(b"data")
    image = tmp_path / "i.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    with emulator.client() as client:
        client.get_app_settings()
        client.update_app_settings(webhook_url="")
        client.upsert_users([{"id": name, "name": name.title()} for name in ("ann", "bob", "cat", "dan")])
        client.update_user_partial({"id": "ann", "set": {"age": 3}})
        client.query_users({"id": {"$in": ["ann", "bob"]}})
        client.create_channel_type({"name": "extra"})
        client.get_channel_type("extra")
        client.list_channel_types()
        client.update_channel_type("extra", replies=False)
        client.delete_channel_type("extra")

        channel = client.channel("messaging", "room", {"members": ["ann", "bob"]})
        channel.create("ann")
        client.get("channels/messaging/room", {"messages_limit": 5})
        distinct = client.channel("messaging", None, {"members": ["ann", "cat"]})
        distinct.create("ann")
        client.query_channels({"members": {"$in": ["ann"]}})
        channel.update({"topic": "x"})
        channel.update_partial({"color": "red"})
        channel.add_members(["cat"])
        channel.query_members({})
        channel.pin("ann")
        client.patch("channels/messaging/room/member", {"user_id": "bob"}, {"set": {"archived": True}})
        channel.hide("bob")
        channel.show("bob")
        channel.mute("bob")
        channel.unmute("bob")
        channel.send_event({"type": "typing.start"}, "ann")
        client.send_user_custom_event("ann", {"type": "hello"})

        sent = channel.send_message({"text": "hello"}, "ann")
        message_id = sent["message"]["id"]
        channel.send_message({"text": "reply", "parent_id": message_id}, "bob")
        client.get_message(message_id)
        channel.get_messages([message_id])
        channel.get_replies(message_id)
        client.update_message({"id": message_id, "text": "edited", "user_id": "ann"})
        client.pin_message(message_id, "ann")
        client.get("channels/messaging/room/pinned_messages")
        client.search({"cid": "messaging:room"}, "edited")
        channel.send_reaction(message_id, {"type": "like"}, "bob")
        channel.get_reactions(message_id)
        client.post(f"messages/{message_id}/reactions", data={"filter": {"type": "like"}})
        channel.delete_reaction(message_id, "like", "bob")
        channel.mark_read("bob")
        channel.mark_unread("bob", message_id=message_id)
        client.unread_counts("bob")
        client.mark_all_read("bob")
        client.delete_message(message_id)
        client.undelete_message(message_id, "ann")

        for uri in ("channels/messaging/room/file", "uploads/file"):
            url = client.send_file(uri, str(file), "f.txt", {"id": "ann"}, "text/plain")["file"]
            client.delete(uri, {"url": url})
        for uri in ("channels/messaging/room/image", "uploads/image"):
            url = client.send_file(uri, str(image), "i.png", {"id": "ann"}, "image/png")["file"]
            client.delete(uri, {"url": url})

        client.add_device("device-1", "apn", "ann")
        client.get_devices("ann")
        client.delete_device("device-1", "ann")
        client.mute_user("bob", "ann")
        client.unmute_user("bob", "ann")
        client.ban_user("dan", banned_by_id="ann")
        client.query_banned_users({"filter_conditions": {"user_id": "dan"}})
        client.unban_user("dan")
        client.deactivate_user("dan")
        client.reactivate_user("dan")
        client.get_task(client.deactivate_users(["dan"])["task_id"])
        client.post("users/reactivate", data={"user_ids": ["dan"]})
        client.delete_user("dan")
        client.delete_users(["dan"], "soft")
        client.restore_users(["dan"])
        channel.truncate()
        channel.delete()
        client.delete_channels([distinct.cid])
        with pytest.raises(StreamAPIException):
            client.get_task("no-such-task")
        asyncio.run(exercise(client))
    assert not set(HANDLERS) - seen, f"implemented but not exercised: {sorted(set(HANDLERS) - seen)}"
    checker.assert_clean()
