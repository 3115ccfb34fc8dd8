"""Users: create, update, delete, deactivate, export, tokens."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from stream_chat.base.http import Call
from stream_chat.resources._base import AsyncResource, SyncResource
from stream_chat.types.stream_response import StreamResponse
from stream_chat_gen.api.users import update_users

if TYPE_CHECKING:
    from stream_chat_gen.models import UpdateUsersResponse


def _upsert_users(users: Iterable[Mapping[str, Any]]) -> Call[UpdateUsersResponse]:
    by_id: dict[str, Mapping[str, Any]] = {}
    for user in users:
        user_id = user.get("id") if isinstance(user, Mapping) else None
        if not isinstance(user_id, str) or not user_id:
            raise ValueError(f"every user needs a non-empty string 'id', got {user!r}")
        by_id[user_id] = user
    return Call(update_users, body={"users": by_id})


class SyncUsers(SyncResource):
    def upsert_users(self, users: list[dict[str, Any]]) -> StreamResponse[UpdateUsersResponse]:
        """Create or replace users (custom fields at the top level of each dict)."""
        return self._send(_upsert_users(users))

    def upsert_user(self, user: dict[str, Any]) -> StreamResponse[UpdateUsersResponse]:
        """Create or replace one user."""
        return self._send(_upsert_users([user]))


class AsyncUsers(AsyncResource):
    async def upsert_users(self, users: list[dict[str, Any]]) -> StreamResponse[UpdateUsersResponse]:
        """Create or replace users (custom fields at the top level of each dict)."""
        return await self._send(_upsert_users(users))

    async def upsert_user(self, user: dict[str, Any]) -> StreamResponse[UpdateUsersResponse]:
        """Create or replace one user."""
        return await self._send(_upsert_users([user]))
