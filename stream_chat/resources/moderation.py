"""Bans, flags, mutes and blocks."""

from __future__ import annotations

from stream_chat.resources._base import AsyncResource, SyncResource


class SyncModeration(SyncResource):
    """Bans, flags, mutes and blocks (StreamChat)."""


class AsyncModeration(AsyncResource):
    """Bans, flags, mutes and blocks (StreamChatAsync)."""
