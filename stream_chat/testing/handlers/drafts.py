"""Drafts: one per user per channel (and per thread), replaced when saved again, gone once the user posts."""

from __future__ import annotations

import copy
from typing import Any

from stream_chat.testing import render
from stream_chat.testing.clock import format_time
from stream_chat.testing.context import Call, acting_user, handles, required_object, string
from stream_chat.testing.query import cursor_page, matches, parse_sort, sort_documents
from stream_chat.testing.state import Channel, Draft, new_id

# What a draft keeps of a ``MessageRequest``.
DRAFT_FIELDS = frozenset(
    {"text", "attachments", "custom", "mentioned_users", "parent_id", "quoted_message_id", "poll_id"}
    | {"show_in_channel", "silent", "type", "mml"}
)


def _channel(call: Call) -> Channel:
    return call.store.channel(call.operation, call.params["type"], call.params["id"])


def _owner(call: Call, user_id: Any) -> str:
    if not user_id:
        raise call.fail("user_id is required when using server side auth")
    return call.store.user(call.operation, user_id).id


@handles("CreateDraft")
def create_draft(call: Call) -> dict[str, Any]:
    store = call.store
    channel = _channel(call)
    body = call.json()
    raw = required_object(call, body, "message")
    user_id = _owner(call, acting_user(call, raw) or acting_user(call, body))
    text = raw.get("text") or ""
    if not isinstance(text, str):
        raise call.fail("message.text must be a string")
    parent_id = string(call, raw, "parent_id")
    if parent_id is not None:
        parent = store.messages.get(parent_id)
        if parent is None or parent.cid != channel.cid:
            raise call.fail(f"parent message {parent_id} does not exist in this channel")
    quoted = string(call, raw, "quoted_message_id")
    if quoted is not None and quoted not in store.messages:
        raise call.fail(f"quoted message {quoted} does not exist")
    payload = {key: copy.deepcopy(value) for key, value in raw.items() if key in DRAFT_FIELDS}
    custom = {key: copy.deepcopy(value) for key, value in raw.items() if key not in render.MESSAGE_FIELDS}
    custom.pop("user_id", None)
    payload["custom"] = {**(payload.get("custom") or {}), **custom}
    key = (user_id, channel.cid, parent_id or "")
    previous = store.drafts.get(key)
    payload["id"] = string(call, raw, "id") or (previous.message["id"] if previous else new_id())
    draft = Draft(user_id, channel.cid, parent_id, call.now(), payload)
    store.drafts[key] = draft
    return {"draft": render.draft(store, draft)}


def _find(call: Call) -> tuple[tuple[str, str, str], Draft]:
    channel = _channel(call)
    user_id = _owner(call, call.query.get("user_id"))
    key = (user_id, channel.cid, call.query.get("parent_id") or "")
    draft = call.store.drafts.get(key)
    if draft is None:
        raise call.missing(f"user {user_id} has no draft here")
    return key, draft


@handles("GetDraft")
def get_draft(call: Call) -> dict[str, Any]:
    _, draft = _find(call)
    return {"draft": render.draft(call.store, draft)}


@handles("DeleteDraft")
def delete_draft(call: Call) -> dict[str, Any]:
    key, _ = _find(call)
    del call.store.drafts[key]
    return {}


@handles("QueryDrafts")
def query_drafts(call: Call) -> dict[str, Any]:
    store = call.store
    body = call.json()
    user_id = _owner(call, acting_user(call, body))
    mine = [draft for (owner, _, _), draft in store.drafts.items() if owner == user_id]
    documents = {
        id(draft): {
            "channel_cid": draft.cid,
            "parent_id": draft.parent_id,
            "created_at": format_time(draft.created_at),
        }
        for draft in mine
    }
    conditions = body.get("filter") or {}
    found = [draft for draft in mine if matches(documents[id(draft)], conditions)]
    order = parse_sort(body.get("sort")) or [("created_at", -1)]
    found = sort_documents(found, order, lambda draft: documents[id(draft)])
    shown, cursors = cursor_page(found, body, default=25, maximum=100)
    return {"drafts": [render.draft(store, draft) for draft in shown], **cursors}
