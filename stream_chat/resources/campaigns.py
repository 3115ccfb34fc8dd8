"""Campaigns and segments."""

from __future__ import annotations

from stream_chat.resources._base import AsyncResource, SyncResource


class SyncCampaigns(SyncResource):
    """Campaigns and segments (StreamChat)."""


class AsyncCampaigns(AsyncResource):
    """Campaigns and segments (StreamChatAsync)."""
