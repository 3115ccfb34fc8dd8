"""Request shapes of draft queries."""

from __future__ import annotations

import datetime
from typing import TypedDict

from stream_chat.types.base import Pager


class QueryDraftsFilter(TypedDict, total=False):
    """Filter of a draft query: by channel, by parent message, by creation time."""

    channel_cid: str | None
    parent_id: str | None
    created_at: datetime.datetime | None


class QueryDraftsOptions(Pager, total=False):
    """Pagination of a draft query."""
