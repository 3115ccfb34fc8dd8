"""Bans, flags, mutes and blocks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Unpack
from urllib.parse import quote

from stream_chat.base.checks import require_id, require_ids
from stream_chat.base.http import Call, RawEndpoint
from stream_chat.resources._base import AsyncResource, SyncResource
from stream_chat.types.stream_response import StreamResponse
from stream_chat_gen.api.moderation import (
    ban,
    flag,
    mute_user,
    query_banned_users,
    query_future_channel_bans,
    query_message_flags,
    unban,
    unflag,
    unmute_user,
)

if TYPE_CHECKING:
    from stream_chat.types.requests import (
        BanOptions,
        FlagOptions,
        MuteOptions,
        QueryFutureChannelBansOptions,
        QueryMessageFlagsOptions,
        ShadowBanOptions,
        UnbanUserOptions,
        UnflagOptions,
    )
    from stream_chat_gen.models import (
        FlagMessageResponse,
        MuteUserResponse,
        QueryBannedUsersResponse,
        QueryFutureChannelBansResponse,
        QueryMessageFlagsResponse,
        Response,
        UnflagResponse,
        UnmuteUserResponse,
    )

# Unban options the generated endpoint declares as query parameters; any other option goes as is.
_UNBAN_QUERY_PARAMS = ("channel_cid", "created_by", "remove_future_channels_ban", "reason")


def _ban_user(target_id: str, **options: Any) -> Call[Response]:
    require_id(target_id, "target_id")
    return Call(ban, body={"target_user_id": target_id, **options})


def _unban_user(target_id: str, **options: Any) -> Call[Response]:
    require_id(target_id, "target_id")
    declared = {key: options.pop(key) for key in _UNBAN_QUERY_PARAMS if key in options}
    return Call(unban, target_user_id=target_id, **declared, extra_query=options)


def _query_banned_users(query_conditions: Mapping[str, Any]) -> Call[QueryBannedUsersResponse]:
    return Call(query_banned_users, payload=query_conditions)


def _query_future_channel_bans(options: Mapping[str, Any]) -> Call[QueryFutureChannelBansResponse]:
    return Call(query_future_channel_bans, payload=options)


def _flag(key: str, target_id: str, options: Mapping[str, Any]) -> Call[FlagMessageResponse]:
    require_id(target_id, "target_id")
    return Call(flag, body={key: target_id, **options})


def _unflag(key: str, target_id: str, options: Mapping[str, Any]) -> Call[UnflagResponse]:
    require_id(target_id, "target_id")
    return Call(unflag, body={key: target_id, **options})


def _query_message_flags(
    filter_conditions: Mapping[str, Any], options: Mapping[str, Any]
) -> Call[QueryMessageFlagsResponse]:
    return Call(query_message_flags, payload={**options, "filter_conditions": filter_conditions})


def _query_flag_reports(options: Mapping[str, Any]) -> Call[dict[str, Any]]:
    return Call(RawEndpoint("POST"), "moderation/reports", None, {"filter_conditions": options})


def _review_flag_report(
    report_id: str, review_result: str, user_id: str, details: Mapping[str, Any]
) -> Call[dict[str, Any]]:
    require_id(report_id, "report_id")
    require_id(user_id, "user_id")
    data = {"review_result": review_result, "user_id": user_id, "review_details": details}
    return Call(RawEndpoint("PATCH"), f"moderation/reports/{quote(report_id, safe='')}", None, data)


def _mute_user(target_id: str, user_id: str, options: Mapping[str, Any]) -> Call[MuteUserResponse]:
    require_id(target_id, "target_id")
    require_id(user_id, "user_id")
    return Call(mute_user, body={"target_id": target_id, "user_id": user_id, **options})


def _mute_users(target_ids: Iterable[str], user_id: str, options: Mapping[str, Any]) -> Call[MuteUserResponse]:
    ids = require_ids(target_ids, "target_ids")
    require_id(user_id, "user_id")
    return Call(mute_user, body={"target_ids": ids, "user_id": user_id, **options})


def _unmute_user(target_id: str, user_id: str) -> Call[UnmuteUserResponse]:
    require_id(target_id, "target_id")
    require_id(user_id, "user_id")
    return Call(unmute_user, body={"target_id": target_id, "user_id": user_id})


def _unmute_users(target_ids: Iterable[str], user_id: str) -> Call[UnmuteUserResponse]:
    ids = require_ids(target_ids, "target_ids")
    require_id(user_id, "user_id")
    return Call(unmute_user, body={"target_ids": ids, "user_id": user_id})


class SyncModeration(SyncResource):
    """Bans, flags, mutes and blocks (StreamChat)."""

    def ban_user(self, target_id: str, **options: Unpack[BanOptions]) -> StreamResponse[Response]:
        """Ban a user app-wide, or from one channel by ``channel_cid`` or ``type`` and ``id``.

        Options: ``timeout`` (minutes), ``reason``, ``shadow``, ``ip_ban``, ``ban_from_future_channels``,
        ``delete_messages``, ``delete_reactions``, and the banning user as ``banned_by_id``,
        ``banned_by``, ``user_id`` or ``user``.
        """
        return self._send(_ban_user(target_id, **options))

    def shadow_ban(self, target_id: str, **options: Unpack[ShadowBanOptions]) -> StreamResponse[Response]:
        """Shadow-ban a user: their messages are hidden from others without them knowing.

        Options: those of ``ban_user`` but ``shadow``.
        """
        return self._send(_ban_user(target_id, shadow=True, **options))

    def remove_shadow_ban(self, target_id: str, **options: Unpack[UnbanUserOptions]) -> StreamResponse[Response]:
        """Lift a shadow ban; options as ``unban_user``."""
        return self._send(_unban_user(target_id, shadow=True, **options))

    def unban_user(self, target_id: str, **options: Unpack[UnbanUserOptions]) -> StreamResponse[Response]:
        """Lift a ban, app-wide or from one channel.

        Options, sent in the query string: the channel as ``channel_cid`` or ``type`` and ``id``,
        ``created_by``, ``reason``, ``remove_future_channels_ban``.
        """
        return self._send(_unban_user(target_id, **options))

    def query_banned_users(self, query_conditions: dict[str, Any]) -> StreamResponse[QueryBannedUsersResponse]:
        """List bans; ``query_conditions`` is the whole payload (``filter_conditions``, ``sort``, ``limit``...)."""
        return self._send(_query_banned_users(query_conditions))

    def query_future_channel_bans(
        self, **options: Unpack[QueryFutureChannelBansOptions]
    ) -> StreamResponse[QueryFutureChannelBansResponse]:
        """List the bans that apply to channels a user creates later.

        Options: ``user_id`` or ``user``, ``target_user_id``, ``exclude_expired_bans``,
        ``include_total``, ``limit``, ``offset``.
        """
        return self._send(_query_future_channel_bans(options))

    def flag_message(self, target_id: str, **options: Unpack[FlagOptions]) -> StreamResponse[FlagMessageResponse]:
        """Flag a message for moderation; options ``reason``, ``custom``, ``user_id`` or ``user``."""
        return self._send(_flag("target_message_id", target_id, options))

    def unflag_message(self, target_id: str, **options: Unpack[UnflagOptions]) -> StreamResponse[UnflagResponse]:
        """Withdraw a flag on a message; option ``user_id``."""
        return self._send(_unflag("target_message_id", target_id, options))

    def query_message_flags(
        self, filter_conditions: dict[str, Any], **options: Unpack[QueryMessageFlagsOptions]
    ) -> StreamResponse[QueryMessageFlagsResponse]:
        """List message flags matching ``filter_conditions``.

        Options: ``sort``, ``limit``, ``offset``, ``show_deleted_messages``, and ``user_id`` or ``user``.
        """
        return self._send(_query_message_flags(filter_conditions, options))

    def flag_user(self, target_id: str, **options: Unpack[FlagOptions]) -> StreamResponse[FlagMessageResponse]:
        """Flag a user for moderation; options ``reason``, ``custom``, ``user_id`` or ``user``."""
        return self._send(_flag("target_user_id", target_id, options))

    def unflag_user(self, target_id: str, **options: Unpack[UnflagOptions]) -> StreamResponse[UnflagResponse]:
        """Withdraw a flag on a user; option ``user_id``."""
        return self._send(_unflag("target_user_id", target_id, options))

    def _query_flag_reports(self, **options: Any) -> StreamResponse[dict[str, Any]]:
        """Internal, unstable: list flag reports whose fields match ``options``."""
        return self._send(_query_flag_reports(options))

    def _review_flag_report(
        self, report_id: str, review_result: str, user_id: str, **details: Any
    ) -> StreamResponse[dict[str, Any]]:
        """Internal, unstable: record ``user_id``'s review of a flag report."""
        return self._send(_review_flag_report(report_id, review_result, user_id, details))

    def mute_user(
        self, target_id: str, user_id: str, **options: Unpack[MuteOptions]
    ) -> StreamResponse[MuteUserResponse]:
        """Mute ``target_id`` for ``user_id``; option ``timeout`` (minutes)."""
        return self._send(_mute_user(target_id, user_id, options))

    def mute_users(
        self, target_ids: list[str], user_id: str, **options: Unpack[MuteOptions]
    ) -> StreamResponse[MuteUserResponse]:
        """Mute several users for ``user_id``; option ``timeout`` (minutes)."""
        return self._send(_mute_users(target_ids, user_id, options))

    def unmute_user(self, target_id: str, user_id: str) -> StreamResponse[UnmuteUserResponse]:
        """Unmute ``target_id`` for ``user_id``."""
        return self._send(_unmute_user(target_id, user_id))

    def unmute_users(self, target_ids: list[str], user_id: str) -> StreamResponse[UnmuteUserResponse]:
        """Unmute several users for ``user_id``."""
        return self._send(_unmute_users(target_ids, user_id))


class AsyncModeration(AsyncResource):
    """Bans, flags, mutes and blocks (StreamChatAsync)."""

    async def ban_user(self, target_id: str, **options: Unpack[BanOptions]) -> StreamResponse[Response]:
        """Ban a user app-wide, or from one channel by ``channel_cid`` or ``type`` and ``id``.

        Options: ``timeout`` (minutes), ``reason``, ``shadow``, ``ip_ban``, ``ban_from_future_channels``,
        ``delete_messages``, ``delete_reactions``, and the banning user as ``banned_by_id``,
        ``banned_by``, ``user_id`` or ``user``.
        """
        return await self._send(_ban_user(target_id, **options))

    async def shadow_ban(self, target_id: str, **options: Unpack[ShadowBanOptions]) -> StreamResponse[Response]:
        """Shadow-ban a user: their messages are hidden from others without them knowing.

        Options: those of ``ban_user`` but ``shadow``.
        """
        return await self._send(_ban_user(target_id, shadow=True, **options))

    async def remove_shadow_ban(self, target_id: str, **options: Unpack[UnbanUserOptions]) -> StreamResponse[Response]:
        """Lift a shadow ban; options as ``unban_user``."""
        return await self._send(_unban_user(target_id, shadow=True, **options))

    async def unban_user(self, target_id: str, **options: Unpack[UnbanUserOptions]) -> StreamResponse[Response]:
        """Lift a ban, app-wide or from one channel.

        Options, sent in the query string: the channel as ``channel_cid`` or ``type`` and ``id``,
        ``created_by``, ``reason``, ``remove_future_channels_ban``.
        """
        return await self._send(_unban_user(target_id, **options))

    async def query_banned_users(self, query_conditions: dict[str, Any]) -> StreamResponse[QueryBannedUsersResponse]:
        """List bans; ``query_conditions`` is the whole payload (``filter_conditions``, ``sort``, ``limit``...)."""
        return await self._send(_query_banned_users(query_conditions))

    async def query_future_channel_bans(
        self, **options: Unpack[QueryFutureChannelBansOptions]
    ) -> StreamResponse[QueryFutureChannelBansResponse]:
        """List the bans that apply to channels a user creates later.

        Options: ``user_id`` or ``user``, ``target_user_id``, ``exclude_expired_bans``,
        ``include_total``, ``limit``, ``offset``.
        """
        return await self._send(_query_future_channel_bans(options))

    async def flag_message(self, target_id: str, **options: Unpack[FlagOptions]) -> StreamResponse[FlagMessageResponse]:
        """Flag a message for moderation; options ``reason``, ``custom``, ``user_id`` or ``user``."""
        return await self._send(_flag("target_message_id", target_id, options))

    async def unflag_message(self, target_id: str, **options: Unpack[UnflagOptions]) -> StreamResponse[UnflagResponse]:
        """Withdraw a flag on a message; option ``user_id``."""
        return await self._send(_unflag("target_message_id", target_id, options))

    async def query_message_flags(
        self, filter_conditions: dict[str, Any], **options: Unpack[QueryMessageFlagsOptions]
    ) -> StreamResponse[QueryMessageFlagsResponse]:
        """List message flags matching ``filter_conditions``.

        Options: ``sort``, ``limit``, ``offset``, ``show_deleted_messages``, and ``user_id`` or ``user``.
        """
        return await self._send(_query_message_flags(filter_conditions, options))

    async def flag_user(self, target_id: str, **options: Unpack[FlagOptions]) -> StreamResponse[FlagMessageResponse]:
        """Flag a user for moderation; options ``reason``, ``custom``, ``user_id`` or ``user``."""
        return await self._send(_flag("target_user_id", target_id, options))

    async def unflag_user(self, target_id: str, **options: Unpack[UnflagOptions]) -> StreamResponse[UnflagResponse]:
        """Withdraw a flag on a user; option ``user_id``."""
        return await self._send(_unflag("target_user_id", target_id, options))

    async def _query_flag_reports(self, **options: Any) -> StreamResponse[dict[str, Any]]:
        """Internal, unstable: list flag reports whose fields match ``options``."""
        return await self._send(_query_flag_reports(options))

    async def _review_flag_report(
        self, report_id: str, review_result: str, user_id: str, **details: Any
    ) -> StreamResponse[dict[str, Any]]:
        """Internal, unstable: record ``user_id``'s review of a flag report."""
        return await self._send(_review_flag_report(report_id, review_result, user_id, details))

    async def mute_user(
        self, target_id: str, user_id: str, **options: Unpack[MuteOptions]
    ) -> StreamResponse[MuteUserResponse]:
        """Mute ``target_id`` for ``user_id``; option ``timeout`` (minutes)."""
        return await self._send(_mute_user(target_id, user_id, options))

    async def mute_users(
        self, target_ids: list[str], user_id: str, **options: Unpack[MuteOptions]
    ) -> StreamResponse[MuteUserResponse]:
        """Mute several users for ``user_id``; option ``timeout`` (minutes)."""
        return await self._send(_mute_users(target_ids, user_id, options))

    async def unmute_user(self, target_id: str, user_id: str) -> StreamResponse[UnmuteUserResponse]:
        """Unmute ``target_id`` for ``user_id``."""
        return await self._send(_unmute_user(target_id, user_id))

    async def unmute_users(self, target_ids: list[str], user_id: str) -> StreamResponse[UnmuteUserResponse]:
        """Unmute several users for ``user_id``."""
        return await self._send(_unmute_users(target_ids, user_id))
