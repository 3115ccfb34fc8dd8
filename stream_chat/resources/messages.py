"""Messages, threads, search, uploads, drafts and reminders outside a channel object."""

from __future__ import annotations

from stream_chat.resources._base import AsyncResource, SyncResource


class SyncMessages(SyncResource):
    """Messages, threads, search, uploads, drafts and reminders outside a channel object (StreamChat)."""


class AsyncMessages(AsyncResource):
    """Messages, threads, search, uploads, drafts and reminders outside a channel object (StreamChatAsync)."""
