"""Bulk work over users: batches of the API's maximum, a result that names every failure, progress.

``run_batches`` (sync) and ``run_batches_async`` (bounded concurrency) take
any iterable, check each item, cut the valid ones into batches and send each
batch with the function given. A batch the API refuses, or whose task fails,
marks each of its items failed with the reason; an item that is not valid is
failed without being sent. Nothing is dropped: every item ends up in
``BulkResult.succeeded`` or ``BulkResult.failures``.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sized
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger("stream_chat")

# The most users one request may carry (upsert, partial update, deactivate, reactivate, delete).
MAX_USERS_PER_REQUEST = 100
DEFAULT_CONCURRENCY = 4


@dataclass(frozen=True)
class BulkFailure:
    """An item that was not done: the ``item`` as given, why (``reason``) and the exception, if one was raised."""

    item: Any
    reason: str
    error: BaseException | None = None


@dataclass(frozen=True)
class BulkProgress:
    """Where a bulk run is: items ``done`` (succeeded or failed), ``failed`` of them, and the ``total`` if known."""

    done: int
    failed: int
    total: int | None


@dataclass
class BulkResult:
    """What a bulk run did: the ids that ``succeeded``, the ``failures``, and the ``responses`` of the batches sent."""

    operation: str
    succeeded: list[str] = field(default_factory=list)
    failures: list[BulkFailure] = field(default_factory=list)
    responses: list[Any] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every item succeeded."""
        return not self.failures

    def raise_for_failures(self) -> None:
        """Raise ``BulkError`` (carrying this result) if any item failed."""
        if self.failures:
            raise BulkError(self)


class BulkError(Exception):
    """Some items of a bulk run failed; ``result`` says which and why."""

    def __init__(self, result: BulkResult) -> None:
        first = result.failures[0]
        super().__init__(
            f"{result.operation}: {len(result.failures)} item(s) failed, {len(result.succeeded)} succeeded "
            f"(first failure: {first.item!r}: {first.reason})"
        )
        self.result = result


@dataclass(frozen=True)
class Batch:
    """Valid items to send together, with the id of each."""

    items: list[Any]
    ids: list[str]


def require_iterable(items: Any, name: str) -> Iterable[Any]:
    """``items`` if it is an iterable of items (not a single string, bytes or dict), else ``TypeError``."""
    if isinstance(items, (str, bytes, Mapping)) or not isinstance(items, Iterable):
        raise TypeError(f"{name} must be an iterable of items (a list, a generator...), got {type(items).__name__}")
    return items


def user_dict_id(item: Any) -> str:
    """The id of a user dict (``{"id": ...}``), or ``ValueError`` saying what is wrong with it."""
    user_id = item.get("id") if isinstance(item, Mapping) else None
    if not isinstance(user_id, str) or not user_id:
        raise ValueError("a user must be a dict with a non-empty string 'id'")
    return user_id


def partial_update_id(item: Any) -> str:
    """The id of a partial update (``{"id", "set"?, "unset"?}``), or ``ValueError``."""
    user_id = user_dict_id(item)
    if "set" not in item and "unset" not in item:
        raise ValueError("a partial update needs 'set' or 'unset'")
    return user_id


def plain_id(item: Any) -> str:
    """A user id given as a non-empty string, or ``ValueError``."""
    if not isinstance(item, str) or not item:
        raise ValueError("a user id must be a non-empty string")
    return item


class _Progress:
    """Counts items, tells the callback and draws a tqdm bar when asked and tqdm is there."""

    def __init__(
        self,
        items: Iterable[Any],
        operation: str,
        on_progress: Callable[[BulkProgress], None] | None,
        progress_bar: bool | None,
    ) -> None:
        self.total = len(items) if isinstance(items, Sized) else None
        self.done = 0
        self.failed = 0
        self.on_progress = on_progress
        self.bar = _tqdm_bar(self.total, operation, progress_bar)

    def add(self, done: int, failed: int) -> None:
        self.done += done
        self.failed += failed
        if self.bar is not None:
            self.bar.update(done)
        if self.on_progress is not None:
            self.on_progress(BulkProgress(self.done, self.failed, self.total))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _tqdm_bar(total: int | None, operation: str, wanted: bool | None) -> Any:
    """A tqdm bar: when ``wanted`` is true, or, when ``None``, if stderr is a terminal; never without tqdm."""
    if wanted is False or (wanted is None and not sys.stderr.isatty()):
        return None
    try:
        from tqdm import tqdm  # type: ignore[import-untyped]  # noqa: PLC0415 - optional
    except ImportError:
        logger.debug("tqdm is not installed: no progress bar for %s", operation)
        return None
    return tqdm(total=total, desc=operation, unit="item")


def _batches(
    items: Iterable[Any], size: int, item_id: Callable[[Any], str], result: BulkResult, progress: _Progress
) -> Iterator[Batch]:
    """Batches of up to ``size`` valid items; invalid ones go straight to the failures."""
    batch = Batch([], [])
    for item in items:
        try:
            identifier = item_id(item)
        except ValueError as error:
            result.failures.append(BulkFailure(item, str(error), error))
            progress.add(1, 1)
            continue
        batch.items.append(item)
        batch.ids.append(identifier)
        if len(batch.items) == size:
            yield batch
            batch = Batch([], [])
    if batch.items:
        yield batch


def _settle(result: BulkResult, progress: _Progress, batch: Batch, outcome: Any | BaseException) -> None:
    if isinstance(outcome, BaseException):
        reason = f"{type(outcome).__name__}: {outcome}"
        result.failures.extend(BulkFailure(item, reason, outcome) for item in batch.items)
        progress.add(len(batch.items), len(batch.items))
    else:
        result.responses.append(outcome)
        result.succeeded.extend(batch.ids)
        progress.add(len(batch.items), 0)


def run_batches(
    operation: str,
    items: Iterable[Any],
    item_id: Callable[[Any], str],
    send: Callable[[Batch], Any],
    *,
    batch_size: int = MAX_USERS_PER_REQUEST,
    on_progress: Callable[[BulkProgress], None] | None = None,
    progress_bar: bool | None = None,
) -> BulkResult:
    """Send ``items`` in batches, one after the other; every item ends in the result's successes or failures."""
    result = BulkResult(operation)
    progress = _Progress(items, operation, on_progress, progress_bar)
    try:
        for batch in _batches(items, batch_size, item_id, result, progress):
            try:
                outcome: Any = send(batch)
            except Exception as error:  # recorded against the batch's items: nothing is lost
                outcome = error
            _settle(result, progress, batch, outcome)
    finally:
        progress.close()
    return result


async def run_batches_async(
    operation: str,
    items: Iterable[Any],
    item_id: Callable[[Any], str],
    send: Callable[[Batch], Awaitable[Any]],
    *,
    batch_size: int = MAX_USERS_PER_REQUEST,
    max_concurrency: int = DEFAULT_CONCURRENCY,
    on_progress: Callable[[BulkProgress], None] | None = None,
    progress_bar: bool | None = None,
) -> BulkResult:
    """``run_batches`` with up to ``max_concurrency`` batches in flight; items are read as batches are needed."""
    import asyncio  # noqa: PLC0415 - `import stream_chat` loads no asyncio (tests/test_import_cost.py)

    result = BulkResult(operation)
    progress = _Progress(items, operation, on_progress, progress_bar)

    async def run(batch: Batch) -> None:
        try:
            outcome: Any = await send(batch)
        except Exception as error:  # recorded against the batch's items: nothing is lost
            outcome = error
        _settle(result, progress, batch, outcome)

    running: set[asyncio.Task[None]] = set()
    try:
        for batch in _batches(items, batch_size, item_id, result, progress):
            if len(running) >= max_concurrency:
                _, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            running.add(asyncio.ensure_future(run(batch)))
        if running:
            await asyncio.gather(*running)
    finally:
        for task in running:
            task.cancel()
        progress.close()
    return result


def check_batching(batch_size: int, max_concurrency: int = 1) -> None:
    """``ValueError`` unless ``batch_size`` is from 1 to the API's maximum and ``max_concurrency`` at least 1."""
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or not 1 <= batch_size <= MAX_USERS_PER_REQUEST:
        raise ValueError(f"batch_size must be from 1 to {MAX_USERS_PER_REQUEST}, got {batch_size!r}")
    if isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int) or max_concurrency < 1:
        raise ValueError(f"max_concurrency must be 1 or more, got {max_concurrency!r}")


__all__ = [
    "MAX_USERS_PER_REQUEST",
    "Batch",
    "BulkError",
    "BulkFailure",
    "BulkProgress",
    "BulkResult",
    "check_batching",
    "partial_update_id",
    "plain_id",
    "require_iterable",
    "run_batches",
    "run_batches_async",
    "user_dict_id",
]
