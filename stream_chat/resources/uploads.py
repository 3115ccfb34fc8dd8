"""File and image uploads."""

from __future__ import annotations

from stream_chat.resources._base import AsyncResource, SyncResource


class SyncUploads(SyncResource):
    """Uploads of ``StreamChat``."""


class AsyncUploads(AsyncResource):
    """Uploads of ``StreamChatAsync``."""
