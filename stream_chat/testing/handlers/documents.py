"""Records as the filters and sorts of query operations see them (shared by several handler modules)."""

from __future__ import annotations

from typing import Any

from stream_chat.testing import render
from stream_chat.testing.clock import format_time
from stream_chat.testing.context import Call
from stream_chat.testing.state import Channel


def channel_document(call: Call, channel: Channel, user_id: str | None) -> dict[str, Any]:
    """A channel as ``filter_conditions`` and ``sort`` of QueryChannels see it."""
    store = call.store
    document = render.channel(store, channel)
    document["members"] = list(channel.members)
    document["last_updated"] = format_time(max(channel.created_at, channel.last_message_at or 0))
    document["created_by_id"] = channel.created_by_id
    if user_id is not None:
        member = channel.members.get(user_id)
        user = store.users.get(user_id)
        document["joined"] = member is not None and member.status == "member"
        document["invite"] = member.status if member is not None else None
        document["hidden"] = user_id in channel.hidden_for
        document["muted"] = user is not None and channel.cid in user.channel_mutes
        document["pinned"] = member is not None and member.pinned_at is not None
        document["archived"] = member is not None and member.archived_at is not None
        document["pinned_at"] = format_time(member.pinned_at) if member and member.pinned_at else None
        read = channel.reads.get(user_id)
        document["has_unread"] = read is not None and read.unread_messages > 0
    return document
