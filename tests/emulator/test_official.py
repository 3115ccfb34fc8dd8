"""The official ``stream-chat`` 4.x client against the HTTP emulator: the basic flow and the newer operations."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from stream_chat.testing import Emulator
from tests.emulator.conftest import API_KEY, API_SECRET
from tests.emulator.spec import ResponseChecker

ROOT = Path(__file__).resolve().parents[2]
OFFICIAL_SITE = ROOT / ".venv" / "official"


def run_official(script: str, checker: ResponseChecker, suffix: str) -> dict[str, object]:
    """Run ``script`` with the official package against a fresh HTTP emulator; its JSON summary."""
    if not (OFFICIAL_SITE / "stream_chat").is_dir():
        pytest.fail(f"the official stream-chat package is not installed in {OFFICIAL_SITE}: run `make test`")
    emulator = Emulator(API_KEY, API_SECRET, on_exchange=checker.check_exchange)
    env = {**os.environ, "PYTHONPATH": str(OFFICIAL_SITE), "PYTHONWARNINGS": "ignore"}
    with emulator.serve() as server:
        result = subprocess.run(
            [sys.executable, str(Path(__file__).with_name(script)), server.url, API_KEY, API_SECRET, suffix],
            capture_output=True,
            text=True,
            env=env,
            cwd=OFFICIAL_SITE,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    summary: dict[str, object] = json.loads(result.stdout)
    return summary


def test_official_client_basic_flow() -> None:
    checker = ResponseChecker()
    suffix = uuid.uuid4().hex[:8]
    summary = run_official("official_flow.py", checker, suffix)
    assert summary == {
        "message_text": "Hello from the official client",
        "queried": [f"general-{suffix}"],
        "queried_messages": ["Hello from the official client"],
        "counts_after_love": {"like": 1, "love": 1},
        "reaction_types": ["like", "love"],
        "counts_after_delete": {"love": 1},
        "rate_limit": 10000,
        "missing_channel": [404, 16],
    }
    operations = {path for _, path, _ in checker.checked}
    assert {"/users", "/channels"} <= operations
    checker.assert_clean()


def test_official_client_newer_operations() -> None:
    checker = ResponseChecker()
    summary = run_official("official_features_flow.py", checker, uuid.uuid4().hex[:8])
    assert summary == {
        "thread_replies": ["reply"],
        "unread_threads": 1,
        "drafts": ["draft"],
        "reminders": [True],
        "flags": 1,
        "blocked": [True],
        "command_listed": True,
        "translation": "[fr] parent",
        "history": ["parent"],
        "unread_bob": 1,
        "task": True,
        "latitudes": [1.5],
    }
    checker.assert_clean()
