"""App-level operations behave as Stream documents them, with both clients, in process and over HTTP.

Every answer is checked against ``openapi/`` by the runner's transport. Facts used: block lists match
whole words case-insensitively, splitting at white space and hyphens; channel exports and user exports
are tasks whose result is a URL; imports read Stream's ``{type, item}`` lines; CheckSQS/CheckSNS answer
``status`` ``ok`` or ``error``; rate limits are per endpoint with ``limit``, ``remaining`` and ``reset``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest

from stream_chat.base.exceptions import StreamAPIException
from stream_chat.testing import Emulator
from tests.emulator.app_level_calls import exercise, upload
from tests.emulator.conftest import API_KEY, API_SECRET, Runner, done, uid


async def fetch(client: Any, url: str) -> bytes:
    """GET a URL the emulator answered (an export), with the client's own HTTP client."""
    response = await done(client._http.get(url))
    assert response.status_code == 200, url
    content: bytes = response.content
    return content


async def expect_error(call: Callable[[], Any], status: int) -> StreamAPIException:
    with pytest.raises(StreamAPIException) as raised:
        await done(call())
    assert raised.value.status_code == status, raised.value
    return raised.value


def test_every_app_level_operation_in_every_mode(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        results = await exercise(client)
        assert results["export_status"]["status"] == "completed"
        assert results["sqs"]["status"] == "ok"
        assert results["sns"]["status"] == "error" and "sns_topic_arn" in results["sns"]["error"]
        assert results["started"]["campaign"]["status"] == "completed"

    runner.run(scenario)


def test_block_lists_block_flag_or_pass_messages(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        ann = uid("ann")
        await done(client.upsert_user({"id": ann}))
        words, kind = uid("cakes"), uid("strict")
        await done(client.create_blocklist(words, ["cream", "monster"]))
        await done(client.create_channel_type({"name": kind, "blocklist": words, "blocklist_behavior": "block"}))
        assert (await done(client.get_channel_type(kind)))["blocklist_behavior"] == "block"
        channel = client.channel(kind, uid("room"))
        await done(channel.create(ann))
        blocked = await done(channel.send_message({"text": "She jabbed the spoon in the ice cream and sighed"}, ann))
        assert blocked["message"]["type"] == "error"
        assert blocked["message"]["moderation"]["blocklist_matched"] == words
        for text in ("Cream is the best", "I like cookie-monster"):
            assert (await done(channel.send_message({"text": text}, ann)))["message"]["type"] == "error"
        for text in ("Is creamcheese a word?", "I did not enjoy watching Scream"):
            assert (await done(channel.send_message({"text": text}, ann)))["message"]["type"] == "regular"
        state = await done(channel.query())
        assert [message["text"] for message in state["messages"]] == [
            "Is creamcheese a word?",
            "I did not enjoy watching Scream",
        ]
        await done(client.update_channel_type(kind, blocklist_behavior="flag"))
        flagged = await done(channel.send_message({"text": "more cream"}, ann))
        assert flagged["message"]["type"] == "regular"
        assert flagged["message"]["moderation"]["action"] == "flag"
        assert (await done(channel.query()))["messages"][-1]["text"] == "more cream"
        flags = await done(client.query_message_flags({"channel_cid": channel.cid}))
        assert [flag["message"]["id"] for flag in flags["flags"]] == [flagged["message"]["id"]]
        await done(client.update_channel_type(kind, blocklist_behavior="shadow_block"))
        shadowed = await done(channel.send_message({"text": "cream again"}, ann))
        assert shadowed["message"]["shadowed"] is True
        assert shadowed["message"]["moderation"]["action"] == "shadow"
        await expect_error(lambda: client.create_blocklist(uid("upper"), ["Cream"]), 400)
        await expect_error(lambda: client.update_channel_type(kind, blocklist=uid("missing")), 400)

    runner.run(scenario)


def test_channel_and_user_exports_are_tasks_with_a_url_the_emulator_serves(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        ann = uid("ann")
        await done(client.upsert_user({"id": ann}))
        channel = client.channel("messaging", uid("room"))
        await done(channel.create(ann))
        sent = await done(channel.send_message({"text": "exported text"}, ann))
        await done(channel.send_reaction(sent["message"]["id"], {"type": "like"}, ann))
        task = await done(client.export_channel("messaging", channel.id))
        status = await done(client.get_export_channel_status(task["task_id"]))
        assert status["status"] == "completed"
        document = json.loads(await fetch(client, status["result"]["url"]))
        (exported,) = document["channels"]
        assert exported["channel"]["cid"] == channel.cid
        assert [message["text"] for message in exported["messages"]] == ["exported text"]
        later = await done(client.export_channel("messaging", channel.id, messages_since="2999-01-01T00:00:00Z"))
        later_status = await done(client.get_task(later["task_id"]))
        assert json.loads(await fetch(client, later_status["result"]["url"]))["channels"][0]["messages"] == []
        lines_task = await done(client.export_channels([{"type": "messaging", "id": channel.id}], version="v2"))
        lines_url = (await done(client.get_task(lines_task["task_id"])))["result"]["url"]
        kinds = [json.loads(line)["type"] for line in (await fetch(client, lines_url)).splitlines()]
        assert kinds == ["channel", "message", "reaction"]
        await expect_error(lambda: client.export_channel("messaging", uid("missing")), 400)

        user_export = await done(client.export_user(ann))
        assert [message["text"] for message in user_export["messages"]] == ["exported text"]
        assert [reaction["type"] for reaction in user_export["reactions"]] == ["like"]
        users_task = await done(client.export_users([ann]))
        users_url = (await done(client.get_task(users_task["task_id"])))["result"]["url"]
        assert json.loads(await fetch(client, users_url))["users"][0]["user"]["id"] == ann

    runner.run(scenario)


def test_imports_load_users_channels_members_messages_and_reactions(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        ann, bob, room, message_id = uid("ann"), uid("bob"), uid("room"), uid("msg")
        lines = [
            {"type": "user", "item": {"id": ann, "name": "Ann"}},
            {"type": "user", "item": {"id": bob, "name": "Bob"}},
            {"type": "channel", "item": {"type": "messaging", "id": room, "created_by": ann, "topic": "x"}},
            {"type": "member", "item": {"channel_type": "messaging", "channel_id": room, "user_id": bob}},
            {
                "type": "message",
                "item": {"id": message_id, "channel_type": "messaging", "channel_id": room, "user": ann, "text": "hi"},
            },
            {"type": "reaction", "item": {"message_id": message_id, "type": "like", "user_id": bob}},
        ]
        url = await done(client.post("import_urls", data={"filename": "data.jsonl"}))
        await upload(client, url["upload_url"], lines)
        created = await done(client.post("imports", data={"path": url["path"], "mode": "insert"}))
        task = created["import_task"]
        assert task["state"] == "completed"
        assert task["history"][0] == {
            "created_at": task["created_at"],
            "prev_state": "uploaded",
            "next_state": "analyzing",
        }
        state = await done(client.channel("messaging", room).query())
        assert state["channel"]["topic"] == "x"
        assert sorted(member["user_id"] for member in state["members"]) == [bob]
        assert state["messages"][0]["text"] == "hi"
        assert state["messages"][0]["reaction_counts"] == {"like": 1}
        assert (await done(client.query_users({"id": bob})))["users"][0]["name"] == "Bob"

        broken = await done(client.post("import_urls", data={"filename": "broken.json"}))
        newcomer = uid("newcomer")
        dangling = {"type": "member", "item": {"channel_type": "messaging", "channel_id": uid("none"), "user_id": bob}}
        await upload(client, broken["upload_url"], [{"type": "user", "item": {"id": newcomer}}, dangling])
        failed = await done(client.post("imports", data={"path": broken["path"], "mode": "insert"}))
        assert failed["import_task"]["state"] == "analyzing_failed"
        fetched = await done(client.get(f"imports/{failed['import_task']['id']}"))
        assert fetched["import_task"]["state"] == "analyzing_failed"
        assert (await done(client.query_users({"id": newcomer})))["users"] == []  # nothing of a bad file is written
        not_uploaded = await done(client.post("import_urls", data={"filename": "empty.json"}))
        nothing = await done(client.post("imports", data={"path": not_uploaded["path"], "mode": "upsert"}))
        assert nothing["import_task"]["state"] == "analyzing_failed"
        await expect_error(lambda: client.post("imports", data={"path": "never/created.json", "mode": "upsert"}), 400)

    runner.run(scenario)


def test_check_push_renders_the_templates_that_apply(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        ann, bob = uid("ann"), uid("bob")
        await done(client.upsert_users([{"id": ann, "name": "Ann"}, {"id": bob, "name": "Bob"}]))
        channel = client.channel("messaging", uid("room"), {"members": [ann, bob], "name": "Lounge"})
        await done(channel.create(ann))
        sent = await done(channel.send_message({"text": 'say "hi"'}, ann))
        request = {"message_id": sent["message"]["id"], "user_id": bob}
        no_device = await done(client.check_push(request))
        assert any(bob in error for error in no_device["general_errors"])
        title = json.loads(no_device["rendered_apn_template"])["aps"]["alert"]["title"]
        assert title == "Ann @ Lounge"
        custom = '{"to": "{{ receiver.name }}", "text": "{{ truncate message.text 5 }}", "raw": {{{ message.text }}}}'
        rendered = await done(client.check_push({**request, "firebase_template": custom, "skip_devices": True}))
        assert rendered["general_errors"] == []
        assert json.loads(rendered["rendered_firebase_template"]) == {"to": "Bob", "text": 'say "', "raw": 'say "hi"'}
        broken = await done(client.check_push({**request, "apn_template": '{"a": {{ nope message.text }}}'}))
        assert any("nope" in error for error in broken["general_errors"])
        assert "rendered_apn_template" not in broken
        await expect_error(lambda: client.check_push({"message_id": sent["message"]["id"]}), 400)

    runner.run(scenario)


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"sqs_url": "https://sqs.eu-west-1.amazonaws.com/123456789012/q", "sqs_key": "AKIA1234567890ABCDEF"}, "ok"),
        ({"sqs_url": "https://example.com/q", "sqs_key": "AKIA1234567890ABCDEF"}, "error"),
        ({"sqs_url": "https://sqs.eu-west-1.amazonaws.com/123456789012/q"}, "error"),
    ],
)
def test_check_sqs_reports_the_form_of_the_settings(fields: dict[str, str], status: str) -> None:
    with Emulator(API_KEY, API_SECRET).client() as client:
        answer = client.check_sqs(sqs_secret="x" * 40, **fields)
    assert answer["status"] == status
    assert ("error" in answer) is (status == "error")


def test_check_sns_uses_the_app_settings_when_not_given() -> None:
    with Emulator(API_KEY, API_SECRET).client() as client:
        assert client.check_sns()["status"] == "error"
        arn = "arn:aws:sns:us-east-1:123456789012:events"
        client.update_app_settings(sns_topic_arn=arn, sns_key="AKIA1234567890ABCDEF", sns_secret="y" * 40)
        assert client.check_sns()["status"] == "ok"


def test_custom_roles_are_given_to_users_and_kept_while_used(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        role, user_id = uid("reviewer"), uid("user")
        await expect_error(lambda: client.upsert_user({"id": user_id, "role": role}), 400)
        created = await done(client.create_role(role))
        assert created["role"] == {**created["role"], "name": role, "custom": True}
        assert (await done(client.upsert_user({"id": user_id, "role": role})))["users"][user_id]["role"] == role
        assert role in [item["name"] for item in (await done(client.list_roles()))["roles"]]
        await expect_error(lambda: client.delete_role(role), 400)
        await expect_error(lambda: client.delete_role("admin"), 400)
        await done(client.upsert_user({"id": user_id, "role": "user"}))
        await done(client.delete_role(role))
        await expect_error(lambda: client.delete_role(role), 404)

    runner.run(scenario)


def test_custom_permissions_can_change_built_in_ones_cannot(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        permission = uid("perm")
        definition = {"id": permission, "name": "Send in the morning", "action": "CreateMessage", "condition": {}}
        await done(client.create_permission(definition))
        got = (await done(client.get_permission(permission)))["permission"]
        assert (got["custom"], got["action"]) == (True, "CreateMessage")
        await expect_error(lambda: client.create_permission(definition), 400)
        await expect_error(lambda: client.delete_permission("create-channel"), 400)
        assert (await done(client.get_permission("create-channel")))["permission"]["custom"] is False
        await done(client.delete_permission(permission))
        await expect_error(lambda: client.get_permission(permission), 404)

    runner.run(scenario)


def test_user_groups_hold_members_and_admins(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        ann, bob = uid("ann"), uid("bob")
        await done(client.upsert_users([{"id": ann}, {"id": bob}]))
        name = uid("Support")
        group = (await done(client.post("usergroups", data={"name": name, "member_ids": [ann]})))["user_group"]
        added = await done(
            client.post(f"usergroups/{group['id']}/members", data={"member_ids": [bob], "as_admin": True})
        )
        admins = {member["user_id"]: member["is_admin"] for member in added["user_group"]["members"]}
        assert admins == {ann: False, bob: True}
        found = await done(client.get("usergroups/search", {"query": name[:10]}))
        assert [item["id"] for item in found["user_groups"]] == [group["id"]]
        await expect_error(
            lambda: client.post(f"usergroups/{group['id']}/members", data={"member_ids": [uid("ghost")]}), 404
        )
        await done(client.delete(f"usergroups/{group['id']}"))
        await expect_error(lambda: client.get(f"usergroups/{group['id']}"), 404)

    runner.run(scenario)


def test_a_started_campaign_sends_to_its_targets_and_a_scheduled_one_waits(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        ann, bob, cat = uid("ann"), uid("bob"), uid("cat")
        await done(client.upsert_users([{"id": ann, "name": "Ann"}, {"id": bob, "name": "Bob"}, {"id": cat}]))
        segment = (await done(client.create_segment("user", uid("segment"))))["segment"]
        await done(client.add_segment_targets(segment["id"], [bob]))
        assert (await done(client.get_segment(segment["id"])))["segment"]["size"] == 1
        data = {
            "sender_id": ann,
            "segment_ids": [segment["id"]],
            "user_ids": [cat],
            "message_template": {"text": "Hi {{ receiver.name }}!"},
            "create_channels": True,
        }
        campaign = (await done(client.create_campaign(uid("campaign"), data)))["campaign"]
        assert campaign["status"] == "draft"
        started = (await done(client.start_campaign(campaign["id"])))["campaign"]
        assert started["status"] == "completed"
        assert started["stats"]["stats_messages_sent"] == 2 and started["stats"]["stats_channels_created"] == 2
        channels = await done(client.query_channels({"members": {"$in": [bob]}}, user_id=bob))
        texts = [message["text"] for state in channels["channels"] for message in state["messages"]]
        assert texts == ["Hi Bob!"]
        later = (await done(client.create_campaign(uid("campaign"), data)))["campaign"]
        scheduled = await done(client.start_campaign(later["id"], scheduled_for="2999-01-01T00:00:00Z"))
        assert scheduled["campaign"]["status"] == "scheduled"
        assert (await done(client.stop_campaign(later["id"])))["status"] == "stopped"
        await expect_error(lambda: client.stop_campaign(later["id"]), 400)
        await expect_error(lambda: client.delete_segment(segment["id"]), 400)

    runner.run(scenario)


@pytest.mark.parametrize("flavor", ["sync", "async"])
def test_get_rate_limits_counts_the_calls_of_this_minute(flavor: str) -> None:
    emulator = Emulator(API_KEY, API_SECRET, rate_limit=50)

    async def scenario(client: Any) -> dict[str, Any]:
        await done(client.get_app_settings())
        await done(client.get_app_settings())
        answer: dict[str, Any] = await done(client.get_rate_limits(endpoints=["GetApp", "QueryChannels"]))
        return answer

    if flavor == "sync":
        with emulator.client() as client:
            answer = asyncio.run(scenario(client))
    else:

        async def main() -> dict[str, Any]:
            async with emulator.async_client() as client:
                return await scenario(client)

        answer = asyncio.run(main())
    assert set(answer) - {"duration"} == {"server_side", "android", "ios", "web", "unity"}
    limits = answer["server_side"]
    assert set(limits) == {"GetApp", "QueryChannels"}
    assert (limits["GetApp"]["limit"], limits["GetApp"]["remaining"]) == (50, 48)
    assert limits["QueryChannels"]["remaining"] == 50


def test_team_usage_counts_messages_and_their_senders() -> None:
    with Emulator(API_KEY, API_SECRET).client() as client:
        client.upsert_users([{"id": "ann", "teams": ["red"]}, {"id": "bob", "teams": ["red"]}])
        channel = client.channel("messaging", "red-room", {"team": "red"})
        channel.create("ann")
        for user_id in ("ann", "ann", "bob"):
            channel.send_message({"text": "hi"}, user_id)
        (red,) = client.query_team_usage_stats(team="red")["teams"]
    assert red["messages_total"]["total"] == 3
    assert red["users_total"]["total"] == 2
    assert red["users_month_to_date"]["total"] == 2
    assert red["messages_daily"]["total"] == 3
    assert sum(day["value"] for day in red["messages_daily"]["daily"]) == 3


def test_block_lists_are_listed_in_pages() -> None:
    with Emulator(API_KEY, API_SECRET).client() as client:
        for name in ("a-list", "b-list", "c-list"):
            client.create_blocklist(name, ["word"])
        first = client.get("blocklists", {"limit": 2})
        assert [item["name"] for item in first["blocklists"]] == ["a-list", "b-list"]
        rest = client.get("blocklists", {"limit": 2, "cursor": first["next_cursor"]})
        assert [item["name"] for item in rest["blocklists"]] == ["c-list"]
        assert "next_cursor" not in rest


def test_deletes_run_as_tasks_that_complete(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        ann, bob = uid("ann"), uid("bob")
        await done(client.upsert_users([{"id": ann}, {"id": bob}]))
        channel = client.channel("messaging", uid("room"))
        await done(channel.create(ann))
        deleted = await done(client.delete_channels([channel.cid], hard_delete=True))
        task = await done(client.get_task(deleted["task_id"]))
        assert (task["status"], task["result"]) == ("completed", {channel.cid: {"status": "ok"}})
        removed = await done(client.delete_users([bob], "hard"))
        assert (await done(client.get_task(removed["task_id"])))["status"] == "completed"
        assert (await done(client.query_users({"id": bob})))["users"] == []

    runner.run(scenario)
