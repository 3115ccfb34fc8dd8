"""Campaigns, segments and batch channel updates."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Unpack

from stream_chat.base.checks import require_id, require_ids
from stream_chat.base.http import Call
from stream_chat.base.segment import segment_type_of
from stream_chat.resources._base import AsyncResource, SyncResource, query_body
from stream_chat.types.stream_response import StreamResponse
from stream_chat_gen.api.campaigns import (
    add_segment_targets,
    create_campaign,
    create_segment,
    delete_campaign,
    delete_segment,
    delete_segment_targets,
    get_campaign,
    get_segment,
    query_campaigns,
    query_segment_targets,
    query_segments,
    segment_target_exists,
    start_campaign,
    stop_campaign,
    test_campaign,
    update_campaign,
    update_segment,
)
from stream_chat_gen.api.channels import channel_batch_update

if TYPE_CHECKING:
    from stream_chat.types.base import SortParam
    from stream_chat.types.campaign import CampaignData, QueryCampaignsOptions
    from stream_chat.types.channel_batch import ChannelsBatchOptions
    from stream_chat.types.requests import NoOptions
    from stream_chat.types.segment import (
        QuerySegmentsOptions,
        QuerySegmentTargetsOptions,
        SegmentData,
        SegmentType,
        SegmentUpdatableFields,
    )
    from stream_chat_gen.models import (
        CampaignResponse,
        ChannelBatchUpdateResponse,
        CreateCampaignResponse,
        CreateSegmentResponse,
        DeleteCampaignResponse,
        GetCampaignResponse,
        GetSegmentResponse,
        QueryCampaignsResponse,
        QuerySegmentsResponse,
        QuerySegmentTargetsResponse,
        Response,
        StartCampaignResponse,
        UpdateSegmentResponse,
    )


def _campaign_time(value: str | datetime.datetime) -> str:
    """A start/stop time: strings as given, datetimes as ISO 8601 in UTC (naive ones taken as UTC)."""
    if not isinstance(value, datetime.datetime):
        return value
    aware = value if value.tzinfo is not None else value.replace(tzinfo=datetime.UTC)
    return aware.astimezone(datetime.UTC).isoformat()


# Segments


def _create_segment(
    segment_type: SegmentType, segment_id: str | None, data: SegmentData | None
) -> Call[CreateSegmentResponse]:
    body: dict[str, Any] = {"type": segment_type_of(segment_type).value}
    if segment_id is not None:
        body["id"] = require_id(segment_id, "segment_id")
    if data is not None:
        body.update(data)
    return Call(create_segment, body=body)


def _get_segment(segment_id: str) -> Call[GetSegmentResponse]:
    return Call(get_segment, require_id(segment_id, "segment_id"))


def _query_segments(
    filter_conditions: dict[str, Any] | None, sort: list[SortParam] | None, options: QuerySegmentsOptions | None
) -> Call[QuerySegmentsResponse]:
    return Call(query_segments, body=query_body(filter_conditions, sort, options))


def _update_segment(segment_id: str, data: SegmentUpdatableFields) -> Call[UpdateSegmentResponse]:
    return Call(update_segment, require_id(segment_id, "segment_id"), body=dict(data or {}))


def _delete_segment(segment_id: str) -> Call[Response]:
    return Call(delete_segment, require_id(segment_id, "segment_id"))


def _segment_target_exists(segment_id: str, target_id: str) -> Call[Response]:
    return Call(segment_target_exists, require_id(segment_id, "segment_id"), require_id(target_id, "target_id"))


def _add_segment_targets(segment_id: str, target_ids: list[str]) -> Call[Response]:
    require_id(segment_id, "segment_id")
    return Call(add_segment_targets, segment_id, body={"target_ids": require_ids(target_ids, "target_ids")})


def _query_segment_targets(
    segment_id: str,
    filter_conditions: dict[str, Any] | None,
    sort: list[SortParam] | None,
    options: QuerySegmentTargetsOptions | None,
) -> Call[QuerySegmentTargetsResponse]:
    require_id(segment_id, "segment_id")
    return Call(query_segment_targets, segment_id, body=query_body(filter_conditions, sort, options))


def _remove_segment_targets(segment_id: str, target_ids: list[str]) -> Call[Response]:
    require_id(segment_id, "segment_id")
    return Call(delete_segment_targets, segment_id, body={"target_ids": require_ids(target_ids, "target_ids")})


# Campaigns


def _create_campaign(campaign_id: str | None, data: CampaignData | None) -> Call[CreateCampaignResponse]:
    if campaign_id is not None:
        require_id(campaign_id, "campaign_id")
    body: dict[str, Any] = {"id": campaign_id}
    if data is not None:
        body.update(data)
    return Call(create_campaign, body=body)


def _get_campaign(campaign_id: str) -> Call[GetCampaignResponse]:
    return Call(get_campaign, require_id(campaign_id, "campaign_id"))


def _query_campaigns(
    filter_conditions: dict[str, Any] | None, sort: list[SortParam] | None, options: QueryCampaignsOptions | None
) -> Call[QueryCampaignsResponse]:
    return Call(query_campaigns, body=query_body(filter_conditions, sort, options))


def _update_campaign(campaign_id: str, data: CampaignData) -> Call[CampaignResponse]:
    return Call(update_campaign, require_id(campaign_id, "campaign_id"), body=dict(data or {}))


def _delete_campaign(campaign_id: str, options: Mapping[str, Any]) -> Call[DeleteCampaignResponse]:
    return Call(delete_campaign, require_id(campaign_id, "campaign_id"), extra_query=options)


def _start_campaign(
    campaign_id: str, scheduled_for: str | datetime.datetime | None, stop_at: str | datetime.datetime | None
) -> Call[StartCampaignResponse]:
    require_id(campaign_id, "campaign_id")
    body: dict[str, Any] = {}
    if scheduled_for is not None:
        body["scheduled_for"] = _campaign_time(scheduled_for)
    if stop_at is not None:
        body["stop_at"] = _campaign_time(stop_at)
    return Call(start_campaign, campaign_id, body=body)


def _stop_campaign(campaign_id: str) -> Call[CampaignResponse]:
    return Call(stop_campaign, require_id(campaign_id, "campaign_id"), extra_body={})


def _test_campaign(campaign_id: str, users: Iterable[str]) -> Call[StartCampaignResponse]:
    require_id(campaign_id, "campaign_id")
    return Call(test_campaign, campaign_id, body={"users": require_ids(users, "users")})


# Batch channel updates


def _update_channels_batch(options: ChannelsBatchOptions) -> Call[ChannelBatchUpdateResponse]:
    if options is None:
        raise ValueError("options must not be None")
    if not isinstance(options, Mapping):
        raise ValueError(f"options must be a dict with 'operation' and 'filter', got {options!r}")
    return Call(channel_batch_update, body=dict(options))


class SyncCampaigns(SyncResource):
    """Campaigns, segments and batch channel updates (StreamChat)."""

    def create_segment(
        self, segment_type: SegmentType, segment_id: str | None = None, data: SegmentData | None = None
    ) -> StreamResponse[CreateSegmentResponse]:
        """Create a segment of users or channels (the server picks the id when none is given)."""
        return self._send(_create_segment(segment_type, segment_id, data))

    def get_segment(self, segment_id: str) -> StreamResponse[GetSegmentResponse]:
        """Fetch a segment."""
        return self._send(_get_segment(segment_id))

    def query_segments(
        self,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[SortParam] | None = None,
        options: QuerySegmentsOptions | None = None,
    ) -> StreamResponse[QuerySegmentsResponse]:
        """Search segments by filter, with sort and cursor pagination."""
        return self._send(_query_segments(filter_conditions, sort, options))

    def update_segment(self, segment_id: str, data: SegmentUpdatableFields) -> StreamResponse[UpdateSegmentResponse]:
        """Change a segment's name, description or filter."""
        return self._send(_update_segment(segment_id, data))

    def delete_segment(self, segment_id: str) -> StreamResponse[Response]:
        """Delete a segment."""
        return self._send(_delete_segment(segment_id))

    def segment_target_exists(self, segment_id: str, target_id: str) -> StreamResponse[Response]:
        """Succeed if ``target_id`` is in the segment (an error status otherwise)."""
        return self._send(_segment_target_exists(segment_id, target_id))

    def add_segment_targets(self, segment_id: str, target_ids: list[str]) -> StreamResponse[Response]:
        """Add user or channel ids to a segment."""
        return self._send(_add_segment_targets(segment_id, target_ids))

    def query_segment_targets(
        self,
        segment_id: str,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[SortParam] | None = None,
        options: QuerySegmentTargetsOptions | None = None,
    ) -> StreamResponse[QuerySegmentTargetsResponse]:
        """Page through a segment's targets, optionally filtered and sorted."""
        return self._send(_query_segment_targets(segment_id, filter_conditions, sort, options))

    def remove_segment_targets(self, segment_id: str, target_ids: list[str]) -> StreamResponse[Response]:
        """Remove user or channel ids from a segment."""
        return self._send(_remove_segment_targets(segment_id, target_ids))

    def create_campaign(
        self, campaign_id: str | None = None, data: CampaignData | None = None
    ) -> StreamResponse[CreateCampaignResponse]:
        """Create a campaign (``"id": null`` lets the server pick the id)."""
        return self._send(_create_campaign(campaign_id, data))

    def get_campaign(self, campaign_id: str) -> StreamResponse[GetCampaignResponse]:
        """Fetch a campaign."""
        return self._send(_get_campaign(campaign_id))

    def query_campaigns(
        self,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[SortParam] | None = None,
        options: QueryCampaignsOptions | None = None,
    ) -> StreamResponse[QueryCampaignsResponse]:
        """Search campaigns by filter, with sort and cursor pagination."""
        return self._send(_query_campaigns(filter_conditions, sort, options))

    def update_campaign(self, campaign_id: str, data: CampaignData) -> StreamResponse[CampaignResponse]:
        """Replace the settings of a campaign that has not been sent."""
        return self._send(_update_campaign(campaign_id, data))

    def delete_campaign(self, campaign_id: str, **options: Unpack[NoOptions]) -> StreamResponse[DeleteCampaignResponse]:
        """Delete a campaign; no options."""
        return self._send(_delete_campaign(campaign_id, options))

    def start_campaign(
        self,
        campaign_id: str,
        scheduled_for: str | datetime.datetime | None = None,
        stop_at: str | datetime.datetime | None = None,
    ) -> StreamResponse[StartCampaignResponse]:
        """Start a campaign now, or at ``scheduled_for``; ``stop_at`` ends it (datetimes sent in UTC)."""
        return self._send(_start_campaign(campaign_id, scheduled_for, stop_at))

    def stop_campaign(self, campaign_id: str) -> StreamResponse[CampaignResponse]:
        """Stop a running or scheduled campaign."""
        return self._send(_stop_campaign(campaign_id))

    def test_campaign(self, campaign_id: str, users: Iterable[str]) -> StreamResponse[StartCampaignResponse]:
        """Send the campaign's message to ``users`` only, as a preview."""
        return self._send(_test_campaign(campaign_id, users))

    def update_channels_batch(self, options: ChannelsBatchOptions) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Apply one operation to every channel matching a filter, as a background task (see ``task_id``)."""
        return self._send(_update_channels_batch(options))


class AsyncCampaigns(AsyncResource):
    """Campaigns, segments and batch channel updates (StreamChatAsync)."""

    async def create_segment(
        self, segment_type: SegmentType, segment_id: str | None = None, data: SegmentData | None = None
    ) -> StreamResponse[CreateSegmentResponse]:
        """Create a segment of users or channels (the server picks the id when none is given)."""
        return await self._send(_create_segment(segment_type, segment_id, data))

    async def get_segment(self, segment_id: str) -> StreamResponse[GetSegmentResponse]:
        """Fetch a segment."""
        return await self._send(_get_segment(segment_id))

    async def query_segments(
        self,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[SortParam] | None = None,
        options: QuerySegmentsOptions | None = None,
    ) -> StreamResponse[QuerySegmentsResponse]:
        """Search segments by filter, with sort and cursor pagination."""
        return await self._send(_query_segments(filter_conditions, sort, options))

    async def update_segment(
        self, segment_id: str, data: SegmentUpdatableFields
    ) -> StreamResponse[UpdateSegmentResponse]:
        """Change a segment's name, description or filter."""
        return await self._send(_update_segment(segment_id, data))

    async def delete_segment(self, segment_id: str) -> StreamResponse[Response]:
        """Delete a segment."""
        return await self._send(_delete_segment(segment_id))

    async def segment_target_exists(self, segment_id: str, target_id: str) -> StreamResponse[Response]:
        """Succeed if ``target_id`` is in the segment (an error status otherwise)."""
        return await self._send(_segment_target_exists(segment_id, target_id))

    async def add_segment_targets(self, segment_id: str, target_ids: list[str]) -> StreamResponse[Response]:
        """Add user or channel ids to a segment."""
        return await self._send(_add_segment_targets(segment_id, target_ids))

    async def query_segment_targets(
        self,
        segment_id: str,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[SortParam] | None = None,
        options: QuerySegmentTargetsOptions | None = None,
    ) -> StreamResponse[QuerySegmentTargetsResponse]:
        """Page through a segment's targets, optionally filtered and sorted."""
        return await self._send(_query_segment_targets(segment_id, filter_conditions, sort, options))

    async def remove_segment_targets(self, segment_id: str, target_ids: list[str]) -> StreamResponse[Response]:
        """Remove user or channel ids from a segment."""
        return await self._send(_remove_segment_targets(segment_id, target_ids))

    async def create_campaign(
        self, campaign_id: str | None = None, data: CampaignData | None = None
    ) -> StreamResponse[CreateCampaignResponse]:
        """Create a campaign (``"id": null`` lets the server pick the id)."""
        return await self._send(_create_campaign(campaign_id, data))

    async def get_campaign(self, campaign_id: str) -> StreamResponse[GetCampaignResponse]:
        """Fetch a campaign."""
        return await self._send(_get_campaign(campaign_id))

    async def query_campaigns(
        self,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[SortParam] | None = None,
        options: QueryCampaignsOptions | None = None,
    ) -> StreamResponse[QueryCampaignsResponse]:
        """Search campaigns by filter, with sort and cursor pagination."""
        return await self._send(_query_campaigns(filter_conditions, sort, options))

    async def update_campaign(self, campaign_id: str, data: CampaignData) -> StreamResponse[CampaignResponse]:
        """Replace the settings of a campaign that has not been sent."""
        return await self._send(_update_campaign(campaign_id, data))

    async def delete_campaign(
        self, campaign_id: str, **options: Unpack[NoOptions]
    ) -> StreamResponse[DeleteCampaignResponse]:
        """Delete a campaign; no options."""
        return await self._send(_delete_campaign(campaign_id, options))

    async def start_campaign(
        self,
        campaign_id: str,
        scheduled_for: str | datetime.datetime | None = None,
        stop_at: str | datetime.datetime | None = None,
    ) -> StreamResponse[StartCampaignResponse]:
        """Start a campaign now, or at ``scheduled_for``; ``stop_at`` ends it (datetimes sent in UTC)."""
        return await self._send(_start_campaign(campaign_id, scheduled_for, stop_at))

    async def stop_campaign(self, campaign_id: str) -> StreamResponse[CampaignResponse]:
        """Stop a running or scheduled campaign."""
        return await self._send(_stop_campaign(campaign_id))

    async def test_campaign(self, campaign_id: str, users: Iterable[str]) -> StreamResponse[StartCampaignResponse]:
        """Send the campaign's message to ``users`` only, as a preview."""
        return await self._send(_test_campaign(campaign_id, users))

    async def update_channels_batch(self, options: ChannelsBatchOptions) -> StreamResponse[ChannelBatchUpdateResponse]:
        """Apply one operation to every channel matching a filter, as a background task (see ``task_id``)."""
        return await self._send(_update_channels_batch(options))
