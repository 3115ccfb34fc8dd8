"""Compare what the official ``stream-chat`` client and ours send for the same call.

A case is a Python expression using ``client`` (and ``datetime``,
``SegmentType``). It runs with the official client in a subprocess, then with
our ``StreamChat`` and ``StreamChatAsync``, against one recording server; the
method, path, query and body of every request must be equal.
"""

from __future__ import annotations

import asyncio
import datetime
import inspect
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from stream_chat import StreamChat, StreamChatAsync
from stream_chat.types.segment import SegmentType
from tests.contract.validator import AsyncValidatingTransport, ValidatingTransport
from tests.wire.server import Recorded, RecordingServer

ROOT = Path(__file__).resolve().parents[2]
OFFICIAL_SITE = ROOT / ".venv" / "official"
API_KEY = "wire-test-key"
API_SECRET = "wire-test-secret-" + "x" * 48


@dataclass(frozen=True)
class Case:
    """One call to compare. ``expected`` replaces the official recording where we differ on purpose."""

    name: str
    expression: str
    expected: tuple[tuple[str, str, dict[str, str], Any], ...] | None = None
    reason: str = ""


def run_official(server: RecordingServer, cases: list[Case]) -> dict[str, str | None]:
    """Run the cases with the official client; returns each case's error text (or None)."""
    if not (OFFICIAL_SITE / "stream_chat").is_dir():
        raise RuntimeError(f"the official stream-chat package is not installed in {OFFICIAL_SITE}: run `make test`")
    spec = {
        "base_url": server.url,
        "api_key": API_KEY,
        "api_secret": API_SECRET,
        "cases": [[case.name, case.expression] for case in cases],
    }
    env = {**os.environ, "PYTHONPATH": str(OFFICIAL_SITE), "PYTHONWARNINGS": "ignore"}
    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("official_runner.py"))],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        env=env,
        cwd=OFFICIAL_SITE,
        timeout=120,
        check=True,
    )
    errors: dict[str, str | None] = json.loads(result.stdout)
    return errors


def _namespace(client: object) -> dict[str, Any]:
    return {"client": client, "datetime": datetime, "SegmentType": SegmentType}


def run_ours(server: RecordingServer, case: Case) -> tuple[list[Recorded], list[Recorded]]:
    """Run a case with our sync and async clients; returns their recordings."""
    # Every request of ours is also checked against openapi/ (tests/contract/validator.py).
    sync_transport = ValidatingTransport(httpx.HTTPTransport())
    sync_client = StreamChat(API_KEY, API_SECRET, base_url=server.url, max_retries=0, transport=sync_transport)
    server.start_case(case.name + "#sync")
    with sync_client:
        eval(case.expression, _namespace(sync_client))

    async def run_async() -> None:
        transport = AsyncValidatingTransport(httpx.AsyncHTTPTransport())
        async with StreamChatAsync(
            API_KEY, API_SECRET, base_url=server.url, max_retries=0, transport=transport
        ) as async_client:
            result = eval(case.expression, _namespace(async_client))
            if inspect.isawaitable(result):
                await result

    server.start_case(case.name + "#async")
    asyncio.run(run_async())
    return server.cases[case.name + "#sync"], server.cases[case.name + "#async"]


def comparable(recorded: list[Recorded]) -> list[tuple[str, str, dict[str, str], Any]]:
    return [item.comparable() for item in recorded]


class Wire:
    """The recording server and the official client's results for one test module's cases."""

    def __init__(self, server: RecordingServer, cases: list[Case]) -> None:
        self.server = server
        self.official_errors = run_official(server, cases)

    def check(self, case: Case) -> None:
        """Assert that our sync and async clients send exactly what the official client sends."""
        ours_sync, ours_async = run_ours(self.server, case)
        if case.expected is not None:
            assert case.reason, "a case that differs from the official client on purpose needs a reason"
            expected = list(case.expected)
        else:
            error = self.official_errors[case.name]
            assert error is None, f"the official client failed on {case.name}: {error}"
            expected = comparable(self.server.cases[case.name])
            assert expected, f"the official client sent nothing for {case.name}"
        assert comparable(ours_sync) == expected, "sync client"
        assert comparable(ours_async) == expected, "async client"
