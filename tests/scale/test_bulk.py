"""Bulk user helpers: batches, failures named per item, progress, tqdm when present, pacing on by default."""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import types
from collections.abc import Iterator
from typing import Any

import pytest

from stream_chat import StreamChat, StreamChatAsync
from stream_chat.bulk import BulkError, BulkProgress
from stream_chat.testing import Emulator
from stream_chat.testing.exchange import Exchange
from tests.scale.server import API_KEY, API_SECRET, FakeClock, rate_limited_server


def recording(emulator: Emulator) -> list[tuple[str, int]]:
    """(operation, users in the request) of every request the emulator answers."""
    seen: list[tuple[str, int]] = []

    def record(exchange: Exchange) -> None:
        body = json.loads(exchange.request_body or b"{}")
        count = len(body.get("users") or body.get("user_ids") or [])
        seen.append((exchange.operation_id or "", count))

    emulator.on_exchange = record
    return seen


def users(count: int, prefix: str = "u") -> Iterator[dict[str, Any]]:
    return ({"id": f"{prefix}{n:05}", "name": f"User {n}"} for n in range(count))


def test_upsert_from_a_generator_in_batches_of_100_with_progress() -> None:
    emulator = Emulator()
    seen = recording(emulator)
    progress: list[BulkProgress] = []
    result = emulator.client().bulk_upsert_users(users(250), on_progress=progress.append)
    assert result.ok and len(result.succeeded) == 250 and len(result.responses) == 3
    assert seen == [("UpdateUsers", 100), ("UpdateUsers", 100), ("UpdateUsers", 50)]
    assert progress == [BulkProgress(100, 0, None), BulkProgress(200, 0, None), BulkProgress(250, 0, None)]
    assert emulator.client().query_users({"id": "u00249"})["users"][0]["name"] == "User 249"


def test_failures_name_each_item_and_why() -> None:
    emulator = Emulator()
    client = emulator.client()
    client.upsert_users([{"id": "a"}, {"id": "b"}])
    result = client.bulk_deactivate_users(["a", "", "b", "ghost", 7], batch_size=2)  # type: ignore[list-item]
    assert result.succeeded == ["a", "b"]
    failed = {repr(failure.item): failure.reason for failure in result.failures}
    assert failed == {
        "''": "a user id must be a non-empty string",
        "7": "a user id must be a non-empty string",
        "'ghost'": failed["'ghost'"],
    }
    assert "StreamNotFoundError" in failed["'ghost'"] and "ghost" in failed["'ghost'"]
    with pytest.raises(BulkError, match="3 item\\(s\\) failed, 2 succeeded"):
        result.raise_for_failures()
    assert client.query_users({"id": "a"}, include_deactivated_users=True)["users"][0]["deactivated_at"]


def test_deactivate_reactivate_and_delete_wait_for_their_tasks() -> None:
    emulator = Emulator()
    client = emulator.client()
    client.upsert_users([{"id": f"d{n}"} for n in range(3)])
    seen = recording(emulator)
    assert client.bulk_deactivate_users(["d0", "d1"]).ok
    assert client.bulk_reactivate_users(["d0"]).ok
    deleted = client.bulk_delete_users(["d2"], "hard")
    assert deleted.ok and deleted.responses[0]["status"] == "completed"
    assert [operation for operation, _ in seen] == [
        "DeactivateUsers", "GetTask", "ReactivateUsers", "GetTask", "DeleteUsers", "GetTask",
    ]  # fmt: skip
    assert client.query_users({"id": "d1"}, include_deactivated_users=True)["users"][0]["deactivated_at"]


def test_partial_updates_are_checked_item_by_item() -> None:
    emulator = Emulator()
    client = emulator.client()
    client.upsert_users([{"id": "p"}])
    result = client.bulk_update_users_partial([{"id": "p", "set": {"role": "admin"}}, {"id": "p"}])
    assert result.succeeded == ["p"] and result.failures[0].reason == "a partial update needs 'set' or 'unset'"


@pytest.mark.parametrize("bad", [{"id": "x"}, "user", 42, None])
def test_not_an_iterable_of_users_fails_before_any_call(bad: Any) -> None:
    emulator = Emulator()
    seen = recording(emulator)
    with pytest.raises(TypeError, match="must be an iterable of items"):
        emulator.client().bulk_upsert_users(bad)
    assert seen == []


def test_batch_size_above_the_api_maximum_is_refused() -> None:
    with pytest.raises(ValueError, match="batch_size must be from 1 to 100"):
        Emulator().client().bulk_upsert_users([], batch_size=101)


def test_tqdm_draws_a_bar_when_installed_and_is_never_required(monkeypatch: pytest.MonkeyPatch) -> None:
    bars: list[dict[str, Any]] = []

    class FakeBar:
        def __init__(self, **options: Any) -> None:
            self.options = {**options, "updates": [], "closed": False}
            bars.append(self.options)

        def update(self, count: int) -> None:
            self.options["updates"].append(count)

        def close(self) -> None:
            self.options["closed"] = True

    monkeypatch.setitem(sys.modules, "tqdm", types.SimpleNamespace(tqdm=FakeBar))
    client = Emulator().client()
    assert client.bulk_upsert_users(list(users(150)), progress_bar=True).ok
    assert bars == [{"total": 150, "desc": "upsert users", "unit": "item", "updates": [100, 50], "closed": True}]
    monkeypatch.setitem(sys.modules, "tqdm", None)  # not installed: `import tqdm` raises ImportError
    assert client.bulk_upsert_users(list(users(150)), progress_bar=True).ok


def test_async_bulk_keeps_at_most_max_concurrency_batches_in_flight() -> None:
    clock = FakeClock(1_000_040.0)
    release = threading.Event()
    server, seen = rate_limited_server(clock, limit=10_000, hold=release)

    async def run(url: str) -> Any:
        async with StreamChatAsync(API_KEY, API_SECRET, base_url=url) as client:
            job = asyncio.ensure_future(client.bulk_upsert_users(users(1000), max_concurrency=3))
            while seen.in_flight[0] < 3:  # the server holds every answer until released
                await asyncio.sleep(0.01)
            in_flight_while_held = seen.in_flight[0]
            release.set()
            return in_flight_while_held, await job

    with server:
        in_flight_while_held, result = asyncio.run(run(server.url))
    assert in_flight_while_held == 3 and seen.in_flight[1] == 3
    assert result.ok and len(result.succeeded) == 1000 and len(seen.statuses) == 10


def test_bulk_runs_pace_by_default_and_get_no_429() -> None:
    clock = FakeClock(1_000_040.0)
    server, seen = rate_limited_server(clock, limit=3, window=60)
    with server:
        client = StreamChat(API_KEY, API_SECRET, base_url=server.url, max_retries=0)
        client._sleep, client._clock = clock.sleep, clock.now
        assert client.rate_limit_pacer is None  # the client itself does not pace
        result = client.bulk_upsert_users(users(1000))
    assert result.ok and seen.statuses == [201] * 10
    assert clock.sleeps == [40.0, 60.0, 60.0]  # windows of 3 requests: 3, 3, 3, 1


def test_async_failures_name_each_item_too() -> None:
    emulator = Emulator()
    emulator.client().upsert_users([{"id": "a"}, {"id": "b"}])

    async def run() -> Any:
        async with emulator.async_client() as client:
            return await client.bulk_deactivate_users(["a", "ghost", "b", ""], batch_size=1, max_concurrency=2)

    result = asyncio.run(run())
    assert sorted(result.succeeded) == ["a", "b"]
    assert {failure.item: failure.reason.split(":")[0] for failure in result.failures} == {
        "": "a user id must be a non-empty string",
        "ghost": "StreamNotFoundError",
    }
