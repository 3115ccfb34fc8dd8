"""The official ``stream-chat`` package on the newer operations, run in its own process against an HTTP emulator.

argv: base_url api_key api_secret suffix; stdout: a JSON summary of what the client got back.
"""

import datetime
import json
import sys

from stream_chat import StreamChat


def main() -> None:
    base_url, api_key, api_secret, suffix = sys.argv[1:5]
    client = StreamChat(api_key, api_secret, base_url=base_url)
    ann, bob = f"ann-{suffix}", f"bob-{suffix}"
    client.upsert_users([{"id": ann}, {"id": bob}])
    channel = client.channel("messaging", f"room-{suffix}", {"members": [ann, bob]})
    channel.create(ann)
    channel.update_partial({"config_overrides": {"user_message_reminders": True, "shared_locations": True}})

    parent = channel.send_message({"text": "parent"}, ann)["message"]["id"]
    channel.send_message({"text": "reply", "parent_id": parent}, bob)
    threads = client.query_threads(
        filter={"parent_id": parent}, sort=[{"field": "created_at", "direction": -1}], user_id=ann
    )
    unread = client.unread_counts(ann)

    channel.create_draft({"text": "draft"}, ann)
    drafts = client.query_drafts(ann)
    client.create_reminder(parent, ann, datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1))
    reminders = client.query_reminders(ann)

    client.flag_message(parent, user_id=bob)
    flags = client.query_message_flags({"channel_cid": channel.cid})
    client.block_user(bob, ann)
    blocked = client.get_blocked_users(ann)

    client.create_command({"name": f"cmd_{suffix}", "description": "A command"})
    commands = client.list_commands()
    client.delete_command(f"cmd_{suffix}")

    translated = client.translate_message(parent, "fr")
    client.update_message({"id": parent, "text": "parent, edited", "user_id": ann})
    history = client.query_message_history({"message_id": parent})
    client.mark_delivered_simple(bob, parent, channel.cid)
    batch = client.unread_counts_batch([ann, bob])
    task = client.update_channels_batch(
        {"operation": "archive", "filter": {"cids": {"$in": [channel.cid]}}, "members": [{"user_id": bob}]}
    )
    end = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)).isoformat()
    location = {"latitude": 1.0, "longitude": 2.0, "end_at": end, "created_by_device_id": "phone"}
    shared = channel.send_message({"text": "here", "shared_location": location}, ann)["message"]["id"]
    client.update_user_location(ann, shared, {"latitude": 1.5})
    locations = client.get_user_locations(ann)

    summary = {
        "thread_replies": [reply["text"] for reply in threads["threads"][0]["latest_replies"]],
        "unread_threads": unread["total_unread_threads_count"],
        "drafts": [draft["message"]["text"] for draft in drafts["drafts"]],
        "reminders": [reminder["message_id"] == parent for reminder in reminders["reminders"]],
        "flags": len(flags["flags"]),
        "blocked": [block["blocked_user_id"] == bob for block in blocked["blocks"]],
        "command_listed": f"cmd_{suffix}" in [command["name"] for command in commands["commands"]],
        "translation": translated["message"]["i18n"]["fr_text"],
        "history": [entry["text"] for entry in history["message_history"]],
        "unread_bob": batch["counts_by_user"][bob]["total_unread_count"],
        "task": bool(task["task_id"]),
        "latitudes": [item["latitude"] for item in locations["active_live_locations"]],
    }
    json.dump(summary, sys.stdout)


main()
