"""The layer's own integration tests: ``StreamChat`` and ``StreamChatAsync`` against the emulator.

Each test is one scenario run four ways (sync and async; in process and over HTTP), and every response
the clients receive is validated against ``openapi/`` (see ``conftest.py`` and ``spec.py``).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from stream_chat.base.exceptions import StreamInputError, StreamNotFoundError
from tests.emulator.conftest import Runner, done, uid


async def make_users(client: Any, *names: str, **fields: Any) -> list[str]:
    ids = [uid(name) for name in names]
    users = [{"id": user_id, "name": name, **fields} for user_id, name in zip(ids, names, strict=True)]
    await done(client.upsert_users(users))
    return ids


def test_quickstart(runner: Runner) -> None:
    """Upsert a user, create a token, create a channel, send a message and read it back."""

    async def scenario(client: Any) -> None:
        user_id = uid("alice")
        upserted = await done(client.upsert_user({"id": user_id, "name": "Alice", "favourite_color": "blue"}))
        assert upserted["users"][user_id]["favourite_color"] == "blue"
        assert upserted.model.users[user_id].custom == {"favourite_color": "blue"}
        assert client.create_token(user_id).count(".") == 2
        channel = client.channel("messaging", uid("general"), {"name": "General"})
        created = await done(channel.create(user_id))
        assert created["channel"]["created_by"]["id"] == user_id
        assert created["channel"]["name"] == "General"
        sent = await done(channel.send_message({"text": "Hello from the emulator!"}, user_id))
        assert sent.status_code() == 201
        assert sent["message"]["user"]["id"] == user_id
        assert sent.rate_limit() is not None
        read = await done(client.get_message(sent["message"]["id"]))
        assert read.model.message.text == "Hello from the emulator!"
        assert read["message"]["channel"]["cid"] == channel.cid
        state = await done(channel.query())
        assert [m["text"] for m in state["messages"]] == ["Hello from the emulator!"]

    runner.run(scenario)


def test_the_three_common_errors(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        (user_id,) = await make_users(client, "bob")
        with pytest.raises(StreamInputError) as raised:
            await done(client.channel("messaging", uid("nobody")).query())
        assert (raised.value.status_code, raised.value.error_code) == (400, 4)
        assert raised.value.error_message == (
            'GetOrCreateChannel failed with error: "either data.created_by or data.created_by_id must be '
            'provided when using server side auth."'
        )
        missing = client.channel("messaging", uid("missing"))
        for attempt in (lambda: missing.send_message({"text": "hi"}, user_id), missing.delete, missing.truncate):
            with pytest.raises(StreamNotFoundError) as not_found:
                await done(attempt())
            assert (not_found.value.status_code, not_found.value.error_code) == (404, 16)

    runner.run(scenario)


def test_app_settings(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        settings = await done(client.get_app_settings())
        assert {"messaging", "livestream", "team", "gaming", "commerce"} <= set(settings["app"]["channel_configs"])
        await done(client.update_app_settings(webhook_url="https://example.com/hook", multi_tenant_enabled=False))
        settings = await done(client.get_app_settings())
        assert settings.model.app.webhook_url == "https://example.com/hook"
        with pytest.raises(StreamInputError):
            await done(client.update_app_settings(multi_tenant_enabled="yes"))

    runner.run(scenario)


def test_users_upsert_partial_update_and_query(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        team = uid("team")
        ids = await make_users(client, "ann", "andy", "bea", "carl", teams=[team])
        ann, andy, bea, carl = ids
        await done(client.update_user_partial({"id": ann, "set": {"age": 31, "role": "admin"}, "unset": ["name"]}))
        await done(client.update_users_partial([{"id": andy, "set": {"age": 25}}, {"id": bea, "set": {"age": 40}}]))
        found = await done(client.query_users({"id": {"$eq": ann}}))
        (user,) = found["users"]
        assert (user["role"], user["age"], "name" in user) == ("admin", 31, False)

        async def ids_for(conditions: dict[str, Any], sort: Any = None, **options: Any) -> list[str]:
            response = await done(client.query_users({"teams": {"$in": [team]}, **conditions}, sort, **options))
            return [item["id"] for item in response["users"]]

        assert await ids_for({"id": {"$in": [bea, carl]}}) == [bea, carl]
        assert await ids_for({"name": {"$autocomplete": "an"}}) == [andy]
        assert await ids_for({"age": {"$gte": 30}}, {"age": 1}) == [ann, bea]
        assert await ids_for({"age": {"$gt": 25, "$lt": 40}}) == [ann]
        assert await ids_for({"age": {"$lte": 25}}) == [andy]
        assert await ids_for({"age": {"$exists": False}}) == [carl]
        assert await ids_for({"id": {"$nin": [ann, andy]}, "role": {"$ne": "admin"}}) == [bea, carl]
        assert await ids_for({"$or": [{"id": ann}, {"id": carl}]}) == [ann, carl]
        assert await ids_for({}, [{"field": "age", "direction": -1}]) == [bea, ann, andy, carl]
        assert await ids_for({}, {"name": 1}, limit=2, offset=1) == [bea, carl]
        with pytest.raises(StreamInputError) as raised:
            await ids_for({"age": {"$regex": "x"}})
        assert raised.value.error_code == 4

    runner.run(scenario)


def test_users_delete_deactivate_ban_mute(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        soft, hard, admin, quiet = await make_users(client, "soft", "hard", "admin", "quiet")
        deleted = await done(client.delete_user(soft))
        assert deleted["user"]["id"] == soft
        found = await done(client.query_users({"id": soft}))
        assert found["users"][0]["deleted_at"]
        await done(client.delete_user(hard, hard_delete=True))
        assert (await done(client.query_users({"id": hard})))["users"] == []
        with pytest.raises(StreamNotFoundError):
            await done(client.deactivate_user(hard))

        deactivated = await done(client.deactivate_user(quiet))
        assert deactivated["user"]["deactivated_at"]
        assert (await done(client.query_users({"id": quiet})))["users"] == []
        assert (await done(client.query_users({"id": quiet}, include_deactivated_users=True)))["users"]
        await done(client.reactivate_user(quiet))
        assert (await done(client.query_users({"id": quiet})))["users"]

        await done(client.ban_user(quiet, banned_by_id=admin, reason="spam", timeout=60))
        (banned,) = (await done(client.query_users({"id": quiet})))["users"]
        assert banned["banned"] is True and banned["ban_expires"]
        bans = await done(client.query_banned_users({"filter_conditions": {"user_id": quiet}}))
        assert bans["bans"][0]["reason"] == "spam"
        assert bans["bans"][0]["banned_by"]["id"] == admin
        await done(client.unban_user(quiet))
        assert (await done(client.query_users({"id": quiet})))["users"][0]["banned"] is False

        muted = await done(client.mute_user(quiet, admin))
        assert muted["mute"]["target"]["id"] == quiet
        (me,) = (await done(client.query_users({"id": admin})))["users"]
        assert [mute["target"]["id"] for mute in me["mutes"]] == [quiet]
        await done(client.unmute_user(quiet, admin))
        assert (await done(client.query_users({"id": admin})))["users"][0]["mutes"] == []

    runner.run(scenario)


def test_channel_types(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        listed = await done(client.list_channel_types())
        assert {"messaging", "livestream", "team", "gaming", "commerce"} <= set(listed["channel_types"])
        name = uid("support").replace("-", "_")
        created = await done(client.create_channel_type({"name": name, "replies": False, "commands": ["giphy"]}))
        assert created["name"] == name and created["commands"] == ["giphy"]
        await done(client.update_channel_type(name, replies=True, max_message_length=10))
        fetched = await done(client.get_channel_type(name))
        assert fetched["replies"] is True and fetched["commands"][0]["name"] == "giphy"
        (user_id,) = await make_users(client, "typer")
        channel = client.channel(name, uid("c"))
        await done(channel.create(user_id))
        with pytest.raises(StreamInputError) as too_long:
            await done(channel.send_message({"text": "more than ten characters"}, user_id))
        assert too_long.value.error_code == 20
        with pytest.raises(StreamInputError):
            await done(client.delete_channel_type(name))  # it still has a channel
        await done(channel.delete(hard=True))
        await done(client.delete_channel_type(name))
        with pytest.raises(StreamNotFoundError):
            await done(client.get_channel_type(name))

    runner.run(scenario)


def test_channels_create_distinct_query_update(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        owner, member, other = await make_users(client, "owner", "member", "other")
        topic = uid("topic")
        first = client.channel("messaging", uid("first"), {"topic": topic, "priority": 1, "members": [owner, member]})
        await done(first.create(owner))
        second = client.channel("team", uid("second"), {"topic": topic, "priority": 2, "members": [owner]})
        await done(second.create(owner))
        await done(second.send_message({"text": "newest"}, owner))

        distinct = client.channel("messaging", None, {"members": [member, owner]})
        state = await done(distinct.create(owner))
        assert distinct.id is not None and distinct.id.startswith("!members-")
        again = client.channel("messaging", None, {"members": [owner, member]})
        assert (await done(again.create(owner)))["channel"]["id"] == distinct.id
        assert {m["user_id"] for m in state["members"]} == {owner, member}

        async def cids(conditions: dict[str, Any], sort: Any = None, **options: Any) -> list[str]:
            response = await done(client.query_channels({"topic": topic, **conditions}, sort, **options))
            return [item["channel"]["cid"] for item in response["channels"]]

        assert await cids({}) == [second.cid, first.cid]  # by last update, newest first
        assert await cids({}, {"priority": 1}) == [first.cid, second.cid]
        assert await cids({"type": "team"}) == [second.cid]
        assert await cids({"cid": {"$in": [first.cid]}}) == [first.cid]
        assert await cids({"id": first.id}) == [first.cid]
        assert await cids({"members": {"$in": [member]}}) == [first.cid]
        assert await cids({"priority": {"$gt": 1}}) == [second.cid]
        assert await cids({}, {"priority": -1}, limit=1, offset=1) == [first.cid]
        assert await cids({"members": {"$in": [other]}}) == []

        updated = await done(first.update({"topic": topic, "color": "green"}, {"text": "renamed", "user_id": owner}))
        assert updated["channel"]["color"] == "green" and updated["message"]["text"] == "renamed"
        assert "priority" not in updated["channel"]  # update replaces the custom data
        partial = await done(first.update_partial({"priority": 5, "frozen": True}, ["color"]))
        assert partial["channel"]["priority"] == 5 and partial["channel"]["frozen"] is True
        assert "color" not in partial["channel"]
        assert partial.model.channel.frozen is True

    runner.run(scenario)


def test_members_moderators_invites(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        owner, alice, bob, carol = await make_users(client, "owner", "alice", "bob", "carol")
        channel = client.channel("messaging", uid("room"))
        await done(channel.create(owner))
        added = await done(channel.add_members([alice, {"user_id": bob, "channel_role": "channel_member"}]))
        assert {m["user_id"] for m in added["members"]} == {alice, bob}
        await done(channel.add_moderators([alice]))
        members = await done(channel.query_members({"is_moderator": True}))  # the list of members, as in 4.x
        assert [m["user_id"] for m in members] == [alice]
        await done(channel.demote_moderators([alice]))
        assert await done(channel.query_members({"is_moderator": True})) == []
        await done(channel.invite_members([carol]))
        invited = await done(channel.query_members({"invite": "pending"}))
        assert [m["user_id"] for m in invited] == [carol]
        await done(channel.accept_invite(carol))
        accepted = await done(channel.query_members({"id": carol}))
        assert accepted[0]["invite_accepted_at"]
        with pytest.raises(StreamInputError):
            await done(channel.reject_invite(bob))  # never invited
        await done(channel.remove_members([bob]))
        everyone = await done(channel.query_members({}, {"user_id": 1}))
        assert [m["user_id"] for m in everyone] == sorted([alice, carol])
        named = await done(channel.query_members({"name": {"$autocomplete": "car"}}))
        assert [m["user_id"] for m in named] == [carol]
        with pytest.raises(StreamInputError) as unknown:
            await done(channel.add_members([uid("ghost")]))
        assert unknown.value.error_code == 4

    runner.run(scenario)


def test_hide_show_truncate_delete(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        owner, reader = await make_users(client, "owner", "reader")
        tag = uid("tag")
        channel = client.channel("messaging", uid("room"), {"tag": tag, "members": [owner, reader]})
        await done(channel.create(owner))
        await done(channel.send_message({"text": "one"}, owner))

        async def visible() -> list[str]:
            response = await done(client.query_channels({"tag": tag}, user_id=reader))
            return [item["channel"]["cid"] for item in response["channels"]]

        await done(channel.hide(reader))
        assert await visible() == []
        await done(channel.show(reader))
        assert await visible() == [channel.cid]
        await done(channel.hide(reader))
        await done(channel.send_message({"text": "two"}, owner))  # a new message shows the channel again
        assert await visible() == [channel.cid]

        truncated = await done(channel.truncate())
        assert truncated["channel"]["truncated_at"]
        assert (await done(channel.query()))["messages"] == []
        await done(channel.send_message({"text": "after"}, owner))
        assert [m["text"] for m in (await done(channel.query()))["messages"]] == ["after"]

        deleted = await done(channel.delete())
        assert deleted["channel"]["deleted_at"]
        assert await visible() == []
        with pytest.raises(StreamNotFoundError):
            await done(channel.update_partial({"x": 1}))

    runner.run(scenario)


def test_read_and_unread_counts(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        writer, reader = await make_users(client, "writer", "reader")
        channel = client.channel("messaging", uid("room"), {"members": [writer, reader]})
        await done(channel.create(writer))
        sent = [await done(channel.send_message({"text": f"m{n}"}, writer)) for n in range(3)]
        counts = await done(client.unread_counts(reader))
        assert counts["total_unread_count"] == 3
        assert [(c["channel_id"], c["unread_count"]) for c in counts["channels"]] == [(channel.cid, 3)]
        assert (await done(client.unread_counts(writer)))["total_unread_count"] == 0
        await done(channel.mark_read(reader))
        assert (await done(client.unread_counts(reader)))["total_unread_count"] == 0
        await done(channel.mark_unread(reader, message_id=sent[1]["message"]["id"]))
        assert (await done(client.unread_counts(reader)))["total_unread_count"] == 2
        state = await done(channel.query())
        reads = {read["user"]["id"]: read["unread_messages"] for read in state["read"]}
        assert reads == {writer: 0, reader: 2}
        (user,) = (await done(client.query_users({"id": reader})))["users"]
        assert (user["total_unread_count"], user["unread_channels"]) == (2, 1)

    runner.run(scenario)


def test_messages(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        author, other = await make_users(client, "author", "other")
        channel = client.channel("messaging", uid("room"), {"members": [author, other]})
        await done(channel.create(author))
        message_id = uid("msg")
        sent = await done(channel.send_message({"id": message_id, "text": "first", "mood": "happy"}, author))
        assert sent["message"]["id"] == message_id and sent["message"]["mood"] == "happy"
        with pytest.raises(StreamInputError):
            await done(channel.send_message({"id": message_id, "text": "again"}, author))
        second = await done(channel.send_message({"text": "second"}, other))
        many = await done(channel.get_messages([message_id, second["message"]["id"]]))
        assert [m["text"] for m in many["messages"]] == ["first", "second"]

        updated = await done(client.update_message({"id": message_id, "text": "edited", "user_id": author}))
        assert updated["message"]["text"] == "edited" and "mood" not in updated["message"]
        partial = await done(client.update_message_partial(message_id, {"set": {"tag": "x"}}, author))
        assert partial["message"]["tag"] == "x"

        pinned = await done(client.pin_message(message_id, author, 3600))
        assert pinned["message"]["pinned"] is True and pinned["message"]["pin_expires"]
        assert [m["id"] for m in (await done(channel.query()))["pinned_messages"]] == [message_id]
        await done(client.unpin_message(message_id, author))
        assert (await done(client.get_message(message_id)))["message"]["pinned"] is False

        parent = second["message"]["id"]
        replies = [await done(channel.send_message({"text": f"r{n}", "parent_id": parent}, author)) for n in range(3)]
        assert replies[0]["message"]["type"] == "reply"
        thread = await done(channel.get_replies(parent))
        assert [m["text"] for m in thread["messages"]] == ["r0", "r1", "r2"]
        assert [m["text"] for m in (await done(channel.get_replies(parent, limit=2)))["messages"]] == ["r1", "r2"]
        assert (await done(client.get_message(parent)))["message"]["reply_count"] == 3
        with pytest.raises(StreamInputError) as nested:
            await done(channel.send_message({"text": "deep", "parent_id": replies[0]["message"]["id"]}, author))
        assert nested.value.error_code == 21
        assert [m["text"] for m in (await done(channel.query()))["messages"]] == ["edited", "second"]

        soft = await done(client.delete_message(message_id))
        assert soft["message"]["type"] == "deleted"
        assert (await done(client.get_message(message_id)))["message"]["deleted_at"]
        await done(client.delete_message(parent, hard=True))
        with pytest.raises(StreamNotFoundError):
            await done(client.get_message(parent))
        with pytest.raises(StreamNotFoundError):
            await done(client.get_message(replies[0]["message"]["id"]))

    runner.run(scenario)


def test_search(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        (author,) = await make_users(client, "author")
        channel = client.channel("messaging", uid("room"), {"members": [author]})
        await done(channel.create(author))
        for text in ("the quick brown fox", "a lazy dog", "quick thinking"):
            await done(channel.send_message({"text": text, "kind": "note" if "dog" in text else "other"}, author))
        where = {"cid": channel.cid}
        found = await done(client.search(where, "quick"))
        assert sorted(r["message"]["text"] for r in found["results"]) == ["quick thinking", "the quick brown fox"]
        assert found["results"][0]["message"]["channel"]["cid"] == channel.cid
        by_field = await done(client.search(where, {"kind": "note"}))
        assert [r["message"]["text"] for r in by_field["results"]] == ["a lazy dog"]
        paged = await done(client.search(where, {"kind": {"$exists": True}}, limit=2))
        assert len(paged["results"]) == 2 and paged["next"]
        rest = await done(client.search(where, {"kind": {"$exists": True}}, limit=2, next=paged["next"]))
        assert len(rest["results"]) == 1

    runner.run(scenario)


def test_reactions(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        alice, bob = await make_users(client, "alice", "bob")
        channel = client.channel("messaging", uid("room"), {"members": [alice, bob]})
        await done(channel.create(alice))
        message_id = (await done(channel.send_message({"text": "react"}, alice)))["message"]["id"]
        await done(channel.send_reaction(message_id, {"type": "like"}, alice))
        await done(channel.send_reaction(message_id, {"type": "like", "score": 3}, bob))
        response = await done(channel.send_reaction(message_id, {"type": "love"}, alice))
        message = response["message"]
        assert message["reaction_counts"] == {"like": 2, "love": 1}
        assert message["reaction_scores"] == {"like": 4, "love": 1}
        assert response.model.message.reaction_counts == {"like": 2, "love": 1}
        body = {"reaction": {"type": "wow", "user_id": alice}, "enforce_unique": True}
        unique = await done(client.post(f"messages/{message_id}/reaction", data=body))
        assert unique["message"]["reaction_counts"] == {"like": 1, "wow": 1}
        listed = await done(channel.get_reactions(message_id))
        assert sorted((r["user_id"], r["type"]) for r in listed["reactions"]) == [(alice, "wow"), (bob, "like")]
        removed = await done(channel.delete_reaction(message_id, "like", bob))
        assert removed["message"]["reaction_counts"] == {"wow": 1}
        with pytest.raises(StreamNotFoundError):
            await done(channel.delete_reaction(message_id, "like", bob))

    runner.run(scenario)


def test_events_devices_uploads(runner: Runner, tmp_path: Path) -> None:
    async def scenario(client: Any) -> None:
        (user_id,) = await make_users(client, "sender")
        channel = client.channel("messaging", uid("room"), {"members": [user_id]})
        await done(channel.create(user_id))
        event = await done(channel.send_event({"type": "typing.start"}, user_id))
        assert event["event"]["type"] == "typing.start" and event["event"]["user"]["id"] == user_id
        await done(client.send_user_custom_event(user_id, {"type": "friendship_request", "text": "hi"}))

        device_id = uid("device")
        await done(client.add_device(device_id, "firebase", user_id))
        devices = await done(client.get_devices(user_id))
        assert [d["id"] for d in devices["devices"]] == [device_id]
        await done(client.delete_device(device_id, user_id))
        assert (await done(client.get_devices(user_id)))["devices"] == []

        path = tmp_path / "notes.txt"
        path.write_bytes(b"hello file")
        uploaded = await done(channel.send_file(str(path), "notes.txt", {"id": user_id}, "text/plain"))
        url = uploaded["file"]
        assert url.endswith("/notes.txt")
        image = tmp_path / "pixel.png"
        image.write_bytes(b"\x89PNG\r\n\x1a\n")
        assert (await done(channel.send_image(str(image), "pixel.png", {"id": user_id}, "image/png")))["file"]
        with pytest.raises(StreamInputError):
            await done(channel.send_image(str(path), "notes.txt", {"id": user_id}, "text/plain"))
        await done(channel.delete_file(url))
        with pytest.raises(StreamNotFoundError):
            await done(channel.delete_file(url))

    runner.run(scenario)


def test_uploaded_files_are_served(emulator: Any, tmp_path: Path) -> None:
    with emulator.client() as client:
        (user_id,) = [uid("u")]
        client.upsert_user({"id": user_id})
        channel = client.channel("messaging", uid("room"))
        channel.create(user_id)
        path = tmp_path / "a.txt"
        path.write_bytes(b"content")
        url = channel.send_file(str(path), "a.txt", {"id": user_id}, "text/plain")["file"]
    with httpx.Client(transport=emulator.transport()) as http:
        response = http.get(url)
    assert (response.status_code, response.content) == (200, b"content")


def test_timestamps_are_rfc3339_with_nanoseconds(emulator: Any) -> None:
    with emulator.client() as client:
        user_id = uid("u")
        created = client.upsert_user({"id": user_id})["users"][user_id]["created_at"]
    assert created.endswith("Z") and len(created.split(".")[1]) == 10
    assert datetime.datetime.fromisoformat(created[:26] + "+00:00").tzinfo is not None
