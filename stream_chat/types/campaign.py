"""Campaign request shapes: the campaign itself, its message and channel templates."""

from __future__ import annotations

from typing import Any, TypedDict

from stream_chat.types.base import Pager


class MessageTemplate(TypedDict, total=False):
    """The message a campaign sends: text, attachments and custom fields."""

    text: str
    attachments: list[dict[str, Any]] | None
    custom: dict[str, Any] | None


class MemberTemplate(TypedDict, total=False):
    """A member of the channels a campaign creates, with a channel role and custom fields."""

    user_id: str
    channel_role: str | None
    custom: dict[str, Any] | None


class ChannelTemplate(TypedDict, total=False):
    """The channels a campaign creates (when ``create_channels`` is set): type, id, members, custom fields."""

    type: str
    id: str | None
    members: list[str] | None
    members_template: list[MemberTemplate] | None
    custom: dict[str, Any] | None


class CampaignData(TypedDict, total=False):
    """A campaign: who sends what to whom.

    Target either ``segment_ids`` or ``user_ids``; ``channel_template`` is needed
    when ``create_channels`` is true.
    """

    message_template: MessageTemplate
    sender_id: str
    segment_ids: list[str] | None
    user_ids: list[str] | None
    create_channels: bool | None
    channel_template: ChannelTemplate | None
    name: str | None
    description: str | None
    skip_push: bool | None
    skip_webhook: bool | None


class QueryCampaignsOptions(Pager, total=False):
    """Pagination of a campaign query."""
