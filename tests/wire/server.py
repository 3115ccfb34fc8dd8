"""A recording HTTP server on 127.0.0.1 that answers every request with a canned Stream-like body."""

from __future__ import annotations

import email.parser
import email.policy
import json
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from tests.local_http import JSONHandler, LocalServer

CASE_PATH = "/__case__/"

# One body that every client method can read what it needs from.
CANNED_BODY: dict[str, Any] = {
    "duration": "0.42ms",
    "channel": {"id": "generated-id", "type": "messaging", "cid": "messaging:generated-id"},
    "members": [],
    "messages": [],
    "message": {"id": "msg-1", "text": "hi", "type": "regular"},
    "users": {},
    "user": {"id": "user-1"},
    "campaign": {"id": "campaign-1"},
    "segment": {"id": "segment-1"},
    "file": "http://127.0.0.1/file.txt",
    "task_id": "task-1",
}


@dataclass
class Recorded:
    """What a client sent: comparable parts only."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    headers: dict[str, str] = field(compare=False, repr=False)

    def comparable(self) -> tuple[str, str, dict[str, str], Any]:
        return self.method, self.path, self.query, self.body


def _decode_body(content_type: str, raw: bytes) -> Any:
    """JSON bodies as data; multipart as {field: (filename, content)}; anything else as bytes."""
    if not raw:
        return None
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw
        )
        parts: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            parts[str(name)] = (part.get_filename(), payload)
        return {"multipart": parts}
    try:
        return json.loads(raw)
    except ValueError:
        return raw


class RecordingServer(LocalServer):
    """Records requests per case; a GET to ``/__case__/<name>`` starts a new case."""

    def __init__(self) -> None:
        self.cases: dict[str, list[Recorded]] = {}
        self.current = ""
        self.status = 200
        self._lock = threading.Lock()
        recorder = self

        class Handler(JSONHandler):
            def answer(self) -> None:
                split = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if split.path.startswith(CASE_PATH):
                    recorder.start_case(unquote(split.path[len(CASE_PATH) :]))
                    self.reply(200, b"{}")
                    return
                recorded = Recorded(
                    method=self.command,
                    path=unquote(split.path),
                    query=dict(parse_qsl(split.query, keep_blank_values=True)),
                    body=_decode_body(self.headers.get("Content-Type", ""), raw),
                    headers={key.lower(): value for key, value in self.headers.items()},
                )
                with recorder._lock:
                    recorder.cases.setdefault(recorder.current, []).append(recorded)
                self.reply(recorder.status, json.dumps(CANNED_BODY).encode())

        super().__init__(Handler)

    def start_case(self, name: str) -> None:
        with self._lock:
            self.current = name
            self.cases[name] = []
