"""Waiting for Stream's background tasks (exports, deletions, deactivations): poll ``GetTask`` with backoff."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stream_chat.base.checks import require_id
from stream_chat.types.stream_response import StreamResponse

if TYPE_CHECKING:
    from stream_chat_gen.models import GetTaskResponse

# Statuses after which a task changes no more.
COMPLETED = "completed"
FAILED = "failed"
DEFAULT_TASK_TIMEOUT = 300.0
FIRST_POLL = 0.5
POLL_FACTOR = 1.5
LONGEST_POLL = 5.0


class StreamTaskError(Exception):
    """A task ended in failure: ``task_id``, its ``status``, the ``error`` it reported and the last ``response``."""

    def __init__(self, message: str, task_id: str, status: str, error: Any, response: Mapping[str, Any]) -> None:
        super().__init__(message)
        self.task_id = task_id
        self.status = status
        self.error = error
        self.response = response


class StreamTaskTimeout(StreamTaskError, TimeoutError):
    """A task still running when the wait's ``timeout`` ran out (it may still finish on Stream's side)."""


def poll_delays() -> Iterator[float]:
    """Seconds between polls: 0.5, 0.75, 1.125, ... growing by half each time up to 5."""
    delay = FIRST_POLL
    while True:
        yield delay
        delay = min(LONGEST_POLL, delay * POLL_FACTOR)


def check_timeout(timeout: float) -> float:
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout < 0:
        raise ValueError(f"timeout must be a number of seconds, 0 or more, got {timeout!r}")
    return float(timeout)


def _outcome(
    task_id: str, response: StreamResponse[GetTaskResponse], waited: float, timeout: float
) -> StreamResponse[GetTaskResponse] | None:
    """The response if the task completed, ``None`` to poll again, or the error to raise."""
    status = str(response.get("status", ""))
    if status == COMPLETED:
        return response
    if status == FAILED:
        error = response.get("error")
        description = error.get("description") if isinstance(error, Mapping) else error
        message = f"task {task_id} failed: {description or 'no error given'}"
        raise StreamTaskError(message, task_id, status, error, response)
    if waited >= timeout:
        raise StreamTaskTimeout(
            f"task {task_id} is still {status or 'unfinished'} after {timeout:g} s", task_id, status, None, response
        )
    return None


def wait_for_task(
    get_task: Callable[[str], StreamResponse[GetTaskResponse]],
    task_id: str,
    timeout: float,
    sleep: Callable[[float], None],
    clock: Callable[[], float],
) -> StreamResponse[GetTaskResponse]:
    """Poll ``get_task`` until the task completes (its response) or fails or ``timeout`` passes (raised)."""
    task_id, timeout = require_id(task_id, "task_id"), check_timeout(timeout)
    started, delays = clock(), poll_delays()
    while True:
        waited = clock() - started
        done = _outcome(task_id, get_task(task_id), waited, timeout)
        if done is not None:
            return done
        sleep(min(next(delays), timeout - waited))


async def wait_for_task_async(
    get_task: Callable[[str], Awaitable[StreamResponse[GetTaskResponse]]],
    task_id: str,
    timeout: float,
    sleep: Callable[[float], Awaitable[None]],
    clock: Callable[[], float],
) -> StreamResponse[GetTaskResponse]:
    """``wait_for_task`` for the async client."""
    task_id, timeout = require_id(task_id, "task_id"), check_timeout(timeout)
    started, delays = clock(), poll_delays()
    while True:
        waited = clock() - started
        done = _outcome(task_id, await get_task(task_id), waited, timeout)
        if done is not None:
            return done
        await sleep(min(next(delays), timeout - waited))


@dataclass(frozen=True)
class ExportResult:
    """A finished export: its ``task`` response, the ``url`` of the file, and the file's ``content`` if fetched."""

    task: StreamResponse[GetTaskResponse]
    url: str | None
    content: bytes | None


def result_url(task: Mapping[str, Any]) -> str | None:
    """The download link an export task leaves in its ``result`` (``url``), if any."""
    result = task.get("result")
    url = result.get("url") if isinstance(result, Mapping) else None
    return url if isinstance(url, str) and url else None


__all__ = [
    "ExportResult",
    "StreamTaskError",
    "StreamTaskTimeout",
    "poll_delays",
    "result_url",
    "wait_for_task",
    "wait_for_task_async",
]
