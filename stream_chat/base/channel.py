"""``ChannelInterface``: a channel's identity and the request builders its methods share."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from stream_chat.base.checks import require_id, require_ids
from stream_chat.base.exceptions import StreamChannelException
from stream_chat.base.http import Call
from stream_chat.base.uploads import read_source, upload_form
from stream_chat_gen.api.channels import (
    delete_channel,
    get_or_create_channel,
    get_or_create_distinct_channel,
    hide_channel,
    mark_read,
    mark_unread,
    query_members,
    show_channel,
    truncate_channel,
    update_channel,
    update_channel_member_partial,
    update_channel_partial,
)
from stream_chat_gen.api.drafts import create_draft, delete_draft, get_draft
from stream_chat_gen.api.messages import get_many_messages, get_replies, send_event, send_message
from stream_chat_gen.api.moderation import ban, mute_channel, unban, unmute_channel
from stream_chat_gen.api.reactions import delete_reaction, get_reactions, send_reaction
from stream_chat_gen.api.uploads import (
    delete_channel_file,
    delete_channel_image,
    upload_channel_file,
    upload_channel_image,
)
from stream_chat_gen.types import UNSET

if TYPE_CHECKING:
    from stream_chat.base.client import StreamChatInterface
    from stream_chat_gen.models import (
        ChannelStateResponse,
        DeleteChannelResponse,
        DeleteReactionResponse,
        EventResponse,
        GetDraftResponse,
        GetManyMessagesResponse,
        GetReactionsResponse,
        GetRepliesResponse,
        HideChannelResponse,
        MarkReadResponse,
        MembersResponse,
        MuteChannelResponse,
        Response,
        SendMessageResponse,
        SendReactionResponse,
        ShowChannelResponse,
        TruncateChannelResponse,
        UnmuteResponse,
        UpdateChannelPartialResponse,
        UpdateChannelResponse,
        UpdateMemberPartialResponse,
        UploadChannelFileResponse,
        UploadChannelResponse,
    )

CREATED_BY_REQUIRED = (
    "either data.created_by or data.created_by_id must be provided when using server side auth: "
    "pass the creator's user id, as in channel.create(user_id)"
)


class ChannelArgumentError(StreamChannelException, ValueError):
    """A member operation was called without a user id (both a ``StreamChannelException``, as in the
    official client, and a ``ValueError``, like every other refused argument)."""


def add_user_id(payload: Mapping[str, Any], user_id: str) -> dict[str, Any]:
    """``payload`` with ``user: {"id": user_id}`` added, as Stream expects for server-side calls."""
    return {**payload, "user": {"id": user_id}}


def as_list(values: Iterable[Any], name: str) -> Any:
    """A list of ``values`` (so generators can be sent); a dict is left as it is, a lone string refused."""
    if isinstance(values, (str, bytes)):
        raise ValueError(f"{name} must be a list, got the single string {values!r}")
    if isinstance(values, Mapping):
        return values
    return list(values)


def isoformat(value: datetime.datetime) -> str:
    """``value.isoformat()``, as the official client sends it; a naive datetime is taken as UTC."""
    return (value if value.tzinfo else value.replace(tzinfo=datetime.UTC)).isoformat()


def _require_member(user_id: Any) -> str:
    if not isinstance(user_id, str) or not user_id:
        raise ChannelArgumentError(f"user_id must be a non-empty string, got {user_id!r}")
    return user_id


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

    def _path(self) -> tuple[str, str]:
        return self.channel_type, self._require_id()

    # Request builders shared by the sync and async channels, in the order of their methods.

    def _send_message_call(
        self, message: Mapping[str, Any], user_id: str, options: Mapping[str, Any]
    ) -> Call[SendMessageResponse]:
        require_id(user_id, "user_id")
        payload = {"message": add_user_id(message, user_id), **options}
        return Call(send_message, *self._path(), body=payload)

    def _send_event_call(self, event: Mapping[str, Any], user_id: str) -> Call[EventResponse]:
        require_id(user_id, "user_id")
        return Call(send_event, *self._path(), body={"event": add_user_id(event, user_id)})

    def _send_reaction_call(
        self, message_id: str, reaction: Mapping[str, Any], user_id: str
    ) -> Call[SendReactionResponse]:
        require_id(message_id, "message_id")
        require_id(user_id, "user_id")
        return Call(send_reaction, message_id, body={"reaction": add_user_id(reaction, user_id)})

    def _delete_reaction_call(self, message_id: str, reaction_type: str, user_id: str) -> Call[DeleteReactionResponse]:
        require_id(message_id, "message_id")
        require_id(reaction_type, "reaction_type")
        return Call(delete_reaction, message_id, reaction_type, user_id=require_id(user_id, "user_id"))

    def _create_options(self, user_id: str, options: Mapping[str, Any]) -> dict[str, Any]:
        if not isinstance(user_id, str) or not user_id:
            raise StreamChannelException(CREATED_BY_REQUIRED)
        self.custom_data["created_by"] = {"id": user_id}
        return {**options, "watch": False, "state": False, "presence": False}

    def _get_messages_call(self, message_ids: Iterable[str]) -> Call[GetManyMessagesResponse]:
        return Call(get_many_messages, *self._path(), ids=require_ids(message_ids, "message_ids"))

    def _query_call(self, options: Mapping[str, Any]) -> Call[ChannelStateResponse]:
        payload = {"state": True, "data": self.custom_data, **options}
        if self.id is None:
            return Call(get_or_create_distinct_channel, self.channel_type, body=payload)
        return Call(get_or_create_channel, self.channel_type, self.id, body=payload)

    def _remember_id(self, state: Mapping[str, Any]) -> None:
        if self.id is None:
            self.id = state["channel"]["id"]

    def _query_members_call(
        self, filter_conditions: Mapping[str, Any], sort: Any, options: Mapping[str, Any]
    ) -> Call[MembersResponse]:
        # ``id`` stays null for a distinct channel: Stream then finds it by its members.
        payload = {
            "id": self.id,
            "type": self.channel_type,
            "filter_conditions": filter_conditions,
            "sort": self.client.normalize_sort(sort),
            **options,
        }
        return Call(query_members, payload=payload)

    @staticmethod
    def _members(response: Mapping[str, Any]) -> list[dict[str, Any]]:
        members: list[dict[str, Any]] = response["members"]
        return members

    def _update_call(
        self, channel_data: Mapping[str, Any] | None, update_message: Mapping[str, Any] | None
    ) -> Call[UpdateChannelResponse]:
        return self._update_channel({"data": channel_data, "message": update_message})

    def _update_partial_call(
        self, to_set: Mapping[str, Any] | None, to_unset: Iterable[str] | None
    ) -> Call[UpdateChannelPartialResponse]:
        payload = {"set": to_set or {}, "unset": as_list(to_unset or [], "to_unset")}
        return Call(update_channel_partial, *self._path(), body=payload)

    def _delete_call(self, hard: bool, skip_truncate: bool) -> Call[DeleteChannelResponse]:
        extra = {"skip_truncate": True} if skip_truncate else None
        return Call(delete_channel, *self._path(), hard_delete=hard, extra_query=extra)

    def _truncate_call(self, options: Mapping[str, Any]) -> Call[TruncateChannelResponse]:
        return Call(truncate_channel, *self._path(), body=dict(options))

    def _add_members_call(
        self, members: Iterable[Any], message: Mapping[str, Any] | None, options: Mapping[str, Any]
    ) -> Call[UpdateChannelResponse]:
        payload = {"add_members": as_list(members, "members"), "message": message, **options}
        hide_before = payload.get("hide_history_before")
        if isinstance(hide_before, datetime.datetime):
            payload["hide_history_before"] = isoformat(hide_before)
        return self._update_channel(payload)

    def _update_list_call(
        self, key: str, values: Iterable[Any], message: Mapping[str, Any] | None
    ) -> Call[UpdateChannelResponse]:
        """``assign_roles``, ``invites``, moderators, members and filter tags: one list plus an optional message."""
        return self._update_channel({key: as_list(values, key), "message": message})

    def _mark_call(self, read: bool, user_id: str, data: Mapping[str, Any]) -> Call[Any]:
        require_id(user_id, "user_id")
        return Call(mark_read if read else mark_unread, *self._path(), body=add_user_id(data, user_id))

    def _mark_read_call(self, user_id: str, data: Mapping[str, Any]) -> Call[MarkReadResponse]:
        return self._mark_call(True, user_id, data)

    def _mark_unread_call(self, user_id: str, data: Mapping[str, Any]) -> Call[Response]:
        return self._mark_call(False, user_id, data)

    def _get_replies_call(self, parent_id: str, options: Mapping[str, Any]) -> Call[GetRepliesResponse]:
        return Call(get_replies, require_id(parent_id, "parent_id"), extra_query=options)

    def _get_reactions_call(self, message_id: str, options: Mapping[str, Any]) -> Call[GetReactionsResponse]:
        return Call(get_reactions, require_id(message_id, "message_id"), extra_query=options)

    def _ban_user_call(self, target_id: str, options: Mapping[str, Any]) -> Call[Response]:
        # The official client sends the channel as ``type`` and ``id`` (Stream still reads them).
        channel = {"type": self.channel_type, "id": self._require_id()}
        payload = {"target_user_id": require_id(target_id, "target_id"), **options, **channel}
        return Call(ban, body=payload)

    def _unban_user_call(self, target_id: str, options: Mapping[str, Any]) -> Call[Response]:
        channel = {"type": self.channel_type, "id": self._require_id()}
        return Call(unban, target_user_id=require_id(target_id, "target_id"), extra_query={**options, **channel})

    def _invite_answer_call(self, answer: str, user_id: str, data: Mapping[str, Any]) -> Call[UpdateChannelResponse]:
        """``accept_invite`` or ``reject_invite`` for ``user_id``."""
        require_id(user_id, "user_id")
        return self._update_channel({**add_user_id(data, user_id), answer: True})

    def _remember_channel(self, response: Mapping[str, Any]) -> None:
        self.custom_data = response["channel"]

    def _send_file_call(
        self, url: str, name: str, user: Mapping[str, Any], content_type: str | None
    ) -> Call[UploadChannelFileResponse]:
        path = self._path()
        form = upload_form(read_source(url, self.client.timeout), name, user, content_type)
        return Call(upload_channel_file, *path, body=form)

    def _send_image_call(
        self, url: str, name: str, user: Mapping[str, Any], content_type: str | None
    ) -> Call[UploadChannelResponse]:
        path = self._path()
        form = upload_form(read_source(url, self.client.timeout), name, user, content_type)
        return Call(upload_channel_image, *path, body=form)

    def _delete_file_call(self, url: str) -> Call[Response]:
        return Call(delete_channel_file, *self._path(), url=require_id(url, "url"))

    def _delete_image_call(self, url: str) -> Call[Response]:
        return Call(delete_channel_image, *self._path(), url=require_id(url, "url"))

    def _hide_call(self, user_id: str) -> Call[HideChannelResponse]:
        return Call(hide_channel, *self._path(), body={"user_id": require_id(user_id, "user_id")})

    def _show_call(self, user_id: str) -> Call[ShowChannelResponse]:
        return Call(show_channel, *self._path(), body={"user_id": require_id(user_id, "user_id")})

    def _mute_call(self, user_id: str, expiration: int | None) -> Call[MuteChannelResponse]:
        # ``channel_cid`` (one channel), as the official client sends it; the spec only lists ``channel_cids``.
        payload: dict[str, Any] = {"user_id": require_id(user_id, "user_id"), "channel_cid": self.cid}
        if expiration:
            payload["expiration"] = expiration
        return Call(mute_channel, body=payload)

    def _unmute_call(self, user_id: str) -> Call[UnmuteResponse]:
        return Call(unmute_channel, body={"user_id": require_id(user_id, "user_id"), "channel_cid": self.cid})

    def _update_member_partial_call(
        self, user_id: str, to_set: Mapping[str, Any] | None, to_unset: Iterable[str] | None
    ) -> Call[UpdateMemberPartialResponse]:
        payload = {"set": to_set or {}, "unset": as_list(to_unset or [], "to_unset")}
        return self._member_call(user_id, payload)

    def _set_member_call(self, user_id: str, field: str, value: bool) -> Call[UpdateMemberPartialResponse]:
        """``pin``/``unpin``/``archive``/``unarchive``: set one flag of the member ``user_id``."""
        return self._member_call(user_id, {"set": {field: value}})

    def _member_call(self, user_id: str, payload: dict[str, Any]) -> Call[UpdateMemberPartialResponse]:
        return Call(update_channel_member_partial, *self._path(), _require_member(user_id), body=payload)

    def _create_draft_call(self, message: Mapping[str, Any], user_id: str) -> Call[GetDraftResponse]:
        # As the official sync client sends it (``user_id`` inside the message), without touching ``message``.
        payload = {"message": {**message, "user_id": require_id(user_id, "user_id")}}
        return Call(create_draft, *self._path(), body=payload)

    def _delete_draft_call(self, user_id: str, parent_id: str | None) -> Call[Response]:
        require_id(user_id, "user_id")
        return Call(delete_draft, *self._path(), user_id=user_id, parent_id=parent_id or UNSET)

    def _get_draft_call(self, user_id: str, parent_id: str | None) -> Call[GetDraftResponse]:
        require_id(user_id, "user_id")
        return Call(get_draft, *self._path(), user_id=user_id, parent_id=parent_id or UNSET)

    def _update_channel(self, payload: dict[str, Any]) -> Call[UpdateChannelResponse]:
        return Call(update_channel, *self._path(), body=payload)
