"""The bases of the per-group method classes: a way to send a ``Call``."""

from __future__ import annotations

import abc
from typing import TypeVar

from stream_chat.base.client import StreamChatInterface
from stream_chat.base.http import Call
from stream_chat.types.stream_response import StreamResponse

T = TypeVar("T")


class SyncResource(StreamChatInterface, abc.ABC):
    """Methods of ``StreamChat``; ``_send`` runs a call with retries and returns its response."""

    @abc.abstractmethod
    def _send(self, call: Call[T]) -> StreamResponse[T]: ...


class AsyncResource(StreamChatInterface, abc.ABC):
    """Methods of ``StreamChatAsync``; ``_send`` runs a call with retries and returns its response."""

    @abc.abstractmethod
    async def _send(self, call: Call[T]) -> StreamResponse[T]: ...
