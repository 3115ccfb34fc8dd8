"""What ``import stream_chat`` loads: no async stack for sync users, no operation modules until used.

Each check runs in a fresh interpreter and reads ``sys.modules``; timings are
``make bench``'s business, not the tests'.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASYNC_STACK = ("asyncio", "anyio", "aiohttp", "sniffio", "trio", "stream_chat.async_chat", "stream_chat.transports")


def modules_after(code: str) -> set[str]:
    program = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    found: list[str] = json.loads(done.stdout.splitlines()[-1])
    return set(found)


def async_stack(modules: set[str]) -> set[str]:
    return {name for name in modules if name.split(".")[0] in ASYNC_STACK or name.startswith(ASYNC_STACK)}


def test_import_loads_no_async_stack_no_jwt_and_no_operation_module() -> None:
    loaded = modules_after("import stream_chat")
    assert async_stack(loaded) == set()
    assert "jwt" not in loaded  # loaded by the first client
    operations = {name for name in loaded if name.startswith("stream_chat_gen.api.") and name.count(".") == 3}
    assert operations == set()


def test_a_sync_client_loads_no_more_async_stack_than_httpx_itself() -> None:
    ours = modules_after(
        "import stream_chat\n"
        "client = stream_chat.StreamChat('key', 'secret-' + 's' * 40)\n"
        "client.channel('messaging', 'general')"
    )
    plain_httpx = modules_after("import httpx\nhttpx.Client()")
    # httpx's sync transport (httpcore) imports anyio, which does not import asyncio: that much is httpx's.
    assert async_stack(ours) == async_stack(plain_httpx)
    assert "asyncio" not in ours
    assert "aiohttp" not in ours
    assert "orjson" not in ours  # loaded by the first response decoded


def test_the_async_client_is_still_there_when_asked_for() -> None:
    loaded = modules_after("from stream_chat import StreamChatAsync\nStreamChatAsync('key', 'secret-' + 's' * 40)")
    assert {"asyncio", "stream_chat.async_chat"} <= loaded
    assert {"stream_chat.transports", "aiohttp"} <= loaded  # the default transport (aiohttp is a dependency)
