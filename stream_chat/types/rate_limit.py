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
        """Read ``X-RateLimit-*`` headers, in any letter case, tolerating repeated values (``"300, 300"``)."""
        lowered = {key.lower(): value for key, value in headers.items()}
        values = [first_number(lowered.get(f"x-ratelimit-{name}")) for name in ("limit", "remaining", "reset")]
        limit, remaining, reset = values
        if limit is None or remaining is None or reset is None:
            return None
        return cls(
            limit=int(limit),
            remaining=int(remaining),
            reset=datetime.datetime.fromtimestamp(reset, datetime.UTC),
        )


def first_number(header: str | None) -> float | None:
    """The first number in a header value that may hold several comma-separated copies."""
    if not header:
        return None
    for part in header.split(","):
        try:
            return float(part.strip())
        except ValueError:
            continue
    return None
