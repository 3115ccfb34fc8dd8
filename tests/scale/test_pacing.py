"""Rate-limit pacing: unit rules with a fake clock, then sync, threaded and async clients over real sockets."""

from __future__ import annotations

import asyncio
import logging
import threading
import time

import httpx
import pytest

from stream_chat import StreamChat, StreamChatAsync
from stream_chat.base.exceptions import StreamRateLimitError
from stream_chat.base.pacing import FIRST_ANSWER_POLL, PacingWait, RateLimitPacer
from stream_chat.testing import Emulator
from stream_chat.transports import AiohttpTransport
from tests.scale.server import API_KEY, API_SECRET, FakeClock, rate_limited_server

ENDPOINT = "POST /users"


def headers(limit: int, remaining: int, reset: float) -> httpx.Headers:
    return httpx.Headers(
        {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": str(remaining), "X-RateLimit-Reset": str(reset)}
    )


def test_unknown_endpoint_is_not_paced() -> None:
    assert RateLimitPacer(clock=lambda: 0.0).reserve(ENDPOINT) == 0.0


def test_spent_window_waits_for_its_reset_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock(100.0)
    waits: list[PacingWait] = []
    pacer = RateLimitPacer(clock=clock.now, on_wait=waits.append)
    pacer.record(ENDPOINT, headers(3, 1, 160))
    assert pacer.reserve(ENDPOINT) == 0.0  # the last request of the window
    pacer.record(ENDPOINT, headers(3, 0, 160))
    with caplog.at_level(logging.INFO, logger="stream_chat"):
        assert pacer.reserve(ENDPOINT) == 60.0
    assert waits == [PacingWait(ENDPOINT, 60.0, 3, 160.0)]
    assert "rate limit of POST /users spent (3 per window): waiting 60.000 s" in caplog.text
    clock.sleep(60)
    assert [pacer.reserve(ENDPOINT) for _ in range(3)] == [0.0, 0.0, 0.0]  # a fresh window of 3
    assert pacer.reserve(ENDPOINT) == FIRST_ANSWER_POLL  # spent, and no answer yet says when the window ends
    pacer.record(ENDPOINT, headers(3, 0, 220))
    assert pacer.reserve(ENDPOINT) == 60.0


def test_lowest_remaining_wins_and_late_answers_of_an_ended_window_are_ignored() -> None:
    clock = FakeClock(100.0)
    pacer = RateLimitPacer(clock=clock.now)
    pacer.record(ENDPOINT, headers(10, 2, 160))
    pacer.record(ENDPOINT, headers(10, 5, 160))  # an earlier request's answer, arriving late
    assert [pacer.reserve(ENDPOINT) for _ in range(3)] == [0.0, 0.0, 60.0]
    clock.sleep(60)
    assert pacer.reserve(ENDPOINT) == 0.0
    pacer.record(ENDPOINT, headers(10, 0, 160))  # from the ended window: changes nothing
    assert pacer.reserve(ENDPOINT) == 0.0


def test_unanswered_requests_of_an_ended_window_are_kept_out_of_the_next_budget() -> None:
    clock = FakeClock(100.0)
    pacer = RateLimitPacer(clock=clock.now)
    pacer.record(ENDPOINT, headers(4, 4, 160))
    assert [pacer.reserve(ENDPOINT) for _ in range(3)] == [0.0, 0.0, 0.0]  # none answered yet
    clock.sleep(60)
    taken = [pacer.reserve(ENDPOINT) for _ in range(2)]  # 4 less the 3 unanswered: 1 left
    assert taken == [0.0, FIRST_ANSWER_POLL]
    pacer.record(ENDPOINT, headers(4, 0, 220))
    assert pacer.reserve(ENDPOINT) == 60.0


def test_options_choose_pacing_per_client() -> None:
    pacer = RateLimitPacer()
    assert StreamChat(API_KEY, API_SECRET).rate_limit_pacer is None
    assert isinstance(StreamChat(API_KEY, API_SECRET, pace_rate_limits=True).rate_limit_pacer, RateLimitPacer)
    assert StreamChat(API_KEY, API_SECRET, pace_rate_limits=pacer).rate_limit_pacer is pacer
    assert StreamChat(API_KEY, API_SECRET).with_options(pace_rate_limits=pacer).rate_limit_pacer is pacer
    with pytest.raises(TypeError, match="pace_rate_limits must be a bool or a RateLimitPacer"):
        StreamChat(API_KEY, API_SECRET, pace_rate_limits="yes")  # type: ignore[arg-type]


def paced_sync_client(url: str, clock: FakeClock) -> StreamChat:
    client = StreamChat(
        API_KEY, API_SECRET, base_url=url, max_retries=0, pace_rate_limits=RateLimitPacer(clock=clock.now)
    )
    client._sleep = clock.sleep
    return client


def test_sync_client_waits_for_the_reset_instead_of_getting_429() -> None:
    clock = FakeClock(1_000_040.0)
    server, seen = rate_limited_server(clock, limit=10, window=60)
    with server, paced_sync_client(server.url, clock) as client:
        for n in range(25):
            client.upsert_user({"id": f"u{n}"})
    assert seen.statuses == [201] * 25
    assert clock.sleeps == [40.0, 60.0]  # to the end of the first window, then a whole one


def test_without_pacing_the_same_calls_meet_429() -> None:
    clock = FakeClock(1_000_040.0)
    server, seen = rate_limited_server(clock, limit=10, window=60)
    client = StreamChat(API_KEY, API_SECRET, base_url=server.url, max_retries=0)
    with server, client, pytest.raises(StreamRateLimitError):
        for n in range(25):
            client.upsert_user({"id": f"u{n}"})
    assert seen.statuses == [201] * 10 + [429]


def test_threads_sharing_a_client_get_no_429() -> None:
    clock = FakeClock(1_000_040.0)
    server, seen = rate_limited_server(clock, limit=7, window=60)
    with server, paced_sync_client(server.url, clock) as client:
        # The first call loads the endpoint's module: the generated package's lazy loading is not thread-safe.
        client.upsert_user({"id": "first"})

        def work(thread: int) -> None:
            for n in range(10):
                client.upsert_user({"id": f"t{thread}-{n}"})

        threads = [threading.Thread(target=work, args=(number,)) for number in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert seen.statuses == [201] * 41
    assert clock.sleeps  # the budget of 7 per window was spent several times


@pytest.mark.parametrize("transport", ["httpx", "aiohttp"])
def test_tasks_sharing_an_async_client_get_no_429(transport: str) -> None:
    clock = FakeClock(1_000_040.0)
    server, seen = rate_limited_server(clock, limit=7, window=60)

    async def run(url: str) -> None:
        chosen = httpx.AsyncHTTPTransport() if transport == "httpx" else AiohttpTransport()
        pacer = RateLimitPacer(clock=clock.now)
        client = StreamChatAsync(
            API_KEY, API_SECRET, base_url=url, max_retries=0, transport=chosen, pace_rate_limits=pacer
        )
        client._sleep = clock.asleep
        async with client:
            await asyncio.gather(*(client.upsert_user({"id": f"a{n}"}) for n in range(30)))

    with server:
        asyncio.run(run(server.url))
    assert seen.statuses == [201] * 30
    assert clock.sleeps


def test_the_emulator_window_can_be_shorter_than_a_minute() -> None:
    emulator = Emulator(rate_limit=2, rate_window=5)
    client = emulator.client(max_retries=0)
    before = time.time()
    first = client.upsert_user({"id": "w"}).rate_limit()
    assert first is not None and first.limit == 2 and first.remaining == 1
    reset = first.reset.timestamp()
    assert reset % 5 == 0 and before < reset < before + 6  # the end of the 5-second window the request fell in
    with pytest.raises(ValueError, match="rate_window must be 1 second or more"):
        Emulator(rate_window=0)
