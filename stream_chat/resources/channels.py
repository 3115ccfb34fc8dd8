"""Queries and batch operations over many channels; exports, imports and tasks."""

from __future__ import annotations

from stream_chat.resources._base import AsyncResource, SyncResource


class SyncChannels(SyncResource):
    """Queries and batch operations over many channels; exports, imports and tasks (StreamChat)."""


class AsyncChannels(AsyncResource):
    """Queries and batch operations over many channels; exports, imports and tasks (StreamChatAsync)."""
