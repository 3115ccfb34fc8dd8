"""Handlers of the operations the emulator implements, registered by operationId in ``context.HANDLERS``."""

from stream_chat.testing.handlers import app, channels, messages, moderation, uploads, users

__all__ = ["app", "channels", "messages", "moderation", "uploads", "users"]
