"""What the client methods take as dicts and keyword options, for type checkers and IDEs.

The dicts are the generated ``TypedDict``s of ``stream_chat_gen.typed_dicts``, key for key the
API's request schemas, each also accepting any mapping: Stream keeps custom data at the top level
of a message, a user, a channel's data, a member and a reaction, filters are open by nature, and
a dict built elsewhere (``dict[str, Any]``) is what drop-in code passes. An IDE completes the
known keys; a checker cannot tell a typo from a custom field there. Sort entries and keyword
options are closed: a misspelt key or keyword is an error in mypy and pyright. Each
``...Options`` lists the keys of the operation's request schema that the method does not set
itself (``tests/test_request_types.py`` holds them to ``openapi/``), plus what the official
client also sends.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict

from stream_chat.types.base import SortParam
from stream_chat_gen.typed_dicts import (
    ChannelInputDict,
    ChannelInputRequestDict,
    ChannelMemberRequestDict,
    MessageOptionsDict,
    MessagePaginationParamsDict,
    MessageRequestDict,
    PaginationParamsDict,
    ReactionRequestDict,
    SortParamRequestDict,
    UpdateMessagePartialRequestDict,
    UserRequestDict,
)

if TYPE_CHECKING:
    import httpx

    from stream_chat.base.pacing import RateLimitPacer

Message: TypeAlias = MessageRequestDict | Mapping[str, Any]
"""A message: the described keys, and custom fields beside them."""
User: TypeAlias = UserRequestDict | Mapping[str, Any]
"""A user: ``id``, the described keys, and custom fields beside them."""
ChannelData: TypeAlias = ChannelInputDict | Mapping[str, Any]
"""A channel's data: the described keys, and custom fields beside them."""
Member: TypeAlias = ChannelMemberRequestDict | Mapping[str, Any]
"""A channel member: ``user_id``, the described keys, and custom fields beside them."""
Reaction: TypeAlias = ReactionRequestDict | Mapping[str, Any]
"""A reaction: ``type``, the described keys, and custom fields beside them."""
MessageUpdates: TypeAlias = UpdateMessagePartialRequestDict | Mapping[str, Any]
"""``{"set": {...}, "unset": [...]}`` of ``update_message_partial``."""
Filter: TypeAlias = Mapping[str, Any]
"""A filter in Stream's query syntax (``{"members": {"$in": ["alice"]}}``): open by nature."""
SortEntry: TypeAlias = SortParamRequestDict | SortParam | Mapping[str, int]
"""``{"field": "created_at", "direction": -1}``, or ``{"created_at": -1}``."""
Sort: TypeAlias = SortEntry | Iterable[SortEntry]
"""One sort entry, or several in order of precedence."""


class IterChannelsOptions(TypedDict, total=False):
    """Keyword options of ``iter_channels``: those of ``query_channels`` but paging."""

    filter_values: Mapping[str, Any]
    """Values for the placeholders of ``predefined_filter``."""
    member_custom_include: Sequence[str]
    """Keys of the senders' member custom data to attach to each message's ``member``."""
    member_limit: int
    """Members to return per channel."""
    message_limit: int
    """Messages to return per channel."""
    predefined_filter: str
    """Use this saved filter instead of ``filter_conditions``."""
    sort_values: Mapping[str, Any]
    """Values for the placeholders of the predefined filter's sort."""
    state: bool
    """Return each channel's state (messages, members, reads); default ``True``."""
    user: User
    """The user the query runs as (server-side), as an object."""
    user_id: str
    """The user the query runs as (server-side)."""
    watch: bool
    """Start watching the channels (default ``False``)."""
    presence: bool
    """Include the members' presence (default ``False``)."""


class QueryChannelsOptions(IterChannelsOptions, total=False):
    """Keyword options of ``query_channels``."""

    limit: int
    """How many channels to return."""
    offset: int
    """Channels to skip."""


class IterUsersOptions(TypedDict, total=False):
    """Keyword options of ``iter_users``: those of ``query_users`` but paging."""

    include_deactivated_users: bool
    """Include deactivated users in the result."""
    presence: bool
    """Include the users' presence."""
    user: User
    """The user the query runs as (server-side), as an object."""
    user_id: str
    """The user the query runs as (server-side)."""


class QueryUsersOptions(IterUsersOptions, total=False):
    """Keyword options of ``query_users``."""

    limit: int
    """How many users to return."""
    offset: int
    """Users to skip."""


class SendMessageOptions(TypedDict, total=False):
    """Keyword options of ``Channel.send_message``, sent beside the message."""

    force_moderation: bool
    """Run moderation even for a server-side request."""
    include_channel_context: bool
    """Return the channel's context with the message."""
    include_mentioned_members: bool
    """Return the mentioned users as members."""
    keep_channel_hidden: bool
    """Do not unhide the channel for its members."""
    pending: bool
    """Send the message as pending (needs pending messages enabled)."""
    pending_message_metadata: Mapping[str, str]
    """Metadata of a pending message."""
    skip_enrich_url: bool
    """Do not unfurl URLs in the text."""
    skip_push: bool
    """Send no push notification."""


class UpdateMessagePartialOptions(TypedDict, total=False):
    """Keyword options of ``update_message_partial``, sent beside ``set``/``unset``."""

    skip_enrich_url: bool
    """Do not unfurl URLs in the new text."""
    skip_push: bool
    """Send no push notification."""
    user: User
    """The user making the change, as an object."""


class ChannelQueryOptions(TypedDict, total=False):
    """Keyword options of ``Channel.query`` and ``Channel.create``."""

    data: ChannelData
    """The channel's data, used only when the channel is created (default: the ``Channel``'s own)."""
    hide_for_creator: bool
    """Create the channel hidden for its creator."""
    member_custom_include: Sequence[str]
    """Keys of the senders' member custom data to attach to each message's ``member``."""
    members: PaginationParamsDict | Mapping[str, Any]
    """Paging of the returned members."""
    messages: MessagePaginationParamsDict | Mapping[str, Any]
    """Paging of the returned messages."""
    state: bool
    """Return the channel's state (messages, members, reads); default ``True``."""
    thread_unread_counts: bool
    """Include unread counts of threads."""
    watchers: PaginationParamsDict | Mapping[str, Any]
    """Paging of the returned watchers."""
    watch: bool
    """Start watching the channel."""
    presence: bool
    """Include the members' presence."""


class TruncateOptions(TypedDict, total=False):
    """Keyword options of ``Channel.truncate``."""

    hard_delete: bool
    """Remove the messages for good instead of hiding them."""
    member_ids: Sequence[str]
    """Truncate only for these members."""
    message: Message
    """A system message to post in the emptied channel."""
    skip_push: bool
    """Send no push notification for ``message``."""
    truncated_at: datetime.datetime | str
    """Remove only the messages sent before this time."""
    user: User
    """The user truncating the channel, as an object."""
    user_id: str
    """The user truncating the channel."""


class DeleteChannelsOptions(TypedDict, total=False):
    """Keyword options of ``delete_channels``."""

    hard_delete: bool
    """Remove the channels and their messages for good."""


class DeleteUserOptions(TypedDict, total=False):
    """Keyword options of ``delete_user`` (sent in the query)."""

    mark_messages_deleted: bool
    """Also mark the user's messages deleted."""
    hard_delete: bool
    """Remove the user for good instead of marking them deleted."""
    delete_conversation_channels: bool
    """Also delete the user's one-to-one channels."""


class DeactivateUserOptions(TypedDict, total=False):
    """Keyword options of ``deactivate_user``."""

    created_by_id: str
    """The user doing the deactivation, for the audit trail."""
    mark_messages_deleted: bool
    """Also mark the user's messages deleted."""


class ReactivateUserOptions(TypedDict, total=False):
    """Keyword options of ``reactivate_user``."""

    created_by_id: str
    """The user doing the reactivation, for the audit trail."""
    name: str
    """A new name for the user."""
    restore_messages: bool
    """Restore the messages deleted at deactivation."""


class GetMessageOptions(TypedDict, total=False):
    """Keyword options of ``get_message`` (sent in the query)."""

    show_deleted_message: bool
    """Return the message even if it was deleted."""


class GetReactionsOptions(TypedDict, total=False):
    """Keyword options of ``Channel.get_reactions`` (sent in the query)."""

    limit: int
    """How many reactions to return."""
    offset: int
    """Reactions to skip."""


class IterRepliesOptions(TypedDict, total=False):
    """Keyword options of ``iter_replies``: those of ``Channel.get_replies`` but paging."""

    sort: Sequence[Any]
    """Order of the replies."""
    id_gte: str
    """Replies from this message id on."""
    id_gt: str
    """Replies after this message id."""
    id_lte: str
    """Replies up to this message id."""
    id_around: str
    """Replies around this message id."""
    member_custom_include: Sequence[str]
    """Keys of the senders' member custom data to attach to each reply's ``member``."""


class GetRepliesOptions(IterRepliesOptions, total=False):
    """Keyword options of ``Channel.get_replies`` (sent in the query)."""

    limit: int
    """How many replies to return."""
    id_lt: str
    """Replies before this message id."""


class BanOptions(TypedDict, total=False):
    """Keyword options of ``ban_user``: app-wide, or from one channel by ``channel_cid`` or ``type`` and ``id``.

    ``Channel.ban_user`` takes the same; there the channel is always its own.
    """

    ban_from_future_channels: bool
    """Also ban the user from channels the banning user creates later."""
    banned_by: User
    """The user banning, as an object."""
    banned_by_id: str
    """The user banning."""
    channel_cid: str
    """Ban from this channel only."""
    delete_messages: str
    """Delete the user's messages: ``soft``, ``pruning`` or ``hard``."""
    delete_reactions: bool
    """Also delete the user's reactions."""
    ip_ban: bool
    """Also ban the user's last known IP address."""
    reason: str
    """Why the user is banned."""
    shadow: bool
    """Hide the user's messages from others without telling them."""
    timeout: int
    """Minutes until the ban ends (none: until lifted)."""
    user: User
    """The user banning, as an object."""
    user_id: str
    """The user banning."""
    type: str
    """Ban from the channel of this type and ``id`` (as the official client sends it)."""
    id: str
    """Ban from the channel of this ``type`` and id."""


class FlagOptions(TypedDict, total=False):
    """Keyword options of ``flag_message`` and ``flag_user``."""

    custom: Mapping[str, Any]
    """Custom data kept with the flag."""
    reason: str
    """Why it is flagged."""
    user: User
    """The user flagging, as an object."""
    user_id: str
    """The user flagging."""


class MuteOptions(TypedDict, total=False):
    """Keyword options of ``mute_user`` and ``mute_users``."""

    timeout: int
    """Minutes until the mute ends (none: until unmuted)."""
    user: User
    """The user muting, as an object."""


class IterMembersOptions(TypedDict, total=False):
    """Keyword options of ``iter_members``: those of ``Channel.query_members`` but paging."""

    members: Sequence[Member]
    """For a distinct channel without an id: its members, by which Stream finds it."""
    user: User
    """The user the query runs as (server-side), as an object."""
    user_id: str
    """The user the query runs as (server-side)."""


class QueryMembersOptions(IterMembersOptions, total=False):
    """Keyword options of ``Channel.query_members``."""

    limit: int
    """How many members to return."""
    offset: int
    """Members to skip."""


class MarkReadOptions(TypedDict, total=False):
    """Keyword options of ``Channel.mark_read``."""

    message_id: str
    """Mark read up to this message."""
    thread_id: str
    """Mark this thread read instead of the channel."""
    user: User
    """The user, as an object."""


class MarkUnreadOptions(TypedDict, total=False):
    """Keyword options of ``Channel.mark_unread``: where unread starts."""

    message_id: str
    """Unread from this message on."""
    message_timestamp: str
    """Unread from this time on (RFC 3339)."""
    thread_id: str
    """Mark this thread unread instead of the channel."""
    user: User
    """The user, as an object."""


class IterSearchOptions(TypedDict, total=False):
    """Keyword options of ``iter_search_results``: those of ``search`` but paging."""

    message_options: MessageOptionsDict | Mapping[str, Any]
    """What to include with each message."""
    force_default_search: bool
    """Use Stream's default search even where another backend is configured."""
    force_sql_v2_backend: bool
    """Use the SQL v2 search backend."""


class SearchOptions(IterSearchOptions, total=False):
    """Keyword options of ``search``."""

    limit: int
    """How many messages to return."""
    offset: int
    """Messages to skip (not with ``sort`` or ``next``)."""
    next: str
    """The cursor a previous page returned."""


class DeactivateUsersOptions(TypedDict, total=False):
    """Keyword options of ``deactivate_users``."""

    created_by_id: str
    """The user doing the deactivation, for the audit trail."""
    mark_channels_deleted: bool
    """Also mark the users' channels deleted."""
    mark_messages_deleted: bool
    """Also mark the users' messages deleted."""


class DeleteUsersOptions(TypedDict, total=False):
    """Keyword options of ``delete_users``: what else to delete with the users."""

    calls: str
    """The users' calls: ``soft`` or ``hard``."""
    conversations: str
    """The users' one-to-one channels: ``soft`` or ``hard``."""
    files: bool
    """Also delete the files they uploaded."""
    messages: str
    """The users' messages: ``soft``, ``pruning`` or ``hard``."""
    new_call_owner_id: str
    """Who owns the users' calls afterwards."""
    new_channel_owner_id: str
    """Who owns the users' channels afterwards."""


class UnflagOptions(TypedDict, total=False):
    """Keyword options of ``unflag_message`` and ``unflag_user``."""

    user_id: str
    """The user whose flag is withdrawn."""


class BlockOptions(TypedDict, total=False):
    """Keyword options of ``block_user`` and ``unblock_user``."""

    user: User
    """The user blocking, as an object (besides ``user_id``)."""


class IterThreadsOptions(TypedDict, total=False):
    """Keyword options of ``iter_threads``: those of ``query_threads`` but paging."""

    member_limit: int
    """Members to return per thread."""
    participant_limit: int
    """Participants to return per thread."""
    reply_limit: int
    """Latest replies to return per thread."""
    user: User
    """The user the query runs as (server-side), as an object."""
    user_id: str
    """The user the query runs as (server-side)."""


class QueryThreadsOptions(IterThreadsOptions, total=False):
    """Keyword options of ``query_threads``."""

    limit: int
    """How many threads to return."""
    next: str
    """The cursor of the next page, from a previous answer."""
    prev: str
    """The cursor of the previous page, from a previous answer."""


class QueryMessageHistoryOptions(TypedDict, total=False):
    """Keyword options of ``query_message_history``."""

    limit: int
    """How many entries to return."""
    next: str
    """The cursor of the next page, from a previous answer."""
    prev: str
    """The cursor of the previous page, from a previous answer."""


class DeleteMessageOptions(TypedDict, total=False):
    """Keyword options of ``delete_message`` (sent in the query)."""

    hard: bool
    """Remove the message for good instead of marking it deleted."""


class UnbanOptions(TypedDict, total=False):
    """Keyword options of ``Channel.unban_user`` (sent in the query)."""

    created_by: str
    """The user lifting the ban."""
    remove_future_channels_ban: bool
    """Also lift the ban from channels created later."""
    reason: str
    """Why the ban is lifted."""
    channel_cid: str
    """The channel (sent as this channel's ``type`` and ``id`` in any case)."""


class ExportChannelsOptions(TypedDict, total=False):
    """Keyword options of ``export_channels``."""

    clear_deleted_message_text: bool
    """Blank the text of deleted messages."""
    export_users: bool
    """Also export the channels' users."""
    format: str
    """The file format, such as ``json`` or ``csv``."""
    include_fields: Sequence[str]
    """Export only these fields."""
    include_soft_deleted_channels: bool
    """Also export soft-deleted channels."""
    include_truncated_messages: bool
    """Also export messages removed by truncation."""
    version: str
    """The version of the export format."""


class NoOptions(TypedDict, total=False):
    """No keyword options: the operation takes none besides the method's arguments.

    For ``export_user``, ``get_blocked_users``, ``get_user_locations``, ``delete_campaign`` and
    ``Campaign.delete``, whose ``**options`` the official client sends in the query string.
    """


class AddMembersOptions(TypedDict, total=False):
    """Keyword options of ``Channel.add_members``, sent beside the members and the message."""

    accept_invite: bool
    """The acting user accepts their invite."""
    add_filter_tags: Sequence[str]
    """Filter tags to add."""
    add_moderators: Sequence[str]
    """User ids to make moderators."""
    assign_roles: Sequence[Member]
    """New channel roles of existing members."""
    cooldown: int
    """Slow mode: seconds between a member's messages."""
    data: ChannelInputRequestDict | Mapping[str, Any]
    """New channel data."""
    demote_moderators: Sequence[str]
    """User ids to make plain members again."""
    hide_history: bool
    """The new members do not see earlier messages."""
    hide_history_before: datetime.datetime | str
    """The new members do not see messages sent before this time."""
    invites: Sequence[Member]
    """Users to invite."""
    reject_invite: bool
    """The acting user declines their invite."""
    remove_filter_tags: Sequence[str]
    """Filter tags to remove."""
    remove_members: Sequence[str]
    """User ids to remove."""
    skip_push: bool
    """Send no push notification for the message."""
    user: User
    """The acting user, as an object."""
    user_id: str
    """The acting user."""


class InviteAnswerOptions(TypedDict, total=False):
    """Keyword options of ``Channel.accept_invite`` and ``Channel.reject_invite``, sent beside the answer."""

    add_filter_tags: Sequence[str]
    """Filter tags to add."""
    add_members: Sequence[Member]
    """Members to add."""
    add_moderators: Sequence[str]
    """User ids to make moderators."""
    assign_roles: Sequence[Member]
    """New channel roles of existing members."""
    cooldown: int
    """Slow mode: seconds between a member's messages."""
    data: ChannelInputRequestDict | Mapping[str, Any]
    """New channel data."""
    demote_moderators: Sequence[str]
    """User ids to make plain members again."""
    hide_history: bool
    """New members do not see earlier messages."""
    hide_history_before: datetime.datetime | str
    """New members do not see messages sent before this time."""
    invites: Sequence[Member]
    """Users to invite."""
    message: Message
    """A message to post about the answer."""
    remove_filter_tags: Sequence[str]
    """Filter tags to remove."""
    remove_members: Sequence[str]
    """User ids to remove."""
    skip_push: bool
    """Send no push notification for ``message``."""


class ShadowBanOptions(TypedDict, total=False):
    """Keyword options of ``shadow_ban``: those of ``ban_user`` but ``shadow``, which it sets."""

    ban_from_future_channels: bool
    """Also ban the user from channels the banning user creates later."""
    banned_by: User
    """The user banning, as an object."""
    banned_by_id: str
    """The user banning."""
    channel_cid: str
    """Ban from this channel only."""
    delete_messages: str
    """Delete the user's messages: ``soft``, ``pruning`` or ``hard``."""
    delete_reactions: bool
    """Also delete the user's reactions."""
    ip_ban: bool
    """Also ban the user's last known IP address."""
    reason: str
    """Why the user is banned."""
    timeout: int
    """Minutes until the ban ends (none: until lifted)."""
    user: User
    """The user banning, as an object."""
    user_id: str
    """The user banning."""
    type: str
    """Ban from the channel of this type and ``id`` (as the official client sends it)."""
    id: str
    """Ban from the channel of this ``type`` and id."""


class UnbanUserOptions(TypedDict, total=False):
    """Keyword options of ``unban_user`` and ``remove_shadow_ban`` (sent in the query)."""

    channel_cid: str
    """Lift the ban from this channel only."""
    created_by: str
    """The user lifting the ban."""
    remove_future_channels_ban: bool
    """Also lift the ban from channels created later."""
    reason: str
    """Why the ban is lifted."""
    type: str
    """Lift the ban from the channel of this type and ``id`` (as the official client sends it)."""
    id: str
    """Lift the ban from the channel of this ``type`` and id."""


class IterMessageFlagsOptions(TypedDict, total=False):
    """Keyword options of ``iter_message_flags``: those of ``query_message_flags`` but paging."""

    show_deleted_messages: bool
    """Include flags on messages since deleted."""
    sort: Sequence[SortEntry]
    """Order of the flags."""
    user: User
    """The user the query runs as (server-side), as an object."""
    user_id: str
    """The user the query runs as (server-side)."""


class QueryMessageFlagsOptions(IterMessageFlagsOptions, total=False):
    """Keyword options of ``query_message_flags``."""

    limit: int
    """How many flags to return."""
    offset: int
    """Flags to skip."""


class IterFutureChannelBansOptions(TypedDict, total=False):
    """Keyword options of ``iter_future_channel_bans``: those of ``query_future_channel_bans`` but paging."""

    exclude_expired_bans: bool
    """Leave out bans that have ended."""
    include_total: bool
    """Also count every matching ban."""
    target_user_id: str
    """Only bans of this user."""
    user: User
    """The banning user, as an object."""
    user_id: str
    """The banning user."""


class QueryFutureChannelBansOptions(IterFutureChannelBansOptions, total=False):
    """Keyword options of ``query_future_channel_bans``."""

    limit: int
    """How many bans to return."""
    offset: int
    """Bans to skip."""


class IterTeamUsageStatsOptions(TypedDict, total=False):
    """Keyword options of ``iter_team_usage_stats``: those of ``query_team_usage_stats`` but paging."""

    end_date: datetime.date | str
    """The last day of the range (a date, or ``YYYY-MM-DD``)."""
    month: str
    """A whole month, ``YYYY-MM``."""
    start_date: datetime.date | str
    """The first day of the range (a date, or ``YYYY-MM-DD``); figures per day."""
    team: str
    """Only this team (an empty string: users without a team)."""


class QueryTeamUsageStatsOptions(IterTeamUsageStatsOptions, total=False):
    """Keyword options of ``query_team_usage_stats``: ``month``, or ``start_date`` and ``end_date``."""

    limit: int
    """Teams per page."""
    next: str
    """The cursor a previous page returned."""


class ClientSettings(TypedDict, total=False):
    """Keyword options of ``StreamChat(...)`` and ``StreamChatAsync(...)`` alike."""

    base_url: str | None
    """The API's address (else ``$STREAM_CHAT_URL``, else Stream's edge)."""
    max_retries: int
    """Retries of a failed call (default 2; 0: none)."""
    deadline: float | None
    """Seconds a whole call may take, retries and waits included (``None``: no limit beside ``timeout``)."""
    pace_rate_limits: bool | RateLimitPacer | None
    """Wait for a spent rate-limit window to reset instead of getting 429 (a pacer to share, or ``True``)."""


class StreamChatOptions(ClientSettings, total=False):
    """Keyword options of ``StreamChat(...)``."""

    transport: httpx.BaseTransport | None
    """The ``httpx`` transport to send through (tests, proxies)."""
    http_client: httpx.Client | None
    """A ready ``httpx.Client`` to send through (not closed by the client)."""


class StreamChatAsyncOptions(ClientSettings, total=False):
    """Keyword options of ``StreamChatAsync(...)``."""

    transport: httpx.AsyncBaseTransport | None
    """The ``httpx`` transport to send through (default: one over aiohttp)."""
    http_client: httpx.AsyncClient | None
    """A ready ``httpx.AsyncClient`` to send through (not closed by the client)."""


class ClientOptions(ClientSettings, total=False):
    """Keyword options of ``StreamChatInterface``: those of either client."""

    transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None
    """The ``httpx`` transport to send through."""
    http_client: httpx.Client | httpx.AsyncClient | None
    """A ready ``httpx`` client to send through."""


class ReactivateUsersOptions(TypedDict, total=False):
    """Keyword options of ``bulk_reactivate_users``, sent with each batch."""

    created_by_id: str
    """The user doing the reactivation, for the audit trail."""
    restore_channels: bool
    """Restore the channels deleted at deactivation."""
    restore_messages: bool
    """Restore the messages deleted at deactivation."""


class IterBannedUsersOptions(TypedDict, total=False):
    """Keyword options of ``iter_banned_users``: the keys of ``query_banned_users``'s payload but paging."""

    exclude_expired_bans: bool
    """Leave out bans that have ended."""
    user: User
    """The user the query runs as (server-side), as an object."""
    user_id: str
    """The user the query runs as (server-side)."""


class IterRemindersOptions(TypedDict, total=False):
    """Keyword options of ``iter_reminders``: those of ``query_reminders`` but paging."""

    user: User
    """The user whose reminders these are, as an object (besides ``user_id``)."""


class QueryRemindersOptions(IterRemindersOptions, total=False):
    """Keyword options of ``query_reminders``."""

    limit: int
    """How many reminders to return."""
    next: str
    """The cursor of the next page, from a previous answer."""
    prev: str
    """The cursor of the previous page, from a previous answer."""
