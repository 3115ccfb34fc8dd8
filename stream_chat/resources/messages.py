"""Messages, threads, search, drafts and reminders outside a channel object."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Unpack

from stream_chat.base.checks import require_id, require_mapping
from stream_chat.base.client import StreamChatInterface
from stream_chat.base.http import Call
from stream_chat.resources._base import AsyncResource, SyncResource, query_body
from stream_chat.types.stream_response import StreamResponse
from stream_chat_gen.api.channels import mark_channels_read
from stream_chat_gen.api.drafts import query_drafts
from stream_chat_gen.api.messages import (
    commit_message,
    delete_message,
    get_message,
    query_message_history,
    run_message_action,
    search,
    translate_message,
    undelete_message,
    update_message,
    update_message_partial,
)
from stream_chat_gen.api.reminders import create_reminder, delete_reminder, query_reminders, update_reminder
from stream_chat_gen.api.threads import query_threads

if TYPE_CHECKING:
    from stream_chat.types.base import SortParam
    from stream_chat.types.draft import QueryDraftsFilter, QueryDraftsOptions
    from stream_chat.types.requests import (
        DeleteMessageOptions,
        Filter,
        GetMessageOptions,
        Message,
        MessageUpdates,
        QueryMessageHistoryOptions,
        QueryRemindersOptions,
        QueryThreadsOptions,
        SearchOptions,
        Sort,
        UpdateMessagePartialOptions,
    )
    from stream_chat_gen.models import (
        DeleteMessageResponse,
        DeleteReminderResponse,
        GetMessageResponse,
        MarkReadResponse,
        MessageActionResponse,
        QueryDraftsResponse,
        QueryMessageHistoryResponse,
        QueryRemindersResponse,
        QueryThreadsResponse,
        ReminderResponseData,
        SearchResponse,
        UndeleteMessageResponse,
        UpdateMessagePartialResponse,
        UpdateMessageResponse,
        UpdateReminderResponse,
    )


def _run_message_action(message_id: str, data: dict[str, Any]) -> Call[MessageActionResponse]:
    return Call(run_message_action, require_id(message_id, "message_id"), body=data)


def _mark_all_read(user_id: str) -> Call[MarkReadResponse]:
    return Call(mark_channels_read, body={"user": {"id": require_id(user_id, "user_id")}})


def _translate_message(message_id: str, language: str) -> Call[MessageActionResponse]:
    return Call(translate_message, require_id(message_id, "message_id"), body={"language": language})


def _commit_message(message_id: str) -> Call[MessageActionResponse]:
    return Call(commit_message, require_id(message_id, "message_id"), extra_body={})


def _update_message(message: Message) -> Call[UpdateMessageResponse]:
    message_id = require_id(require_mapping(message, "message").get("id"), "message['id']")
    return Call(update_message, message_id, body={"message": message})


def _update_message_partial(
    message_id: str, updates: MessageUpdates, user_id: str | None, options: UpdateMessagePartialOptions
) -> Call[UpdateMessagePartialResponse]:
    body: dict[str, Any] = dict(updates)
    if user_id:
        body["user"] = {"id": user_id}
    body.update(options)
    return Call(update_message_partial, require_id(message_id, "message_id"), body=body)


def _pin_message(message_id: str, user_id: str | None, expiration: int | None) -> Call[UpdateMessagePartialResponse]:
    return _update_message_partial(message_id, {"set": {"pinned": True, "pin_expires": expiration}}, user_id, {})


def _unpin_message(message_id: str, user_id: str | None) -> Call[UpdateMessagePartialResponse]:
    return _update_message_partial(message_id, {"set": {"pinned": False}}, user_id, {})


def _delete_message(
    message_id: str, delete_for_me: bool, deleted_by: str | None, options: Mapping[str, Any]
) -> Call[DeleteMessageResponse]:
    message_id = require_id(message_id, "message_id")
    if delete_for_me:
        if not deleted_by:
            raise ValueError("deleted_by is required when delete_for_me is True")
        return Call(delete_message, message_id, extra_body={"delete_for_me": True, "user": {"id": deleted_by}})
    query = {**options, "deleted_by": deleted_by} if deleted_by else options
    return Call(delete_message, message_id, extra_query=query)


def _undelete_message(message_id: str, user_id: str) -> Call[UndeleteMessageResponse]:
    body = {"undeleted_by": require_id(user_id, "user_id")}
    return Call(undelete_message, require_id(message_id, "message_id"), body=body)


def _get_message(message_id: str, options: Mapping[str, Any]) -> Call[GetMessageResponse]:
    return Call(get_message, require_id(message_id, "message_id"), extra_query=options)


def _sorted_filter_body(
    client: StreamChatInterface,
    filter: Filter | None,
    sort: Sort | None,
    options: Mapping[str, Any],
) -> dict[str, Any]:
    """``{**options, filter, sort}`` with the sort normalised: message history and thread queries."""
    return {**options, "filter": filter, "sort": client.normalize_sort(sort)}


def _query_message_history(
    client: StreamChatInterface,
    filter: Filter | None,
    sort: Sort | None,
    options: Mapping[str, Any],
) -> Call[QueryMessageHistoryResponse]:
    return Call(query_message_history, body=_sorted_filter_body(client, filter, sort, options))


def query_threads_call(
    client: StreamChatInterface,
    filter: Filter | None,
    sort: Sort | None,
    options: Mapping[str, Any],
) -> Call[QueryThreadsResponse]:
    """The thread query, shared by ``StreamChat.query_threads`` and ``QueryThreads``."""
    return Call(query_threads, body=_sorted_filter_body(client, filter, sort, options))


def _search(
    client: StreamChatInterface,
    filter_conditions: Filter,
    query: str | Filter,
    sort: Sort | None,
    options: SearchOptions,
) -> Call[SearchResponse]:
    if "offset" in options and (sort or "next" in options):
        raise ValueError("cannot use offset with sort or next parameters")
    require_mapping(filter_conditions, "filter_conditions")
    return Call(search, payload=client.create_search_params(filter_conditions, query, sort, **options))


def _query_drafts(
    user_id: str,
    filter: QueryDraftsFilter | None,
    sort: list[SortParam] | None,
    options: QueryDraftsOptions | None,
) -> Call[QueryDraftsResponse]:
    body = {"user_id": require_id(user_id, "user_id"), **query_body(filter, sort, options)}
    return Call(query_drafts, body=body)


def _reminder_body(user_id: str, remind_at: datetime.datetime | str | None) -> dict[str, Any]:
    """``user_id`` and, when given, ``remind_at`` as a UTC instant to the second (naive taken as UTC)."""
    body: dict[str, Any] = {"user_id": require_id(user_id, "user_id")}
    if isinstance(remind_at, datetime.datetime):
        aware = remind_at if remind_at.tzinfo else remind_at.replace(tzinfo=datetime.UTC)
        body["remind_at"] = aware.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    elif remind_at is not None:
        body["remind_at"] = remind_at
    return body


def _create_reminder(
    message_id: str, user_id: str, remind_at: datetime.datetime | str | None
) -> Call[ReminderResponseData]:
    message_id = require_id(message_id, "message_id")
    return Call(create_reminder, message_id, body=_reminder_body(user_id, remind_at))


def _update_reminder(
    message_id: str, user_id: str, remind_at: datetime.datetime | str | None
) -> Call[UpdateReminderResponse]:
    message_id = require_id(message_id, "message_id")
    return Call(update_reminder, message_id, body=_reminder_body(user_id, remind_at))


def _delete_reminder(message_id: str, user_id: str) -> Call[DeleteReminderResponse]:
    message_id = require_id(message_id, "message_id")
    return Call(delete_reminder, message_id, user_id=require_id(user_id, "user_id"))


def _query_reminders(
    user_id: str,
    filter_conditions: dict[str, Any] | None,
    sort: list[dict[str, Any]] | None,
    options: Mapping[str, Any],
) -> Call[QueryRemindersResponse]:
    body = {
        **options,
        "filter": filter_conditions or {},
        "sort": sort or [{"field": "remind_at", "direction": 1}],
        "user_id": require_id(user_id, "user_id"),
    }
    return Call(query_reminders, body=body)


class SyncMessages(SyncResource):
    """Messages, threads, search, drafts and reminders outside a channel object (StreamChat)."""

    def run_message_action(self, message_id: str, data: dict[str, Any]) -> StreamResponse[MessageActionResponse]:
        """Run a command action on a message (e.g. a giphy ``image_action``)."""
        return self._send(_run_message_action(message_id, data))

    def mark_all_read(self, user_id: str) -> StreamResponse[MarkReadResponse]:
        """Mark every channel read for a user."""
        return self._send(_mark_all_read(user_id))

    def translate_message(self, message_id: str, language: str) -> StreamResponse[MessageActionResponse]:
        """Translate a message into ``language``."""
        return self._send(_translate_message(message_id, language))

    def commit_message(self, message_id: str) -> StreamResponse[MessageActionResponse]:
        """Publish a message that was sent pending."""
        return self._send(_commit_message(message_id))

    def pin_message(
        self, message_id: str, user_id: str | None, expiration: int | None = None
    ) -> StreamResponse[UpdateMessagePartialResponse]:
        """Pin a message, until ``expiration`` seconds from now if given."""
        return self._send(_pin_message(message_id, user_id, expiration))

    def unpin_message(self, message_id: str, user_id: str | None) -> StreamResponse[UpdateMessagePartialResponse]:
        """Unpin a message."""
        return self._send(_unpin_message(message_id, user_id))

    def update_message(self, message: Message) -> StreamResponse[UpdateMessageResponse]:
        """Replace a message (its ``id`` says which)."""
        return self._send(_update_message(message))

    def update_message_partial(
        self,
        message_id: str,
        updates: MessageUpdates,
        user_id: str | None,
        **options: Unpack[UpdateMessagePartialOptions],
    ) -> StreamResponse[UpdateMessagePartialResponse]:
        """Set and unset fields of a message (``updates``: ``{"set": {...}, "unset": [...]}``).

        Options: ``skip_push``, ``skip_enrich_url``, ``user`` (instead of ``user_id``).
        """
        return self._send(_update_message_partial(message_id, updates, user_id, options))

    def delete_message(
        self,
        message_id: str,
        delete_for_me: bool = False,
        deleted_by: str | None = None,
        **options: Unpack[DeleteMessageOptions],
    ) -> StreamResponse[DeleteMessageResponse]:
        """Delete a message: soft by default, for good with option ``hard=True``, or only for ``deleted_by``
        with ``delete_for_me``."""
        return self._send(_delete_message(message_id, delete_for_me, deleted_by, options))

    def undelete_message(self, message_id: str, user_id: str) -> StreamResponse[UndeleteMessageResponse]:
        """Restore a soft-deleted message."""
        return self._send(_undelete_message(message_id, user_id))

    def get_message(self, message_id: str, **options: Unpack[GetMessageOptions]) -> StreamResponse[GetMessageResponse]:
        """Fetch one message; option ``show_deleted_message`` (sent in the query)."""
        return self._send(_get_message(message_id, options))

    def query_message_history(
        self, filter: Filter | None = None, sort: Sort | None = None, **options: Unpack[QueryMessageHistoryOptions]
    ) -> StreamResponse[QueryMessageHistoryResponse]:
        """Query the edit history of messages; options ``limit``, ``next``, ``prev``."""
        return self._send(_query_message_history(self, filter, sort, options))

    def query_threads(
        self, filter: Filter | None = None, sort: Sort | None = None, **options: Unpack[QueryThreadsOptions]
    ) -> StreamResponse[QueryThreadsResponse]:
        """Query threads.

        Options: ``limit``, ``next``, ``prev``, ``reply_limit``, ``participant_limit``,
        ``member_limit``, and ``user_id`` or ``user``.
        """
        return self._send(query_threads_call(self, filter, sort, options))

    def search(
        self,
        filter_conditions: Filter,
        query: str | Filter,
        sort: Sort | None = None,
        **options: Unpack[SearchOptions],
    ) -> StreamResponse[SearchResponse]:
        """Search messages in the channels matching ``filter_conditions`` by text or by a message filter.

        Options: ``limit`` with ``offset`` or ``next``, ``message_options``, ``force_default_search``,
        ``force_sql_v2_backend``.
        """
        return self._send(_search(self, filter_conditions, query, sort, options))

    def query_drafts(
        self,
        user_id: str,
        filter: QueryDraftsFilter | None = None,
        sort: list[SortParam] | None = None,
        options: QueryDraftsOptions | None = None,
    ) -> StreamResponse[QueryDraftsResponse]:
        """Query a user's message drafts."""
        return self._send(_query_drafts(user_id, filter, sort, options))

    def create_reminder(
        self, message_id: str, user_id: str, remind_at: datetime.datetime | str | None = None
    ) -> StreamResponse[ReminderResponseData]:
        """Set a reminder on a message for a user, optionally at ``remind_at``."""
        return self._send(_create_reminder(message_id, user_id, remind_at))

    def update_reminder(
        self, message_id: str, user_id: str, remind_at: datetime.datetime | str | None = None
    ) -> StreamResponse[UpdateReminderResponse]:
        """Change a user's reminder on a message."""
        return self._send(_update_reminder(message_id, user_id, remind_at))

    def delete_reminder(self, message_id: str, user_id: str) -> StreamResponse[DeleteReminderResponse]:
        """Remove a user's reminder on a message."""
        return self._send(_delete_reminder(message_id, user_id))

    def query_reminders(
        self,
        user_id: str,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[dict[str, Any]] | None = None,
        **options: Unpack[QueryRemindersOptions],
    ) -> StreamResponse[QueryRemindersResponse]:
        """Query a user's reminders (sorted by ``remind_at`` unless ``sort`` says otherwise).

        Options: ``limit``, ``next``, ``prev``, ``user``.
        """
        return self._send(_query_reminders(user_id, filter_conditions, sort, options))


class AsyncMessages(AsyncResource):
    """Messages, threads, search, drafts and reminders outside a channel object (StreamChatAsync)."""

    async def run_message_action(self, message_id: str, data: dict[str, Any]) -> StreamResponse[MessageActionResponse]:
        """Run a command action on a message (e.g. a giphy ``image_action``)."""
        return await self._send(_run_message_action(message_id, data))

    async def mark_all_read(self, user_id: str) -> StreamResponse[MarkReadResponse]:
        """Mark every channel read for a user."""
        return await self._send(_mark_all_read(user_id))

    async def translate_message(self, message_id: str, language: str) -> StreamResponse[MessageActionResponse]:
        """Translate a message into ``language``."""
        return await self._send(_translate_message(message_id, language))

    async def commit_message(self, message_id: str) -> StreamResponse[MessageActionResponse]:
        """Publish a message that was sent pending."""
        return await self._send(_commit_message(message_id))

    async def pin_message(
        self, message_id: str, user_id: str | None, expiration: int | None = None
    ) -> StreamResponse[UpdateMessagePartialResponse]:
        """Pin a message, until ``expiration`` seconds from now if given."""
        return await self._send(_pin_message(message_id, user_id, expiration))

    async def unpin_message(self, message_id: str, user_id: str | None) -> StreamResponse[UpdateMessagePartialResponse]:
        """Unpin a message."""
        return await self._send(_unpin_message(message_id, user_id))

    async def update_message(self, message: Message) -> StreamResponse[UpdateMessageResponse]:
        """Replace a message (its ``id`` says which)."""
        return await self._send(_update_message(message))

    async def update_message_partial(
        self,
        message_id: str,
        updates: MessageUpdates,
        user_id: str | None,
        **options: Unpack[UpdateMessagePartialOptions],
    ) -> StreamResponse[UpdateMessagePartialResponse]:
        """Set and unset fields of a message (``updates``: ``{"set": {...}, "unset": [...]}``).

        Options: ``skip_push``, ``skip_enrich_url``, ``user`` (instead of ``user_id``).
        """
        return await self._send(_update_message_partial(message_id, updates, user_id, options))

    async def delete_message(
        self,
        message_id: str,
        delete_for_me: bool = False,
        deleted_by: str | None = None,
        **options: Unpack[DeleteMessageOptions],
    ) -> StreamResponse[DeleteMessageResponse]:
        """Delete a message: soft by default, for good with option ``hard=True``, or only for ``deleted_by``
        with ``delete_for_me``."""
        return await self._send(_delete_message(message_id, delete_for_me, deleted_by, options))

    async def undelete_message(self, message_id: str, user_id: str) -> StreamResponse[UndeleteMessageResponse]:
        """Restore a soft-deleted message."""
        return await self._send(_undelete_message(message_id, user_id))

    async def get_message(
        self, message_id: str, **options: Unpack[GetMessageOptions]
    ) -> StreamResponse[GetMessageResponse]:
        """Fetch one message; option ``show_deleted_message`` (sent in the query)."""
        return await self._send(_get_message(message_id, options))

    async def query_message_history(
        self, filter: Filter | None = None, sort: Sort | None = None, **options: Unpack[QueryMessageHistoryOptions]
    ) -> StreamResponse[QueryMessageHistoryResponse]:
        """Query the edit history of messages; options ``limit``, ``next``, ``prev``."""
        return await self._send(_query_message_history(self, filter, sort, options))

    async def query_threads(
        self, filter: Filter | None = None, sort: Sort | None = None, **options: Unpack[QueryThreadsOptions]
    ) -> StreamResponse[QueryThreadsResponse]:
        """Query threads.

        Options: ``limit``, ``next``, ``prev``, ``reply_limit``, ``participant_limit``,
        ``member_limit``, and ``user_id`` or ``user``.
        """
        return await self._send(query_threads_call(self, filter, sort, options))

    async def search(
        self,
        filter_conditions: Filter,
        query: str | Filter,
        sort: Sort | None = None,
        **options: Unpack[SearchOptions],
    ) -> StreamResponse[SearchResponse]:
        """Search messages in the channels matching ``filter_conditions`` by text or by a message filter.

        Options: ``limit`` with ``offset`` or ``next``, ``message_options``, ``force_default_search``,
        ``force_sql_v2_backend``.
        """
        return await self._send(_search(self, filter_conditions, query, sort, options))

    async def query_drafts(
        self,
        user_id: str,
        filter: QueryDraftsFilter | None = None,
        sort: list[SortParam] | None = None,
        options: QueryDraftsOptions | None = None,
    ) -> StreamResponse[QueryDraftsResponse]:
        """Query a user's message drafts."""
        return await self._send(_query_drafts(user_id, filter, sort, options))

    async def create_reminder(
        self, message_id: str, user_id: str, remind_at: datetime.datetime | str | None = None
    ) -> StreamResponse[ReminderResponseData]:
        """Set a reminder on a message for a user, optionally at ``remind_at``."""
        return await self._send(_create_reminder(message_id, user_id, remind_at))

    async def update_reminder(
        self, message_id: str, user_id: str, remind_at: datetime.datetime | str | None = None
    ) -> StreamResponse[UpdateReminderResponse]:
        """Change a user's reminder on a message."""
        return await self._send(_update_reminder(message_id, user_id, remind_at))

    async def delete_reminder(self, message_id: str, user_id: str) -> StreamResponse[DeleteReminderResponse]:
        """Remove a user's reminder on a message."""
        return await self._send(_delete_reminder(message_id, user_id))

    async def query_reminders(
        self,
        user_id: str,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[dict[str, Any]] | None = None,
        **options: Unpack[QueryRemindersOptions],
    ) -> StreamResponse[QueryRemindersResponse]:
        """Query a user's reminders (sorted by ``remind_at`` unless ``sort`` says otherwise).

        Options: ``limit``, ``next``, ``prev``, ``user``.
        """
        return await self._send(_query_reminders(user_id, filter_conditions, sort, options))
