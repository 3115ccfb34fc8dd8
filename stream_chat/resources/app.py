"""App-wide settings: permissions, roles, blocklists, commands, channel types, push, rate limits, usage."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Unpack

from stream_chat.base.checks import require_id
from stream_chat.base.http import Call
from stream_chat.resources._base import AsyncResource, SyncResource
from stream_chat.types.stream_response import StreamResponse
from stream_chat_gen.api.app import (
    create_block_list,
    delete_block_list,
    get_app,
    get_block_list,
    get_rate_limits,
    list_block_lists,
    query_team_usage_stats,
    update_app,
    update_block_list,
)
from stream_chat_gen.api.channel_types import (
    create_channel_type,
    create_command,
    delete_channel_type,
    delete_command,
    get_channel_type,
    get_command,
    list_channel_types,
    list_commands,
    update_channel_type,
    update_command,
)
from stream_chat_gen.api.permissions import (
    create_permission,
    create_role,
    delete_permission,
    delete_role,
    get_permission,
    list_permissions,
    list_roles,
    update_permission,
)
from stream_chat_gen.api.push import (
    check_push,
    check_sns,
    check_sqs,
    delete_push_provider,
    list_push_providers,
    upsert_push_provider,
)

if TYPE_CHECKING:
    from stream_chat.types.requests import QueryTeamUsageStatsOptions
    from stream_chat_gen.models import (
        CheckPushResponse,
        CheckSNSResponse,
        CheckSQSResponse,
        CreateBlockListResponse,
        CreateChannelTypeResponse,
        CreateCommandResponse,
        CreateRoleResponse,
        DeleteCommandResponse,
        GetApplicationResponse,
        GetBlockListResponse,
        GetChannelTypeResponse,
        GetCommandResponse,
        GetCustomPermissionResponse,
        GetRateLimitsResponse,
        ListBlockListResponse,
        ListChannelTypesResponse,
        ListCommandsResponse,
        ListPermissionsResponse,
        ListPushProvidersResponse,
        ListRolesResponse,
        QueryTeamUsageStatsResponse,
        Response,
        UpdateBlockListResponse,
        UpdateChannelTypeResponse,
        UpdateCommandResponse,
        UpsertPushProviderResponse,
    )


# Request builders shared by the sync and async methods, in the order of the methods.


def _update_app_settings(settings: Mapping[str, Any]) -> Call[Response]:
    return Call(update_app, body=dict(settings))


def _get_app_settings() -> Call[GetApplicationResponse]:
    return Call(get_app)


def _revoke_tokens(since: str | datetime.datetime) -> Call[Response]:
    return _update_app_settings({"revoke_tokens_issued_before": _isoformat_utc(since)})


def _isoformat_utc(value: str | datetime.datetime) -> str | datetime.datetime:
    """A datetime as ISO 8601 in UTC (``+00:00``, naive taken as UTC); anything else unchanged."""
    if not isinstance(value, datetime.datetime):
        return value
    aware = value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    return aware.astimezone(datetime.UTC).isoformat()


def _get_rate_limits(
    server_side: bool, android: bool, ios: bool, web: bool, endpoints: Iterable[str] | None
) -> Call[GetRateLimitsResponse]:
    platforms = {"server_side": server_side, "android": android, "ios": ios, "web": web}
    query: dict[str, Any] = {name: True for name, wanted in platforms.items() if wanted}
    if endpoints:
        query["endpoints"] = ",".join(endpoints)
    return Call(get_rate_limits, **query)


def _check_push(push_data: Mapping[str, Any]) -> Call[CheckPushResponse]:
    return Call(check_push, body=dict(push_data))


def _check_sqs(sqs_key: str | None, sqs_secret: str | None, sqs_url: str | None) -> Call[CheckSQSResponse]:
    return Call(check_sqs, body={"sqs_key": sqs_key, "sqs_secret": sqs_secret, "sqs_url": sqs_url})


def _check_sns(sns_key: str | None, sns_secret: str | None, sns_topic_arn: str | None) -> Call[CheckSNSResponse]:
    return Call(check_sns, body={"sns_key": sns_key, "sns_secret": sns_secret, "sns_topic_arn": sns_topic_arn})


def _get_permission(permission_id: str) -> Call[GetCustomPermissionResponse]:
    return Call(get_permission, require_id(permission_id, "id"))


def _create_permission(permission: Mapping[str, Any]) -> Call[Response]:
    return Call(create_permission, body=dict(permission))


def _update_permission(permission_id: str, permission: Mapping[str, Any]) -> Call[Response]:
    return Call(update_permission, require_id(permission_id, "id"), body=dict(permission))


def _delete_permission(permission_id: str) -> Call[Response]:
    return Call(delete_permission, require_id(permission_id, "id"))


def _list_permissions() -> Call[ListPermissionsResponse]:
    return Call(list_permissions)


def _create_role(name: str) -> Call[CreateRoleResponse]:
    return Call(create_role, body={"name": require_id(name, "name")})


def _delete_role(name: str) -> Call[Response]:
    return Call(delete_role, require_id(name, "name"))


def _list_roles() -> Call[ListRolesResponse]:
    return Call(list_roles)


def _words(words: Iterable[str]) -> Any:
    """The words of a blocklist as a JSON list (a lone string is sent as given, as the official client does)."""
    return words if isinstance(words, str) else list(words)


def _create_blocklist(name: str, words: Iterable[str], type: str) -> Call[CreateBlockListResponse]:
    return Call(create_block_list, body={"name": require_id(name, "name"), "words": _words(words), "type": type})


def _list_blocklists() -> Call[ListBlockListResponse]:
    return Call(list_block_lists)


def _get_blocklist(name: str) -> Call[GetBlockListResponse]:
    return Call(get_block_list, require_id(name, "name"))


def _update_blocklist(name: str, words: Iterable[str]) -> Call[UpdateBlockListResponse]:
    return Call(update_block_list, require_id(name, "name"), body={"words": _words(words)})


def _delete_blocklist(name: str) -> Call[Response]:
    return Call(delete_block_list, require_id(name, "name"))


def _list_commands() -> Call[ListCommandsResponse]:
    return Call(list_commands)


def _create_command(data: Mapping[str, Any]) -> Call[CreateCommandResponse]:
    return Call(create_command, body=dict(data))


def _delete_command(name: str) -> Call[DeleteCommandResponse]:
    return Call(delete_command, require_id(name, "name"))


def _get_command(name: str) -> Call[GetCommandResponse]:
    return Call(get_command, require_id(name, "name"))


def _update_command(name: str, settings: Mapping[str, Any]) -> Call[UpdateCommandResponse]:
    return Call(update_command, require_id(name, "name"), body=dict(settings))


def _create_channel_type(data: Mapping[str, Any]) -> Call[CreateChannelTypeResponse]:
    body = dict(data)
    if not body.get("commands"):
        body["commands"] = ["all"]
    return Call(create_channel_type, body=body)


def _get_channel_type(channel_type: str) -> Call[GetChannelTypeResponse]:
    return Call(get_channel_type, require_id(channel_type, "channel_type"))


def _list_channel_types() -> Call[ListChannelTypesResponse]:
    return Call(list_channel_types)


def _update_channel_type(channel_type: str, settings: Mapping[str, Any]) -> Call[UpdateChannelTypeResponse]:
    return Call(update_channel_type, require_id(channel_type, "channel_type"), body=dict(settings))


def _delete_channel_type(channel_type: str) -> Call[Response]:
    return Call(delete_channel_type, require_id(channel_type, "channel_type"))


def _upsert_push_provider(push_provider_config: Mapping[str, Any]) -> Call[UpsertPushProviderResponse]:
    return Call(upsert_push_provider, body={"push_provider": dict(push_provider_config)})


def _delete_push_provider(provider_type: str, name: str) -> Call[Response]:
    return Call(delete_push_provider, require_id(provider_type, "provider_type"), require_id(name, "name"))


def _list_push_providers() -> Call[ListPushProvidersResponse]:
    return Call(list_push_providers)


def _query_team_usage_stats(options: Mapping[str, Any]) -> Call[QueryTeamUsageStatsResponse]:
    return Call(query_team_usage_stats, body=dict(options))


class SyncApp(SyncResource):
    """App-wide methods of ``StreamChat``."""

    def update_app_settings(self, **settings: Any) -> StreamResponse[Response]:
        """Change the app settings given; the others keep their values."""
        return self._send(_update_app_settings(settings))

    def get_app_settings(self) -> StreamResponse[GetApplicationResponse]:
        """The app's configuration."""
        return self._send(_get_app_settings())

    def revoke_tokens(self, since: str | datetime.datetime) -> StreamResponse[Response]:
        """Invalidate every user token issued before ``since`` (a datetime is sent in UTC, naive taken as UTC)."""
        return self._send(_revoke_tokens(since))

    def get_rate_limits(
        self,
        server_side: bool = False,
        android: bool = False,
        ios: bool = False,
        web: bool = False,
        endpoints: Iterable[str] | None = None,
    ) -> StreamResponse[GetRateLimitsResponse]:
        """Rate limits and current usage, for the platforms flagged (all when none is) and ``endpoints``."""
        return self._send(_get_rate_limits(server_side, android, ios, web, endpoints))

    def check_push(self, push_data: dict[str, Any]) -> StreamResponse[CheckPushResponse]:
        """Render a push notification for a message and user, to test the push setup."""
        return self._send(_check_push(push_data))

    def check_sqs(
        self, sqs_key: str | None = None, sqs_secret: str | None = None, sqs_url: str | None = None
    ) -> StreamResponse[CheckSQSResponse]:
        """Test the SQS queue configuration (the app's, for arguments left out)."""
        return self._send(_check_sqs(sqs_key, sqs_secret, sqs_url))

    def check_sns(
        self, sns_key: str | None = None, sns_secret: str | None = None, sns_topic_arn: str | None = None
    ) -> StreamResponse[CheckSNSResponse]:
        """Test the SNS topic configuration (the app's, for arguments left out)."""
        return self._send(_check_sns(sns_key, sns_secret, sns_topic_arn))

    def get_permission(self, id: str) -> StreamResponse[GetCustomPermissionResponse]:
        """One permission by id."""
        return self._send(_get_permission(id))

    def create_permission(self, permission: dict[str, Any]) -> StreamResponse[Response]:
        """Create a custom permission."""
        return self._send(_create_permission(permission))

    def update_permission(self, id: str, permission: dict[str, Any]) -> StreamResponse[Response]:
        """Replace a custom permission's definition."""
        return self._send(_update_permission(id, permission))

    def delete_permission(self, id: str) -> StreamResponse[Response]:
        """Delete a custom permission."""
        return self._send(_delete_permission(id))

    def list_permissions(self) -> StreamResponse[ListPermissionsResponse]:
        """Every permission of the app, built-in and custom."""
        return self._send(_list_permissions())

    def create_role(self, name: str) -> StreamResponse[CreateRoleResponse]:
        """Create a custom role."""
        return self._send(_create_role(name))

    def delete_role(self, name: str) -> StreamResponse[Response]:
        """Delete a custom role."""
        return self._send(_delete_role(name))

    def list_roles(self) -> StreamResponse[ListRolesResponse]:
        """Every role of the app, built-in and custom."""
        return self._send(_list_roles())

    def create_blocklist(
        self, name: str, words: Iterable[str], type: str = "word"
    ) -> StreamResponse[CreateBlockListResponse]:
        """Create a blocklist of ``words`` (``type``: word, domain, email, regex...)."""
        return self._send(_create_blocklist(name, words, type))

    def list_blocklists(self) -> StreamResponse[ListBlockListResponse]:
        """Every blocklist of the app."""
        return self._send(_list_blocklists())

    def get_blocklist(self, name: str) -> StreamResponse[GetBlockListResponse]:
        """One blocklist by name."""
        return self._send(_get_blocklist(name))

    def update_blocklist(self, name: str, words: Iterable[str]) -> StreamResponse[UpdateBlockListResponse]:
        """Replace the words of a blocklist."""
        return self._send(_update_blocklist(name, words))

    def delete_blocklist(self, name: str) -> StreamResponse[Response]:
        """Delete a blocklist."""
        return self._send(_delete_blocklist(name))

    def list_commands(self) -> StreamResponse[ListCommandsResponse]:
        """Every slash command of the app."""
        return self._send(_list_commands())

    def create_command(self, data: dict[str, Any]) -> StreamResponse[CreateCommandResponse]:
        """Create a custom slash command."""
        return self._send(_create_command(data))

    def delete_command(self, name: str) -> StreamResponse[DeleteCommandResponse]:
        """Delete a custom slash command."""
        return self._send(_delete_command(name))

    def get_command(self, name: str) -> StreamResponse[GetCommandResponse]:
        """One slash command by name."""
        return self._send(_get_command(name))

    def update_command(self, name: str, **settings: Any) -> StreamResponse[UpdateCommandResponse]:
        """Change a custom slash command (description, args, set...)."""
        return self._send(_update_command(name, settings))

    def create_channel_type(self, data: dict[str, Any]) -> StreamResponse[CreateChannelTypeResponse]:
        """Create a channel type; with no ``commands`` it gets all of them (``data`` is left unchanged)."""
        return self._send(_create_channel_type(data))

    def get_channel_type(self, channel_type: str) -> StreamResponse[GetChannelTypeResponse]:
        """One channel type's configuration."""
        return self._send(_get_channel_type(channel_type))

    def list_channel_types(self) -> StreamResponse[ListChannelTypesResponse]:
        """Every channel type of the app."""
        return self._send(_list_channel_types())

    def update_channel_type(self, channel_type: str, **settings: Any) -> StreamResponse[UpdateChannelTypeResponse]:
        """Change a channel type's configuration."""
        return self._send(_update_channel_type(channel_type, settings))

    def delete_channel_type(self, channel_type: str) -> StreamResponse[Response]:
        """Delete a channel type (it must have no channels left)."""
        return self._send(_delete_channel_type(channel_type))

    def upsert_push_provider(self, push_provider_config: dict[str, Any]) -> StreamResponse[UpsertPushProviderResponse]:
        """Create or replace a push provider (APN, Firebase, Huawei, Xiaomi...)."""
        return self._send(_upsert_push_provider(push_provider_config))

    def delete_push_provider(self, provider_type: str, name: str) -> StreamResponse[Response]:
        """Delete a push provider by type and name."""
        return self._send(_delete_push_provider(provider_type, name))

    def list_push_providers(self) -> StreamResponse[ListPushProvidersResponse]:
        """Every push provider of the app."""
        return self._send(_list_push_providers())

    def query_team_usage_stats(
        self, **options: Unpack[QueryTeamUsageStatsOptions]
    ) -> StreamResponse[QueryTeamUsageStatsResponse]:
        """Usage metrics per team.

        Options: ``month``, or ``start_date`` and ``end_date``; ``team``, ``limit``, ``next``.
        """
        return self._send(_query_team_usage_stats(options))


class AsyncApp(AsyncResource):
    """App-wide methods of ``StreamChatAsync``."""

    async def update_app_settings(self, **settings: Any) -> StreamResponse[Response]:
        """Change the app settings given; the others keep their values."""
        return await self._send(_update_app_settings(settings))

    async def get_app_settings(self) -> StreamResponse[GetApplicationResponse]:
        """The app's configuration."""
        return await self._send(_get_app_settings())

    async def revoke_tokens(self, since: str | datetime.datetime) -> StreamResponse[Response]:
        """Invalidate every user token issued before ``since`` (a datetime is sent in UTC, naive taken as UTC)."""
        return await self._send(_revoke_tokens(since))

    async def get_rate_limits(
        self,
        server_side: bool = False,
        android: bool = False,
        ios: bool = False,
        web: bool = False,
        endpoints: Iterable[str] | None = None,
    ) -> StreamResponse[GetRateLimitsResponse]:
        """Rate limits and current usage, for the platforms flagged (all when none is) and ``endpoints``."""
        return await self._send(_get_rate_limits(server_side, android, ios, web, endpoints))

    async def check_push(self, push_data: dict[str, Any]) -> StreamResponse[CheckPushResponse]:
        """Render a push notification for a message and user, to test the push setup."""
        return await self._send(_check_push(push_data))

    async def check_sqs(
        self, sqs_key: str | None = None, sqs_secret: str | None = None, sqs_url: str | None = None
    ) -> StreamResponse[CheckSQSResponse]:
        """Test the SQS queue configuration (the app's, for arguments left out)."""
        return await self._send(_check_sqs(sqs_key, sqs_secret, sqs_url))

    async def check_sns(
        self, sns_key: str | None = None, sns_secret: str | None = None, sns_topic_arn: str | None = None
    ) -> StreamResponse[CheckSNSResponse]:
        """Test the SNS topic configuration (the app's, for arguments left out)."""
        return await self._send(_check_sns(sns_key, sns_secret, sns_topic_arn))

    async def get_permission(self, id: str) -> StreamResponse[GetCustomPermissionResponse]:
        """One permission by id."""
        return await self._send(_get_permission(id))

    async def create_permission(self, permission: dict[str, Any]) -> StreamResponse[Response]:
        """Create a custom permission."""
        return await self._send(_create_permission(permission))

    async def update_permission(self, id: str, permission: dict[str, Any]) -> StreamResponse[Response]:
        """Replace a custom permission's definition."""
        return await self._send(_update_permission(id, permission))

    async def delete_permission(self, id: str) -> StreamResponse[Response]:
        """Delete a custom permission."""
        return await self._send(_delete_permission(id))

    async def list_permissions(self) -> StreamResponse[ListPermissionsResponse]:
        """Every permission of the app, built-in and custom."""
        return await self._send(_list_permissions())

    async def create_role(self, name: str) -> StreamResponse[CreateRoleResponse]:
        """Create a custom role."""
        return await self._send(_create_role(name))

    async def delete_role(self, name: str) -> StreamResponse[Response]:
        """Delete a custom role."""
        return await self._send(_delete_role(name))

    async def list_roles(self) -> StreamResponse[ListRolesResponse]:
        """Every role of the app, built-in and custom."""
        return await self._send(_list_roles())

    async def create_blocklist(
        self, name: str, words: Iterable[str], type: str = "word"
    ) -> StreamResponse[CreateBlockListResponse]:
        """Create a blocklist of ``words`` (``type``: word, domain, email, regex...)."""
        return await self._send(_create_blocklist(name, words, type))

    async def list_blocklists(self) -> StreamResponse[ListBlockListResponse]:
        """Every blocklist of the app."""
        return await self._send(_list_blocklists())

    async def get_blocklist(self, name: str) -> StreamResponse[GetBlockListResponse]:
        """One blocklist by name."""
        return await self._send(_get_blocklist(name))

    async def update_blocklist(self, name: str, words: Iterable[str]) -> StreamResponse[UpdateBlockListResponse]:
        """Replace the words of a blocklist."""
        return await self._send(_update_blocklist(name, words))

    async def delete_blocklist(self, name: str) -> StreamResponse[Response]:
        """Delete a blocklist."""
        return await self._send(_delete_blocklist(name))

    async def list_commands(self) -> StreamResponse[ListCommandsResponse]:
        """Every slash command of the app."""
        return await self._send(_list_commands())

    async def create_command(self, data: dict[str, Any]) -> StreamResponse[CreateCommandResponse]:
        """Create a custom slash command."""
        return await self._send(_create_command(data))

    async def delete_command(self, name: str) -> StreamResponse[DeleteCommandResponse]:
        """Delete a custom slash command."""
        return await self._send(_delete_command(name))

    async def get_command(self, name: str) -> StreamResponse[GetCommandResponse]:
        """One slash command by name."""
        return await self._send(_get_command(name))

    async def update_command(self, name: str, **settings: Any) -> StreamResponse[UpdateCommandResponse]:
        """Change a custom slash command (description, args, set...)."""
        return await self._send(_update_command(name, settings))

    async def create_channel_type(self, data: dict[str, Any]) -> StreamResponse[CreateChannelTypeResponse]:
        """Create a channel type; with no ``commands`` it gets all of them (``data`` is left unchanged)."""
        return await self._send(_create_channel_type(data))

    async def get_channel_type(self, channel_type: str) -> StreamResponse[GetChannelTypeResponse]:
        """One channel type's configuration."""
        return await self._send(_get_channel_type(channel_type))

    async def list_channel_types(self) -> StreamResponse[ListChannelTypesResponse]:
        """Every channel type of the app."""
        return await self._send(_list_channel_types())

    async def update_channel_type(
        self, channel_type: str, **settings: Any
    ) -> StreamResponse[UpdateChannelTypeResponse]:
        """Change a channel type's configuration."""
        return await self._send(_update_channel_type(channel_type, settings))

    async def delete_channel_type(self, channel_type: str) -> StreamResponse[Response]:
        """Delete a channel type (it must have no channels left)."""
        return await self._send(_delete_channel_type(channel_type))

    async def upsert_push_provider(
        self, push_provider_config: dict[str, Any]
    ) -> StreamResponse[UpsertPushProviderResponse]:
        """Create or replace a push provider (APN, Firebase, Huawei, Xiaomi...)."""
        return await self._send(_upsert_push_provider(push_provider_config))

    async def delete_push_provider(self, provider_type: str, name: str) -> StreamResponse[Response]:
        """Delete a push provider by type and name."""
        return await self._send(_delete_push_provider(provider_type, name))

    async def list_push_providers(self) -> StreamResponse[ListPushProvidersResponse]:
        """Every push provider of the app."""
        return await self._send(_list_push_providers())

    async def query_team_usage_stats(
        self, **options: Unpack[QueryTeamUsageStatsOptions]
    ) -> StreamResponse[QueryTeamUsageStatsResponse]:
        """Usage metrics per team.

        Options: ``month``, or ``start_date`` and ``end_date``; ``team``, ``limit``, ``next``.
        """
        return await self._send(_query_team_usage_stats(options))
