"""Iterators over paginated operations: typed items page by page, fetched lazily, sync and async.

Stream paginates in three ways, each a ``Pagination`` here:

- ``OffsetPages``: ``limit`` and ``offset``. The end is a page shorter than
  the limit (a full last page costs one more call, which comes back empty).
  Offsets count positions in the result at the time of each call: an item
  inserted before the current position shifts the rest, so one item is seen
  twice; one deleted before it shifts them back, so one is skipped.
- ``CursorPages``: ``limit`` and the ``next`` cursor of the previous answer.
  The end is an answer without ``next``: no extra call. A cursor marks a
  position in the sort order, so inserts and deletes before it change nothing
  later; items inserted after it are seen when their sort position is reached.
- ``BeforeIdPages``: ``limit`` and ``id_lt``, the oldest message id seen
  (replies, which Stream pages from the newest). Newest first; the end is a
  page shorter than the limit (a full last page costs one more call, which
  comes back empty). Replies added during the walk are newer than the first
  page and are not seen; deleted ones are simply absent.

``PageIterator`` (sync) and ``AsyncPageIterator`` yield items; ``pages()``
yields each ``Page`` with its ``StreamResponse``. Only the page being read is
held in memory.
"""

from __future__ import annotations

import abc
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from stream_chat.types.stream_response import StreamResponse

ItemT = TypeVar("ItemT")

# Keys the iterators set themselves; passed as options they would fight the pagination.
PAGINATION_KEYS = frozenset({"limit", "offset", "next", "prev", "id_lt"})


@dataclass(frozen=True)
class Page(Generic[ItemT]):
    """One page: its typed ``items`` and the ``response`` they came in (headers, rate limit, raw dict)."""

    items: list[ItemT]
    response: StreamResponse[Any]


class Pagination(abc.ABC):
    """How to ask for the first page and, from an answer, for the next one (``None``: that was the last)."""

    def __init__(self, page_size: int) -> None:
        self.page_size = page_size

    def first(self) -> dict[str, Any]:
        return {"limit": self.page_size}

    @abc.abstractmethod
    def following(self, params: dict[str, Any], response: Mapping[str, Any], count: int) -> dict[str, Any] | None:
        """The parameters of the page after the one ``params`` asked for, which answered ``count`` items."""


class OffsetPages(Pagination):
    """``limit``/``offset``: the next page starts after the items received; a short page is the last."""

    def first(self) -> dict[str, Any]:
        return {"limit": self.page_size, "offset": 0}

    def following(self, params: dict[str, Any], response: Mapping[str, Any], count: int) -> dict[str, Any] | None:
        if count < self.page_size:
            return None
        return {"limit": self.page_size, "offset": params["offset"] + count}


class CursorPages(Pagination):
    """``limit``/``next``: the answer's ``next`` cursor asks for the following page; none means the end."""

    def following(self, params: dict[str, Any], response: Mapping[str, Any], count: int) -> dict[str, Any] | None:
        cursor = response.get("next")
        if not cursor or not isinstance(cursor, str):
            return None
        return {"limit": self.page_size, "next": cursor}


class SinglePage(Pagination):
    """An operation that answers everything at once (e.g. blocked users): one call, one page."""

    def first(self) -> dict[str, Any]:
        return {}

    def following(self, params: dict[str, Any], response: Mapping[str, Any], count: int) -> dict[str, Any] | None:
        return None


class BeforeIdPages(Pagination):
    """``limit``/``id_lt``: older and older messages (each page in time order); a short page is the last."""

    def following(self, params: dict[str, Any], response: Mapping[str, Any], count: int) -> dict[str, Any] | None:
        messages = response.get("messages") or []
        if count < self.page_size or not messages:
            return None
        return {"limit": self.page_size, "id_lt": messages[0]["id"]}


def check_page_size(page_size: int, maximum: int, operation: str) -> int:
    """``page_size`` if it is an int from 1 to ``maximum`` (the most ``operation`` returns), else an error."""
    if isinstance(page_size, bool) or not isinstance(page_size, int):
        raise TypeError(f"page_size must be an int, got {page_size!r}")
    if page_size < 1 or page_size > maximum:
        raise ValueError(f"page_size must be from 1 to {maximum} (the most {operation} returns), got {page_size}")
    return page_size


def check_options(options: Mapping[str, Any]) -> dict[str, Any]:
    """The caller's options, refusing the keys the iterator sets (use ``page_size``; iteration starts at the start)."""
    clashing = sorted(PAGINATION_KEYS.intersection(options))
    if clashing:
        raise ValueError(f"{', '.join(clashing)} are set by the iterator: pass page_size instead")
    return dict(options)


class PageIterator(Generic[ItemT]):
    """Iterate the items of every page (``for item in ...``), or ``pages()``; each page is fetched when reached."""

    def __init__(
        self,
        fetch: Callable[[dict[str, Any]], StreamResponse[Any]],
        items: Callable[[StreamResponse[Any]], list[ItemT]],
        pagination: Pagination,
    ) -> None:
        self._fetch = fetch
        self._items = items
        self._pagination = pagination

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.pages():
            yield from page.items

    def pages(self) -> Iterator[Page[ItemT]]:
        """Each page with its response, fetched one by one."""
        params: dict[str, Any] | None = self._pagination.first()
        while params is not None:
            response = self._fetch(params)
            items = self._items(response)
            yield Page(items, response)
            params = self._pagination.following(params, response, len(items))


class AsyncPageIterator(Generic[ItemT]):
    """``async for item in ...``, or ``async for page in ....pages()``; each page is fetched when reached."""

    def __init__(
        self,
        fetch: Callable[[dict[str, Any]], Awaitable[StreamResponse[Any]]],
        items: Callable[[StreamResponse[Any]], list[ItemT]],
        pagination: Pagination,
    ) -> None:
        self._fetch = fetch
        self._items = items
        self._pagination = pagination

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def pages(self) -> AsyncIterator[Page[ItemT]]:
        """Each page with its response, fetched one by one."""
        params: dict[str, Any] | None = self._pagination.first()
        while params is not None:
            response = await self._fetch(params)
            items = self._items(response)
            yield Page(items, response)
            params = self._pagination.following(params, response, len(items))


__all__ = [
    "AsyncPageIterator",
    "BeforeIdPages",
    "CursorPages",
    "OffsetPages",
    "Page",
    "PageIterator",
    "Pagination",
    "SinglePage",
    "check_options",
    "check_page_size",
]
