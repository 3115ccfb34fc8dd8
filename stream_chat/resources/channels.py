"""Queries and batch operations over many channels; exports, imports and tasks."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, Unpack

from stream_chat.base.checks import require_id, require_ids
from stream_chat.base.client import StreamChatInterface
from stream_chat.base.http import Call
from stream_chat.resources._base import AsyncResource, SyncResource
from stream_chat.types.stream_response import StreamResponse
from stream_chat_gen.api.channels import delete_channels, mark_delivered, query_channels
from stream_chat_gen.api.exports import export_channels, get_export_channels_status, get_task
from stream_chat_gen.api.imports import create_import, create_import_url, get_import, list_imports

if TYPE_CHECKING:
    from stream_chat.types.delivery_receipts import MarkDeliveredOptions
    from stream_chat.types.requests import (
        DeleteChannelsOptions,
        ExportChannelsOptions,
        Filter,
        QueryChannelsOptions,
        Sort,
    )
    from stream_chat_gen.models import (
        CreateImportResponse,
        CreateImportURLResponse,
        DeleteChannelsResponse,
        ExportChannelsResponse,
        GetImportResponse,
        GetTaskResponse,
        ListImportsResponse,
        MarkDeliveredResponse,
        QueryChannelsResponse,
    )


def _query_channels(
    client: StreamChatInterface,
    filter_conditions: Filter,
    sort: Sort | None,
    options: QueryChannelsOptions,
) -> Call[QueryChannelsResponse]:
    body = {
        "state": True,
        "watch": False,
        "presence": False,
        **options,
        "filter_conditions": filter_conditions,
        "sort": client.normalize_sort(sort),
    }
    return Call(query_channels, body=body)


def _delete_channels(cids: Iterable[str], options: Mapping[str, Any]) -> Call[DeleteChannelsResponse]:
    return Call(delete_channels, body={**options, "cids": require_ids(cids, "cids")})


def _mark_delivered(data: MarkDeliveredOptions) -> Call[MarkDeliveredResponse]:
    if not data.get("latest_delivered_messages"):
        raise ValueError("latest_delivered_messages must not be empty")
    user = data.get("user")
    if not user and not data.get("user_id"):
        raise ValueError("either user or user_id must be provided")
    user_id = data.get("user_id") or (user or {}).get("id")
    return Call(mark_delivered, body=data, user_id=require_id(user_id, "user_id"))


def _mark_delivered_simple(user_id: str, message_id: str, channel_cid: str) -> Call[MarkDeliveredResponse]:
    data: MarkDeliveredOptions = {
        "latest_delivered_messages": [
            {"cid": require_id(channel_cid, "channel_cid"), "id": require_id(message_id, "message_id")}
        ],
        "user_id": require_id(user_id, "user_id"),
    }
    return _mark_delivered(data)


def _export_time(value: str | datetime.datetime | None) -> str | None:
    """ISO 8601 for a datetime (naive taken as UTC, an aware one keeps its offset); strings and None as they are."""
    if isinstance(value, datetime.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=datetime.UTC)).isoformat()
    return value


def _export_channels(channels: Iterable[Mapping[str, Any]], options: Mapping[str, Any]) -> Call[ExportChannelsResponse]:
    return Call(export_channels, body={"channels": list(channels), **options})


def _export_channel(
    channel_type: str,
    channel_id: str,
    messages_since: str | datetime.datetime | None,
    messages_until: str | datetime.datetime | None,
    options: Mapping[str, Any],
) -> Call[ExportChannelsResponse]:
    channel = {
        "id": require_id(channel_id, "channel_id"),
        "type": require_id(channel_type, "channel_type"),
        "messages_since": _export_time(messages_since),
        "messages_until": _export_time(messages_until),
    }
    return _export_channels([channel], options)


def _get_export_channel_status(task_id: str) -> Call[GetTaskResponse]:
    return Call(get_export_channels_status, require_id(task_id, "task_id"))


def _get_task(task_id: str) -> Call[GetTaskResponse]:
    return Call(get_task, require_id(task_id, "task_id"))


def _create_import_url(filename: str) -> Call[CreateImportURLResponse]:
    return Call(create_import_url, body={"filename": filename})


def _create_import(path: str, mode: str) -> Call[CreateImportResponse]:
    return Call(create_import, body={"path": path, "mode": mode})


def _get_import(import_id: str) -> Call[GetImportResponse]:
    return Call(get_import, require_id(import_id, "id"))


def _list_imports(options: dict[str, Any] | None) -> Call[ListImportsResponse]:
    return Call(list_imports, extra_query=options)


class SyncChannels(SyncResource):
    """Queries and batch operations over many channels; exports, imports and tasks (StreamChat)."""

    def query_channels(
        self, filter_conditions: Filter, sort: Sort | None = None, **options: Unpack[QueryChannelsOptions]
    ) -> StreamResponse[QueryChannelsResponse]:
        """Query channels matching ``filter_conditions``, in ``sort`` order.

        ``sort`` is ``{"last_message_at": -1}`` or a list of such entries or of
        ``{"field": ..., "direction": ...}``. Options: ``limit``, ``offset``, ``state`` (default
        ``True``), ``watch``, ``presence`` (default ``False``), ``member_limit``, ``message_limit``,
        ``member_custom_include``, ``predefined_filter`` with ``filter_values``/``sort_values``,
        and ``user_id`` or ``user``.
        """
        return self._send(_query_channels(self, filter_conditions, sort, options))

    def delete_channels(
        self, cids: Iterable[str], **options: Unpack[DeleteChannelsOptions]
    ) -> StreamResponse[DeleteChannelsResponse]:
        """Delete channels by cid in a background task; option ``hard_delete=True`` removes them for good."""
        return self._send(_delete_channels(cids, options))

    def mark_delivered(self, data: MarkDeliveredOptions) -> StreamResponse[MarkDeliveredResponse]:
        """Report the latest messages delivered to a user, per channel (needs ``delivery_receipts`` enabled)."""
        return self._send(_mark_delivered(data))

    def mark_delivered_simple(
        self, user_id: str, message_id: str, channel_cid: str
    ) -> StreamResponse[MarkDeliveredResponse]:
        """Report one message of one channel as delivered to a user."""
        return self._send(_mark_delivered_simple(user_id, message_id, channel_cid))

    def export_channel(
        self,
        channel_type: str,
        channel_id: str,
        messages_since: str | datetime.datetime | None = None,
        messages_until: str | datetime.datetime | None = None,
        **options: Unpack[ExportChannelsOptions],
    ) -> StreamResponse[ExportChannelsResponse]:
        """Start exporting one channel's messages, optionally within a time range.

        Options: those of ``export_channels`` (``format``, ``include_fields``, ``export_users``...).
        """
        return self._send(_export_channel(channel_type, channel_id, messages_since, messages_until, options))

    def export_channels(
        self, channels: Iterable[Mapping[str, Any]], **options: Unpack[ExportChannelsOptions]
    ) -> StreamResponse[ExportChannelsResponse]:
        """Start exporting channels (each ``{"type", "id", "messages_since"?, "messages_until"?}``).

        Options: ``format``, ``version``, ``export_users``, ``include_fields``,
        ``include_soft_deleted_channels``, ``include_truncated_messages``, ``clear_deleted_message_text``.
        """
        return self._send(_export_channels(channels, options))

    def get_export_channel_status(self, task_id: str) -> StreamResponse[GetTaskResponse]:
        """The state of a channel export task."""
        return self._send(_get_export_channel_status(task_id))

    def get_task(self, task_id: str) -> StreamResponse[GetTaskResponse]:
        """The state of a background task."""
        return self._send(_get_task(task_id))

    def create_import_url(self, filename: str) -> StreamResponse[CreateImportURLResponse]:
        """A signed URL to upload an import file to."""
        return self._send(_create_import_url(filename))

    def create_import(
        self, path: str, mode: Literal["insert", "upsert"] = "upsert"
    ) -> StreamResponse[CreateImportResponse]:
        """Start importing an uploaded file."""
        return self._send(_create_import(path, mode))

    def get_import(self, id: str) -> StreamResponse[GetImportResponse]:
        """The state of an import."""
        return self._send(_get_import(id))

    def list_imports(self, options: dict[str, Any] | None = None) -> StreamResponse[ListImportsResponse]:
        """List imports (``options`` such as ``limit``/``offset`` go in the query)."""
        return self._send(_list_imports(options))


class AsyncChannels(AsyncResource):
    """Queries and batch operations over many channels; exports, imports and tasks (StreamChatAsync)."""

    async def query_channels(
        self, filter_conditions: Filter, sort: Sort | None = None, **options: Unpack[QueryChannelsOptions]
    ) -> StreamResponse[QueryChannelsResponse]:
        """Query channels matching ``filter_conditions``, in ``sort`` order.

        ``sort`` is ``{"last_message_at": -1}`` or a list of such entries or of
        ``{"field": ..., "direction": ...}``. Options: ``limit``, ``offset``, ``state`` (default
        ``True``), ``watch``, ``presence`` (default ``False``), ``member_limit``, ``message_limit``,
        ``member_custom_include``, ``predefined_filter`` with ``filter_values``/``sort_values``,
        and ``user_id`` or ``user``.
        """
        return await self._send(_query_channels(self, filter_conditions, sort, options))

    async def delete_channels(
        self, cids: Iterable[str], **options: Unpack[DeleteChannelsOptions]
    ) -> StreamResponse[DeleteChannelsResponse]:
        """Delete channels by cid in a background task; option ``hard_delete=True`` removes them for good."""
        return await self._send(_delete_channels(cids, options))

    async def mark_delivered(self, data: MarkDeliveredOptions) -> StreamResponse[MarkDeliveredResponse]:
        """Report the latest messages delivered to a user, per channel (needs ``delivery_receipts`` enabled)."""
        return await self._send(_mark_delivered(data))

    async def mark_delivered_simple(
        self, user_id: str, message_id: str, channel_cid: str
    ) -> StreamResponse[MarkDeliveredResponse]:
        """Report one message of one channel as delivered to a user."""
        return await self._send(_mark_delivered_simple(user_id, message_id, channel_cid))

    async def export_channel(
        self,
        channel_type: str,
        channel_id: str,
        messages_since: str | datetime.datetime | None = None,
        messages_until: str | datetime.datetime | None = None,
        **options: Unpack[ExportChannelsOptions],
    ) -> StreamResponse[ExportChannelsResponse]:
        """Start exporting one channel's messages, optionally within a time range.

        Options: those of ``export_channels`` (``format``, ``include_fields``, ``export_users``...).
        """
        return await self._send(_export_channel(channel_type, channel_id, messages_since, messages_until, options))

    async def export_channels(
        self, channels: Iterable[Mapping[str, Any]], **options: Unpack[ExportChannelsOptions]
    ) -> StreamResponse[ExportChannelsResponse]:
        """Start exporting channels (each ``{"type", "id", "messages_since"?, "messages_until"?}``).

        Options: ``format``, ``version``, ``export_users``, ``include_fields``,
        ``include_soft_deleted_channels``, ``include_truncated_messages``, ``clear_deleted_message_text``.
        """
        return await self._send(_export_channels(channels, options))

    async def get_export_channel_status(self, task_id: str) -> StreamResponse[GetTaskResponse]:
        """The state of a channel export task."""
        return await self._send(_get_export_channel_status(task_id))

    async def get_task(self, task_id: str) -> StreamResponse[GetTaskResponse]:
        """The state of a background task."""
        return await self._send(_get_task(task_id))

    async def create_import_url(self, filename: str) -> StreamResponse[CreateImportURLResponse]:
        """A signed URL to upload an import file to."""
        return await self._send(_create_import_url(filename))

    async def create_import(
        self, path: str, mode: Literal["insert", "upsert"] = "upsert"
    ) -> StreamResponse[CreateImportResponse]:
        """Start importing an uploaded file."""
        return await self._send(_create_import(path, mode))

    async def get_import(self, id: str) -> StreamResponse[GetImportResponse]:
        """The state of an import."""
        return await self._send(_get_import(id))

    async def list_imports(self, options: dict[str, Any] | None = None) -> StreamResponse[ListImportsResponse]:
        """List imports (``options`` such as ``limit``/``offset`` go in the query)."""
        return await self._send(_list_imports(options))
