"""Time as the emulator keeps it: integer nanoseconds, written as RFC 3339 UTC with nanoseconds, like Stream."""

from __future__ import annotations

import datetime
import re
import threading
import time
from collections.abc import Callable

_RFC3339 = re.compile(r"(\d{4}-\d\d-\d\d)[Tt ](\d\d:\d\d:\d\d)(?:\.(\d+))?([Zz]|[+-]\d\d:?\d\d)?")
NS = 1_000_000_000


class Clock:
    """Wall-clock nanoseconds that never repeat nor go back, so creation order is also time order."""

    def __init__(self, source: Callable[[], int] = time.time_ns) -> None:
        self._source = source
        self._last = 0
        self._lock = threading.Lock()

    def now(self) -> int:
        with self._lock:
            self._last = max(self._source(), self._last + 1)
            return self._last


def format_time(ns: int) -> str:
    """``2025-01-31T12:00:00.123456789Z``."""
    seconds, fraction = divmod(ns, NS)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{fraction:09d}Z"


def parse_time(value: object) -> int | None:
    """Nanoseconds of an RFC 3339 string (any fraction, any offset; none means UTC), else ``None``."""
    if not isinstance(value, str):
        return None
    match = _RFC3339.fullmatch(value.strip())
    if match is None:
        return None
    date, clock, fraction, offset = match.groups()
    try:
        moment = datetime.datetime.fromisoformat(f"{date}T{clock}+00:00")
    except ValueError:
        return None
    ns = int(moment.timestamp()) * NS + int((fraction or "0")[:9].ljust(9, "0"))
    if offset and offset not in "Zz":
        sign = 1 if offset[0] == "+" else -1
        digits = offset[1:].replace(":", "")
        ns -= sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60) * NS
    return ns
