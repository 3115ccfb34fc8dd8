"""``QueryThreads``: thread queries as an object, for ``StreamChat`` and ``StreamChatAsync``."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, Unpack, overload

from stream_chat.base.query_threads import ClientT, QueryThreadsInterface
from stream_chat.resources._base import AsyncResource, SyncResource
from stream_chat.types.stream_response import StreamResponse

if TYPE_CHECKING:
    from stream_chat.types.requests import Filter, QueryThreadsOptions, Sort
    from stream_chat_gen.models import QueryThreadsResponse


class QueryThreads(QueryThreadsInterface[ClientT]):
    """Thread queries; with ``StreamChatAsync``, ``query_threads`` returns an awaitable."""

    @overload
    def query_threads(
        self: QueryThreads[SyncResource], filter: Filter, sort: Sort, **options: Unpack[QueryThreadsOptions]
    ) -> StreamResponse[QueryThreadsResponse]: ...

    @overload
    def query_threads(
        self: QueryThreads[AsyncResource], filter: Filter, sort: Sort, **options: Unpack[QueryThreadsOptions]
    ) -> Coroutine[Any, Any, StreamResponse[QueryThreadsResponse]]: ...

    def query_threads(
        self, filter: Filter, sort: Sort, **options: Unpack[QueryThreadsOptions]
    ) -> StreamResponse[QueryThreadsResponse] | Coroutine[Any, Any, StreamResponse[QueryThreadsResponse]]:
        """Threads matching ``filter``, sorted by ``sort``.

        Options, sent in the body: ``limit``, ``next``, ``prev``, ``reply_limit``,
        ``participant_limit``, ``member_limit``, and ``user_id`` or ``user``.
        """
        return self.client._send(self._query_call(filter, sort, options))
