"""``CampaignInterface``: a campaign's identity and data, shared by the sync and async ``Campaign``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from stream_chat.base.checks import require_id

if TYPE_CHECKING:
    from stream_chat.base.client import StreamChatInterface
    from stream_chat.types.campaign import CampaignData

MISSING_CAMPAIGN_ID = (
    "the campaign has no id: create it with campaign.create() or pass campaign_id, as in client.campaign(campaign_id)"
)


class CampaignInterface:
    """A campaign, by id (or none until it is created), with the data to create it from."""

    def __init__(
        self,
        client: StreamChatInterface,
        campaign_id: str | None = None,
        data: CampaignData | None = None,
    ) -> None:
        if campaign_id is not None:
            require_id(campaign_id, "campaign_id")
        self.client = client
        self.campaign_id = campaign_id
        self.data = data

    def __repr__(self) -> str:
        return f"{type(self).__name__}(campaign_id={self.campaign_id!r})"

    def _require_id(self) -> str:
        if not self.campaign_id:
            raise ValueError(MISSING_CAMPAIGN_ID)
        return self.campaign_id

    def _prepare_create(self, campaign_id: str | None, data: CampaignData | None) -> None:
        """Take the id and data of a ``create`` call: a new id replaces ours, new data is merged over ours."""
        if campaign_id is not None:
            self.campaign_id = require_id(campaign_id, "campaign_id")
        if data is not None:
            # A new dict: neither the caller's data nor the dict given at construction is changed.
            self.data = cast("CampaignData", {**(self.data or {}), **data})

    def _remember_id(self, state: Mapping[str, Any]) -> None:
        if self.campaign_id is None:
            campaign = state.get("campaign")
            if isinstance(campaign, Mapping) and isinstance(campaign.get("id"), str):
                self.campaign_id = campaign["id"]
