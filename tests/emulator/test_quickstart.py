"""The README's main command, ``python examples/quickstart.py``, runs on the emulator when no credentials are set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quickstart_runs_against_the_emulator_without_credentials() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("STREAM_API_KEY", "STREAM_API_SECRET", "STREAM_CHAT_URL")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "quickstart.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert out.startswith("Using the local Stream Chat emulator")
    assert "'Hello from the Python client!' by quickstart-user" in out
    assert "StreamAuthError (HTTP 401, code 5)" in out
    assert "StreamInputError (HTTP 400, code 4)" in out
    assert "either data.created_by or data.created_by_id must be provided when using server side auth." in out
    assert "StreamNotFoundError (HTTP 404, code 16)" in out
