"""Handlers of the operations the emulator implements, registered by operationId in ``context.HANDLERS``."""

from stream_chat.testing.handlers import (
    app,
    app_policies,
    blocklists,
    campaigns,
    channels,
    exports,
    imports,
    messages,
    moderation,
    permissions,
    push,
    uploads,
    user_groups,
    users,
)

__all__ = [
    "app",
    "app_policies",
    "blocklists",
    "campaigns",
    "channels",
    "exports",
    "imports",
    "messages",
    "moderation",
    "permissions",
    "push",
    "uploads",
    "user_groups",
    "users",
]
