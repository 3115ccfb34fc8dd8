"""Events the emulator emits as Stream does (``message.new``, ``channel.created``...), shaped as in openapi/events.yaml.

Handlers call one of the builders below; the event is kept on the ``Call`` and handed to the webhook
sender only when the request succeeds, so a rejected request emits nothing.
"""

from __future__ import annotations

from typing import Any

from stream_chat.testing import render
from stream_chat.testing.clock import format_time
from stream_chat.testing.context import Call
from stream_chat.testing.state import Channel, Flag, Member, Message, Reaction, Reminder, Thread, User


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


def _channel_ids(record: Channel) -> dict[str, Any]:
    return {"cid": record.cid, "channel_id": record.id, "channel_type": record.type}


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


def freeze(call: Call, record: Channel, *, was_frozen: bool) -> None:
    """``channel.frozen`` or ``channel.unfrozen`` when the request changed the channel's ``frozen``."""
    if record.frozen != was_frozen:
        emit(call, "channel.frozen" if record.frozen else "channel.unfrozen", _channel_ids(record))


def channel_mutes(call: Call, event_type: str, user_id: str, mutes: list[dict[str, Any]]) -> None:
    """``channel.muted``, ``channel.unmuted``: ``mute`` for one channel, ``mutes`` for several (none: no event)."""
    if mutes:
        fields = {"mute": mutes[0]} if len(mutes) == 1 else {"mutes": mutes}
        emit(call, event_type, {**_user(call, user_id), **fields})


def member(call: Call, event_type: str, record: Channel, item: Member) -> None:
    """``member.added``, ``member.updated``, ``member.removed``."""
    fields = _channel_fields(call, record)
    fields.update({"member": render.member(call.store, item), **_user(call, item.user_id)})
    emit(call, event_type, fields)


def user(call: Call, event_type: str, record: User, **extra: Any) -> None:
    """``user.updated``, ``user.deleted``, ``user.deactivated``, ``user.reactivated``, ``user.banned``..."""
    emit(call, event_type, {"user": render.user(call.store, record), **extra})


def user_mutes(call: Call, event_type: str, user_id: str, target_ids: list[str]) -> None:
    """``user.muted``, ``user.unmuted``: ``target_user`` for one user, ``target_users`` for several (none: no event)."""
    targets = [render.user_by_id(call.store, target) for target in target_ids]
    if targets:
        fields = {"target_user": targets[0]} if len(targets) == 1 else {"target_users": targets}
        emit(call, event_type, {**_user(call, user_id), **fields})


def flagged(call: Call, record: Flag) -> None:
    """``message.flagged`` or ``user.flagged``, with the flag's reason and how many flags its target now has."""
    store = call.store
    target = (record.target_message_id, record.target_user_id)
    total = sum(1 for item in store.flags if (item.target_message_id, item.target_user_id) == target)
    fields: dict[str, Any] = {**_user(call, record.user_id), "reason": record.reason or "", "total_flags": total}
    flagged_message = store.messages.get(record.target_message_id or "")
    if flagged_message is None:
        fields["target_user"] = render.user_by_id(store, record.target_user_id or "")
        emit(call, "user.flagged", fields)
        return
    channel = store.channels.get(flagged_message.cid)
    if channel is not None:
        fields.update(_channel_fields(call, channel))
        fields.pop("channel")
    fields.update(
        {
            "message_id": flagged_message.id,
            "message": render.message(store, flagged_message),
            "flag": render.flag(store, record),
        }
    )
    emit(call, "message.flagged", fields)


def reminder(call: Call, event_type: str, record: Reminder) -> None:
    """``reminder.created``, ``reminder.updated``, ``reminder.deleted`` (with the reminder as it was)."""
    fields: dict[str, Any] = {"cid": record.cid, "message_id": record.message_id, "user_id": record.user_id}
    reminded = call.store.messages.get(record.message_id)
    if reminded is not None and reminded.parent_id:
        fields["parent_id"] = reminded.parent_id
    emit(call, event_type, {**fields, "reminder": render.reminder(call.store, record)})


def thread(call: Call, event_type: str, record: Thread) -> None:
    """``thread.updated``."""
    channel = call.store.channels.get(record.cid)
    fields = _channel_ids(channel) if channel is not None else {"cid": record.cid}
    emit(call, event_type, {**fields, "thread": render.thread(call.store, record)})
