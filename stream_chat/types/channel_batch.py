"""Request shapes of batch channel updates (``PUT /channels/batch``)."""

from __future__ import annotations

from typing import Any, Literal, TypedDict

ChannelBatchOperation = Literal[
    "addMembers",
    "removeMembers",
    "inviteMembers",
    "assignRoles",
    "addModerators",
    "demoteModerators",
    "hide",
    "show",
    "archive",
    "unarchive",
    "updateData",
]


class ChannelBatchMemberRequest(TypedDict, total=False):
    """A member in a batch operation, optionally with the channel role to give it."""

    user_id: str
    channel_role: str | None


class ChannelDataUpdate(TypedDict, total=False):
    """Channel fields an ``updateData`` batch operation can set."""

    frozen: bool | None
    disabled: bool | None
    custom: dict[str, Any] | None
    team: str | None
    config_overrides: dict[str, Any] | None
    auto_translation_enabled: bool | None
    auto_translation_language: str | None


class ChannelsBatchFilters(TypedDict, total=False):
    """Which channels a batch operation applies to: by cid and/or type (values may use operators like ``$in``)."""

    cids: Any | None
    types: Any | None


class ChannelsBatchOptions(TypedDict, total=False):
    """A batch operation: what to do (``operation``), to which channels (``filter``), with what."""

    operation: ChannelBatchOperation
    filter: ChannelsBatchFilters
    members: list[ChannelBatchMemberRequest] | None
    data: ChannelDataUpdate | None
