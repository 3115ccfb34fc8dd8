"""Handlers of the operations the emulator implements, registered by operationId in ``context.HANDLERS``."""

from stream_chat.testing.handlers import (
    app,
    channels,
    commands,
    drafts,
    locations,
    message_actions,
    messages,
    moderation,
    polls,
    reminders,
    threads,
    uploads,
    user_data,
    users,
)

__all__ = [
    "app",
    "channels",
    "commands",
    "drafts",
    "locations",
    "message_actions",
    "messages",
    "moderation",
    "polls",
    "reminders",
    "threads",
    "uploads",
    "user_data",
    "users",
]
