"""One call (at least) of every app-level operation: app, exports, imports, push, permissions, user groups, campaigns.

``exercise`` is a scenario for any client (``StreamChat`` or ``StreamChatAsync``); ``test_every_operation``
runs it in process with every answer checked against ``openapi/``, and ``test_app_operations`` runs it
in the four modes. It returns what later checks need.
"""

from __future__ import annotations

from typing import Any

import httpx

from stream_chat.base.exceptions import StreamAPIException
from tests.emulator.conftest import done, uid


async def exercise(client: Any) -> dict[str, Any]:
    ann, bob = uid("ann"), uid("bob")
    await done(client.upsert_users([{"id": ann, "name": "Ann"}, {"id": bob, "name": "Bob", "teams": ["blue"]}]))
    channel = client.channel("messaging", uid("room"), {"members": [ann, bob]})
    await done(channel.create(ann))
    sent = await done(channel.send_message({"text": "hello"}, ann))
    await done(channel.send_reaction(sent["message"]["id"], {"type": "like"}, bob))

    # app: rate limits, usage, block lists, predefined filters, retention
    await done(client.get_rate_limits(server_side=True, endpoints=["GetApp"]))
    await done(client.query_team_usage_stats(month="2025-01"))
    blocklist = uid("words")
    await done(client.create_blocklist(blocklist, ["cream"]))
    await done(client.list_blocklists())
    got = await done(client.get_blocklist(blocklist))
    await done(client.update_blocklist(blocklist, ["cream", "fudge"]))
    await done(client.post(f"blocklists/{got['blocklist']['id']}/import", data={"items": ["sugar"]}))
    await done(client.delete_blocklist(blocklist))
    name = uid("filter")
    filter_body = {"operation": "QueryChannels", "filter": {"type": "messaging"}, "sort": [{"field": "created_at"}]}
    await done(client.post("predefined_filters", data={"name": name, **filter_body}))
    await done(client.get("predefined_filters", {"sort": "name"}))
    await done(client.get(f"predefined_filters/{name}"))
    await done(client.put(f"predefined_filters/{name}", data=filter_body))
    await done(client.delete(f"predefined_filters/{name}"))
    await done(client.post("retention_policy", data={"policy": "old-messages", "max_age_hours": 24}))
    await done(client.get("retention_policy"))
    await done(client.post("retention_policy/runs", data={}))
    await done(client.post("retention_policy/delete", data={"policy": "old-messages"}))

    # exports
    export = await done(client.export_channel("messaging", channel.id))
    status = await done(client.get_export_channel_status(export["task_id"]))
    await done(client.export_user(ann))
    users_export = await done(client.export_users([ann, bob]))
    users_status = await done(client.get_task(users_export["task_id"]))

    # permissions and roles
    role = uid("role")
    await done(client.create_role(role))
    await done(client.list_roles())
    await done(client.get("roles/search", {"query": role[:6]}))
    await done(client.delete_role(role))
    permission = uid("perm")
    definition = {"id": permission, "name": "Custom", "action": "CreateMessage", "condition": {}}
    await done(client.create_permission(definition))
    await done(client.get_permission(permission))
    await done(client.update_permission(permission, {**definition, "name": "Custom 2"}))
    await done(client.list_permissions())
    await done(client.delete_permission(permission))

    # user groups
    group = (await done(client.post("usergroups", data={"name": "Blue team", "member_ids": [ann]})))["user_group"]
    await done(client.get("usergroups"))
    await done(client.get("usergroups/search", {"query": "Blue"}))
    await done(client.get(f"usergroups/{group['id']}"))
    await done(client.put(f"usergroups/{group['id']}", data={"description": "the blue team"}))
    await done(client.post(f"usergroups/{group['id']}/members", data={"member_ids": [bob], "as_admin": True}))
    await done(client.post(f"usergroups/{group['id']}/members/delete", data={"member_ids": [bob]}))
    await done(client.delete(f"usergroups/{group['id']}"))

    # push
    provider = uid("fcm")
    await done(client.upsert_push_provider({"name": provider, "type": "firebase", "firebase_credentials": "{}"}))
    await done(client.list_push_providers())
    template = '{"title": "{{ sender.name }}", "body": "{{ message.text }}"}'
    await done(
        client.post(
            "push_templates",
            data={
                "event_type": "message.new",
                "push_provider_type": "firebase",
                "push_provider_name": provider,
                "template": template,
            },
        )
    )
    await done(client.get("push_templates", {"push_provider_type": "firebase", "push_provider_name": provider}))
    await done(client.add_device(uid("device"), "firebase", bob, provider))
    push = await done(
        client.check_push(
            {
                "message_id": sent["message"]["id"],
                "user_id": bob,
                "push_provider_type": "firebase",
                "push_provider_name": provider,
            }
        )
    )
    await done(client.post("push_preferences", data={"preferences": [{"user_id": bob, "chat_level": "mentions"}]}))
    await done(client.delete_push_provider("firebase", provider))
    sqs = await done(
        client.check_sqs(
            sqs_key="AKIAEXAMPLEKEY123456",
            sqs_secret="s" * 40,
            sqs_url="https://sqs.us-east-1.amazonaws.com/123456789012/events",
        )
    )
    sns = await done(client.check_sns(sns_key="AKIAEXAMPLEKEY123456", sns_secret="s" * 40, sns_topic_arn="not-an-arn"))

    # imports
    url = await done(client.post("import_urls", data={"filename": "data.json"}))
    lines = [
        {"type": "user", "item": {"id": uid("imported"), "name": "Imported"}},
    ]
    await upload(client, url["upload_url"], lines)
    created = await done(client.post("imports", data={"path": url["path"], "mode": "upsert"}))
    await done(client.get("imports"))
    await done(client.get(f"imports/{created['import_task']['id']}"))
    v2 = await done(
        client.post("imports/v2", data={"product": "chat", "settings": {"path": url["path"], "mode": "upsert"}})
    )
    await done(client.get("imports/v2"))
    await done(client.get(f"imports/v2/{v2['id']}"))
    for method, path in (("post", f"imports/v2/{v2['id']}/cancel"), ("delete", f"imports/v2/{v2['id']}")):
        try:
            await done(getattr(client, method)(path))
        except StreamAPIException as error:  # a completed task can be neither cancelled nor deleted
            assert error.status_code == 400, error
        else:
            raise AssertionError(f"{method} {path} succeeded on a completed import task")
    storage = uid("bucket")
    s3 = {"storage_type": "s3", "bucket": "my-bucket", "aws_s3": {"s3_region": "us-east-1"}}
    await done(client.post("external_storage", data={"name": storage, **s3}))
    await done(client.get("external_storage"))
    await done(client.put(f"external_storage/{storage}", data={**s3, "path": "chat/"}))
    await done(client.get(f"external_storage/{storage}/check"))
    await done(client.delete(f"external_storage/{storage}"))
    aws = {"role_arn": "arn:aws:iam::123456789012:role/stream", "bucket": "b", "region": "us-east-1"}
    await done(client.put("imports/v2/external-storage", data={"type": "aws_s3", "aws_s3": aws}))
    await done(client.get("imports/v2/external-storage"))
    await done(client.post("imports/v2/external-storage/validate"))
    await done(client.delete("imports/v2/external-storage"))

    # campaigns and segments
    segment = await done(client.create_segment("user", uid("segment"), {"name": "Some users"}))
    segment_id = segment["segment"]["id"]
    await done(client.get_segment(segment_id))
    await done(client.update_segment(segment_id, {"description": "users to greet"}))
    await done(client.add_segment_targets(segment_id, [bob]))
    await done(client.segment_target_exists(segment_id, bob))
    await done(client.query_segment_targets(segment_id))
    await done(client.query_segments({"id": segment_id}))
    campaign_data = {
        "sender_id": ann,
        "segment_ids": [segment_id],
        "message_template": {"text": "Hi {{ receiver.name }}!"},
        "create_channels": True,
        "name": "greeting",
    }
    campaign = await done(client.create_campaign(uid("campaign"), campaign_data))
    campaign_id = campaign["campaign"]["id"]
    await done(client.update_campaign(campaign_id, {**campaign_data, "description": "say hi"}))
    await done(client.test_campaign(campaign_id, [bob]))
    await done(client.start_campaign(campaign_id, scheduled_for="2099-01-01T00:00:00Z"))
    await done(client.stop_campaign(campaign_id))
    started = await done(client.start_campaign(campaign_id))
    await done(client.get_campaign(campaign_id))
    await done(client.query_campaigns({"id": campaign_id}))
    await done(client.delete_campaign(campaign_id))
    await done(client.remove_segment_targets(segment_id, [bob]))
    await done(client.delete_segment(segment_id))
    return {
        "export_status": status,
        "users_status": users_status,
        "check_push": push,
        "sqs": sqs,
        "sns": sns,
        "started": started,
        "bob": bob,
    }


async def upload(client: Any, upload_url: str, lines: list[dict[str, Any]]) -> None:
    """PUT the import file to the URL the emulator gave, with the client's own transport (no Stream auth)."""
    import json  # noqa: PLC0415 - only the upload encodes by hand

    body = "\n".join(json.dumps(line) for line in lines).encode()
    http = client._http  # the client's httpx client: in process, its transport is the emulator
    response = http.put(upload_url, content=body)
    response = await done(response)
    assert response.status_code == 200, response.text
    assert isinstance(response, httpx.Response)
