"""``ChannelBatchUpdater``: one method per batch channel operation, for ``StreamChat``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stream_chat.types.stream_response import StreamResponse

if TYPE_CHECKING:
    from stream_chat.resources.campaigns import SyncCampaigns
    from stream_chat.types.channel_batch import (
        ChannelBatchMemberRequest,
        ChannelBatchOperation,
        ChannelDataUpdate,
        ChannelsBatchFilters,
        ChannelsBatchOptions,
    )
    from stream_chat_gen.models import ChannelBatchUpdateResponse


def members_operation(
    operation: ChannelBatchOperation, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
) -> ChannelsBatchOptions:
    """The options of a batch operation on members: ``{operation, filter, members}``."""
    return {"operation": operation, "filter": filter, "members": members}


def update_data_operation(filter: ChannelsBatchFilters, data: ChannelDataUpdate) -> ChannelsBatchOptions:
    """The options of an ``updateData`` batch operation: ``{operation, filter, data}``."""
    return {"operation": "updateData", "filter": filter, "data": data}


class ChannelBatchUpdater:
    """Batch operations on every channel matching a filter, for a synchronous client.

    Each call starts a background task; its ``task_id`` is in the response.
    """

    def __init__(self, client: SyncCampaigns) -> None:
        self.client = client

    def add_members(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Add ``members`` to the matching channels."""
        return self.client.update_channels_batch(members_operation("addMembers", filter, members))

    def remove_members(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Remove ``members`` from the matching channels."""
        return self.client.update_channels_batch(members_operation("removeMembers", filter, members))

    def invite_members(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Invite ``members`` to the matching channels."""
        return self.client.update_channels_batch(members_operation("inviteMembers", filter, members))

    def add_moderators(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Make ``members`` moderators of the matching channels."""
        return self.client.update_channels_batch(members_operation("addModerators", filter, members))

    def demote_moderators(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Take the moderator role from ``members`` in the matching channels."""
        return self.client.update_channels_batch(members_operation("demoteModerators", filter, members))

    def assign_roles(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Give each of ``members`` its ``channel_role`` in the matching channels."""
        return self.client.update_channels_batch(members_operation("assignRoles", filter, members))

    def hide(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Hide the matching channels for ``members``."""
        return self.client.update_channels_batch(members_operation("hide", filter, members))

    def show(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Show the matching channels again for ``members``."""
        return self.client.update_channels_batch(members_operation("show", filter, members))

    def archive(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Archive the matching channels for ``members``."""
        return self.client.update_channels_batch(members_operation("archive", filter, members))

    def unarchive(
        self, filter: ChannelsBatchFilters, members: list[ChannelBatchMemberRequest]
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Unarchive the matching channels for ``members``."""
        return self.client.update_channels_batch(members_operation("unarchive", filter, members))

    def update_data(
        self, filter: ChannelsBatchFilters, data: ChannelDataUpdate
    ) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Set channel fields (frozen, disabled, team, custom data...) on the matching channels."""
        return self.client.update_channels_batch(update_data_operation(filter, data))
