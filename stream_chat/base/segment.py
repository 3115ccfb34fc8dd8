"""``SegmentInterface``: a segment's type, identity and data, shared by the sync and async ``Segment``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from stream_chat.base.checks import require_id
from stream_chat.types.segment import SegmentType

if TYPE_CHECKING:
    from stream_chat.base.client import StreamChatInterface
    from stream_chat.types.segment import SegmentData

MISSING_SEGMENT_ID = (
    "the segment has no id: create it with segment.create() or pass segment_id, "
    "as in client.segment(segment_type, segment_id)"
)


def segment_type_of(value: SegmentType | str) -> SegmentType:
    """``value`` as a ``SegmentType`` (its string value is accepted too); a ``ValueError`` for anything else."""
    try:
        return SegmentType(value)
    except ValueError:
        raise ValueError(f"segment_type must be a SegmentType ('channel' or 'user'), got {value!r}") from None


class SegmentInterface:
    """A segment of users or channels, by id (or none until it is created), with the data to create it from."""

    def __init__(
        self,
        client: StreamChatInterface,
        segment_type: SegmentType,
        segment_id: str | None = None,
        data: SegmentData | None = None,
    ) -> None:
        if segment_id is not None:
            require_id(segment_id, "segment_id")
        self.segment_type = segment_type_of(segment_type)
        self.segment_id = segment_id
        self.client = client
        self.data = data

    def __repr__(self) -> str:
        return f"{type(self).__name__}(segment_type={self.segment_type!r}, segment_id={self.segment_id!r})"

    def verify_segment_id(self) -> None:
        """Raise ``ValueError`` if the segment has no id yet (no request is made)."""
        self._require_id()

    def _require_id(self) -> str:
        if not self.segment_id:
            raise ValueError(MISSING_SEGMENT_ID)
        return self.segment_id

    def _prepare_create(self, segment_id: str | None, data: SegmentData | None) -> None:
        """Take the id and data of a ``create`` call: each replaces ours when given."""
        if segment_id is not None:
            self.segment_id = require_id(segment_id, "segment_id")
        if data is not None:
            self.data = data

    def _remember_id(self, state: Mapping[str, Any]) -> None:
        if self.segment_id is None:
            segment = state.get("segment")
            if isinstance(segment, Mapping) and isinstance(segment.get("id"), str):
                self.segment_id = segment["id"]
