"""The bases of the per-group method classes: a way to send a ``Call``."""

from __future__ import annotations

import abc
from collections.abc import Mapping
from typing import Any, TypeVar

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


def query_body(
    filter_conditions: Mapping[str, Any] | None, sort: Any, options: Mapping[str, Any] | None
) -> dict[str, Any]:
    """``{filter?, sort?, **options}``: the body of the draft, segment, target and campaign queries (sort as given)."""
    body: dict[str, Any] = {}
    if filter_conditions is not None:
        body["filter"] = filter_conditions
    if sort is not None:
        body["sort"] = sort
    if options is not None:
        body.update(options)
    return body
