"""Request and response shapes of delivery receipts."""

from __future__ import annotations

from typing import Any, TypedDict


class DeliveredMessageConfirmation(TypedDict):
    """A message reported as delivered: its channel's cid and its id."""

    cid: str
    id: str


class MarkDeliveredOptions(TypedDict, total=False):
    """What ``mark_delivered`` sends: the latest delivered message per channel, and the user (object or id)."""

    latest_delivered_messages: list[DeliveredMessageConfirmation]
    user: dict[str, Any] | None
    user_id: str | None


class ChannelReadStatus(TypedDict, total=False):
    """A member's read and delivery state in a channel (timestamps as ISO 8601 strings)."""

    last_read: str
    unread_messages: int
    user: dict[str, Any]
    first_unread_message_id: str | None
    last_read_message_id: str | None
    last_delivered_at: str | None
    last_delivered_message_id: str | None
