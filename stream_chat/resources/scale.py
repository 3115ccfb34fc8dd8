"""Bulk user helpers and task waiting on top of the iterators: ``bulk_*``, ``wait_for_task``, ``*_and_wait``.

The bulk helpers pace to the rate limits by default (``pace_rate_limits=False``
sends as fast as the client would): a client without its own pacer sends their
batches through a copy that shares the connection pool and one pacer kept for
bulk work, so consecutive and concurrent bulk runs of a client share the budget.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Self, Unpack

import httpx

from stream_chat.base.checks import require_ids
from stream_chat.base.http import Call
from stream_chat.base.pacing import RateLimitPacer
from stream_chat.base.tasks import (
    DEFAULT_TASK_TIMEOUT,
    ExportResult,
    check_timeout,
    result_url,
    wait_for_task,
    wait_for_task_async,
)
from stream_chat.bulk import (
    DEFAULT_CONCURRENCY,
    MAX_USERS_PER_REQUEST,
    Batch,
    BulkProgress,
    BulkResult,
    check_batching,
    partial_update_id,
    plain_id,
    require_iterable,
    run_batches,
    run_batches_async,
    user_dict_id,
)
from stream_chat.resources.iterators import AsyncIterators, SyncIterators
from stream_chat.types.stream_response import StreamResponse
from stream_chat_gen.api.users import reactivate_users

if TYPE_CHECKING:
    from stream_chat.types.requests import (
        DeactivateUsersOptions,
        DeleteChannelsOptions,
        DeleteUsersOptions,
        ExportChannelsOptions,
        ReactivateUsersOptions,
    )
    from stream_chat_gen.models import GetTaskResponse

ProgressCallback = Callable[[BulkProgress], None]

# One pacer per client for its bulk runs, created with the client's first bulk run.
_BULK_PACER = "_bulk_rate_limit_pacer"


def _paced(client: Any, pace: bool) -> Any:
    """``client`` itself, or, for a paced run of a client that does not pace, its copy with the bulk pacer."""
    if not pace or client.rate_limit_pacer is not None:
        return client
    pacer = client.__dict__.setdefault(_BULK_PACER, RateLimitPacer(clock=client._clock))
    return client.with_options(pace_rate_limits=pacer)


def _reactivate_users_call(user_ids: list[str], options: Mapping[str, Any]) -> Call[Any]:
    return Call(reactivate_users, body={**options, "user_ids": user_ids})


class SyncScale(SyncIterators):
    """Bulk helpers and task waiting of ``StreamChat``."""

    _sleep: Callable[[float], None]  # the client's (injected in tests)
    _clock: Callable[[], float]

    def wait_for_task(self, task_id: str, *, timeout: float = DEFAULT_TASK_TIMEOUT) -> StreamResponse[GetTaskResponse]:
        """Poll the task (0.5 s, then 1.5x longer each time, up to 5 s) until it completes; its final response.

        Raises ``StreamTaskError`` with the task's error if it failed, ``StreamTaskTimeout`` if it is still
        running after ``timeout`` seconds, ``StreamNotFoundError`` from the first call if no such task exists.
        """
        return wait_for_task(self.get_task, task_id, timeout, self._sleep, self._clock)

    def export_users_and_wait(
        self, user_ids: Iterable[str], *, timeout: float = DEFAULT_TASK_TIMEOUT, download: bool = True
    ) -> ExportResult:
        """Export users, wait for the export task, and (``download``) fetch the file it produced."""
        ids, timeout = require_ids(user_ids, "user_ids"), check_timeout(timeout)
        task = self.wait_for_task(self.export_users(ids)["task_id"], timeout=timeout)
        return self._export_result(task, download)

    def export_channels_and_wait(
        self,
        channels: Iterable[dict[str, Any]],
        *,
        timeout: float = DEFAULT_TASK_TIMEOUT,
        download: bool = True,
        **options: Unpack[ExportChannelsOptions],
    ) -> ExportResult:
        """Export channels, wait for the task, and fetch the file.

        Options, as for ``export_channels``: ``format``, ``include_fields``, ``export_users``,
        ``clear_deleted_message_text``, ``include_soft_deleted_channels``, ``include_truncated_messages``,
        ``version``.
        """
        channels, timeout = list(require_iterable(channels, "channels")), check_timeout(timeout)
        task = self.wait_for_task(self.export_channels(channels, **options)["task_id"], timeout=timeout)
        return self._export_result(task, download)

    def _export_result(self, task: StreamResponse[GetTaskResponse], download: bool) -> ExportResult:
        url = result_url(task)
        if not download or url is None:
            return ExportResult(task, url, None)
        with httpx.Client(timeout=self.timeout, follow_redirects=True) as http:
            answer = http.get(url)
            answer.raise_for_status()
            return ExportResult(task, url, answer.content)

    def delete_channels_and_wait(
        self, cids: Iterable[str], *, timeout: float = DEFAULT_TASK_TIMEOUT, **options: Unpack[DeleteChannelsOptions]
    ) -> StreamResponse[GetTaskResponse]:
        """Delete channels and wait for the deletion task to complete; option ``hard_delete``."""
        timeout = check_timeout(timeout)
        return self.wait_for_task(self.delete_channels(cids, **options)["task_id"], timeout=timeout)

    def bulk_upsert_users(
        self,
        users: Iterable[dict[str, Any]],
        *,
        batch_size: int = MAX_USERS_PER_REQUEST,
        on_progress: ProgressCallback | None = None,
        progress_bar: bool | None = None,
        pace_rate_limits: bool = True,
    ) -> BulkResult:
        """Create or replace every user of ``users`` (any iterable of dicts with an ``id``), in batches."""
        client = self._bulk_client(users, batch_size, pace_rate_limits)
        return run_batches(
            "upsert users",
            users,
            user_dict_id,
            lambda batch: client.upsert_users(batch.items),
            batch_size=batch_size,
            on_progress=on_progress,
            progress_bar=progress_bar,
        )

    def bulk_update_users_partial(
        self,
        updates: Iterable[dict[str, Any]],
        *,
        batch_size: int = MAX_USERS_PER_REQUEST,
        on_progress: ProgressCallback | None = None,
        progress_bar: bool | None = None,
        pace_rate_limits: bool = True,
    ) -> BulkResult:
        """Apply every partial update (``{"id", "set"?, "unset"?}``) of ``updates``, in batches."""
        client = self._bulk_client(updates, batch_size, pace_rate_limits)
        return run_batches(
            "update users partially",
            updates,
            partial_update_id,
            lambda batch: client.update_users_partial(batch.items),
            batch_size=batch_size,
            on_progress=on_progress,
            progress_bar=progress_bar,
        )

    def bulk_deactivate_users(
        self,
        user_ids: Iterable[str],
        *,
        wait: bool = True,
        timeout: float = DEFAULT_TASK_TIMEOUT,
        batch_size: int = MAX_USERS_PER_REQUEST,
        on_progress: ProgressCallback | None = None,
        progress_bar: bool | None = None,
        pace_rate_limits: bool = True,
        **options: Unpack[DeactivateUsersOptions],
    ) -> BulkResult:
        """Deactivate every user of ``user_ids`` in batches; with ``wait``, a batch succeeds when its task does.

        Options, sent with each batch: ``created_by_id``, ``mark_messages_deleted``, ``mark_channels_deleted``.
        """
        client = self._bulk_client(user_ids, batch_size, pace_rate_limits, timeout)
        return self._task_batches(
            "deactivate users", user_ids, lambda ids: client.deactivate_users(ids, **options), wait, timeout,
            batch_size, on_progress, progress_bar,
        )  # fmt: skip

    def bulk_reactivate_users(
        self,
        user_ids: Iterable[str],
        *,
        wait: bool = True,
        timeout: float = DEFAULT_TASK_TIMEOUT,
        batch_size: int = MAX_USERS_PER_REQUEST,
        on_progress: ProgressCallback | None = None,
        progress_bar: bool | None = None,
        pace_rate_limits: bool = True,
        **options: Unpack[ReactivateUsersOptions],
    ) -> BulkResult:
        """Reactivate every user of ``user_ids`` in batches; with ``wait``, a batch succeeds when its task does.

        Options, sent with each batch: ``created_by_id``, ``restore_messages``, ``restore_channels``.
        """
        client = self._bulk_client(user_ids, batch_size, pace_rate_limits, timeout)
        return self._task_batches(
            "reactivate users", user_ids, lambda ids: client._send(_reactivate_users_call(ids, options)), wait,
            timeout, batch_size, on_progress, progress_bar,
        )  # fmt: skip

    def bulk_delete_users(
        self,
        user_ids: Iterable[str],
        delete_type: str = "soft",
        *,
        wait: bool = True,
        timeout: float = DEFAULT_TASK_TIMEOUT,
        batch_size: int = MAX_USERS_PER_REQUEST,
        on_progress: ProgressCallback | None = None,
        progress_bar: bool | None = None,
        pace_rate_limits: bool = True,
        **options: Unpack[DeleteUsersOptions],
    ) -> BulkResult:
        """Delete every user of ``user_ids`` (``delete_type`` and options as for ``delete_users``) in batches.

        Options: ``conversations``, ``messages``, ``calls``, ``files``, ``new_channel_owner_id``,
        ``new_call_owner_id``.

        With ``wait`` each batch's deletion task is awaited, so a batch succeeds only when its task completed.
        """
        client = self._bulk_client(user_ids, batch_size, pace_rate_limits, timeout)
        return self._task_batches(
            "delete users", user_ids, lambda ids: client.delete_users(ids, delete_type, **options), wait, timeout,
            batch_size, on_progress, progress_bar,
        )  # fmt: skip

    def _bulk_client(self, items: Any, batch_size: int, pace: bool, timeout: float = 0.0) -> Self:
        require_iterable(items, "users")
        check_batching(batch_size)
        check_timeout(timeout)
        paced: Self = _paced(self, pace)
        return paced

    def _task_batches(
        self,
        operation: str,
        user_ids: Iterable[str],
        start: Callable[[list[str]], StreamResponse[Any]],
        wait: bool,
        timeout: float,
        batch_size: int,
        on_progress: ProgressCallback | None,
        progress_bar: bool | None,
    ) -> BulkResult:
        def send(batch: Batch) -> StreamResponse[Any]:
            started = start(batch.ids)
            return self.wait_for_task(started["task_id"], timeout=timeout) if wait else started

        return run_batches(
            operation, user_ids, plain_id, send, batch_size=batch_size, on_progress=on_progress,
            progress_bar=progress_bar,
        )  # fmt: skip


class AsyncScale(AsyncIterators):
    """Bulk helpers and task waiting of ``StreamChatAsync`` (bulk runs keep up to ``max_concurrency`` batches going)."""

    _sleep: Callable[[float], Awaitable[None]]  # the client's (injected in tests)
    _clock: Callable[[], float]

    async def wait_for_task(
        self, task_id: str, *, timeout: float = DEFAULT_TASK_TIMEOUT
    ) -> StreamResponse[GetTaskResponse]:
        """Poll the task (0.5 s, then 1.5x longer each time, up to 5 s) until it completes; its final response.

        Raises ``StreamTaskError`` with the task's error if it failed, ``StreamTaskTimeout`` if it is still
        running after ``timeout`` seconds, ``StreamNotFoundError`` from the first call if no such task exists.
        """
        return await wait_for_task_async(self.get_task, task_id, timeout, self._sleep, self._clock)

    async def export_users_and_wait(
        self, user_ids: Iterable[str], *, timeout: float = DEFAULT_TASK_TIMEOUT, download: bool = True
    ) -> ExportResult:
        """Export users, wait for the export task, and (``download``) fetch the file it produced."""
        ids, timeout = require_ids(user_ids, "user_ids"), check_timeout(timeout)
        started = await self.export_users(ids)
        return await self._export_result(await self.wait_for_task(started["task_id"], timeout=timeout), download)

    async def export_channels_and_wait(
        self,
        channels: Iterable[dict[str, Any]],
        *,
        timeout: float = DEFAULT_TASK_TIMEOUT,
        download: bool = True,
        **options: Unpack[ExportChannelsOptions],
    ) -> ExportResult:
        """Export channels, wait for the task, and fetch the file.

        Options, as for ``export_channels``: ``format``, ``include_fields``, ``export_users``,
        ``clear_deleted_message_text``, ``include_soft_deleted_channels``, ``include_truncated_messages``,
        ``version``.
        """
        channels, timeout = list(require_iterable(channels, "channels")), check_timeout(timeout)
        started = await self.export_channels(channels, **options)
        return await self._export_result(await self.wait_for_task(started["task_id"], timeout=timeout), download)

    async def _export_result(self, task: StreamResponse[GetTaskResponse], download: bool) -> ExportResult:
        url = result_url(task)
        if not download or url is None:
            return ExportResult(task, url, None)
        async with httpx.AsyncClient(timeout=self.timeout, follow_redirects=True) as http:
            answer = await http.get(url)
            answer.raise_for_status()
            return ExportResult(task, url, answer.content)

    async def delete_channels_and_wait(
        self, cids: Iterable[str], *, timeout: float = DEFAULT_TASK_TIMEOUT, **options: Unpack[DeleteChannelsOptions]
    ) -> StreamResponse[GetTaskResponse]:
        """Delete channels and wait for the deletion task to complete; option ``hard_delete``."""
        timeout = check_timeout(timeout)
        started = await self.delete_channels(cids, **options)
        return await self.wait_for_task(started["task_id"], timeout=timeout)

    async def bulk_upsert_users(
        self,
        users: Iterable[dict[str, Any]],
        *,
        batch_size: int = MAX_USERS_PER_REQUEST,
        max_concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
        progress_bar: bool | None = None,
        pace_rate_limits: bool = True,
    ) -> BulkResult:
        """Create or replace every user of ``users`` (any iterable of dicts with an ``id``), in batches."""
        client = self._bulk_client(users, batch_size, max_concurrency, pace_rate_limits)
        return await run_batches_async(
            "upsert users", users, user_dict_id, lambda batch: client.upsert_users(batch.items),
            batch_size=batch_size, max_concurrency=max_concurrency, on_progress=on_progress,
            progress_bar=progress_bar,
        )  # fmt: skip

    async def bulk_update_users_partial(
        self,
        updates: Iterable[dict[str, Any]],
        *,
        batch_size: int = MAX_USERS_PER_REQUEST,
        max_concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
        progress_bar: bool | None = None,
        pace_rate_limits: bool = True,
    ) -> BulkResult:
        """Apply every partial update (``{"id", "set"?, "unset"?}``) of ``updates``, in batches."""
        client = self._bulk_client(updates, batch_size, max_concurrency, pace_rate_limits)
        return await run_batches_async(
            "update users partially", updates, partial_update_id,
            lambda batch: client.update_users_partial(batch.items), batch_size=batch_size,
            max_concurrency=max_concurrency, on_progress=on_progress, progress_bar=progress_bar,
        )  # fmt: skip

    async def bulk_deactivate_users(
        self,
        user_ids: Iterable[str],
        *,
        wait: bool = True,
        timeout: float = DEFAULT_TASK_TIMEOUT,
        batch_size: int = MAX_USERS_PER_REQUEST,
        max_concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
        progress_bar: bool | None = None,
        pace_rate_limits: bool = True,
        **options: Unpack[DeactivateUsersOptions],
    ) -> BulkResult:
        """Deactivate every user of ``user_ids`` in batches; with ``wait``, a batch succeeds when its task does.

        Options, sent with each batch: ``created_by_id``, ``mark_messages_deleted``, ``mark_channels_deleted``.
        """
        client = self._bulk_client(user_ids, batch_size, max_concurrency, pace_rate_limits, timeout)
        return await self._task_batches(
            "deactivate users", user_ids, lambda ids: client.deactivate_users(ids, **options), wait, timeout,
            batch_size, max_concurrency, on_progress, progress_bar,
        )  # fmt: skip

    async def bulk_reactivate_users(
        self,
        user_ids: Iterable[str],
        *,
        wait: bool = True,
        timeout: float = DEFAULT_TASK_TIMEOUT,
        batch_size: int = MAX_USERS_PER_REQUEST,
        max_concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
        progress_bar: bool | None = None,
        pace_rate_limits: bool = True,
        **options: Unpack[ReactivateUsersOptions],
    ) -> BulkResult:
        """Reactivate every user of ``user_ids`` in batches; with ``wait``, a batch succeeds when its task does.

        Options, sent with each batch: ``created_by_id``, ``restore_messages``, ``restore_channels``.
        """
        client = self._bulk_client(user_ids, batch_size, max_concurrency, pace_rate_limits, timeout)
        return await self._task_batches(
            "reactivate users", user_ids, lambda ids: client._send(_reactivate_users_call(ids, options)), wait,
            timeout, batch_size, max_concurrency, on_progress, progress_bar,
        )  # fmt: skip

    async def bulk_delete_users(
        self,
        user_ids: Iterable[str],
        delete_type: str = "soft",
        *,
        wait: bool = True,
        timeout: float = DEFAULT_TASK_TIMEOUT,
        batch_size: int = MAX_USERS_PER_REQUEST,
        max_concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
        progress_bar: bool | None = None,
        pace_rate_limits: bool = True,
        **options: Unpack[DeleteUsersOptions],
    ) -> BulkResult:
        """Delete every user of ``user_ids`` (``delete_type`` and options as for ``delete_users``) in batches.

        Options: ``conversations``, ``messages``, ``calls``, ``files``, ``new_channel_owner_id``,
        ``new_call_owner_id``.

        With ``wait`` each batch's deletion task is awaited, so a batch succeeds only when its task completed.
        """
        client = self._bulk_client(user_ids, batch_size, max_concurrency, pace_rate_limits, timeout)
        return await self._task_batches(
            "delete users", user_ids, lambda ids: client.delete_users(ids, delete_type, **options), wait, timeout,
            batch_size, max_concurrency, on_progress, progress_bar,
        )  # fmt: skip

    def _bulk_client(self, items: Any, batch_size: int, concurrency: int, pace: bool, timeout: float = 0.0) -> Self:
        require_iterable(items, "users")
        check_batching(batch_size, concurrency)
        check_timeout(timeout)
        paced: Self = _paced(self, pace)
        return paced

    async def _task_batches(
        self,
        operation: str,
        user_ids: Iterable[str],
        start: Callable[[list[str]], Any],
        wait: bool,
        timeout: float,
        batch_size: int,
        max_concurrency: int,
        on_progress: ProgressCallback | None,
        progress_bar: bool | None,
    ) -> BulkResult:
        async def send(batch: Batch) -> StreamResponse[Any]:
            started: StreamResponse[Any] = await start(batch.ids)
            return await self.wait_for_task(started["task_id"], timeout=timeout) if wait else started

        return await run_batches_async(
            operation, user_ids, plain_id, send, batch_size=batch_size, max_concurrency=max_concurrency,
            on_progress=on_progress, progress_bar=progress_bar,
        )  # fmt: skip
