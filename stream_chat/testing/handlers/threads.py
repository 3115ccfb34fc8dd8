"""Threads: a parent message and its replies, with participants, read states, a title and custom data."""

from __future__ import annotations

import copy
from typing import Any

from stream_chat.testing import events, render
from stream_chat.testing.clock import format_time
from stream_chat.testing.context import Call, acting_user, handles, string_list
from stream_chat.testing.query import cursor_page, matches, parse_sort, sort_documents
from stream_chat.testing.state import Thread

# Fields of a thread that partial updates cannot set (``title`` and custom data can be).
THREAD_FIELDS = frozenset(
    {"parent_message_id", "parent_message", "channel_cid", "channel", "created_at", "updated_at", "created_by"}
    | {"created_by_user_id", "reply_count", "participant_count", "active_participant_count", "last_message_at"}
    | {"deleted_at", "thread_participants", "latest_replies", "read", "draft", "custom"}
)


def _limit(call: Call, value: Any, name: str, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise call.fail(f"{name} must be a non-negative integer")
    return value


def _thread(call: Call) -> Thread:
    message_id = call.params["message_id"]
    record = call.store.threads.get(message_id)
    if record is None or message_id not in call.store.messages:
        raise call.missing(f"thread {message_id!r} does not exist")
    return record


@handles("GetThread")
def get_thread(call: Call) -> dict[str, Any]:
    record = _thread(call)
    reply_limit = _limit(call, call.int_query("reply_limit"), "reply_limit", 2)
    participants = _limit(call, call.int_query("participant_limit"), "participant_limit", 100)
    view = render.thread(call.store, record, reply_limit=reply_limit, participant_limit=participants)
    return {"thread": view}


@handles("UpdateThreadPartial")
def update_thread_partial(call: Call) -> dict[str, Any]:
    record = _thread(call)
    body = call.json()
    to_set = body.get("set") or {}
    if not isinstance(to_set, dict):
        raise call.fail("set must be an object")
    to_unset = string_list(call, body, "unset")
    reserved = sorted((set(to_set) | set(to_unset)) & THREAD_FIELDS)
    if reserved:
        raise call.fail(f"fields {', '.join(reserved)} are reserved and cannot be updated")
    if "title" in to_set and not isinstance(to_set["title"], str):
        raise call.fail("title must be a string")
    for key, value in to_set.items():
        if key == "title":
            record.title = value
        else:
            record.custom[key] = copy.deepcopy(value)
    for key in to_unset:
        if key == "title":
            record.title = ""
        record.custom.pop(key, None)
    record.updated_at = call.now()
    events.thread(call, "thread.updated", record)
    return {"thread": render.thread(call.store, record)}


def _document(call: Call, record: Thread) -> dict[str, Any]:
    parent = call.store.messages[record.parent_id]
    return {
        "channel_cid": record.cid,
        "parent_message_id": record.parent_id,
        "parent_id": record.parent_id,
        "created_by_user_id": record.created_by_id,
        "created_at": format_time(record.created_at),
        "updated_at": format_time(record.updated_at),
        "last_message_at": format_time(record.last_message_at or record.created_at),
        "reply_count": len(parent.replies),
        "participant_count": len(record.participants),
        "title": record.title,
        "deleted_at": format_time(parent.deleted_at) if parent.deleted_at else None,
        **record.custom,
    }


@handles("QueryThreads")
def query_threads(call: Call) -> dict[str, Any]:
    """The threads the user takes part in (all threads without a user), newest activity first."""
    store = call.store
    body = call.json()
    user_id = acting_user(call, body)
    if user_id is not None:
        store.user(call.operation, user_id)
    threads = [
        record
        for record in store.threads.values()
        if record.parent_id in store.messages
        and record.cid in store.channels
        and store.channels[record.cid].deleted_at is None
        and (user_id is None or user_id in record.participants)
    ]
    documents = {record.parent_id: _document(call, record) for record in threads}
    found = [record for record in threads if matches(documents[record.parent_id], body.get("filter") or {})]
    order = parse_sort(body.get("sort")) or [("last_message_at", -1)]
    found = sort_documents(found, order, lambda record: documents[record.parent_id])
    shown, cursors = cursor_page(found, body, default=10, maximum=100)
    reply_limit = _limit(call, body.get("reply_limit"), "reply_limit", 2)
    participants = _limit(call, body.get("participant_limit"), "participant_limit", 100)
    views = [
        render.thread(store, record, reply_limit=reply_limit, participant_limit=participants, viewer=user_id)
        for record in shown
    ]
    return {"threads": views, **cursors}
