"""``Channel``: the methods of one channel, for ``StreamChatAsync`` (awaitable twins of the sync ones)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stream_chat.base.channel import ChannelInterface
from stream_chat.types.stream_response import StreamResponse

if TYPE_CHECKING:
    from stream_chat.async_chat.client import StreamChatAsync
    from stream_chat_gen.models import ChannelStateResponse, SendMessageResponse


class Channel(ChannelInterface):
    """A channel, bound to an asynchronous client (see ``StreamChatAsync.channel``)."""

    client: StreamChatAsync

    async def query(self, **options: Any) -> StreamResponse[ChannelStateResponse]:
        """Get the channel's state, creating the channel if it does not exist."""
        state = await self.client._send(self._query_call(options))
        self._remember_id(state)
        return state

    async def create(self, user_id: str, **options: Any) -> StreamResponse[ChannelStateResponse]:
        """Create the channel (or get it, if it exists) with ``user_id`` as its creator."""
        return await self.query(**self._create_options(user_id, options))

    async def send_message(
        self, message: dict[str, Any], user_id: str, **options: Any
    ) -> StreamResponse[SendMessageResponse]:
        """Send ``message`` as ``user_id``; ``options`` such as ``skip_push`` go alongside it."""
        return await self.client._send(self._send_message_call(message, user_id, options))
