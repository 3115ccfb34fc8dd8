"""``ChannelBatchUpdater``: one method per batch channel operation, for ``StreamChatAsync``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stream_chat.channel_batch_updater import members_operation, update_data_operation
from stream_chat.types.stream_response import StreamResponse

if TYPE_CHECKING:
    from stream_chat.resources.campaigns import AsyncCampaigns
    from stream_chat.types.channel_batch import ChannelBatchMemberRequest, ChannelDataUpdate, ChannelsBatchFilters
    from stream_chat_gen.models import ChannelBatchUpdateResponse


class ChannelBatchUpdater:
    """Batch operations on every channel matching a filter, for an asynchronous client.

    Each call starts a background task; its ``task_id`` is in the response.
    """

    def __init__(self, client: AsyncCampaigns) -> None:
        self.client = client

    async def add_members(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Add ``members`` to the matching channels."""
        return await self.client.update_channels_batch(members_operation("addMembers", filter, members))

    async def remove_members(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Remove ``members`` from the matching channels."""
        return await self.client.update_channels_batch(members_operation("removeMembers", filter, members))

    async def invite_members(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Invite ``members`` to the matching channels."""
        return await self.client.update_channels_batch(members_operation("inviteMembers", filter, members))

    async def add_moderators(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Make ``members`` moderators of the matching channels."""
        return await self.client.update_channels_batch(members_operation("addModerators", filter, members))

    async def demote_moderators(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Take the moderator role from ``members`` in the matching channels."""
        return await self.client.update_channels_batch(members_operation("demoteModerators", filter, members))

    async def assign_roles(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Give each of ``members`` its ``channel_role`` in the matching channels."""
        return await self.client.update_channels_batch(members_operation("assignRoles", filter, members))

    async def hide(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Hide the matching channels for ``members``."""
        return await self.client.update_channels_batch(members_operation("hide", filter, members))

    async def show(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Show the matching channels again for ``members``."""
        return await self.client.update_channels_batch(members_operation("show", filter, members))

    async def archive(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Archive the matching channels for ``members``."""
        return await self.client.update_channels_batch(members_operation("archive", filter, members))

    async def unarchive(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Unarchive the matching channels for ``members``."""
        return await self.client.update_channels_batch(members_operation("unarchive", filter, members))

    async def update_data(
        self, filter: ChannelsBatchFilters, data: ChannelDataUpdate
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Set channel fields (frozen, disabled, team, custom data...) on the matching channels."""
        return await self.client.update_channels_batch(update_data_operation(filter, data))
