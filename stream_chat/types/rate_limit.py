"""Rate-limit information Stream sends with every response."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class RateLimitInfo:
    """The request budget of the endpoint just called: ``limit``, what is left, and when it resets (UTC)."""

    limit: int
    remaining: int
    reset: datetime.datetime

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimitInfo | None:
        """Read ``X-RateLimit-*`` headers, in any letter case, tolerating repeated values (``"300, 300"``).

        As stream-chat 4.x: ``None`` unless all three are present and non-empty; a value that is not a
        number reads as 0 (a reset of 0 is the epoch).
        """
        lowered = {key.lower(): value for key, value in headers.items()}
        limit, remaining, reset = (lowered.get(f"x-ratelimit-{name}") for name in ("limit", "remaining", "reset"))
        if not (limit and remaining and reset):
            return None
        return cls(
            limit=int(first_number(limit) or 0),
            remaining=int(first_number(remaining) or 0),
            reset=datetime.datetime.fromtimestamp(first_number(reset) or 0, datetime.UTC),
        )


def first_number(header: str | None) -> float | None:
    """The first non-empty of the comma-separated copies in a header value, as a number; ``None`` if it is not one."""
    first = next((part.strip() for part in (header or "").split(",") if part.strip()), "")
    try:
        return float(first)
    except ValueError:
        return None
