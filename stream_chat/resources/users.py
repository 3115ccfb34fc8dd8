"""Users: create, update, delete, deactivate, export, block, tokens, devices, locations, unread counts."""

from __future__ import annotations

import datetime
import warnings
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Unpack

from stream_chat.base.checks import require_id, require_ids, require_mapping
from stream_chat.base.http import Call
from stream_chat.resources._base import AsyncResource, SyncResource
from stream_chat.types.stream_response import StreamResponse
from stream_chat_gen.api.channels import unread_counts, unread_counts_batch
from stream_chat_gen.api.devices import create_device, delete_device, list_devices
from stream_chat_gen.api.exports import export_users
from stream_chat_gen.api.moderation import block_users, get_blocked_users, unblock_users
from stream_chat_gen.api.users import (
    create_guest,
    deactivate_user,
    deactivate_users,
    delete_user,
    delete_users,
    export_user,
    get_user_live_locations,
    query_users,
    reactivate_user,
    restore_users,
    send_user_custom_event,
    update_live_location,
    update_users,
    update_users_partial,
)

if TYPE_CHECKING:
    from stream_chat.types.requests import (
        BlockOptions,
        DeactivateUserOptions,
        DeactivateUsersOptions,
        DeleteUserOptions,
        DeleteUsersOptions,
        Filter,
        NoOptions,
        QueryUsersOptions,
        ReactivateUserOptions,
        Sort,
        User,
    )
    from stream_chat.types.shared_locations import SharedLocationsOptions
    from stream_chat_gen.models import (
        BlockUsersResponse,
        CreateGuestResponse,
        DeactivateUserResponse,
        DeactivateUsersResponse,
        DeleteUsersResponse,
        ExportUserResponse,
        ExportUsersResponse,
        GetBlockedUsersResponse,
        ListDevicesResponse,
        QueryUsersResponse,
        ReactivateUserResponse,
        Response,
        SharedLocationResponse,
        SharedLocationsResponse,
        UnblockUsersResponse,
        UnreadCountsBatchResponse,
        UpdateUsersResponse,
        WrappedUnreadCountsResponse,
    )


def _require_user_dicts(items: Iterable[Mapping[str, Any]], name: str) -> list[Mapping[str, Any]]:
    """``items`` as a list of dicts that each carry a non-empty string ``id``."""
    if isinstance(items, (str, bytes, Mapping)) or not isinstance(items, Iterable):
        raise ValueError(f"{name} must be a list of dicts, got {items!r}")
    result = list(items)
    for index, item in enumerate(result):
        user_id = item.get("id") if isinstance(item, Mapping) else None
        if not isinstance(user_id, str) or not user_id:
            raise ValueError(f"{name}[{index}] needs a non-empty string 'id', got {item!r}")
    return result


def _set_guest_user(guest_user: Mapping[str, Any]) -> Call[CreateGuestResponse]:
    return Call(create_guest, body={"user": guest_user})


def _update_users(users: Iterable[Mapping[str, Any]], replacement: str) -> Call[UpdateUsersResponse]:
    # stacklevel 3: this builder, the client method, then the caller's line.
    warnings.warn(f"This method is deprecated. Use {replacement} instead.", DeprecationWarning, stacklevel=3)
    return _upsert_users(users)


def _upsert_users(users: Iterable[Mapping[str, Any]]) -> Call[UpdateUsersResponse]:
    by_id = {str(user["id"]): user for user in _require_user_dicts(users, "users")}
    return Call(update_users, body={"users": by_id})


def _update_users_partial(updates: Iterable[Mapping[str, Any]]) -> Call[UpdateUsersResponse]:
    return Call(update_users_partial, body={"users": _require_user_dicts(updates, "updates")})


def _delete_user(user_id: str, options: Mapping[str, Any]) -> Call[DeactivateUserResponse]:
    return Call(delete_user, require_id(user_id, "user_id"), extra_query=options)


def _delete_users(user_ids: Iterable[str], delete_type: str, options: Mapping[str, Any]) -> Call[DeleteUsersResponse]:
    body = {**options, "user": delete_type, "user_ids": require_ids(user_ids, "user_ids")}
    return Call(delete_users, body=body)


def _restore_users(user_ids: Iterable[str]) -> Call[Response]:
    return Call(restore_users, body={"user_ids": require_ids(user_ids, "user_ids")})


def _deactivate_user(user_id: str, options: Mapping[str, Any]) -> Call[DeactivateUserResponse]:
    return Call(deactivate_user, require_id(user_id, "user_id"), body=dict(options))


def _deactivate_users(user_ids: Iterable[str], options: Mapping[str, Any]) -> Call[DeactivateUsersResponse]:
    return Call(deactivate_users, body={**options, "user_ids": require_ids(user_ids, "user_ids")})


def _reactivate_user(user_id: str, options: Mapping[str, Any]) -> Call[ReactivateUserResponse]:
    return Call(reactivate_user, require_id(user_id, "user_id"), body=dict(options))


def _export_user(user_id: str, options: Mapping[str, Any]) -> Call[ExportUserResponse]:
    return Call(export_user, require_id(user_id, "user_id"), extra_query=options)


def _query_users(
    filter_conditions: Filter, sort: list[dict[str, Any]], options: QueryUsersOptions
) -> Call[QueryUsersResponse]:
    payload = {**options, "filter_conditions": require_mapping(filter_conditions, "filter_conditions"), "sort": sort}
    return Call(query_users, payload=payload)


def _block_user(blocked_user_id: str, user_id: str, options: Mapping[str, Any]) -> Call[BlockUsersResponse]:
    body = {
        "blocked_user_id": require_id(blocked_user_id, "blocked_user_id"),
        "user_id": require_id(user_id, "user_id"),
    }
    return Call(block_users, body={**body, **options})


def _unblock_user(blocked_user_id: str, user_id: str, options: Mapping[str, Any]) -> Call[UnblockUsersResponse]:
    body = {
        "blocked_user_id": require_id(blocked_user_id, "blocked_user_id"),
        "user_id": require_id(user_id, "user_id"),
    }
    return Call(unblock_users, body={**body, **options})


def _get_blocked_users(user_id: str, options: Mapping[str, Any]) -> Call[GetBlockedUsersResponse]:
    return Call(get_blocked_users, user_id=require_id(user_id, "user_id"), extra_query=options)


def _revoke_users_token(user_ids: Iterable[str], before: str | datetime.datetime) -> Call[UpdateUsersResponse]:
    # A datetime stays a datetime: the JSON encoder sends it as a UTC instant ("...Z").
    updates = [
        {"id": user_id, "set": {"revoke_tokens_issued_before": before}} for user_id in require_ids(user_ids, "user_ids")
    ]
    return Call(update_users_partial, body={"users": updates})


def _send_user_custom_event(user_id: str, event: Mapping[str, Any]) -> Call[Response]:
    return Call(send_user_custom_event, require_id(user_id, "user_id"), body={"event": event})


def _add_device(device_id: str, push_provider: str, user_id: str, push_provider_name: str | None) -> Call[Response]:
    body = {
        "id": require_id(device_id, "device_id"),
        "push_provider": push_provider,
        "user_id": require_id(user_id, "user_id"),
        "push_provider_name": push_provider_name,
    }
    return Call(create_device, body=body)


def _delete_device(device_id: str, user_id: str) -> Call[Response]:
    return Call(delete_device, id=require_id(device_id, "device_id"), user_id=require_id(user_id, "user_id"))


def _get_devices(user_id: str) -> Call[ListDevicesResponse]:
    return Call(list_devices, user_id=require_id(user_id, "user_id"))


def _get_user_locations(user_id: str, options: Mapping[str, Any]) -> Call[SharedLocationsResponse]:
    return Call(get_user_live_locations, user_id=require_id(user_id, "user_id"), extra_query=options)


def _update_user_location(
    user_id: str, message_id: str, options: SharedLocationsOptions | None
) -> Call[SharedLocationResponse]:
    # The official client sends the options both in the body and in the query string; so do we.
    extra: dict[str, Any] = dict(options or {})
    body = {"message_id": require_id(message_id, "message_id"), **extra}
    return Call(update_live_location, body=body, user_id=require_id(user_id, "user_id"), extra_query=extra)


def _unread_counts(user_id: str) -> Call[WrappedUnreadCountsResponse]:
    return Call(unread_counts, user_id=require_id(user_id, "user_id"))


def _unread_counts_batch(user_ids: Iterable[str]) -> Call[UnreadCountsBatchResponse]:
    return Call(unread_counts_batch, body={"user_ids": require_ids(user_ids, "user_ids")})


def _export_users(user_ids: Iterable[str]) -> Call[ExportUsersResponse]:
    return Call(export_users, body={"user_ids": require_ids(user_ids, "user_ids")})


class SyncUsers(SyncResource):
    """Users, their devices, blocks, tokens, locations and unread counts (StreamChat)."""

    def set_guest_user(self, guest_user: dict[str, Any]) -> StreamResponse[CreateGuestResponse]:
        """Create a guest user (sent as ``{"user": guest_user}``)."""
        return self._send(_set_guest_user(guest_user))

    def update_users(self, users: Iterable[User]) -> StreamResponse[UpdateUsersResponse]:
        """Deprecated alias of ``upsert_users``."""
        return self._send(_update_users(users, "upsert_users"))

    def update_user(self, user: User) -> StreamResponse[UpdateUsersResponse]:
        """Deprecated alias of ``upsert_user``."""
        return self._send(_update_users([user], "upsert_user"))

    def upsert_users(self, users: Iterable[User]) -> StreamResponse[UpdateUsersResponse]:
        """Create or replace users (custom fields at the top level of each dict)."""
        return self._send(_upsert_users(users))

    def upsert_user(self, user: User) -> StreamResponse[UpdateUsersResponse]:
        """Create or replace one user."""
        return self._send(_upsert_users([user]))

    def update_users_partial(self, updates: list[dict[str, Any]]) -> StreamResponse[UpdateUsersResponse]:
        """Set or unset fields of several users (each update: ``id``, ``set``, ``unset``)."""
        return self._send(_update_users_partial(updates))

    def update_user_partial(self, update: dict[str, Any]) -> StreamResponse[UpdateUsersResponse]:
        """Set or unset fields of one user."""
        return self._send(_update_users_partial([update]))

    def delete_user(self, user_id: str, **options: Unpack[DeleteUserOptions]) -> StreamResponse[DeactivateUserResponse]:
        """Delete one user now; options ``hard_delete``, ``mark_messages_deleted``,
        ``delete_conversation_channels`` (sent in the query)."""
        return self._send(_delete_user(user_id, options))

    def delete_users(
        self, user_ids: Iterable[str], delete_type: str, **options: Unpack[DeleteUsersOptions]
    ) -> StreamResponse[DeleteUsersResponse]:
        """Delete users in a background task (``delete_type``: ``soft``, ``pruning`` or ``hard``).

        Options: ``messages``, ``conversations``, ``calls`` (``soft``/``hard``...), ``files``,
        ``new_channel_owner_id``, ``new_call_owner_id``.
        """
        return self._send(_delete_users(user_ids, delete_type, options))

    def restore_users(self, user_ids: Iterable[str]) -> StreamResponse[Response]:
        """Restore soft-deleted users."""
        return self._send(_restore_users(user_ids))

    def deactivate_user(
        self, user_id: str, **options: Unpack[DeactivateUserOptions]
    ) -> StreamResponse[DeactivateUserResponse]:
        """Deactivate one user; options ``mark_messages_deleted``, ``created_by_id``."""
        return self._send(_deactivate_user(user_id, options))

    def deactivate_users(
        self, user_ids: Iterable[str], **options: Unpack[DeactivateUsersOptions]
    ) -> StreamResponse[DeactivateUsersResponse]:
        """Deactivate users in a background task; options ``mark_messages_deleted``,
        ``mark_channels_deleted``, ``created_by_id``."""
        return self._send(_deactivate_users(user_ids, options))

    def reactivate_user(
        self, user_id: str, **options: Unpack[ReactivateUserOptions]
    ) -> StreamResponse[ReactivateUserResponse]:
        """Reactivate a deactivated user; options ``restore_messages``, ``name``, ``created_by_id``."""
        return self._send(_reactivate_user(user_id, options))

    def export_user(self, user_id: str, **options: Unpack[NoOptions]) -> StreamResponse[ExportUserResponse]:
        """Export a user's profile, messages and reactions; no options."""
        return self._send(_export_user(user_id, options))

    def query_users(
        self,
        filter_conditions: Filter,
        sort: Sort | None = None,
        **options: Unpack[QueryUsersOptions],
    ) -> StreamResponse[QueryUsersResponse]:
        """Search users matching ``filter_conditions``, in ``sort`` order.

        Options: ``limit``, ``offset``, ``presence``, ``include_deactivated_users``, and
        ``user_id`` or ``user``.
        """
        return self._send(_query_users(filter_conditions, self.normalize_sort(sort), options))

    def block_user(
        self, blocked_user_id: str, user_id: str, **options: Unpack[BlockOptions]
    ) -> StreamResponse[BlockUsersResponse]:
        """Make ``user_id`` block ``blocked_user_id``; option ``user``."""
        return self._send(_block_user(blocked_user_id, user_id, options))

    def unblock_user(
        self, blocked_user_id: str, user_id: str, **options: Unpack[BlockOptions]
    ) -> StreamResponse[UnblockUsersResponse]:
        """Make ``user_id`` unblock ``blocked_user_id``; option ``user``."""
        return self._send(_unblock_user(blocked_user_id, user_id, options))

    def get_blocked_users(self, user_id: str, **options: Unpack[NoOptions]) -> StreamResponse[GetBlockedUsersResponse]:
        """The users ``user_id`` has blocked; no options."""
        return self._send(_get_blocked_users(user_id, options))

    def revoke_user_token(self, user_id: str, before: str | datetime.datetime) -> StreamResponse[UpdateUsersResponse]:
        """Revoke one user's tokens issued before ``before``."""
        return self._send(_revoke_users_token([user_id], before))

    def revoke_users_token(
        self, user_ids: Iterable[str], before: str | datetime.datetime
    ) -> StreamResponse[UpdateUsersResponse]:
        """Revoke the tokens of several users issued before ``before``."""
        return self._send(_revoke_users_token(user_ids, before))

    def send_user_custom_event(self, user_id: str, event: dict[str, Any]) -> StreamResponse[Response]:
        """Send a custom event to every connection of a user."""
        return self._send(_send_user_custom_event(user_id, event))

    def add_device(
        self, device_id: str, push_provider: str, user_id: str, push_provider_name: str | None = None
    ) -> StreamResponse[Response]:
        """Register a push device for a user."""
        return self._send(_add_device(device_id, push_provider, user_id, push_provider_name))

    def delete_device(self, device_id: str, user_id: str) -> StreamResponse[Response]:
        """Remove a user's push device."""
        return self._send(_delete_device(device_id, user_id))

    def get_devices(self, user_id: str) -> StreamResponse[ListDevicesResponse]:
        """A user's push devices."""
        return self._send(_get_devices(user_id))

    def get_user_locations(self, user_id: str, **options: Unpack[NoOptions]) -> StreamResponse[SharedLocationsResponse]:
        """A user's active live locations; no options."""
        return self._send(_get_user_locations(user_id, options))

    def update_user_location(
        self, user_id: str, message_id: str, options: SharedLocationsOptions | None = None
    ) -> StreamResponse[SharedLocationResponse]:
        """Update the live location shared in a message (coordinates, ``end_at``)."""
        return self._send(_update_user_location(user_id, message_id, options))

    def unread_counts(self, user_id: str) -> StreamResponse[WrappedUnreadCountsResponse]:
        """A user's unread counts, overall and by channel and thread."""
        return self._send(_unread_counts(user_id))

    def unread_counts_batch(self, user_ids: list[str]) -> StreamResponse[UnreadCountsBatchResponse]:
        """Unread counts of several users."""
        return self._send(_unread_counts_batch(user_ids))

    def export_users(self, user_ids: Iterable[str]) -> StreamResponse[ExportUsersResponse]:
        """Export users in a background task."""
        return self._send(_export_users(user_ids))


class AsyncUsers(AsyncResource):
    """Users, their devices, blocks, tokens, locations and unread counts (StreamChatAsync)."""

    async def set_guest_user(self, guest_user: dict[str, Any]) -> StreamResponse[CreateGuestResponse]:
        """Create a guest user (sent as ``{"user": guest_user}``)."""
        return await self._send(_set_guest_user(guest_user))

    async def update_users(self, users: Iterable[User]) -> StreamResponse[UpdateUsersResponse]:
        """Deprecated alias of ``upsert_users``."""
        return await self._send(_update_users(users, "upsert_users"))

    async def update_user(self, user: User) -> StreamResponse[UpdateUsersResponse]:
        """Deprecated alias of ``upsert_user``."""
        return await self._send(_update_users([user], "upsert_user"))

    async def upsert_users(self, users: Iterable[User]) -> StreamResponse[UpdateUsersResponse]:
        """Create or replace users (custom fields at the top level of each dict)."""
        return await self._send(_upsert_users(users))

    async def upsert_user(self, user: User) -> StreamResponse[UpdateUsersResponse]:
        """Create or replace one user."""
        return await self._send(_upsert_users([user]))

    async def update_users_partial(self, updates: list[dict[str, Any]]) -> StreamResponse[UpdateUsersResponse]:
        """Set or unset fields of several users (each update: ``id``, ``set``, ``unset``)."""
        return await self._send(_update_users_partial(updates))

    async def update_user_partial(self, update: dict[str, Any]) -> StreamResponse[UpdateUsersResponse]:
        """Set or unset fields of one user."""
        return await self._send(_update_users_partial([update]))

    async def delete_user(
        self, user_id: str, **options: Unpack[DeleteUserOptions]
    ) -> StreamResponse[DeactivateUserResponse]:
        """Delete one user now; options ``hard_delete``, ``mark_messages_deleted``,
        ``delete_conversation_channels`` (sent in the query)."""
        return await self._send(_delete_user(user_id, options))

    async def delete_users(
        self, user_ids: Iterable[str], delete_type: str, **options: Unpack[DeleteUsersOptions]
    ) -> StreamResponse[DeleteUsersResponse]:
        """Delete users in a background task (``delete_type``: ``soft``, ``pruning`` or ``hard``).

        Options: ``messages``, ``conversations``, ``calls`` (``soft``/``hard``...), ``files``,
        ``new_channel_owner_id``, ``new_call_owner_id``.
        """
        return await self._send(_delete_users(user_ids, delete_type, options))

    async def restore_users(self, user_ids: Iterable[str]) -> StreamResponse[Response]:
        """Restore soft-deleted users."""
        return await self._send(_restore_users(user_ids))

    async def deactivate_user(
        self, user_id: str, **options: Unpack[DeactivateUserOptions]
    ) -> StreamResponse[DeactivateUserResponse]:
        """Deactivate one user; options ``mark_messages_deleted``, ``created_by_id``."""
        return await self._send(_deactivate_user(user_id, options))

    async def deactivate_users(
        self, user_ids: Iterable[str], **options: Unpack[DeactivateUsersOptions]
    ) -> StreamResponse[DeactivateUsersResponse]:
        """Deactivate users in a background task; options ``mark_messages_deleted``,
        ``mark_channels_deleted``, ``created_by_id``."""
        return await self._send(_deactivate_users(user_ids, options))

    async def reactivate_user(
        self, user_id: str, **options: Unpack[ReactivateUserOptions]
    ) -> StreamResponse[ReactivateUserResponse]:
        """Reactivate a deactivated user; options ``restore_messages``, ``name``, ``created_by_id``."""
        return await self._send(_reactivate_user(user_id, options))

    async def export_user(self, user_id: str, **options: Unpack[NoOptions]) -> StreamResponse[ExportUserResponse]:
        """Export a user's profile, messages and reactions; no options."""
        return await self._send(_export_user(user_id, options))

    async def query_users(
        self,
        filter_conditions: Filter,
        sort: Sort | None = None,
        **options: Unpack[QueryUsersOptions],
    ) -> StreamResponse[QueryUsersResponse]:
        """Search users matching ``filter_conditions``, in ``sort`` order.

        Options: ``limit``, ``offset``, ``presence``, ``include_deactivated_users``, and
        ``user_id`` or ``user``.
        """
        return await self._send(_query_users(filter_conditions, self.normalize_sort(sort), options))

    async def block_user(
        self, blocked_user_id: str, user_id: str, **options: Unpack[BlockOptions]
    ) -> StreamResponse[BlockUsersResponse]:
        """Make ``user_id`` block ``blocked_user_id``; option ``user``."""
        return await self._send(_block_user(blocked_user_id, user_id, options))

    async def unblock_user(
        self, blocked_user_id: str, user_id: str, **options: Unpack[BlockOptions]
    ) -> StreamResponse[UnblockUsersResponse]:
        """Make ``user_id`` unblock ``blocked_user_id``; option ``user``."""
        return await self._send(_unblock_user(blocked_user_id, user_id, options))

    async def get_blocked_users(
        self, user_id: str, **options: Unpack[NoOptions]
    ) -> StreamResponse[GetBlockedUsersResponse]:
        """The users ``user_id`` has blocked; no options."""
        return await self._send(_get_blocked_users(user_id, options))

    async def revoke_user_token(
        self, user_id: str, before: str | datetime.datetime
    ) -> StreamResponse[UpdateUsersResponse]:
        """Revoke one user's tokens issued before ``before``."""
        return await self._send(_revoke_users_token([user_id], before))

    async def revoke_users_token(
        self, user_ids: Iterable[str], before: str | datetime.datetime
    ) -> StreamResponse[UpdateUsersResponse]:
        """Revoke the tokens of several users issued before ``before``."""
        return await self._send(_revoke_users_token(user_ids, before))

    async def send_user_custom_event(self, user_id: str, event: dict[str, Any]) -> StreamResponse[Response]:
        """Send a custom event to every connection of a user."""
        return await self._send(_send_user_custom_event(user_id, event))

    async def add_device(
        self, device_id: str, push_provider: str, user_id: str, push_provider_name: str | None = None
    ) -> StreamResponse[Response]:
        """Register a push device for a user."""
        return await self._send(_add_device(device_id, push_provider, user_id, push_provider_name))

    async def delete_device(self, device_id: str, user_id: str) -> StreamResponse[Response]:
        """Remove a user's push device."""
        return await self._send(_delete_device(device_id, user_id))

    async def get_devices(self, user_id: str) -> StreamResponse[ListDevicesResponse]:
        """A user's push devices."""
        return await self._send(_get_devices(user_id))

    async def get_user_locations(
        self, user_id: str, **options: Unpack[NoOptions]
    ) -> StreamResponse[SharedLocationsResponse]:
        """A user's active live locations; no options."""
        return await self._send(_get_user_locations(user_id, options))

    async def update_user_location(
        self, user_id: str, message_id: str, options: SharedLocationsOptions | None = None
    ) -> StreamResponse[SharedLocationResponse]:
        """Update the live location shared in a message (coordinates, ``end_at``)."""
        return await self._send(_update_user_location(user_id, message_id, options))

    async def unread_counts(self, user_id: str) -> StreamResponse[WrappedUnreadCountsResponse]:
        """A user's unread counts, overall and by channel and thread."""
        return await self._send(_unread_counts(user_id))

    async def unread_counts_batch(self, user_ids: list[str]) -> StreamResponse[UnreadCountsBatchResponse]:
        """Unread counts of several users."""
        return await self._send(_unread_counts_batch(user_ids))

    async def export_users(self, user_ids: Iterable[str]) -> StreamResponse[ExportUsersResponse]:
        """Export users in a background task."""
        return await self._send(_export_users(user_ids))
