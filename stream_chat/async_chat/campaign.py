"""``Campaign``: the methods of one campaign, for ``StreamChatAsync`` (awaitable twins of the sync ones)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Unpack

from stream_chat.base.campaign import CampaignInterface
from stream_chat.types.stream_response import StreamResponse

if TYPE_CHECKING:
    from stream_chat.resources.campaigns import AsyncCampaigns
    from stream_chat.types.campaign import CampaignData
    from stream_chat.types.requests import NoOptions
    from stream_chat_gen.models import (
        CampaignResponse,
        CreateCampaignResponse,
        DeleteCampaignResponse,
        GetCampaignResponse,
        StartCampaignResponse,
    )


class Campaign(CampaignInterface):
    """A campaign, bound to an asynchronous client (see ``StreamChatAsync.campaign``)."""

    client: AsyncCampaigns

    async def create(
        self, campaign_id: str | None = None, data: CampaignData | None = None
    ) -> StreamResponse[CreateCampaignResponse]:
        """Create the campaign; ``data`` is merged over the data given so far, the new id is remembered."""
        self._prepare_create(campaign_id, data)
        state = await self.client.create_campaign(campaign_id=self.campaign_id, data=self.data)
        self._remember_id(state)
        return state

    async def get(self) -> StreamResponse[GetCampaignResponse]:
        """Fetch the campaign."""
        return await self.client.get_campaign(self._require_id())

    async def update(self, data: CampaignData) -> StreamResponse[CampaignResponse]:
        """Replace the campaign's settings."""
        return await self.client.update_campaign(self._require_id(), data)

    async def delete(self, **options: Unpack[NoOptions]) -> StreamResponse[DeleteCampaignResponse]:
        """Delete the campaign; no options."""
        return await self.client.delete_campaign(self._require_id(), **options)

    async def start(
        self,
        scheduled_for: str | datetime.datetime | None = None,
        stop_at: str | datetime.datetime | None = None,
    ) -> StreamResponse[StartCampaignResponse]:
        """Start the campaign now, or at ``scheduled_for``; ``stop_at`` ends it."""
        return await self.client.start_campaign(self._require_id(), scheduled_for, stop_at)

    async def stop(self) -> StreamResponse[CampaignResponse]:
        """Stop the campaign."""
        return await self.client.stop_campaign(self._require_id())
