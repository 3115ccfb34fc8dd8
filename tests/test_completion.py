"""IDE completion at the typed points of a user's script, in jedi and in pyright.

jedi is the engine of pylsp, jedi-language-server, editor plugins and Jupyter; pyright the one of
Pylance. ``examples/typed_access.py`` marks each point with a ``# completion: <code>`` comment;
for each, the code is written on the next line, the cursor put at its end, and both engines are
asked what comes next (jedi as a library, pyright as a language server over stdio).
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import jedi
import pytest

from tests.support import ROOT

SCRIPT = ROOT / "examples" / "typed_access.py"
MARKER = "# completion: "

# The code at each point and names that must be offered there.
EXPECTED = {
    "from stream_chat_gen.models import ": {"MessageResponse", "MessageNewEvent", "QueryChannelsResponse"},
    "client.": {"query_channels", "upsert_user", "channel", "update_message_partial"},
    "channel.": {"send_message", "create", "query", "update_partial"},
    "resp.": {"model", "rate_limit", "headers", "status_code"},
    "resp.model.": {"message", "duration"},
    "resp.model.message.": {"text", "type", "user", "created_at", "id"},
    "resp.model.message.user.": {"id", "name", "role"},
    "client.query_channels(...).model.channels[0].channel.": {"cid", "type", "id", "member_count"},
    "event.": {"message", "cid", "type", "created_at"},
    '(await channel.send_message({}, "bob")).model.message.': {"text", "type", "user"},
}


def probes() -> list[tuple[str, str, int, int]]:
    """``(code, source, line, column)``: the script with the code of one point written in, and the cursor."""
    lines = SCRIPT.read_text(encoding="utf-8").splitlines()
    found = []
    for index, line in enumerate(lines):
        if MARKER not in line:
            continue
        indent = line[: len(line) - len(line.lstrip())]
        for code in line.split(MARKER, 1)[1].split(" / "):
            code = code + " " if code.endswith(" import") else code
            source = "\n".join([*lines[: index + 1], indent + code, *lines[index + 1 :]]) + "\n"
            found.append((code, source, index + 1, len(indent + code)))
    return found


def test_every_point_is_marked_in_the_script() -> None:
    assert sorted(code for code, *_ in probes()) == sorted(EXPECTED)


def test_the_script_runs_on_the_emulator() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "regular message 'Hello, typed world'" in done.stdout
    assert "sent by ALICE" in done.stdout  # narrowed from `str | Unset`
    assert "webhook message.new: 'from a webhook'" in done.stdout
    assert "async: 'Hello from async'" in done.stdout


@pytest.mark.parametrize(("code", "source", "line", "column"), probes(), ids=[p[0] for p in probes()])
def test_jedi_completes(code: str, source: str, line: int, column: int) -> None:
    script = jedi.Script(source, path=SCRIPT, project=jedi.Project(ROOT))
    names = {completion.name for completion in script.complete(line + 1, column)}
    assert EXPECTED[code] <= names, f"missing: {sorted(EXPECTED[code] - names)}"


class LanguageServer:
    """A language server over stdio, as an editor drives it (JSON-RPC with ``Content-Length`` headers)."""

    def __init__(self, command: list[str], settings: dict[str, Any]) -> None:
        self.settings = settings
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin: IO[bytes] = self.process.stdin
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.reader = threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True)
        self.reader.start()
        self.last_id = 0

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            length = 0
            while (header := stream.readline()) not in (b"\r\n", b""):
                name, _, value = header.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not header:
                return
            self.messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.last_id += 1
        self._send({"id": self.last_id, "method": method, "params": params})
        while True:
            message = self.messages.get(timeout=180)
            if message.get("id") == self.last_id and "method" not in message:
                assert "error" not in message, message
                return message.get("result")
            if "id" in message and "method" in message:  # the server asks: answer as an editor would
                result: Any = None
                if message["method"] == "workspace/configuration":
                    items = message["params"]["items"]
                    result = [self.settings.get(item.get("section", ""), {}) for item in items]
                self._send({"id": message["id"], "result": result})

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self.reader.join(timeout=30)  # the server's output ended with it
            self.stdin.close()
            assert self.process.stdout is not None
            self.process.stdout.close()


@pytest.fixture(scope="module")
def pyright() -> Iterator[LanguageServer]:
    command = [str(Path(sys.executable).with_name("pyright-langserver")), "--stdio"]
    server = LanguageServer(command, {"python": {"pythonPath": sys.executable}, "python.analysis": {}})
    try:
        server.request(
            "initialize",
            {
                "processId": None,
                "rootUri": ROOT.as_uri(),
                "workspaceFolders": [{"uri": ROOT.as_uri(), "name": ROOT.name}],
                "capabilities": {
                    "workspace": {"configuration": True},
                    "textDocument": {"completion": {"completionItem": {"snippetSupport": False}}},
                },
            },
        )
        server.notify("initialized", {})
        yield server
    finally:
        server.close()


@pytest.mark.parametrize(("code", "source", "line", "column"), probes(), ids=[p[0] for p in probes()])
def test_pyright_completes(pyright: LanguageServer, code: str, source: str, line: int, column: int) -> None:
    uri = SCRIPT.with_name(f"completion_probe_{line}_{column}.py").as_uri()
    pyright.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": source}}
    )
    try:
        result = pyright.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": column}},
        )
    finally:
        pyright.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    items = result["items"] if isinstance(result, dict) else result or []
    names = {item["label"] for item in items}
    assert EXPECTED[code] <= names, f"missing: {sorted(EXPECTED[code] - names)}"
