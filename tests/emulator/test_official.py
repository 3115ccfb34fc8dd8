"""The official ``stream-chat`` 4.x client against the HTTP emulator: upsert, channel, message, query, reactions."""

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


def test_official_client_basic_flow() -> None:
    if not (OFFICIAL_SITE / "stream_chat").is_dir():
        pytest.fail(f"the official stream-chat package is not installed in {OFFICIAL_SITE}: run `make test`")
    checker = ResponseChecker()
    emulator = Emulator(API_KEY, API_SECRET, on_exchange=checker.check_exchange)
    suffix = uuid.uuid4().hex[:8]
    env = {**os.environ, "PYTHONPATH": str(OFFICIAL_SITE), "PYTHONWARNINGS": "ignore"}
    with emulator.serve() as server:
        script = Path(__file__).with_name("official_flow.py")
        result = subprocess.run(
            [sys.executable, str(script), server.url, API_KEY, API_SECRET, suffix],
            capture_output=True,
            text=True,
            env=env,
            cwd=OFFICIAL_SITE,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
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
