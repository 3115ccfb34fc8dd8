"""What users do: the pytest plugin's fixtures in their own suite, and the command-line server's options."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from stream_chat.testing import DEFAULT_API_KEY, DEFAULT_API_SECRET, DEFAULT_RATE_LIMIT
from stream_chat.testing.__main__ import DEFAULT_PORT, parse_args

USER_SUITE = """
from stream_chat.testing import Emulator
from stream_chat.testing.pytest_plugin import emulator_fixture

strict_emulator = emulator_fixture("strict_emulator", api_key="mine", api_secret="my-secret-" + "x" * 32, rate_limit=1)


# The README's example, as users write it.
def send_welcome(client, user_id):
    channel = client.channel("messaging", f"welcome-{user_id}", {"members": [user_id]})
    channel.create("bot")
    channel.send_message({"text": f"Welcome, {user_id}!"}, "bot")


def test_send_welcome(stream_client):  # a StreamChat talking to a fresh emulator
    stream_client.upsert_users([{"id": "bot"}, {"id": "alice"}])
    send_welcome(stream_client, "alice")
    state = stream_client.channel("messaging", "welcome-alice").query()
    assert [m["text"] for m in state["messages"]] == ["Welcome, alice!"]


def test_each_test_starts_empty(emulator):
    assert isinstance(emulator, Emulator)
    with emulator.client() as client:
        assert client.query_users({"id": "alice"})["users"] == []


def test_a_fixture_with_options(strict_emulator):
    assert strict_emulator.api_key == "mine" and strict_emulator.rate_limit == 1
"""


def test_the_plugin_in_a_users_suite(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["stream_chat.testing.pytest_plugin"]\n')
    (tmp_path / "test_user_code.py").write_text(textwrap.dedent(USER_SUITE))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


def test_importing_the_emulator_does_not_import_pytest() -> None:
    code = "import sys, stream_chat.testing; assert 'pytest' not in sys.modules and '_pytest' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_command_line_defaults() -> None:
    args = parse_args([])
    assert (args.host, args.port, args.api_key, args.api_secret) == (
        "127.0.0.1",
        DEFAULT_PORT,
        DEFAULT_API_KEY,
        DEFAULT_API_SECRET,
    )
    assert (args.rate_limit, args.exit_after) == (DEFAULT_RATE_LIMIT, None)
    assert DEFAULT_PORT == 3030 and len(DEFAULT_API_SECRET) >= 32  # PyJWT warns about shorter HMAC keys
    custom = parse_args(["--port", "4000", "--api-key", "k", "--api-secret", "s", "--exit-after", "1.5"])
    assert (custom.port, custom.api_key, custom.api_secret, custom.exit_after) == (4000, "k", "s", 1.5)


def test_the_command_line_server_stops_by_itself() -> None:
    command = [sys.executable, "-m", "stream_chat.testing", "--port", "0", "--exit-after", "0.2"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.startswith("Stream Chat emulator listening on http://127.0.0.1:")
