"""``Channel``: the methods of one channel, for ``StreamChat``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Unpack

from stream_chat.base.channel import ChannelInterface, add_user_id
from stream_chat.types.stream_response import StreamResponse

if TYPE_CHECKING:
    from stream_chat.client import StreamChat
    from stream_chat.types.requests import (
        AddMembersOptions,
        BanOptions,
        ChannelData,
        ChannelQueryOptions,
        Filter,
        GetReactionsOptions,
        GetRepliesOptions,
        InviteAnswerOptions,
        MarkReadOptions,
        MarkUnreadOptions,
        Member,
        Message,
        QueryMembersOptions,
        Reaction,
        SendMessageOptions,
        Sort,
        TruncateOptions,
        UnbanOptions,
    )
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

__all__ = ["Channel", "add_user_id"]


class Channel(ChannelInterface):
    """A channel, bound to a synchronous client (see ``StreamChat.channel``)."""

    client: StreamChat

    def send_message(
        self, message: Message, user_id: str, **options: Unpack[SendMessageOptions]
    ) -> StreamResponse[SendMessageResponse]:
        """Send ``message`` as ``user_id``.

        Options, sent beside the message: ``skip_push``, ``skip_enrich_url``, ``pending`` with
        ``pending_message_metadata``, ``keep_channel_hidden``, ``force_moderation``,
        ``include_channel_context``, ``include_mentioned_members``.
        """
        return self.client._send(self._send_message_call(message, user_id, options))

    def send_event(self, event: dict[str, Any], user_id: str) -> StreamResponse[EventResponse]:
        """Send a custom ``event`` (``{"type": ...}``) on the channel as ``user_id``."""
        return self.client._send(self._send_event_call(event, user_id))

    def send_reaction(self, message_id: str, reaction: Reaction, user_id: str) -> StreamResponse[SendReactionResponse]:
        """Add ``reaction`` (``{"type": ...}``) by ``user_id`` to a message."""
        return self.client._send(self._send_reaction_call(message_id, reaction, user_id))

    def delete_reaction(
        self, message_id: str, reaction_type: str, user_id: str
    ) -> StreamResponse[DeleteReactionResponse]:
        """Remove the ``reaction_type`` reaction of ``user_id`` from a message."""
        return self.client._send(self._delete_reaction_call(message_id, reaction_type, user_id))

    def create(self, user_id: str, **options: Unpack[ChannelQueryOptions]) -> StreamResponse[ChannelStateResponse]:
        """Create the channel (or get it, if it exists) with ``user_id`` as its creator.

        Options: those of ``query`` (``watch``, ``state`` and ``presence`` are sent as ``False``).
        """
        return self.query(**self._create_options(user_id, options))

    def get_messages(self, message_ids: list[str]) -> StreamResponse[GetManyMessagesResponse]:
        """Get messages of this channel by id."""
        return self.client._send(self._get_messages_call(message_ids))

    def query(self, **options: Unpack[ChannelQueryOptions]) -> StreamResponse[ChannelStateResponse]:
        """Get the channel's state, creating the channel if it does not exist.

        Options: ``state`` (default ``True``), ``watch``, ``presence``, paging of ``messages``,
        ``members`` and ``watchers``, ``data`` for a new channel (default: this object's),
        ``hide_for_creator``, ``member_custom_include``, ``thread_unread_counts``.
        """
        state = self.client._send(self._query_call(options))
        self._remember_id(state)
        return state

    def query_members(
        self, filter_conditions: Filter, sort: Sort | None = None, **options: Unpack[QueryMembersOptions]
    ) -> list[dict[str, Any]]:
        """The members matching ``filter_conditions``, as a plain list.

        Options: ``limit``, ``offset``, ``user_id`` or ``user``, and for a distinct channel without
        an id, its ``members``.
        """
        return self._members(self.client._send(self._query_members_call(filter_conditions, sort, options)))

    def update(
        self, channel_data: ChannelData, update_message: Message | None = None
    ) -> StreamResponse[UpdateChannelResponse]:
        """Replace the channel's data, optionally posting ``update_message``."""
        return self.client._send(self._update_call(channel_data, update_message))

    def update_partial(
        self, to_set: ChannelData | None = None, to_unset: Iterable[str] | None = None
    ) -> StreamResponse[UpdateChannelPartialResponse]:
        """Set and unset some fields of the channel's data."""
        return self.client._send(self._update_partial_call(to_set, to_unset))

    def delete(self, hard: bool = False, *, skip_truncate: bool = False) -> StreamResponse[DeleteChannelResponse]:
        """Delete the channel (``hard`` removes its messages for good; ``skip_truncate`` keeps them)."""
        return self.client._send(self._delete_call(hard, skip_truncate))

    def truncate(self, **options: Unpack[TruncateOptions]) -> StreamResponse[TruncateChannelResponse]:
        """Remove the channel's messages.

        Options: ``hard_delete``, ``truncated_at``, ``member_ids``, ``message`` (a system message to
        post) with ``skip_push``, and ``user_id`` or ``user``.
        """
        return self.client._send(self._truncate_call(options))

    def add_members(
        self,
        members: Iterable[Member] | Iterable[str],
        message: Message | None = None,
        **options: Unpack[AddMembersOptions],
    ) -> StreamResponse[UpdateChannelResponse]:
        """Add members (user ids or member dicts), and post ``message`` about it.

        Options, sent beside them: ``hide_history``, ``hide_history_before``, ``skip_push``,
        ``user_id`` or ``user``, and any other change of ``update``'s request (``add_moderators``...).
        """
        return self.client._send(self._add_members_call(members, message, options))

    def assign_roles(
        self, members: Iterable[dict[str, Any]], message: dict[str, Any] | None = None
    ) -> StreamResponse[UpdateChannelResponse]:
        """Give members channel roles (``{"user_id": ..., "channel_role": ...}``)."""
        return self.client._send(self._update_list_call("assign_roles", members, message))

    def invite_members(
        self, user_ids: Iterable[str], message: dict[str, Any] | None = None
    ) -> StreamResponse[UpdateChannelResponse]:
        """Invite users to the channel."""
        return self.client._send(self._update_list_call("invites", user_ids, message))

    def add_moderators(
        self, user_ids: Iterable[str], message: dict[str, Any] | None = None
    ) -> StreamResponse[UpdateChannelResponse]:
        """Make members moderators."""
        return self.client._send(self._update_list_call("add_moderators", user_ids, message))

    def remove_members(
        self, user_ids: Iterable[str], message: dict[str, Any] | None = None
    ) -> StreamResponse[UpdateChannelResponse]:
        """Remove members from the channel."""
        return self.client._send(self._update_list_call("remove_members", user_ids, message))

    def demote_moderators(
        self, user_ids: Iterable[str], message: dict[str, Any] | None = None
    ) -> StreamResponse[UpdateChannelResponse]:
        """Make moderators plain members again."""
        return self.client._send(self._update_list_call("demote_moderators", user_ids, message))

    def mark_read(self, user_id: str, **data: Unpack[MarkReadOptions]) -> StreamResponse[MarkReadResponse]:
        """Mark the channel read for ``user_id``; options ``message_id``, ``thread_id``."""
        return self.client._send(self._mark_read_call(user_id, data))

    def mark_unread(self, user_id: str, **data: Unpack[MarkUnreadOptions]) -> StreamResponse[Response]:
        """Mark the channel unread for ``user_id``; options ``message_id``, ``message_timestamp``, ``thread_id``."""
        return self.client._send(self._mark_unread_call(user_id, data))

    def get_replies(self, parent_id: str, **options: Unpack[GetRepliesOptions]) -> StreamResponse[GetRepliesResponse]:
        """Get the replies of a thread; options (sent in the query): ``limit``, ``sort``, ``id_gt``,
        ``id_gte``, ``id_lt``, ``id_lte``, ``id_around``, ``member_custom_include``."""
        return self.client._send(self._get_replies_call(parent_id, options))

    def get_reactions(
        self, message_id: str, **options: Unpack[GetReactionsOptions]
    ) -> StreamResponse[GetReactionsResponse]:
        """Get the reactions of a message; options ``limit``, ``offset`` (sent in the query)."""
        return self.client._send(self._get_reactions_call(message_id, options))

    def ban_user(self, target_id: str, **options: Unpack[BanOptions]) -> StreamResponse[Response]:
        """Ban ``target_id`` from this channel.

        Options: ``timeout`` (minutes), ``reason``, ``shadow``, ``ip_ban``, ``delete_messages``,
        ``delete_reactions``, and the banning user as ``banned_by_id``, ``banned_by``, ``user_id`` or ``user``.
        """
        return self.client._send(self._ban_user_call(target_id, options))

    def unban_user(self, target_id: str, **options: Unpack[UnbanOptions]) -> StreamResponse[Response]:
        """Lift the ban of ``target_id`` in this channel; options ``created_by``, ``reason``,
        ``remove_future_channels_ban`` (sent in the query)."""
        return self.client._send(self._unban_user_call(target_id, options))

    def accept_invite(self, user_id: str, **data: Unpack[InviteAnswerOptions]) -> StreamResponse[UpdateChannelResponse]:
        """Accept ``user_id``'s invitation; the channel's data is then the response's ``channel``.

        Options, sent beside the answer: ``message`` (with ``skip_push``), and any other change of
        ``update``'s request (``hide_history``, ``add_members``...).
        """
        response = self.client._send(self._invite_answer_call("accept_invite", user_id, data))
        self._remember_channel(response)
        return response

    def reject_invite(self, user_id: str, **data: Unpack[InviteAnswerOptions]) -> StreamResponse[UpdateChannelResponse]:
        """Decline ``user_id``'s invitation; the channel's data is then the response's ``channel``.

        Options, sent beside the answer: ``message`` (with ``skip_push``), and any other change of
        ``update``'s request.
        """
        response = self.client._send(self._invite_answer_call("reject_invite", user_id, data))
        self._remember_channel(response)
        return response

    def send_file(
        self, url: str, name: str, user: dict[str, Any], content_type: str | None = None
    ) -> StreamResponse[UploadChannelFileResponse]:
        """Upload the file at ``url`` (a local path or a URL to download) to the channel as ``user``."""
        return self.client._send(self._send_file_call(url, name, user, content_type))

    def send_image(
        self, url: str, name: str, user: dict[str, Any], content_type: str | None = None
    ) -> StreamResponse[UploadChannelResponse]:
        """Upload the image at ``url`` (a local path or a URL to download) to the channel as ``user``."""
        return self.client._send(self._send_image_call(url, name, user, content_type))

    def delete_file(self, url: str) -> StreamResponse[Response]:
        """Delete a file uploaded to the channel, by its URL."""
        return self.client._send(self._delete_file_call(url))

    def delete_image(self, url: str) -> StreamResponse[Response]:
        """Delete an image uploaded to the channel, by its URL."""
        return self.client._send(self._delete_image_call(url))

    def hide(self, user_id: str) -> StreamResponse[HideChannelResponse]:
        """Hide the channel from ``user_id``'s channel list until a new message arrives."""
        return self.client._send(self._hide_call(user_id))

    def show(self, user_id: str) -> StreamResponse[ShowChannelResponse]:
        """Show a hidden channel to ``user_id`` again."""
        return self.client._send(self._show_call(user_id))

    def mute(self, user_id: str, expiration: int | None = None) -> StreamResponse[MuteChannelResponse]:
        """Mute the channel for ``user_id``, for ``expiration`` milliseconds or until unmuted."""
        return self.client._send(self._mute_call(user_id, expiration))

    def unmute(self, user_id: str) -> StreamResponse[UnmuteResponse]:
        """Unmute the channel for ``user_id``."""
        return self.client._send(self._unmute_call(user_id))

    def pin(self, user_id: str) -> StreamResponse[UpdateMemberPartialResponse]:
        """Pin the channel for the member ``user_id``."""
        return self.client._send(self._set_member_call(user_id, "pinned", True))

    def unpin(self, user_id: str) -> StreamResponse[UpdateMemberPartialResponse]:
        """Unpin the channel for the member ``user_id``."""
        return self.client._send(self._set_member_call(user_id, "pinned", False))

    def archive(self, user_id: str) -> StreamResponse[UpdateMemberPartialResponse]:
        """Archive the channel for the member ``user_id``."""
        return self.client._send(self._set_member_call(user_id, "archived", True))

    def unarchive(self, user_id: str) -> StreamResponse[UpdateMemberPartialResponse]:
        """Unarchive the channel for the member ``user_id``."""
        return self.client._send(self._set_member_call(user_id, "archived", False))

    def update_member_partial(
        self, user_id: str, to_set: dict[str, Any] | None = None, to_unset: Iterable[str] | None = None
    ) -> StreamResponse[UpdateMemberPartialResponse]:
        """Set and unset fields of the member ``user_id`` (custom fields, ``pinned``...)."""
        return self.client._send(self._update_member_partial_call(user_id, to_set, to_unset))

    def create_draft(self, message: dict[str, Any], user_id: str) -> StreamResponse[GetDraftResponse]:
        """Save ``message`` as ``user_id``'s draft in the channel (``parent_id`` in it for a thread)."""
        return self.client._send(self._create_draft_call(message, user_id))

    def delete_draft(self, user_id: str, parent_id: str | None = None) -> StreamResponse[Response]:
        """Delete ``user_id``'s draft in the channel, or in the thread of ``parent_id``."""
        return self.client._send(self._delete_draft_call(user_id, parent_id))

    def get_draft(self, user_id: str, parent_id: str | None = None) -> StreamResponse[GetDraftResponse]:
        """Get ``user_id``'s draft in the channel, or in the thread of ``parent_id``."""
        return self.client._send(self._get_draft_call(user_id, parent_id))

    def add_filter_tags(
        self, tags: Iterable[str], message: dict[str, Any] | None = None
    ) -> StreamResponse[UpdateChannelResponse]:
        """Add filter tags to the channel."""
        return self.client._send(self._update_list_call("add_filter_tags", tags, message))

    def remove_filter_tags(
        self, tags: Iterable[str], message: dict[str, Any] | None = None
    ) -> StreamResponse[UpdateChannelResponse]:
        """Remove filter tags from the channel."""
        return self.client._send(self._update_list_call("remove_filter_tags", tags, message))
