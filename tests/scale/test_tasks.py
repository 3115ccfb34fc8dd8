"""wait_for_task and the helpers that wait: polling with backoff (injected sleep), failures, exports fetched."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from stream_chat import StreamChat, StreamChatAsync
from stream_chat.base.exceptions import StreamNotFoundError
from stream_chat.base.tasks import StreamTaskError, StreamTaskTimeout
from stream_chat.testing import Emulator
from tests.local_http import JSONHandler, LocalServer
from tests.scale.server import API_KEY, API_SECRET, FakeClock


def task_server(statuses: list[dict[str, Any]], calls: list[str]) -> Callable[[httpx.Request], httpx.Response]:
    """GetTask answers the given task states one after the other; exports start task "t1"."""

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(f"{request.method} {request.url.path}")
        if request.url.path.startswith("/tasks/"):
            state = statuses.pop(0) if len(statuses) > 1 else statuses[0]
            times = {"created_at": "2026-12-01T00:00:00Z", "updated_at": "2026-12-01T00:00:00Z"}
            return httpx.Response(200, json={"task_id": "t1", **times, "duration": "1ms", **state})
        return httpx.Response(201, json={"task_id": "t1", "duration": "1ms"})

    return answer


def sync_client(statuses: list[dict[str, Any]], calls: list[str], clock: FakeClock) -> StreamChat:
    client = StreamChat(API_KEY, API_SECRET, transport=httpx.MockTransport(task_server(statuses, calls)))
    client._sleep, client._clock = clock.sleep, clock.now
    return client


def test_polls_with_growing_waits_until_completed() -> None:
    clock, calls = FakeClock(), list[str]()
    done = {"status": "completed", "result": {"count": 3}}
    states: list[dict[str, Any]] = [{"status": "waiting"}, {"status": "running"}, {"status": "running"}, done]
    task = sync_client(states, calls, clock).wait_for_task("t1")
    assert task.model.status == "completed" and task.model.result == {"count": 3}
    assert clock.sleeps == [0.5, 0.75, 1.125] and calls == ["GET /tasks/t1"] * 4


def test_a_failed_task_raises_with_its_error() -> None:
    states = [{"status": "failed", "error": {"type": "export", "description": "bucket not writable"}}]
    with pytest.raises(StreamTaskError, match="task t1 failed: bucket not writable") as raised:
        sync_client(states, [], FakeClock()).wait_for_task("t1")
    assert raised.value.error == {"type": "export", "description": "bucket not writable"}


def test_timeout_raises_while_the_task_still_runs() -> None:
    clock = FakeClock()
    with pytest.raises(StreamTaskTimeout, match="task t1 is still running after 2 s"):
        sync_client([{"status": "running"}], [], clock).wait_for_task("t1", timeout=2)
    assert sum(clock.sleeps) == 2.0 and clock.sleeps == [0.5, 0.75, 0.75]


def test_unknown_task_is_the_api_404_from_the_first_call_and_bad_arguments_fail_before_it() -> None:
    client = Emulator().client()
    with pytest.raises(StreamNotFoundError, match="does not exist"):
        client.wait_for_task("no-such-task")
    with pytest.raises(ValueError, match="task_id"):
        client.wait_for_task("")
    with pytest.raises(ValueError, match="timeout must be a number of seconds"):
        client.wait_for_task("t", timeout=-1)


def test_delete_channels_and_wait_on_the_emulator() -> None:
    emulator = Emulator()
    client = emulator.client()
    client.upsert_user({"id": "owner"})
    client.channel("messaging", "old").create("owner")
    task = client.delete_channels_and_wait(["messaging:old"], hard_delete=True)
    assert task["status"] == "completed" and task["result"] == {"messaging:old": {"status": "ok"}}


class ExportHandler(JSONHandler):
    """Export starts task t1, which completes with a link to /files/export.json on this same server."""

    def answer(self) -> None:
        path = self.path.split("?")[0]
        if path == "/files/export.json":
            self.reply(200, b'{"users": [{"id": "a"}]}')
        elif path.startswith("/tasks/"):
            url = f"http://{self.headers['Host']}/files/export.json"
            body = {"task_id": "t1", "status": "completed", "created_at": "2026-12-01T00:00:00Z",
                    "updated_at": "2026-12-01T00:00:00Z", "result": {"url": url}, "duration": "1ms"}  # fmt: skip
            self.reply(200, json.dumps(body).encode())
        else:
            self.reply(201, b'{"task_id": "t1", "duration": "1ms"}')


def test_exports_wait_and_fetch_the_file_sync_and_async() -> None:
    with LocalServer(ExportHandler) as server:
        with StreamChat(API_KEY, API_SECRET, base_url=server.url) as client:
            users = client.export_users_and_wait(["a"])
            channels = client.export_channels_and_wait([{"type": "messaging", "id": "c"}], download=False)
        assert users.content == b'{"users": [{"id": "a"}]}' and users.url == f"{server.url}/files/export.json"
        assert channels.content is None and channels.url == users.url

        async def run() -> bytes | None:
            async with StreamChatAsync(API_KEY, API_SECRET, base_url=server.url) as client:
                return (await client.export_channels_and_wait([{"type": "messaging", "id": "c"}])).content

        assert asyncio.run(run()) == b'{"users": [{"id": "a"}]}'


def test_async_wait_for_task_polls_the_same_way() -> None:
    clock, calls = FakeClock(), list[str]()
    states = [{"status": "pending"}, {"status": "completed"}]

    async def run() -> str:
        transport = httpx.MockTransport(task_server(states, calls))
        async with StreamChatAsync(API_KEY, API_SECRET, transport=transport) as client:
            client._sleep = clock.asleep
            return str((await client.wait_for_task("t1"))["status"])

    assert asyncio.run(run()) == "completed" and clock.sleeps == [0.5]
