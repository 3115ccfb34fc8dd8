"""``iter_*``: every paginated operation as a lazy iterator of typed items (see ``stream_chat.pagination``).

Each plan below checks its arguments at once (page size within the API's
maximum, no pagination keys among the options) and returns what
``PageIterator``/``AsyncPageIterator`` need: how to fetch a page with the
client's own method, where the items are in the answer, and the pagination.
The sync and async methods share the plans; only the method they call differs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Unpack, cast

from stream_chat.base.channel import ChannelInterface
from stream_chat.base.checks import require_id
from stream_chat.base.http import Call
from stream_chat.pagination import (
    AsyncPageIterator,
    BeforeIdPages,
    CursorPages,
    OffsetPages,
    PageIterator,
    Pagination,
    SinglePage,
    check_options,
    check_page_size,
)
from stream_chat.resources.app import AsyncApp, SyncApp
from stream_chat.resources.campaigns import AsyncCampaigns, SyncCampaigns
from stream_chat.resources.channels import AsyncChannels, SyncChannels
from stream_chat.resources.messages import AsyncMessages, SyncMessages
from stream_chat.resources.moderation import AsyncModeration, SyncModeration
from stream_chat.resources.users import AsyncUsers, SyncUsers
from stream_chat.types.stream_response import StreamResponse
from stream_chat_gen.api.messages import get_replies
from stream_chat_gen.api.reactions import get_reactions

if TYPE_CHECKING:
    from stream_chat.types.requests import (
        IterBannedUsersOptions,
        IterChannelsOptions,
        IterFutureChannelBansOptions,
        IterMembersOptions,
        IterMessageFlagsOptions,
        IterRemindersOptions,
        IterRepliesOptions,
        IterSearchOptions,
        IterTeamUsageStatsOptions,
        IterThreadsOptions,
        IterUsersOptions,
        NoOptions,
    )
    from stream_chat_gen.models import (
        BanResponse,
        BlockedUserResponse,
        CampaignResponse,
        ChannelMemberResponse,
        ChannelStateResponseFields,
        DraftResponse,
        FullUserResponse,
        FutureChannelBanResponse,
        MessageFlagResponse,
        MessageHistoryEntryResponse,
        MessageResponse,
        ReactionResponse,
        ReminderResponseData,
        SearchResult,
        SegmentResponse,
        SegmentTargetResponse,
        TeamUsageStats,
        ThreadStateResponse,
    )

# The most items one call returns, per operation (Stream's documented limits).
MAX_PAGE_SIZE = {
    "QueryChannels": 30,
    "QueryUsers": 100,
    "QueryMembers": 300,
    "QueryBannedUsers": 300,
    "QueryFutureChannelBans": 300,
    "QueryMessageFlags": 300,
    "GetReactions": 300,
    "GetReplies": 300,
    "QueryThreads": 100,
    "QueryDrafts": 100,
    "QueryReminders": 100,
    "QueryMessageHistory": 100,
    "Search": 100,
    "QuerySegments": 100,
    "QuerySegmentTargets": 10000,
    "QueryCampaigns": 100,
    "QueryTeamUsageStats": 30,
}

Fetch = Callable[[dict[str, Any]], Any]
Items = Callable[[StreamResponse[Any]], list[Any]]
Plan = tuple[Fetch, Items, Pagination]


def _items(field: str) -> Items:
    """The typed list ``field`` of an answer's model (a list even when the answer lacked it)."""

    def items(response: StreamResponse[Any]) -> list[Any]:
        value = getattr(response.model, field, None)
        return value if isinstance(value, list) else []

    return items


def _newest_first(items: Items) -> Items:
    """``items`` of a page that Stream lists in time order, newest first."""
    return lambda response: items(response)[::-1]


def _size(page_size: int, operation: str) -> int:
    return check_page_size(page_size, MAX_PAGE_SIZE[operation], operation)


def _merge(options: Mapping[str, Any], page: Mapping[str, Any]) -> dict[str, Any]:
    return {**options, **page}


def channels_plan(query: Any, filter_conditions: Any, sort: Any, page_size: int, options: Mapping[str, Any]) -> Plan:
    size, opts = _size(page_size, "QueryChannels"), check_options(options)
    return lambda page: query(filter_conditions, sort, **opts, **page), _items("channels"), OffsetPages(size)


def users_plan(query: Any, filter_conditions: Any, sort: Any, page_size: int, options: Mapping[str, Any]) -> Plan:
    size, opts = _size(page_size, "QueryUsers"), check_options(options)
    return lambda page: query(filter_conditions, sort, **opts, **page), _items("users"), OffsetPages(size)


def members_plan(
    client: Any,
    send: Any,
    channel_type: str,
    channel_id: str | None,
    filter_conditions: Any,
    sort: Any,
    page_size: int,
    options: Mapping[str, Any],
) -> Plan:
    size, opts = _size(page_size, "QueryMembers"), check_options(options)
    channel = ChannelInterface(client, channel_type, channel_id)
    filter_conditions = filter_conditions if filter_conditions is not None else {}

    def fetch(page: dict[str, Any]) -> Any:
        return send(channel._query_members_call(filter_conditions, sort, _merge(opts, page)))

    return fetch, _items("members"), OffsetPages(size)


def banned_users_plan(
    client: Any, query: Any, filter_conditions: Any, sort: Any, page_size: int, options: Mapping[str, Any]
) -> Plan:
    size, opts = _size(page_size, "QueryBannedUsers"), check_options(options)
    base = {"filter_conditions": filter_conditions if filter_conditions is not None else {}, **opts}
    if sort is not None:
        base["sort"] = client.normalize_sort(sort)
    return lambda page: query(_merge(base, page)), _items("bans"), OffsetPages(size)


def future_channel_bans_plan(query: Any, page_size: int, options: Mapping[str, Any]) -> Plan:
    size, opts = _size(page_size, "QueryFutureChannelBans"), check_options(options)
    return lambda page: query(**opts, **page), _items("bans"), OffsetPages(size)


def message_flags_plan(query: Any, filter_conditions: Any, page_size: int, options: Mapping[str, Any]) -> Plan:
    size, opts = _size(page_size, "QueryMessageFlags"), check_options(options)
    conditions = filter_conditions if filter_conditions is not None else {}
    return lambda page: query(conditions, **opts, **page), _items("flags"), OffsetPages(size)


def reactions_plan(send: Any, message_id: str, page_size: int) -> Plan:
    size, message_id = _size(page_size, "GetReactions"), require_id(message_id, "message_id")
    return lambda page: send(Call(get_reactions, message_id, **page)), _items("reactions"), OffsetPages(size)


def replies_plan(send: Any, parent_id: str, page_size: int, options: Mapping[str, Any]) -> Plan:
    size, opts = _size(page_size, "GetReplies"), check_options(options)
    parent_id = require_id(parent_id, "parent_id")
    fetch = lambda page: send(Call(get_replies, parent_id, extra_query=_merge(opts, page)))  # noqa: E731
    return fetch, _newest_first(_items("messages")), BeforeIdPages(size)


def cursor_plan(operation: str, field: str, fetch: Callable[[dict[str, Any]], Any], page_size: int) -> Plan:
    return fetch, _items(field), CursorPages(_size(page_size, operation))


def _typed(value: object) -> Any:
    """A filter, sort or options value for the methods that type it as a TypedDict (the API checks it, not we)."""
    return cast(Any, value)


class SyncIterators(SyncApp, SyncUsers, SyncModeration, SyncMessages, SyncChannels, SyncCampaigns):
    """``iter_*`` methods of ``StreamChat``: ``for item in client.iter_...(...)``; ``.pages()`` for whole pages."""

    def iter_channels(
        self,
        filter_conditions: dict[str, Any],
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 30,
        **options: Unpack[IterChannelsOptions],
    ) -> PageIterator[ChannelStateResponseFields]:
        """Every channel matching ``filter_conditions`` (``limit``/``offset``; see ``stream_chat.pagination``).

        Options: those of ``query_channels`` but ``limit`` and ``offset`` (``state``, ``watch``, ``member_limit``...).

        Items inserted or deleted meanwhile shift the offsets: one may be seen twice or skipped.
        """
        return PageIterator(*channels_plan(self.query_channels, filter_conditions, sort, page_size, options))

    def iter_users(
        self,
        filter_conditions: dict[str, Any],
        sort: list[dict[str, Any]] | dict[str, int] | None = None,
        *,
        page_size: int = 100,
        **options: Unpack[IterUsersOptions],
    ) -> PageIterator[FullUserResponse]:
        """Every user matching ``filter_conditions`` (``limit``/``offset``).

        Options: those of ``query_users`` but ``limit`` and ``offset`` (``presence``, ``include_deactivated_users``...).

        Items inserted or deleted meanwhile shift the offsets: one may be seen twice or skipped.
        """
        return PageIterator(*users_plan(self.query_users, filter_conditions, sort, page_size, options))

    def iter_members(
        self,
        channel_type: str,
        channel_id: str | None,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 300,
        **options: Unpack[IterMembersOptions],
    ) -> PageIterator[ChannelMemberResponse]:
        """Every member of a channel matching ``filter_conditions`` (``limit``/``offset``).

        Options: those of ``Channel.query_members`` but ``limit`` and ``offset`` (``user_id``, ``members``...).

        Items inserted or deleted meanwhile shift the offsets: one may be seen twice or skipped.
        """
        plan = members_plan(self, self._send, channel_type, channel_id, filter_conditions, sort, page_size, options)
        return PageIterator(*plan)

    def iter_banned_users(
        self,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 300,
        **options: Unpack[IterBannedUsersOptions],
    ) -> PageIterator[BanResponse]:
        """Every ban matching ``filter_conditions`` (``limit``/``offset``).

        Options: ``exclude_expired_bans``, and ``user_id`` or ``user``.

        Items inserted or deleted meanwhile shift the offsets: one may be seen twice or skipped.
        """
        plan = banned_users_plan(self, self.query_banned_users, filter_conditions, sort, page_size, options)
        return PageIterator(*plan)

    def iter_future_channel_bans(
        self, *, page_size: int = 300, **options: Unpack[IterFutureChannelBansOptions]
    ) -> PageIterator[FutureChannelBanResponse]:
        """Every future-channel ban (``user_id``... as options; ``limit``/``offset``).

        Options: those of ``query_future_channel_bans`` but ``limit`` and ``offset``.

        Items inserted or deleted meanwhile shift the offsets: one may be seen twice or skipped.
        """
        return PageIterator(*future_channel_bans_plan(self.query_future_channel_bans, page_size, options))

    def iter_message_flags(
        self,
        filter_conditions: dict[str, Any] | None = None,
        *,
        page_size: int = 300,
        **options: Unpack[IterMessageFlagsOptions],
    ) -> PageIterator[MessageFlagResponse]:
        """Every message flag matching ``filter_conditions`` (``limit``/``offset``).

        Options: ``sort``, ``show_deleted_messages``, and ``user_id`` or ``user``.

        Items inserted or deleted meanwhile shift the offsets: one may be seen twice or skipped.
        """
        return PageIterator(*message_flags_plan(self.query_message_flags, filter_conditions, page_size, options))

    def iter_reactions(self, message_id: str, *, page_size: int = 300) -> PageIterator[ReactionResponse]:
        """Every reaction to a message, newest first (``limit``/``offset``).

        Items inserted or deleted meanwhile shift the offsets: one may be seen twice or skipped.
        """
        return PageIterator(*reactions_plan(self._send, message_id, page_size))

    def iter_replies(
        self, parent_id: str, *, page_size: int = 300, **options: Unpack[IterRepliesOptions]
    ) -> PageIterator[MessageResponse]:
        """Every reply of a thread, newest first (``limit``/``id_lt``, as Stream pages replies).

        Options: those of ``Channel.get_replies`` but ``limit`` and ``id_lt`` (``id_gt``, ``sort``...).

        Replies added meanwhile are newer than the first page and are not seen.
        """
        return PageIterator(*replies_plan(self._send, parent_id, page_size, options))

    def iter_threads(
        self,
        filter: dict[str, Any] | None = None,
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 100,
        **options: Unpack[IterThreadsOptions],
    ) -> PageIterator[ThreadStateResponse]:
        """Every thread matching ``filter`` (``user_id``... as options; ``next`` cursor).

        Options: ``reply_limit``, ``participant_limit``, ``member_limit``, and ``user_id`` or ``user``.

        Items inserted or deleted before the cursor change nothing later.
        """
        opts = check_options(options)
        fetch = lambda page: self.query_threads(filter, sort, **opts, **page)  # noqa: E731
        return PageIterator(*cursor_plan("QueryThreads", "threads", fetch, page_size))

    def iter_drafts(
        self,
        user_id: str,
        filter: dict[str, Any] | None = None,
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 100,
        **options: Unpack[NoOptions],
    ) -> PageIterator[DraftResponse]:
        """Every draft of ``user_id`` matching ``filter`` (``next`` cursor).

        No options: a draft query has none but paging.

        Items inserted or deleted before the cursor change nothing later.
        """
        opts = check_options(options)
        fetch = lambda page: self.query_drafts(user_id, _typed(filter), _typed(sort), _typed(_merge(opts, page)))  # noqa: E731
        return PageIterator(*cursor_plan("QueryDrafts", "drafts", fetch, page_size))

    def iter_reminders(
        self,
        user_id: str,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 100,
        **options: Unpack[IterRemindersOptions],
    ) -> PageIterator[ReminderResponseData]:
        """Every reminder of ``user_id`` matching ``filter_conditions`` (``next`` cursor).

        Option: ``user``.

        Items inserted or deleted before the cursor change nothing later.
        """
        opts = check_options(options)
        fetch = lambda page: self.query_reminders(user_id, filter_conditions, sort, **opts, **page)  # noqa: E731
        return PageIterator(*cursor_plan("QueryReminders", "reminders", fetch, page_size))

    def iter_message_history(
        self,
        filter: dict[str, Any],
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 100,
        **options: Unpack[NoOptions],
    ) -> PageIterator[MessageHistoryEntryResponse]:
        """Every edit-history entry matching ``filter`` (``next`` cursor).

        No options: a history query has none but paging.

        Items inserted or deleted before the cursor change nothing later.
        """
        opts = check_options(options)
        fetch = lambda page: self.query_message_history(filter, sort, **opts, **page)  # noqa: E731
        return PageIterator(*cursor_plan("QueryMessageHistory", "message_history", fetch, page_size))

    def iter_search_results(
        self,
        filter_conditions: dict[str, Any],
        query: str | dict[str, Any],
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 100,
        **options: Unpack[IterSearchOptions],
    ) -> PageIterator[SearchResult]:
        """Every search result (``.message``) in the channels matching ``filter_conditions`` (``next`` cursor).

        Options: ``message_options``, ``force_default_search``, ``force_sql_v2_backend``.

        Items inserted or deleted before the cursor change nothing later.
        """
        opts = check_options(options)
        fetch = lambda page: self.search(filter_conditions, query, sort, **opts, **page)  # noqa: E731
        return PageIterator(*cursor_plan("Search", "results", fetch, page_size))

    def iter_segments(
        self,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 100,
        **options: Unpack[NoOptions],
    ) -> PageIterator[SegmentResponse]:
        """Every segment matching ``filter_conditions`` (``next`` cursor).

        No options: a segment query has none but paging.

        Items inserted or deleted before the cursor change nothing later.
        """
        opts = check_options(options)
        fetch = lambda page: self.query_segments(filter_conditions, _typed(sort), _typed(_merge(opts, page)))  # noqa: E731
        return PageIterator(*cursor_plan("QuerySegments", "segments", fetch, page_size))

    def iter_segment_targets(
        self,
        segment_id: str,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 1000,
        **options: Unpack[NoOptions],
    ) -> PageIterator[SegmentTargetResponse]:
        """Every target of a segment matching ``filter_conditions`` (``next`` cursor).

        No options: a segment-targets query has none but paging.

        Items inserted or deleted before the cursor change nothing later.
        """
        opts = check_options(options)
        segment_id = require_id(segment_id, "segment_id")

        def fetch(page: dict[str, Any]) -> Any:
            return self.query_segment_targets(segment_id, filter_conditions, _typed(sort), _typed(_merge(opts, page)))

        return PageIterator(*cursor_plan("QuerySegmentTargets", "targets", fetch, page_size))

    def iter_campaigns(
        self,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 100,
        **options: Unpack[NoOptions],
    ) -> PageIterator[CampaignResponse]:
        """Every campaign matching ``filter_conditions`` (``next`` cursor).

        No options: a campaign query has none but paging.

        Items inserted or deleted before the cursor change nothing later.
        """
        opts = check_options(options)
        fetch = lambda page: self.query_campaigns(filter_conditions, _typed(sort), _typed(_merge(opts, page)))  # noqa: E731
        return PageIterator(*cursor_plan("QueryCampaigns", "campaigns", fetch, page_size))

    def iter_team_usage_stats(
        self, *, page_size: int = 30, **options: Unpack[IterTeamUsageStatsOptions]
    ) -> PageIterator[TeamUsageStats]:
        """Usage figures of every team (``month`` or ``start_date``/``end_date`` as options; ``next`` cursor).

        Options: ``month``, or ``start_date`` and ``end_date``; ``team``.
        """
        opts = check_options(options)
        fetch = lambda page: self.query_team_usage_stats(**opts, **page)  # noqa: E731
        return PageIterator(*cursor_plan("QueryTeamUsageStats", "teams", fetch, page_size))

    def iter_blocked_users(self, user_id: str, **options: Unpack[NoOptions]) -> PageIterator[BlockedUserResponse]:
        """The users ``user_id`` blocked: the API answers them all at once, so this is one call and one page.

        No options.
        """
        opts = check_options(options)
        return PageIterator(lambda page: self.get_blocked_users(user_id, **opts), _items("blocks"), SinglePage(0))


class AsyncIterators(AsyncApp, AsyncUsers, AsyncModeration, AsyncMessages, AsyncChannels, AsyncCampaigns):
    """``iter_*`` methods of ``StreamChatAsync``: ``async for item in client.iter_...(...)``; ``.pages()`` too."""

    def iter_channels(
        self,
        filter_conditions: dict[str, Any],
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 30,
        **options: Unpack[IterChannelsOptions],
    ) -> AsyncPageIterator[ChannelStateResponseFields]:
        """Every channel matching ``filter_conditions`` (``limit``/``offset``; see ``stream_chat.pagination``).

        Options: those of ``query_channels`` but ``limit`` and ``offset`` (``state``, ``watch``, ``member_limit``...).

        Items inserted or deleted meanwhile shift the offsets: one may be seen twice or skipped.
        """
        return AsyncPageIterator(*channels_plan(self.query_channels, filter_conditions, sort, page_size, options))

    def iter_users(
        self,
        filter_conditions: dict[str, Any],
        sort: list[dict[str, Any]] | dict[str, int] | None = None,
        *,
        page_size: int = 100,
        **options: Unpack[IterUsersOptions],
    ) -> AsyncPageIterator[FullUserResponse]:
        """Every user matching ``filter_conditions`` (``limit``/``offset``).

        Options: those of ``query_users`` but ``limit`` and ``offset`` (``presence``, ``include_deactivated_users``...).

        Items inserted or deleted meanwhile shift the offsets: one may be seen twice or skipped.
        """
        return AsyncPageIterator(*users_plan(self.query_users, filter_conditions, sort, page_size, options))

    def iter_members(
        self,
        channel_type: str,
        channel_id: str | None,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 300,
        **options: Unpack[IterMembersOptions],
    ) -> AsyncPageIterator[ChannelMemberResponse]:
        """Every member of a channel matching ``filter_conditions`` (``limit``/``offset``).

        Options: those of ``Channel.query_members`` but ``limit`` and ``offset`` (``user_id``, ``members``...).

        Items inserted or deleted meanwhile shift the offsets: one may be seen twice or skipped.
        """
        plan = members_plan(self, self._send, channel_type, channel_id, filter_conditions, sort, page_size, options)
        return AsyncPageIterator(*plan)

    def iter_banned_users(
        self,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 300,
        **options: Unpack[IterBannedUsersOptions],
    ) -> AsyncPageIterator[BanResponse]:
        """Every ban matching ``filter_conditions`` (``limit``/``offset``).

        Options: ``exclude_expired_bans``, and ``user_id`` or ``user``.

        Items inserted or deleted meanwhile shift the offsets: one may be seen twice or skipped.
        """
        plan = banned_users_plan(self, self.query_banned_users, filter_conditions, sort, page_size, options)
        return AsyncPageIterator(*plan)

    def iter_future_channel_bans(
        self, *, page_size: int = 300, **options: Unpack[IterFutureChannelBansOptions]
    ) -> AsyncPageIterator[FutureChannelBanResponse]:
        """Every future-channel ban (``user_id``... as options; ``limit``/``offset``).

        Options: those of ``query_future_channel_bans`` but ``limit`` and ``offset``.

        Items inserted or deleted meanwhile shift the offsets: one may be seen twice or skipped.
        """
        return AsyncPageIterator(*future_channel_bans_plan(self.query_future_channel_bans, page_size, options))

    def iter_message_flags(
        self,
        filter_conditions: dict[str, Any] | None = None,
        *,
        page_size: int = 300,
        **options: Unpack[IterMessageFlagsOptions],
    ) -> AsyncPageIterator[MessageFlagResponse]:
        """Every message flag matching ``filter_conditions`` (``limit``/``offset``).

        Options: ``sort``, ``show_deleted_messages``, and ``user_id`` or ``user``.

        Items inserted or deleted meanwhile shift the offsets: one may be seen twice or skipped.
        """
        return AsyncPageIterator(*message_flags_plan(self.query_message_flags, filter_conditions, page_size, options))

    def iter_reactions(self, message_id: str, *, page_size: int = 300) -> AsyncPageIterator[ReactionResponse]:
        """Every reaction to a message, newest first (``limit``/``offset``).

        Items inserted or deleted meanwhile shift the offsets: one may be seen twice or skipped.
        """
        return AsyncPageIterator(*reactions_plan(self._send, message_id, page_size))

    def iter_replies(
        self, parent_id: str, *, page_size: int = 300, **options: Unpack[IterRepliesOptions]
    ) -> AsyncPageIterator[MessageResponse]:
        """Every reply of a thread, newest first (``limit``/``id_lt``, as Stream pages replies).

        Options: those of ``Channel.get_replies`` but ``limit`` and ``id_lt`` (``id_gt``, ``sort``...).

        Replies added meanwhile are newer than the first page and are not seen.
        """
        return AsyncPageIterator(*replies_plan(self._send, parent_id, page_size, options))

    def iter_threads(
        self,
        filter: dict[str, Any] | None = None,
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 100,
        **options: Unpack[IterThreadsOptions],
    ) -> AsyncPageIterator[ThreadStateResponse]:
        """Every thread matching ``filter`` (``user_id``... as options; ``next`` cursor).

        Options: ``reply_limit``, ``participant_limit``, ``member_limit``, and ``user_id`` or ``user``.

        Items inserted or deleted before the cursor change nothing later.
        """
        opts = check_options(options)
        fetch = lambda page: self.query_threads(filter, sort, **opts, **page)  # noqa: E731
        return AsyncPageIterator(*cursor_plan("QueryThreads", "threads", fetch, page_size))

    def iter_drafts(
        self,
        user_id: str,
        filter: dict[str, Any] | None = None,
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 100,
        **options: Unpack[NoOptions],
    ) -> AsyncPageIterator[DraftResponse]:
        """Every draft of ``user_id`` matching ``filter`` (``next`` cursor).

        No options: a draft query has none but paging.

        Items inserted or deleted before the cursor change nothing later.
        """
        opts = check_options(options)
        fetch = lambda page: self.query_drafts(user_id, _typed(filter), _typed(sort), _typed(_merge(opts, page)))  # noqa: E731
        return AsyncPageIterator(*cursor_plan("QueryDrafts", "drafts", fetch, page_size))

    def iter_reminders(
        self,
        user_id: str,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 100,
        **options: Unpack[IterRemindersOptions],
    ) -> AsyncPageIterator[ReminderResponseData]:
        """Every reminder of ``user_id`` matching ``filter_conditions`` (``next`` cursor).

        Option: ``user``.

        Items inserted or deleted before the cursor change nothing later.
        """
        opts = check_options(options)
        fetch = lambda page: self.query_reminders(user_id, filter_conditions, sort, **opts, **page)  # noqa: E731
        return AsyncPageIterator(*cursor_plan("QueryReminders", "reminders", fetch, page_size))

    def iter_message_history(
        self,
        filter: dict[str, Any],
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 100,
        **options: Unpack[NoOptions],
    ) -> AsyncPageIterator[MessageHistoryEntryResponse]:
        """Every edit-history entry matching ``filter`` (``next`` cursor).

        No options: a history query has none but paging.

        Items inserted or deleted before the cursor change nothing later.
        """
        opts = check_options(options)
        fetch = lambda page: self.query_message_history(filter, sort, **opts, **page)  # noqa: E731
        return AsyncPageIterator(*cursor_plan("QueryMessageHistory", "message_history", fetch, page_size))

    def iter_search_results(
        self,
        filter_conditions: dict[str, Any],
        query: str | dict[str, Any],
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 100,
        **options: Unpack[IterSearchOptions],
    ) -> AsyncPageIterator[SearchResult]:
        """Every search result (``.message``) in the channels matching ``filter_conditions`` (``next`` cursor).

        Options: ``message_options``, ``force_default_search``, ``force_sql_v2_backend``.

        Items inserted or deleted before the cursor change nothing later.
        """
        opts = check_options(options)
        fetch = lambda page: self.search(filter_conditions, query, sort, **opts, **page)  # noqa: E731
        return AsyncPageIterator(*cursor_plan("Search", "results", fetch, page_size))

    def iter_segments(
        self,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 100,
        **options: Unpack[NoOptions],
    ) -> AsyncPageIterator[SegmentResponse]:
        """Every segment matching ``filter_conditions`` (``next`` cursor).

        No options: a segment query has none but paging.

        Items inserted or deleted before the cursor change nothing later.
        """
        opts = check_options(options)
        fetch = lambda page: self.query_segments(filter_conditions, _typed(sort), _typed(_merge(opts, page)))  # noqa: E731
        return AsyncPageIterator(*cursor_plan("QuerySegments", "segments", fetch, page_size))

    def iter_segment_targets(
        self,
        segment_id: str,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 1000,
        **options: Unpack[NoOptions],
    ) -> AsyncPageIterator[SegmentTargetResponse]:
        """Every target of a segment matching ``filter_conditions`` (``next`` cursor).

        No options: a segment-targets query has none but paging.

        Items inserted or deleted before the cursor change nothing later.
        """
        opts = check_options(options)
        segment_id = require_id(segment_id, "segment_id")

        def fetch(page: dict[str, Any]) -> Any:
            return self.query_segment_targets(segment_id, filter_conditions, _typed(sort), _typed(_merge(opts, page)))

        return AsyncPageIterator(*cursor_plan("QuerySegmentTargets", "targets", fetch, page_size))

    def iter_campaigns(
        self,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 100,
        **options: Unpack[NoOptions],
    ) -> AsyncPageIterator[CampaignResponse]:
        """Every campaign matching ``filter_conditions`` (``next`` cursor).

        No options: a campaign query has none but paging.

        Items inserted or deleted before the cursor change nothing later.
        """
        opts = check_options(options)
        fetch = lambda page: self.query_campaigns(filter_conditions, _typed(sort), _typed(_merge(opts, page)))  # noqa: E731
        return AsyncPageIterator(*cursor_plan("QueryCampaigns", "campaigns", fetch, page_size))

    def iter_team_usage_stats(
        self, *, page_size: int = 30, **options: Unpack[IterTeamUsageStatsOptions]
    ) -> AsyncPageIterator[TeamUsageStats]:
        """Usage figures of every team (``month`` or ``start_date``/``end_date`` as options; ``next`` cursor).

        Options: ``month``, or ``start_date`` and ``end_date``; ``team``.
        """
        opts = check_options(options)
        fetch = lambda page: self.query_team_usage_stats(**opts, **page)  # noqa: E731
        return AsyncPageIterator(*cursor_plan("QueryTeamUsageStats", "teams", fetch, page_size))

    def iter_blocked_users(self, user_id: str, **options: Unpack[NoOptions]) -> AsyncPageIterator[BlockedUserResponse]:
        """The users ``user_id`` blocked: the API answers them all at once, so this is one call and one page.

        No options.
        """
        opts = check_options(options)
        return AsyncPageIterator(lambda page: self.get_blocked_users(user_id, **opts), _items("blocks"), SinglePage(0))
