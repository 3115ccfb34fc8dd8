"""Message reminders: one per user per message, with or without a time (without one it is a bookmark)."""

from __future__ import annotations

from typing import Any

from stream_chat.testing import events, render
from stream_chat.testing.clock import format_time
from stream_chat.testing.context import Call, acting_user, handles, timestamp
from stream_chat.testing.query import cursor_page, matches, parse_sort, sort_documents
from stream_chat.testing.state import Message, Reminder


def _target(call: Call, user_id: Any) -> tuple[Message, str]:
    """The message of the path and the user the call acts for, checked."""
    store = call.store
    message = store.message(call.operation, call.params["message_id"], deleted=False)
    if not user_id:
        raise call.fail("user_id is required when using server side auth")
    store.user(call.operation, user_id)
    channel = store.channels.get(message.cid)
    if channel is None or not store.setting(channel, "user_message_reminders", False):
        raise call.fail(f"reminders are disabled for the channel type of {message.cid}", code=19)
    return message, str(user_id)


def _view(call: Call, record: Reminder) -> dict[str, Any]:
    """``ReminderResponseData``, at the top level as described and under ``reminder``."""
    view = render.reminder(call.store, record)
    return {**view, "reminder": view}


@handles("CreateReminder")
def create_reminder(call: Call) -> dict[str, Any]:
    body = call.json()
    message, user_id = _target(call, acting_user(call, body))
    if (user_id, message.id) in call.store.reminders:
        raise call.fail(f"user {user_id} already has a reminder for message {message.id}")
    now = call.now()
    remind_at = timestamp(call, body.get("remind_at"), "remind_at")
    record = Reminder(user_id, message.id, message.cid, now, now, remind_at)
    call.store.reminders[(user_id, message.id)] = record
    events.reminder(call, "reminder.created", record)
    return _view(call, record)


def _existing(call: Call, user_id: Any) -> Reminder:
    message, checked = _target(call, user_id)
    record = call.store.reminders.get((checked, message.id))
    if record is None:
        raise call.missing(f"user {checked} has no reminder for message {message.id}")
    return record


@handles("UpdateReminder")
def update_reminder(call: Call) -> dict[str, Any]:
    body = call.json()
    record = _existing(call, acting_user(call, body))
    if "remind_at" in body:
        record.remind_at = timestamp(call, body.get("remind_at"), "remind_at")
    record.updated_at = call.now()
    events.reminder(call, "reminder.updated", record)
    return {"reminder": render.reminder(call.store, record)}


@handles("DeleteReminder")
def delete_reminder(call: Call) -> dict[str, Any]:
    record = _existing(call, call.query.get("user_id"))
    del call.store.reminders[(record.user_id, record.message_id)]
    events.reminder(call, "reminder.deleted", record)
    return {}


@handles("QueryReminders")
def query_reminders(call: Call) -> dict[str, Any]:
    store = call.store
    body = call.json()
    user_id = acting_user(call, body, required=True)
    store.user(call.operation, user_id)
    mine = [record for record in store.reminders.values() if record.user_id == user_id]
    documents = {
        id(record): {
            "channel_cid": record.cid,
            "message_id": record.message_id,
            "user_id": record.user_id,
            "remind_at": format_time(record.remind_at) if record.remind_at is not None else None,
            "created_at": format_time(record.created_at),
        }
        for record in mine
    }
    found = [record for record in mine if matches(documents[id(record)], body.get("filter") or {})]
    order = parse_sort(body.get("sort")) or [("remind_at", 1)]
    found = sort_documents(found, order, lambda record: documents[id(record)])
    shown, cursors = cursor_page(found, body, default=25, maximum=100)
    return {"reminders": [render.reminder(store, record) for record in shown], **cursors}
