"""Segment types and options."""

from __future__ import annotations

from enum import Enum


class SegmentType(Enum):
    """What a segment targets."""

    CHANNEL = "channel"
    USER = "user"
