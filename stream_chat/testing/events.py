"""Events the emulator emits as Stream does (``message.new``, ``channel.created``...), shaped as in openapi/events.yaml.

Handlers call one of the builders below; the event is kept on the ``Call`` and handed to the webhook
sender only when the request succeeds, so a rejected request emits nothing.
"""

from __future__ import annotations

from typing import Any

from stream_chat.testing import render
from stream_chat.testing.clock import format_time
from stream_chat.testing.context import Call
from stream_chat.testing.state import Channel, Member, Message, Reaction, User


def emit(call: Call, event_type: str, fields: dict[str, Any]) -> None:
    """Record an event of ``event_type`` with ``fields`` (``created_at`` and ``custom`` are added)."""
    call.events.append({"type": event_type, **fields, "created_at": format_time(call.now()), "custom": {}})


def _channel_fields(call: Call, channel: Channel) -> dict[str, Any]:
    store = call.store
    fields: dict[str, Any] = {
        "cid": channel.cid,
        "channel_id": channel.id,
        "channel_type": channel.type,
        "channel": render.channel(store, channel),
        "channel_member_count": len(channel.members),
        "channel_custom": dict(channel.data),
    }
    if channel.team:
        fields["team"] = channel.team
    return fields


def _user(call: Call, user_id: str | None) -> dict[str, Any]:
    return {"user": render.user_by_id(call.store, user_id)} if user_id else {}


def message(call: Call, event_type: str, record: Message, **extra: Any) -> None:
    """``message.new``, ``message.updated``, ``message.deleted`` (``hard_delete=``), ``message.undeleted``."""
    channel = call.store.channels.get(record.cid)
    fields: dict[str, Any] = _channel_fields(call, channel) if channel is not None else {"cid": record.cid}
    view = render.message(call.store, record)
    fields.update({"message_id": record.id, "message": view, **_user(call, record.user_id), **extra})
    if event_type == "message.new":
        fields["watcher_count"] = 0
    if event_type == "message.deleted":
        fields.setdefault("hard_delete", False)
        fields.pop("channel", None)
    emit(call, event_type, fields)


def reaction(call: Call, event_type: str, record: Message, item: Reaction) -> None:
    """``reaction.new``, ``reaction.updated``, ``reaction.deleted``."""
    channel = call.store.channels[record.cid]
    fields = _channel_fields(call, channel)
    fields.update(
        {
            "message_id": record.id,
            "message": render.message(call.store, record),
            "reaction": render.reaction(call.store, item),
            **_user(call, item.user_id),
        }
    )
    emit(call, event_type, fields)


def channel(call: Call, event_type: str, record: Channel, user_id: str | None = None, **extra: Any) -> None:
    """``channel.created``, ``channel.updated``, ``channel.deleted``, ``channel.truncated``, ``channel.hidden``..."""
    emit(call, event_type, {**_channel_fields(call, record), **_user(call, user_id), **extra})


def member(call: Call, event_type: str, record: Channel, item: Member) -> None:
    """``member.added``, ``member.updated``, ``member.removed``."""
    fields = _channel_fields(call, record)
    fields.update({"member": render.member(call.store, item), **_user(call, item.user_id)})
    emit(call, event_type, fields)


def user(call: Call, event_type: str, record: User, **extra: Any) -> None:
    """``user.updated``, ``user.deleted``, ``user.deactivated``, ``user.reactivated``, ``user.banned``..."""
    emit(call, event_type, {"user": render.user(call.store, record), **extra})
