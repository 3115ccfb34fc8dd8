"""Every operation the emulator implements is called here at least once; every answer validates against openapi/.

The flows in ``test_flows.py`` check behaviour; this test guarantees coverage of the response shapes:
it fails when a handler is added without being exercised.
"""

from __future__ import annotations

import asyncio
import datetime
from pathlib import Path

import pytest

from stream_chat import StreamChat
from stream_chat.base.exceptions import StreamAPIException
from stream_chat.testing import Emulator, Exchange
from stream_chat.testing.context import HANDLERS, handles
from stream_chat.testing.routes import routes
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
        _exercise_new_operations(client)
        channel.truncate()
        channel.delete()
        client.delete_channels([distinct.cid])
        with pytest.raises(StreamAPIException):
            client.get_task("no-such-task")
        asyncio.run(exercise(client))
    assert not set(HANDLERS) - seen, f"implemented but not exercised: {sorted(set(HANDLERS) - seen)}"
    checker.assert_clean()


def _exercise_new_operations(client: StreamChat) -> None:
    """Threads, drafts, reminders, polls, commands, flags, blocks, locations and the rest, once each."""
    client.update_channel_type("messaging", polls=True, user_message_reminders=True, shared_locations=True)
    channel = client.channel("messaging", "room")
    parent = channel.send_message({"text": "parent"}, "ann")["message"]["id"]
    reply = channel.send_message({"text": "in thread", "parent_id": parent}, "bob")["message"]["id"]
    client.query_threads({"parent_message_id": parent}, user_id="ann")
    client.get(f"threads/{parent}")
    client.patch(f"threads/{parent}", data={"set": {"title": "T"}})
    channel.mark_read("ann", thread_id=parent)
    client.unread_counts_batch(["ann", "bob"])
    client.mark_delivered_simple("bob", parent, channel.cid)
    channel.create_draft({"text": "draft"}, "ann")
    channel.get_draft("ann")
    client.query_drafts("ann")
    channel.delete_draft("ann")
    client.create_reminder(reply, "ann")
    client.update_reminder(reply, "ann")
    client.query_reminders("ann")
    client.delete_reminder(reply, "ann")
    poll = client.post("polls", data={"name": "Lunch?", "user_id": "ann", "options": [{"text": "soup"}]})["poll"]
    option_id = client.post(f"polls/{poll['id']}/options", data={"text": "salad"})["poll_option"]["id"]
    client.get(f"polls/{poll['id']}/options/{option_id}")
    client.put(f"polls/{poll['id']}/options", data={"id": option_id, "text": "greens"})
    with_poll = channel.send_message({"text": "vote", "poll_id": poll["id"]}, "ann")["message"]["id"]
    vote = client.post(
        f"messages/{with_poll}/polls/{poll['id']}/vote", data={"user_id": "bob", "vote": {"option_id": option_id}}
    )
    client.post(f"polls/{poll['id']}/votes", data={})
    client.delete(f"messages/{with_poll}/polls/{poll['id']}/vote/{vote['vote']['id']}", {"user_id": "bob"})
    client.post("polls/query", data={"filter": {"id": poll["id"]}})
    client.get(f"polls/{poll['id']}")
    client.patch(f"polls/{poll['id']}", data={"set": {"description": "today"}})
    client.put("polls", data={"id": poll["id"], "name": "Dinner?"})
    client.delete(f"polls/{poll['id']}/options/{option_id}")
    client.delete(f"polls/{poll['id']}")
    client.create_command({"name": "ticket", "description": "Open a ticket"})
    client.get_command("ticket")
    client.list_commands()
    client.update_command("ticket", description="Open a support ticket")
    client.delete_command("ticket")
    client.flag_message(parent, user_id="bob")
    client.query_message_flags({"channel_cid": channel.cid})
    client.unflag_message(parent, user_id="bob")
    client.block_user("cat", "bob")
    client.get_blocked_users("bob")
    client.unblock_user("cat", "bob")
    client.ban_user("cat", banned_by_id="ann", ban_from_future_channels=True)
    client.query_future_channel_bans(user_id="ann")
    client.unban_user("cat")
    client.set_guest_user({"id": "guest-1"})
    client.export_user("ann")
    end = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)).isoformat()
    location = {"latitude": 1.5, "longitude": 2.5, "end_at": end, "created_by_device_id": "phone"}
    live = channel.send_message({"text": "here", "shared_location": location}, "ann")["message"]["id"]
    client.update_user_location("ann", live, {"latitude": 1.6})
    client.get_user_locations("ann")
    client.translate_message(parent, "fr")
    client.update_message({"id": parent, "text": "parent, edited", "user_id": "ann"})
    client.query_message_history({"message_id": parent})
    gif = channel.send_message({"text": "/giphy cats"}, "ann")["message"]["id"]
    client.patch(f"messages/{gif}/ephemeral", data={"set": {"note": "x"}, "user_id": "ann"})
    client.run_message_action(gif, {"form_data": {"image_action": "shuffle"}, "user_id": "ann"})
    client.run_message_action(gif, {"form_data": {"image_action": "send"}, "user_id": "ann"})
    pending = client.post(
        "channels/messaging/room/message", data={"message": {"text": "later", "user_id": "ann"}, "pending": True}
    )
    client.commit_message(pending["message"]["id"])
    client.get("og", {"url": "https://example.com/page"})
    client.post("channels/grouped", data={"user_id": "ann", "groups": {"messaging": {"limit": 5}}})
    client.update_channels_batch(
        {"operation": "archive", "filter": {"cids": [channel.cid]}, "members": [{"user_id": "bob"}]}
    )


def test_no_operation_answers_501() -> None:
    """Every operation of ``stream_chat_gen.api`` has a handler."""
    assert [route.operation_id for route in routes() if route.operation_id not in HANDLERS] == []


def test_a_second_handler_for_an_operation_is_refused() -> None:
    with pytest.raises(RuntimeError, match="GetApp has two handlers"):
        handles("GetApp")(lambda call: {})
