"""Shared request shapes: sort parameters and cursor pagination."""

from __future__ import annotations

from enum import IntEnum
from typing import Any, TypedDict


class SortOrder(IntEnum):
    """Sort direction."""

    ASC = 1
    DESC = -1


class SortParam(TypedDict, total=False):
    """One sort key: the field and its direction."""

    field: str
    direction: SortOrder


class Pager(TypedDict, total=False):
    """Cursor pagination: page size and the cursors a previous page returned."""

    limit: int | None
    next: str | None
    prev: str | None


class ParsedPredefinedFilterResponse(TypedDict, total=False):
    """A predefined filter after its placeholders were filled in."""

    name: str
    filter: dict[str, Any]
    sort: list[SortParam] | None
