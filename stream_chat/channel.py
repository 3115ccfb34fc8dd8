"""``Channel``: the methods of one channel, for ``StreamChat``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stream_chat.base.channel import ChannelInterface, add_user_id
from stream_chat.types.stream_response import StreamResponse

if TYPE_CHECKING:
    from stream_chat.client import StreamChat
    from stream_chat_gen.models import ChannelStateResponse, SendMessageResponse

__all__ = ["Channel", "add_user_id"]


class Channel(ChannelInterface):
    """A channel, bound to a synchronous client (see ``StreamChat.channel``)."""

    client: StreamChat

    def query(self, **options: Any) -> StreamResponse[ChannelStateResponse]:
        """Get the channel's state, creating the channel if it does not exist."""
        state = self.client._send(self._query_call(options))
        self._remember_id(state)
        return state

    def create(self, user_id: str, **options: Any) -> StreamResponse[ChannelStateResponse]:
        """Create the channel (or get it, if it exists) with ``user_id`` as its creator."""
        return self.query(**self._create_options(user_id, options))

    def send_message(
        self, message: dict[str, Any], user_id: str, **options: Any
    ) -> StreamResponse[SendMessageResponse]:
        """Send ``message`` as ``user_id``; ``options`` such as ``skip_push`` go alongside it."""
        return self.client._send(self._send_message_call(message, user_id, options))
