"""Exports: channels and users written to a file the emulator serves, tracked as tasks that run to completion.

The export runs while the request is answered, so ``GetTask`` / ``GetExportChannelsStatus`` report
``completed`` with ``result.url``: a URL of the emulator (``/_emulator/files/...``) that both the
in-process transports and the HTTP server serve. Formats: ``v1`` JSON (``{"channels": [...]}``),
``v2`` JSON lines (one ``{"type": ..., "item": ...}`` per channel, member, message and reaction, the
shape imports read), and ``csv`` (one row per message).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from stream_chat.testing import render
from stream_chat.testing.context import Call, boolean, handles, string_list, timestamp
from stream_chat.testing.handlers.uploads import FILES_PATH
from stream_chat.testing.state import Channel, Message, StoredFile, Task, User, new_id

FORMATS = ("json", "csv")
VERSIONS = ("v1", "v2")
CSV_COLUMNS = ("cid", "id", "user_id", "type", "parent_id", "text", "created_at", "updated_at", "deleted_at")


def save_file(call: Call, name: str, content: bytes, content_type: str) -> str:
    """Keep ``content`` and answer the URL the emulator serves it at."""
    path = f"{FILES_PATH}{new_id()}/{name}"
    call.store.files[path] = StoredFile(content_type, content)
    return call.base_url + path


def new_task(call: Call, result: dict[str, Any]) -> Task:
    task = Task(new_id(), call.now(), result)
    call.store.tasks[task.id] = task
    return task


def _exported_channel(call: Call, item: Any, include_deleted: bool) -> tuple[Channel, int | None, int | None]:
    if not isinstance(item, dict):
        raise call.fail("each of channels must be an object with type and id, or cid")
    cid = item.get("cid") or (f"{item.get('type')}:{item.get('id')}" if item.get("type") and item.get("id") else None)
    if not isinstance(cid, str) or ":" not in cid:
        raise call.fail("each of channels needs type and id, or cid")
    channel = call.store.channels.get(cid)
    if channel is None or (channel.deleted_at is not None and not include_deleted):
        raise call.fail(f"channel {cid} does not exist")
    since = timestamp(call, item.get("messages_since"), "messages_since")
    until = timestamp(call, item.get("messages_until"), "messages_until")
    return channel, since, until


def _messages(
    call: Call, channel: Channel, since: int | None, until: int | None, *, truncated: bool, clear_deleted: bool
) -> list[dict[str, Any]]:
    floor = 0 if truncated else channel.truncated_at or 0
    found: list[Message] = [
        message
        for message_id in channel.messages
        if (message := call.store.messages.get(message_id)) is not None
        and message.created_at > floor
        and (since is None or message.created_at >= since)
        and (until is None or message.created_at <= until)
    ]
    views = []
    for message in found:
        view = render.message(call.store, message)
        if clear_deleted and message.deleted_at is not None:
            view["text"], view["html"] = "", ""
        views.append(view)
    return views


@handles("ExportChannels")
def export_channels(call: Call) -> dict[str, Any]:
    data = call.json()
    requested = data.get("channels")
    if not isinstance(requested, list) or not requested:
        raise call.fail("channels must name at least one channel")
    kind = data.get("format") or "json"
    version = data.get("version") or "v1"
    if kind not in FORMATS:
        raise call.fail(f"format must be one of {', '.join(FORMATS)}")
    if version not in VERSIONS:
        raise call.fail(f"version must be one of {', '.join(VERSIONS)}")
    include_deleted = boolean(call, data, "include_soft_deleted_channels")
    options = {
        "truncated": boolean(call, data, "include_truncated_messages"),
        "clear_deleted": boolean(call, data, "clear_deleted_message_text"),
    }
    with_users = boolean(call, data, "export_users")
    fields = string_list(call, data, "include_fields")
    store = call.store
    exported = []
    for item in requested:
        channel, since, until = _exported_channel(call, item, include_deleted)
        view = render.channel(store, channel)
        if fields:
            view = {key: value for key, value in view.items() if key in fields or key in ("id", "type", "cid")}
        exported.append(
            {
                "channel": view,
                "members": [render.member(store, member) for member in channel.members.values()],
                "messages": _messages(call, channel, since, until, **options),
            }
        )
    if kind == "csv":
        content, name, media = _csv(exported), "channels.csv", "text/csv"
    elif version == "v2":
        content, name, media = _json_lines(exported, with_users), "channels.jsonl", "application/x-ndjson"
    else:
        document: dict[str, Any] = {"channels": exported}
        if with_users:
            document["users"] = _users(exported)
        content, name, media = json.dumps(document).encode(), "channels.json", "application/json"
    task = new_task(call, {"url": save_file(call, name, content, media)})
    return {"task_id": task.id}


def _users(exported: list[dict[str, Any]]) -> list[dict[str, Any]]:
    users: dict[str, dict[str, Any]] = {}
    for item in exported:
        for member in item["members"]:
            users.setdefault(member["user_id"], member["user"])
        for message in item["messages"]:
            users.setdefault(message["user"]["id"], message["user"])
    return list(users.values())


def _json_lines(exported: list[dict[str, Any]], with_users: bool) -> bytes:
    lines: list[dict[str, Any]] = []
    if with_users:
        lines += [{"type": "user", "item": user} for user in _users(exported)]
    for item in exported:
        cid = item["channel"]["cid"]
        lines.append({"type": "channel", "item": item["channel"]})
        channel_type, channel_id = cid.split(":", 1)
        lines += [
            {"type": "member", "item": {**member, "channel_type": channel_type, "channel_id": channel_id}}
            for member in item["members"]
        ]
        for message in item["messages"]:
            lines.append({"type": "message", "item": message})
            lines += [{"type": "reaction", "item": reaction} for reaction in message["latest_reactions"]]
    return b"".join(json.dumps(line).encode() + b"\n" for line in lines)


def _csv(exported: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in exported:
        for message in item["messages"]:
            row = dict(message, user_id=message["user"]["id"])
            writer.writerow([row.get(column) or "" for column in CSV_COLUMNS])
    return out.getvalue().encode()


@handles("GetExportChannelsStatus")
def get_export_channels_status(call: Call) -> dict[str, Any]:
    task = call.store.tasks.get(call.params["task_id"])
    if task is None:
        raise call.missing(f"export task {call.params['task_id']!r} does not exist")
    return render.task(task)


def user_export(call: Call, user: User) -> dict[str, Any]:
    """``ExportUserResponse`` fields: the user, the messages they sent and the reactions they added."""
    store = call.store
    messages = [message for message in store.messages.values() if message.user_id == user.id]
    reactions = [
        reaction
        for message in store.messages.values()
        for (author, _), reaction in message.reactions.items()
        if author == user.id
    ]
    return {
        "user": render.user(store, user),
        "messages": [render.message(store, message) for message in messages],
        "reactions": [render.reaction(store, reaction) for reaction in reactions],
    }


@handles("ExportUser")
def export_user(call: Call) -> dict[str, Any]:
    return user_export(call, call.store.user(call.operation, call.params["user_id"]))


@handles("ExportUsers")
def export_users(call: Call) -> dict[str, Any]:
    user_ids = string_list(call, call.json(), "user_ids")
    if not user_ids:
        raise call.fail("user_ids must name at least one user")
    users = [call.store.user(call.operation, user_id) for user_id in user_ids]
    document = {"users": [user_export(call, user) for user in users]}
    url = save_file(call, "users.json", json.dumps(document).encode(), "application/json")
    return {"task_id": new_task(call, {"url": url}).id}
