"""Threads, drafts, reminders, polls, commands, flags, blocks, bans, integrations and batch operations.

Each scenario runs four ways (sync and async; in process and over HTTP) and every answer is validated
against ``openapi/`` (see ``conftest.py``). The expectations are Stream's documented behaviour.
"""

from __future__ import annotations

import datetime
import time
from typing import Any

import jwt
import pytest

from stream_chat.base.exceptions import StreamAPIException, StreamInputError, StreamNotFoundError
from stream_chat.testing import Emulator
from stream_chat.testing.clock import NS, Clock
from tests.emulator.conftest import API_SECRET, Runner, done, uid
from tests.emulator.test_flows import make_users


async def room(client: Any, creator: str, members: list[str], **settings: Any) -> Any:
    """A new channel of a new channel type with ``settings`` switched on."""
    kind = uid("kind").replace("-", "_")
    await done(client.create_channel_type({"name": kind, **settings}))
    channel = client.channel(kind, uid("room"), {"members": members})
    await done(channel.create(creator))
    return channel


def later(hours: float) -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=hours)


def test_threads_and_their_unread_counts(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        ann, bob = await make_users(client, "ann", "bob")
        channel = await room(client, ann, [ann, bob])
        parent = (await done(channel.send_message({"text": "topic"}, ann)))["message"]["id"]
        for n in range(3):
            await done(channel.send_message({"text": f"r{n}", "parent_id": parent}, bob))

        threads = (await done(client.query_threads({}, user_id=ann)))["threads"]
        assert [thread["parent_message_id"] for thread in threads] == [parent]
        assert threads[0]["reply_count"] == 3 and threads[0]["participant_count"] == 2
        assert [reply["text"] for reply in threads[0]["latest_replies"]] == ["r1", "r2"]

        counts = await done(client.unread_counts(ann))
        assert counts["total_unread_threads_count"] == 1  # threads with unread replies
        assert [(t["parent_message_id"], t["unread_count"]) for t in counts["threads"]] == [(parent, 3)]
        assert (await done(client.unread_counts(bob)))["total_unread_threads_count"] == 0

        read = await done(channel.mark_read(ann, thread_id=parent))
        assert read["event"]["type"] == "message.read" and read["event"]["thread"]["parent_message_id"] == parent
        assert (await done(client.unread_counts(ann)))["threads"] == []

        updated = await done(client.patch(f"threads/{parent}", data={"set": {"title": "Plans", "colour": "red"}}))
        assert updated["thread"]["title"] == "Plans" and updated["thread"]["custom"] == {"colour": "red"}
        fetched = await done(client.get(f"threads/{parent}", {"reply_limit": 1}))
        assert [reply["text"] for reply in fetched["thread"]["latest_replies"]] == ["r2"]
        with pytest.raises(StreamInputError):
            await done(client.patch(f"threads/{parent}", data={"set": {"reply_count": 9}}))
        with pytest.raises(StreamNotFoundError):
            await done(client.get(f"threads/{uid('none')}"))

    runner.run(scenario)


def test_replies_page_from_the_newest(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        (ann,) = await make_users(client, "ann")
        channel = await room(client, ann, [ann])
        parent = (await done(channel.send_message({"text": "hi"}, ann)))["message"]["id"]
        for index in range(10):
            await done(channel.send_message({"text": "hi", "index": index, "parent_id": parent}, ann))
        assert len((await done(channel.get_replies(parent)))["messages"]) == 10
        page = (await done(channel.get_replies(parent, limit=3, offset=3)))["messages"]
        assert [message["index"] for message in page] == [7, 8, 9]
        first = page[0]["id"]
        older = (await done(channel.get_replies(parent, limit=2, id_lt=first)))["messages"]
        assert [message["index"] for message in older] == [5, 6]

    runner.run(scenario)


def test_drafts(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        ann, bob = await make_users(client, "ann", "bob")
        channel = await room(client, ann, [ann, bob])
        created = await done(channel.create_draft({"text": "half a thought"}, ann))
        assert created["draft"]["message"]["text"] == "half a thought"
        assert created["draft"]["channel_cid"] == channel.cid
        await done(channel.create_draft({"text": "a whole thought"}, ann))
        assert (await done(channel.get_draft(ann)))["draft"]["message"]["text"] == "a whole thought"
        parent = (await done(channel.send_message({"text": "topic"}, bob)))["message"]["id"]
        await done(channel.create_draft({"text": "reply later", "parent_id": parent}, ann))
        drafts = (await done(client.query_drafts(ann)))["drafts"]
        assert sorted(draft["message"]["text"] for draft in drafts) == ["a whole thought", "reply later"]
        only_thread = await done(client.query_drafts(ann, filter={"parent_id": parent}))
        assert [draft["parent_id"] for draft in only_thread["drafts"]] == [parent]

        await done(channel.send_message({"text": "sent"}, ann))  # posting in the channel uses up the draft
        with pytest.raises(StreamNotFoundError):
            await done(channel.get_draft(ann))
        await done(channel.delete_draft(ann, parent_id=parent))
        assert (await done(client.query_drafts(ann)))["drafts"] == []
        with pytest.raises(StreamNotFoundError):
            await done(channel.delete_draft(ann, parent_id=parent))

    runner.run(scenario)


def test_reminders(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        ann, bob = await make_users(client, "ann", "bob")
        plain = await room(client, ann, [ann])
        message = (await done(plain.send_message({"text": "no reminders here"}, ann)))["message"]["id"]
        with pytest.raises(StreamInputError) as disabled:
            await done(client.create_reminder(message, ann))
        assert disabled.value.error_code == 19

        channel = await room(client, ann, [ann, bob], user_message_reminders=True)
        ids = [(await done(channel.send_message({"text": f"m{n}"}, bob)))["message"]["id"] for n in range(3)]
        created = await done(client.create_reminder(ids[0], ann, later(2)))
        assert created["message_id"] == ids[0] and created["user_id"] == ann and created["remind_at"]
        with pytest.raises(StreamInputError):
            await done(client.create_reminder(ids[0], ann))
        await done(client.create_reminder(ids[1], ann, later(1)))
        await done(client.create_reminder(ids[2], ann))  # no time: a bookmark
        found = await done(client.query_reminders(ann, {"remind_at": {"$exists": True}}))
        assert [item["message_id"] for item in found["reminders"]] == [ids[1], ids[0]]
        first = await done(client.query_reminders(ann, {}, limit=2))
        assert len(first["reminders"]) == 2 and first["next"]
        second = await done(client.query_reminders(ann, {}, limit=2, next=first["next"]))
        assert len(second["reminders"]) == 1 and second["prev"] and "next" not in second

        updated = await done(client.update_reminder(ids[2], ann, later(3)))
        assert updated["reminder"]["remind_at"]
        await done(client.delete_reminder(ids[2], ann))
        with pytest.raises(StreamNotFoundError):
            await done(client.delete_reminder(ids[2], ann))

    runner.run(scenario)


def test_polls(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        ann, bob = await make_users(client, "ann", "bob")
        channel = await room(client, ann, [ann, bob], polls=True)
        poll = (
            await done(
                client.post(
                    "polls",
                    data={"name": "Lunch?", "user_id": ann, "options": [{"text": "soup"}, {"text": "salad"}]},
                )
            )
        )["poll"]
        soup, salad = (option["id"] for option in poll["options"])
        with pytest.raises(StreamInputError):  # option texts are unique
            await done(client.post(f"polls/{poll['id']}/options", data={"text": "soup"}))
        message = (await done(channel.send_message({"text": "vote!", "poll_id": poll["id"]}, ann)))["message"]
        assert message["poll_id"] == poll["id"] and message["poll"]["name"] == "Lunch?"

        vote_url = f"messages/{message['id']}/polls/{poll['id']}/vote"
        first = await done(client.post(vote_url, data={"user_id": bob, "vote": {"option_id": soup}}))
        await done(client.post(vote_url, data={"user_id": ann, "vote": {"option_id": salad}}))
        await done(client.post(vote_url, data={"user_id": bob, "vote": {"option_id": salad}}))
        counted = (await done(client.get(f"polls/{poll['id']}", {"user_id": bob})))["poll"]
        assert counted["vote_count"] == 3 and counted["vote_counts_by_option"] == {soup: 1, salad: 2}
        assert sorted(vote["option_id"] for vote in counted["own_votes"]) == sorted([soup, salad])
        with pytest.raises(StreamInputError):  # answers are off
            await done(client.post(vote_url, data={"user_id": bob, "vote": {"answer_text": "pizza"}}))

        await done(client.patch(f"polls/{poll['id']}", data={"set": {"enforce_unique_vote": True}}))
        await done(client.post(vote_url, data={"user_id": bob, "vote": {"option_id": soup}}))
        bob_votes = await done(client.post(f"polls/{poll['id']}/votes", data={"filter": {"user_id": bob}}))
        assert [vote["option_id"] for vote in bob_votes["votes"]] == [soup]
        deleted = await done(client.delete(f"{vote_url}/{bob_votes['votes'][0]['id']}", {"user_id": bob}))
        assert deleted["poll"]["vote_counts_by_option"] == {salad: 1}
        with pytest.raises(StreamNotFoundError):
            await done(client.delete(f"{vote_url}/{first['vote']['id']}", {"user_id": bob}))

        await done(client.patch(f"polls/{poll['id']}", data={"set": {"is_closed": True}}))
        with pytest.raises(StreamInputError):
            await done(client.post(vote_url, data={"user_id": bob, "vote": {"option_id": soup}}))
        found = await done(client.post("polls/query", data={"filter": {"id": poll["id"], "is_closed": True}}))
        assert [item["id"] for item in found["polls"]] == [poll["id"]]
        await done(client.delete(f"polls/{poll['id']}"))
        with pytest.raises(StreamNotFoundError):
            await done(client.get(f"polls/{poll['id']}"))

    runner.run(scenario)


def test_custom_commands_run_as_slash_commands(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        (ann,) = await make_users(client, "ann")
        name = uid("ticket").replace("-", "_")
        created = await done(client.create_command({"name": name, "description": "Open a ticket", "args": "[text]"}))
        assert created["command"]["name"] == name
        with pytest.raises(StreamInputError):
            await done(client.create_command({"name": name, "description": "again"}))
        assert name in [command["name"] for command in (await done(client.list_commands()))["commands"]]
        await done(client.update_command(name, description="Open a support ticket"))
        assert (await done(client.get_command(name)))["description"] == "Open a support ticket"

        channel = await room(client, ann, [ann], commands=[name])
        sent = await done(channel.send_message({"text": f"/{name} printer on fire"}, ann))
        assert sent["message"]["command"] == name
        plain = await done(channel.send_message({"text": "/unknown words"}, ann))
        assert "command" not in plain["message"]
        with pytest.raises(StreamInputError):  # built-in commands cannot be changed
            await done(client.update_command("giphy", description="x"))
        await done(client.delete_command(name))
        with pytest.raises(StreamNotFoundError):
            await done(client.get_command(name))

    runner.run(scenario)


def test_flags_and_blocks(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        ann, bob, cat = await make_users(client, "ann", "bob", "cat")
        channel = await room(client, ann, [ann, bob])
        message = (await done(channel.send_message({"text": "spam"}, bob)))["message"]["id"]
        flagged = await done(client.flag_message(message, user_id=ann, reason="spam"))
        assert flagged["flag"]["target_message_id"] == message and flagged["flag"]["reason"] == "spam"
        by_channel = await done(client.query_message_flags({"channel_cid": channel.cid}))
        assert [flag["message"]["id"] for flag in by_channel["flags"]] == [message]
        assert by_channel["flags"][0]["user"]["id"] == ann
        by_author = await done(client.query_message_flags({"user_id": {"$in": [bob]}}))
        assert len(by_author["flags"]) == 1
        await done(client.flag_user(cat, user_id=ann))
        await done(client.unflag_message(message, user_id=ann))
        assert (await done(client.query_message_flags({"channel_cid": channel.cid})))["flags"] == []
        with pytest.raises(StreamNotFoundError):
            await done(client.unflag_message(message, user_id=ann))

        blocked = await done(client.block_user(cat, ann))
        assert (blocked["blocked_by_user_id"], blocked["blocked_user_id"]) == (ann, cat)
        blocks = (await done(client.get_blocked_users(ann)))["blocks"]
        assert [block["blocked_user_id"] for block in blocks] == [cat]
        assert (await done(client.query_users({"id": ann})))["users"][0]["blocked_user_ids"] == [cat]
        with pytest.raises(StreamInputError):
            await done(client.block_user(ann, ann))
        await done(client.unblock_user(cat, ann))
        assert (await done(client.get_blocked_users(ann)))["blocks"] == []

    runner.run(scenario)


def test_bans_with_timeouts_shadow_bans_and_future_channels(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        ann, bob, cat, dan = await make_users(client, "ann", "bob", "cat", "dan")
        channel = await room(client, ann, [ann, bob, cat, dan])
        await done(client.shadow_ban(bob, banned_by_id=ann))
        sent = await done(channel.send_message({"text": "nobody sees this"}, bob))
        assert sent["message"]["shadowed"] is True
        seen_by_ann = await done(
            client.post(f"channels/{channel.channel_type}/{channel.id}/query", data={"user_id": ann})
        )
        assert seen_by_ann["messages"] == []
        seen_by_bob = await done(
            client.post(f"channels/{channel.channel_type}/{channel.id}/query", data={"user_id": bob})
        )
        assert [message["shadowed"] for message in seen_by_bob["messages"]] == [True]
        assert (await done(client.unread_counts(ann)))["total_unread_count"] == 0

        await done(client.ban_user(cat, banned_by_id=ann, timeout=5))
        user = (await done(client.query_users({"id": cat})))["users"][0]
        assert user["banned"] is True and user["ban_expires"]
        with pytest.raises(StreamAPIException) as banned:
            await done(channel.send_message({"text": "let me in"}, cat))
        assert (banned.value.status_code, banned.value.error_code) == (403, 17)
        await done(client.unban_user(cat))
        await done(channel.send_message({"text": "back"}, cat))

        await done(client.ban_user(dan, banned_by_id=ann, ban_from_future_channels=True, reason="troll"))
        future = await done(client.query_future_channel_bans(user_id=ann, include_total=True))
        assert [(ban["user"]["id"], ban["reason"]) for ban in future["bans"]] == [(dan, "troll")]
        assert future["total"] == 1
        await done(client.unban_user(dan))  # the app-wide ban ends; the future-channel ban stays
        await done(channel.send_message({"text": "old channel"}, dan))
        newer = client.channel("messaging", uid("newer"), {"members": [ann, dan]})
        await done(newer.create(ann))
        with pytest.raises(StreamAPIException) as future_ban:
            await done(newer.send_message({"text": "new channel"}, dan))
        assert future_ban.value.status_code == 403
        await done(client.delete("moderation/ban", {"target_user_id": dan, "remove_future_channels_ban": "true"}))
        await done(newer.send_message({"text": "new channel"}, dan))

    runner.run(scenario)


def test_restricted_visibility(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        ann, bob, cat = await make_users(client, "ann", "bob", "cat")
        channel = await room(client, ann, [ann, bob, cat])
        sent = await done(channel.send_message({"text": "for bob", "restricted_visibility": [bob]}, ann))
        assert sent["message"]["restricted_visibility"] == [bob]

        async def texts(viewer: str) -> list[str]:
            url = f"channels/{channel.channel_type}/{channel.id}/query"
            state = await done(client.post(url, data={"user_id": viewer}))
            return [message["text"] for message in state["messages"]]

        assert await texts(bob) == ["for bob"] and await texts(ann) == ["for bob"] and await texts(cat) == []

    runner.run(scenario)


def test_translation_and_giphy(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        (ann,) = await make_users(client, "ann")
        channel = await room(client, ann, [ann])
        message = (await done(channel.send_message({"text": "good morning"}, ann)))["message"]["id"]
        translated = (await done(client.translate_message(message, "fr")))["message"]
        assert translated["i18n"] == {"language": "en", "fr_text": "[fr] good morning"}
        again = (await done(client.translate_message(message, "de")))["message"]["i18n"]
        assert again["de_text"] == "[de] good morning" and again["fr_text"] == "[fr] good morning"
        with pytest.raises(StreamInputError):
            await done(client.translate_message(message, "not a language"))

        preview = (await done(channel.send_message({"text": "/giphy cats"}, ann)))["message"]
        assert (preview["type"], preview["command"]) == ("ephemeral", "giphy")
        (gif,) = preview["attachments"]
        assert gif["type"] == "giphy" and gif["title"] == "cats"
        assert [action["value"] for action in gif["actions"]] == ["send", "shuffle", "cancel"]
        assert (await done(channel.query()))["messages"][-1]["id"] == message  # previews are not posted
        action = {"form_data": {"image_action": "shuffle"}, "user_id": ann}
        shuffled = (await done(client.run_message_action(preview["id"], action)))["message"]
        assert shuffled["attachments"][0]["image_url"] != gif["image_url"]
        action["form_data"] = {"image_action": "send"}
        posted = (await done(client.run_message_action(preview["id"], action)))["message"]
        assert posted["type"] == "regular" and "actions" not in posted["attachments"][0]
        assert (await done(channel.query()))["messages"][-1]["id"] == preview["id"]

        cancelled = (await done(channel.send_message({"text": "/giphy dogs"}, ann)))["message"]["id"]
        action["form_data"] = {"image_action": "cancel"}
        assert "message" not in await done(client.run_message_action(cancelled, action))
        with pytest.raises(StreamNotFoundError):
            await done(client.run_message_action(cancelled, action))

    runner.run(scenario)


def test_pending_messages_and_edit_history(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        (ann,) = await make_users(client, "ann")
        channel = await room(client, ann, [ann])
        url = f"channels/{channel.channel_type}/{channel.id}/message"
        pending = await done(client.post(url, data={"message": {"text": "soon", "user_id": ann}, "pending": True}))
        assert (await done(channel.query()))["messages"] == []
        await done(client.post(f"messages/{pending['message']['id']}/commit"))
        assert [m["text"] for m in (await done(channel.query()))["messages"]] == ["soon"]

        message = pending["message"]["id"]
        await done(client.update_message({"id": message, "text": "v2", "user_id": ann}))
        await done(client.update_message_partial(message, {"set": {"text": "v3"}}, ann))
        history = (await done(client.query_message_history({"message_id": message})))["message_history"]
        assert [entry["text"] for entry in history] == ["v2", "soon"]
        assert all(entry["message_updated_by_id"] == ann for entry in history)
        with pytest.raises(StreamInputError):
            await done(client.query_message_history({}))

    runner.run(scenario)


def test_live_locations(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        ann, bob = await make_users(client, "ann", "bob")
        plain = await room(client, ann, [ann])
        location = {"latitude": 52.37, "longitude": 4.89, "end_at": later(1).isoformat()}
        with pytest.raises(StreamInputError) as disabled:
            await done(plain.send_message({"text": "here", "shared_location": location}, ann))
        assert disabled.value.error_code == 19

        channel = await room(client, ann, [ann, bob], shared_locations=True)
        sent = (await done(channel.send_message({"text": "here", "shared_location": location}, ann)))["message"]
        assert sent["shared_location"]["latitude"] == 52.37
        moved = await done(client.update_user_location(ann, sent["id"], {"latitude": 52.38, "longitude": 4.9}))
        assert (moved["latitude"], moved["longitude"]) == (52.38, 4.9)
        active = (await done(client.get_user_locations(ann)))["active_live_locations"]
        assert [item["message_id"] for item in active] == [sent["id"]]
        assert (await done(channel.query()))["active_live_locations"][0]["latitude"] == 52.38
        with pytest.raises(StreamNotFoundError):  # only the sharer moves it
            await done(client.update_user_location(bob, sent["id"], {"latitude": 1.0}))
        await done(client.update_user_location(ann, sent["id"], {"end_at": datetime.datetime.now(datetime.UTC)}))
        assert (await done(client.get_user_locations(ann)))["active_live_locations"] == []

    runner.run(scenario)


def test_batch_updates_deliveries_and_unread_batches(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        ann, bob = await make_users(client, "ann", "bob")
        first = await room(client, ann, [ann])
        second = client.channel(first.channel_type, uid("room"), {"members": [ann]})
        await done(second.create(ann))
        cids = [first.cid, second.cid]
        task = await done(
            client.update_channels_batch(
                {"operation": "addMembers", "filter": {"cids": {"$in": cids}}, "members": [{"user_id": bob}]}
            )
        )
        assert task["task_id"]
        for channel in (first, second):
            assert sorted(m["user_id"] for m in (await done(channel.query()))["members"]) == sorted([ann, bob])
        await done(
            client.update_channels_batch(
                {"operation": "updateData", "filter": {"cids": cids}, "data": {"frozen": True}}
            )
        )
        assert (await done(second.query()))["channel"]["frozen"] is True
        with pytest.raises(StreamInputError):
            await done(client.update_channels_batch({"operation": "explode", "filter": {"cids": cids}}))

        message = (await done(first.send_message({"text": "hello"}, ann)))["message"]["id"]
        await done(client.mark_delivered_simple(bob, message, first.cid))
        reads = {read["user"]["id"]: read for read in (await done(first.query()))["read"]}
        assert reads[bob]["last_delivered_message_id"] == message
        batch = await done(client.unread_counts_batch([ann, bob]))
        assert batch["counts_by_user"][bob]["total_unread_count"] == 1
        assert batch["counts_by_user"][ann]["total_unread_count"] == 0

        grouped = await done(
            client.post("channels/grouped", data={"user_id": bob, "groups": {first.channel_type: {"limit": 1}}})
        )
        bucket = grouped["groups"][first.channel_type]
        assert len(bucket["channels"]) == 1 and bucket["next"] and bucket["unread_channels"] == 1

    runner.run(scenario)


def test_fixed_differences_from_stream(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        ann, bob, cat = await make_users(client, "ann", "bob", "cat")
        channel = await room(client, ann, [ann, bob])
        overridden = await done(
            channel.update_partial({"config_overrides": {"max_message_length": 5, "replies": False}})
        )
        assert overridden["channel"]["config"]["max_message_length"] == 5
        with pytest.raises(StreamInputError) as too_long:
            await done(channel.send_message({"text": "far too long"}, ann))
        assert too_long.value.error_code == 20
        await done(channel.update_partial(to_unset=["config_overrides"]))

        message = (await done(channel.send_message({"text": "pin me"}, ann)))["message"]["id"]
        await done(client.pin_message(message, ann))
        unpinned = (await done(client.unpin_message(message, ann)))["message"]
        assert unpinned["pinned"] is False and unpinned["pinned_at"] is None and unpinned["pin_expires"] is None

        read = await done(channel.mark_read(bob))
        assert read["event"]["type"] == "message.read" and read["event"]["last_read_message_id"] == message

        invited = client.channel(channel.channel_type, uid("invite"), {"members": [ann, cat], "invites": [cat]})
        await done(invited.create(ann))
        accepted = await done(invited.accept_invite(cat))
        member = next(m for m in accepted["members"] if m["user_id"] == cat)
        assert member["invited"] is True and member["invite_accepted_at"]

        task = await done(client.deactivate_users([cat]))
        result = (await done(client.get_task(task["task_id"])))["result"]
        assert [(user["id"], bool(user["deactivated_at"])) for user in result["users"]] == [(cat, True)]

    runner.run(scenario)


def test_bans_and_mutes_lift_when_their_time_is_up(emulator: Emulator) -> None:
    """``timeout`` is in minutes; the emulator's clock is moved forward instead of waiting."""
    shift = [0]
    emulator.store.clock = Clock(lambda: time.time_ns() + shift[0])
    with emulator.client() as client:
        client.upsert_users([{"id": "ann"}, {"id": "bob"}])
        channel = client.channel("messaging", "room", {"members": ["ann", "bob"]})
        channel.create("ann")
        client.ban_user("bob", banned_by_id="ann", timeout=2)
        client.mute_user("bob", "ann", timeout=2)
        with pytest.raises(StreamAPIException):
            channel.send_message({"text": "hi"}, "bob")
        shift[0] = 3 * 60 * NS
        assert channel.send_message({"text": "hi"}, "bob")["message"]["user"]["banned"] is False
        assert client.query_users({"id": "ann"})["users"][0]["mutes"] == []
        assert client.query_banned_users({"filter_conditions": {"user_id": "bob"}})["bans"] != []
        assert (
            client.query_banned_users({"filter_conditions": {"user_id": "bob"}, "exclude_expired_bans": True})["bans"]
            == []
        )


def test_cursors_page_both_ways_and_foreign_cursors_are_input_errors(emulator: Emulator) -> None:
    with emulator.client() as client:
        client.upsert_users([{"id": "ann"}])
        client.update_channel_type("messaging", user_message_reminders=True)
        channel = client.channel("messaging", "room")
        channel.create("ann")
        for n in range(5):
            message_id = channel.send_message({"text": f"m{n}"}, "ann")["message"]["id"]
            client.create_reminder(message_id, "ann", later(n + 1))
        first = client.query_reminders("ann", limit=2)
        second = client.query_reminders("ann", limit=2, next=first["next"])
        back = client.query_reminders("ann", limit=2, prev=second["prev"])
        assert [r["message_id"] for r in back["reminders"]] == [r["message_id"] for r in first["reminders"]]
        assert "prev" not in first and "prev" in second
        with pytest.raises(StreamInputError) as raised:
            client.query_reminders("ann", limit=2, next="not-a-cursor")
        assert raised.value.error_code == 4
        with pytest.raises(StreamInputError):
            client.query_reminders("ann", limit=1000)


def test_guests_user_exports_and_link_previews(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        guest_id = uid("guest")
        guest = await done(client.set_guest_user({"id": guest_id, "name": "Visitor"}))
        assert guest["user"]["role"] == "guest" and guest["user"]["name"] == "Visitor"
        assert jwt.decode(guest["access_token"], API_SECRET, algorithms=["HS256"]) == {"user_id": guest_id}
        with pytest.raises(StreamInputError):  # a guest needs a new id
            await done(client.set_guest_user({"id": guest_id}))

        (ann,) = await make_users(client, "ann")
        channel = await room(client, ann, [ann])
        message = (await done(channel.send_message({"text": "mine"}, ann)))["message"]["id"]
        await done(channel.send_reaction(message, {"type": "like"}, ann))
        exported = await done(client.export_user(ann))
        assert exported["user"]["id"] == ann
        assert [item["id"] for item in exported["messages"]] == [message]
        assert [item["type"] for item in exported["reactions"]] == ["like"]

        preview = await done(client.get("og", {"url": "https://example.com/a/page"}))
        assert (preview["title"], preview["og_scrape_url"]) == ("example.com", "https://example.com/a/page")
        with pytest.raises(StreamInputError):
            await done(client.get("og", {"url": "not a url"}))

    runner.run(scenario)


def test_what_is_removed_for_good_leaves_nothing_behind(emulator: Emulator) -> None:
    with emulator.client() as client:
        client.upsert_users([{"id": "ann"}, {"id": "bob"}])
        channel = client.channel("messaging", "room", {"members": ["ann", "bob"]})
        channel.create("ann")
        channel.update_partial({"config_overrides": {"user_message_reminders": True}})
        message = channel.send_message({"text": "hi"}, "ann")["message"]["id"]
        channel.send_message({"text": "re", "parent_id": message}, "bob")
        client.create_reminder(message, "bob")
        client.flag_message(message, user_id="bob")
        client.delete_message(message, hard=True)
        assert client.query_reminders("bob")["reminders"] == []
        assert client.query_message_flags({"channel_cid": channel.cid})["flags"] == []
        assert client.query_threads(user_id="bob")["threads"] == []

        client.block_user("bob", "ann")
        channel.create_draft({"text": "draft"}, "bob")
        client.delete_user("bob", hard_delete=True)
        assert client.get_blocked_users("ann")["blocks"] == []
        assert client.query_users({"id": "ann"})["users"][0]["blocked_user_ids"] == []
