"""``ChannelInterface``: a channel's identity and the request builders its methods share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from stream_chat.base.checks import require_id
from stream_chat.base.exceptions import StreamChannelException
from stream_chat.base.http import Call
from stream_chat_gen.api.channels import get_or_create_channel, get_or_create_distinct_channel
from stream_chat_gen.api.messages import send_message

if TYPE_CHECKING:
    from stream_chat.base.client import StreamChatInterface
    from stream_chat_gen.models import ChannelStateResponse, SendMessageResponse

CREATED_BY_REQUIRED = (
    "either data.created_by or data.created_by_id must be provided when using server side auth: "
    "pass the creator's user id, as in channel.create(user_id)"
)


def add_user_id(payload: Mapping[str, Any], user_id: str) -> dict[str, Any]:
    """``payload`` with ``user: {"id": user_id}`` added, as Stream expects for server-side calls."""
    return {**payload, "user": {"id": user_id}}


class ChannelInterface:
    """A channel of a type, with an id (or none yet, for distinct channels keyed by members)."""

    def __init__(
        self,
        client: StreamChatInterface,
        channel_type: str,
        channel_id: str | None = None,
        custom_data: dict[str, Any] | None = None,
    ) -> None:
        self.channel_type = require_id(channel_type, "channel_type")
        if channel_id is not None:
            require_id(channel_id, "channel_id")
        self.id = channel_id
        self.client = client
        self.custom_data: dict[str, Any] = custom_data or {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(channel_type={self.channel_type!r}, id={self.id!r})"

    @property
    def url(self) -> str:
        """``channels/<type>/<id>``, the channel's path."""
        return f"channels/{self.channel_type}/{self._require_id()}"

    @property
    def cid(self) -> str:
        """``<type>:<id>``, the channel's full id."""
        return f"{self.channel_type}:{self._require_id()}"

    def _require_id(self) -> str:
        if self.id is None:
            raise StreamChannelException("channel does not have an id")
        return self.id

    # Request builders shared by the sync and async channels.

    def _query_call(self, options: Mapping[str, Any]) -> Call[ChannelStateResponse]:
        payload = {"state": True, "data": self.custom_data, **options}
        if self.id is None:
            return Call(get_or_create_distinct_channel, self.channel_type, body=payload)
        return Call(get_or_create_channel, self.channel_type, self.id, body=payload)

    def _create_options(self, user_id: str, options: dict[str, Any]) -> dict[str, Any]:
        if not isinstance(user_id, str) or not user_id:
            raise StreamChannelException(CREATED_BY_REQUIRED)
        self.custom_data["created_by"] = {"id": user_id}
        return {**options, "watch": False, "state": False, "presence": False}

    def _remember_id(self, state: Mapping[str, Any]) -> None:
        if self.id is None:
            self.id = state["channel"]["id"]

    def _send_message_call(
        self, message: Mapping[str, Any], user_id: str, options: Mapping[str, Any]
    ) -> Call[SendMessageResponse]:
        require_id(user_id, "user_id")
        payload = {"message": add_user_id(message, user_id), **options}
        return Call(send_message, self.channel_type, self._require_id(), body=payload)
