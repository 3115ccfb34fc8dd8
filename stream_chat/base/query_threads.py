"""``QueryThreadsInterface``: the client a thread query runs on and the request it sends."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from stream_chat.base.http import Call
from stream_chat.resources._base import AsyncResource, SyncResource
from stream_chat.resources.messages import query_threads_call

if TYPE_CHECKING:
    from stream_chat.types.requests import Filter, Sort
    from stream_chat_gen.models import QueryThreadsResponse

ClientT = TypeVar("ClientT", bound=SyncResource | AsyncResource, covariant=True)


class QueryThreadsInterface(Generic[ClientT]):
    """Thread queries on a ``StreamChat`` or ``StreamChatAsync`` client."""

    def __init__(self, client: ClientT) -> None:
        if not isinstance(client, (SyncResource, AsyncResource)):
            raise TypeError(f"client must be a StreamChat or StreamChatAsync, got {type(client).__name__}")
        self.client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}(client={self.client!r})"

    @property
    def url(self) -> str:
        """``threads``, the path of thread queries."""
        return "threads"

    def _query_call(
        self, filter: Filter | None, sort: Sort | None, options: Mapping[str, Any]
    ) -> Call[QueryThreadsResponse]:
        """The same request as ``StreamChat.query_threads``."""
        return query_threads_call(self.client, filter, sort, options)
