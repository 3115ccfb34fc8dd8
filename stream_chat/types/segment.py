"""Segment types and request shapes."""

from __future__ import annotations

from enum import Enum
from typing import Any, TypedDict

from stream_chat.types.base import Pager


class SegmentType(Enum):
    """What a segment targets."""

    CHANNEL = "channel"
    USER = "user"


class SegmentUpdatableFields(TypedDict, total=False):
    """The fields of a segment that can be changed after it is created."""

    name: str | None
    description: str | None
    filter: dict[str, Any] | None


class SegmentData(SegmentUpdatableFields, total=False):
    """A segment: its updatable fields plus whether it targets all users or all of the sender's channels."""

    all_users: bool | None
    all_sender_channels: bool | None


class QuerySegmentsOptions(Pager, total=False):
    """Pagination of a segment query."""


class QuerySegmentTargetsOptions(Pager, total=False):
    """Pagination of a segment-targets query."""
