"""Fixtures of the emulator tests: clients of every kind, each response checked against ``openapi/``.

``runner`` runs one scenario (an ``async def`` taking a client) four ways: ``StreamChat`` and
``StreamChatAsync``, each in process (``emulator.transport()``) and over HTTP against
``python -m stream_chat.testing`` started once per session as a subprocess.
"""

from __future__ import annotations

import asyncio
import inspect
import queue
import re
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from stream_chat import StreamChat
from stream_chat.async_chat import StreamChatAsync
from stream_chat.testing import Emulator
from tests.emulator.spec import AsyncCheckingTransport, CheckingTransport, ResponseChecker

ROOT = Path(__file__).resolve().parents[2]
API_KEY = "emulator-test-key"
API_SECRET = "emulator-test-secret-" + "s" * 40
Scenario = Callable[[Any], Coroutine[Any, Any, None]]
MODES = ["sync-inprocess", "async-inprocess", "sync-http", "async-http"]


async def done(value: Any) -> Any:
    """The result of a client call: awaited for ``StreamChatAsync``, as is for ``StreamChat``."""
    return await value if inspect.isawaitable(value) else value


def uid(prefix: str) -> str:
    """A fresh id, so scenarios sharing the HTTP emulator never collide."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


class Runner:
    """Runs scenarios with one kind of client against one emulator."""

    def __init__(self, mode: str, emulator: Emulator | None, url: str | None) -> None:
        self.mode = mode
        self.flavor, self.place = mode.split("-")
        self.emulator = emulator
        self.url = url
        self.checker = ResponseChecker()

    def _options(self) -> dict[str, Any]:
        return {"max_retries": 0, **({"base_url": self.url} if self.url else {})}

    def run(self, scenario: Scenario) -> None:
        if self.flavor == "sync":
            inner = self.emulator.transport() if self.emulator else httpx.HTTPTransport()
            transport = CheckingTransport(inner, self.checker)
            with StreamChat(API_KEY, API_SECRET, transport=transport, **self._options()) as client:
                asyncio.run(scenario(client))
        else:

            async def main() -> None:
                inner = self.emulator.async_transport() if self.emulator else httpx.AsyncHTTPTransport()
                transport = AsyncCheckingTransport(inner, self.checker)
                async with StreamChatAsync(API_KEY, API_SECRET, transport=transport, **self._options()) as client:
                    await scenario(client)

            asyncio.run(main())
        self.checker.assert_clean()


def _first_line(process: subprocess.Popen[str], timeout: float) -> str:
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        return ""


@pytest.fixture(scope="session")
def emulator_url() -> Iterator[str]:
    """``python -m stream_chat.testing`` on a free port for the session (it also stops by itself after 15 min)."""
    command = [sys.executable, "-m", "stream_chat.testing", "--port", "0", "--exit-after", "900"]
    command += ["--api-key", API_KEY, "--api-secret", API_SECRET]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = _first_line(process, timeout=30)
        found = re.search(r"http://127\.0\.0\.1:\d+", line)
        if found is None:
            process.kill()
            _, stderr = process.communicate(timeout=10)
            raise RuntimeError(f"the emulator did not start: {line!r} {stderr}")
        yield found.group(0)
    finally:
        process.terminate()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(API_KEY, API_SECRET)


@pytest.fixture(params=MODES)
def runner(request: pytest.FixtureRequest, emulator: Emulator) -> Runner:
    mode: str = request.param
    if mode.endswith("http"):
        return Runner(mode, None, request.getfixturevalue("emulator_url"))
    return Runner(mode, emulator, None)
