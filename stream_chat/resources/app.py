"""App-wide settings: permissions, roles, blocklists, commands, channel types, push, rate limits, usage."""

from __future__ import annotations

from stream_chat.resources._base import AsyncResource, SyncResource


class SyncApp(SyncResource):
    """App-wide methods of ``StreamChat``."""


class AsyncApp(AsyncResource):
    """App-wide methods of ``StreamChatAsync``."""
