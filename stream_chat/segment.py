"""``Segment``: the methods of one segment, for ``StreamChat``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stream_chat.base.segment import SegmentInterface
from stream_chat.types.stream_response import StreamResponse

if TYPE_CHECKING:
    from stream_chat.resources.campaigns import SyncCampaigns
    from stream_chat.types.base import SortParam
    from stream_chat.types.segment import QuerySegmentTargetsOptions, SegmentData, SegmentUpdatableFields
    from stream_chat_gen.models import (
        CreateSegmentResponse,
        GetSegmentResponse,
        QuerySegmentTargetsResponse,
        Response,
        UpdateSegmentResponse,
    )


class Segment(SegmentInterface):
    """A segment, bound to a synchronous client (see ``StreamChat.segment``)."""

    client: SyncCampaigns

    def create(
        self, segment_id: str | None = None, data: SegmentData | None = None
    ) -> StreamResponse[CreateSegmentResponse]:
        """Create the segment (``segment_id`` and ``data`` replace those given before); the new id is remembered."""
        self._prepare_create(segment_id, data)
        state = self.client.create_segment(self.segment_type, self.segment_id, self.data)
        self._remember_id(state)
        return state

    def get(self) -> StreamResponse[GetSegmentResponse]:
        """Fetch the segment."""
        return self.client.get_segment(self._require_id())

    def update(self, data: SegmentUpdatableFields) -> StreamResponse[UpdateSegmentResponse]:
        """Change the segment's name, description or filter."""
        return self.client.update_segment(self._require_id(), data)

    def delete(self) -> StreamResponse[Response]:
        """Delete the segment."""
        return self.client.delete_segment(self._require_id())

    def target_exists(self, target_id: str) -> StreamResponse[Response]:
        """Succeed if ``target_id`` is in the segment (an error status otherwise)."""
        return self.client.segment_target_exists(self._require_id(), target_id)

    def add_targets(self, target_ids: list[str]) -> StreamResponse[Response]:
        """Add user or channel ids to the segment."""
        return self.client.add_segment_targets(self._require_id(), target_ids)

    def query_targets(
        self,
        filter_conditions: dict[str, Any] | None = None,
        sort: list[SortParam] | None = None,
        options: QuerySegmentTargetsOptions | None = None,
    ) -> StreamResponse[QuerySegmentTargetsResponse]:
        """Page through the segment's targets, optionally filtered and sorted."""
        return self.client.query_segment_targets(self._require_id(), filter_conditions, sort, options)

    def remove_targets(self, target_ids: list[str]) -> StreamResponse[Response]:
        """Remove user or channel ids from the segment."""
        return self.client.remove_segment_targets(self._require_id(), target_ids)
