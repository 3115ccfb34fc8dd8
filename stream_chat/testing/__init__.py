"""A local Stream Chat emulator: test code that uses Stream Chat without a Stream account.

In process::

    from stream_chat.testing import Emulator

    emulator = Emulator()                       # or Emulator(api_key, api_secret)
    client = StreamChat(emulator.api_key, emulator.api_secret, transport=emulator.transport())

Over HTTP: ``python -m stream_chat.testing --port 3030`` (or ``emulator.serve()``), then any client
with ``base_url="http://127.0.0.1:3030"``. In pytest: ``pytest_plugins = ["stream_chat.testing.pytest_plugin"]``
gives the ``emulator`` and ``stream_client`` fixtures. Webhooks: ``Emulator(webhook_url=...)``,
``--webhook-url`` or the app setting ``webhook_url`` receive every event, signed with ``X-Signature``.
"""

from stream_chat.testing.app import (
    DEFAULT_API_KEY,
    DEFAULT_API_SECRET,
    DEFAULT_RATE_LIMIT,
    Emulator,
)
from stream_chat.testing.exchange import Exchange, Reply
from stream_chat.testing.server import EmulatorServer

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_API_SECRET",
    "DEFAULT_RATE_LIMIT",
    "Emulator",
    "EmulatorServer",
    "Exchange",
    "Reply",
]
