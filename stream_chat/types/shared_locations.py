"""Request shapes of shared (live) locations."""

from __future__ import annotations

import datetime
from typing import TypedDict


class SharedLocationsOptions(TypedDict, total=False):
    """A location update: coordinates and, for a live location, when sharing ends."""

    longitude: float | None
    latitude: float | None
    end_at: datetime.datetime | None
