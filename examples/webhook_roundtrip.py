"""A webhook handler tested end to end against the local emulator, without a Stream account.

    python examples/webhook_roundtrip.py

It starts a webhook handler on 127.0.0.1 (the code you would deploy: check ``X-Signature`` with
``verify_webhook``, then read the typed event with ``parse_typed_event``), starts the emulator over
HTTP with ``webhook_url`` pointing at it, makes a few API calls and prints the events the handler
received. Against your Stream app you would set the same URL with
``client.update_app_settings(webhook_url=...)``.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from stream_chat import StreamChat
from stream_chat.testing import Emulator
from stream_chat.webhook import parse_typed_event


def make_handler(client: StreamChat, received: list[Any]) -> type[BaseHTTPRequestHandler]:
    """The webhook endpoint: 401 for a bad signature, else the typed event is kept and 200 answered."""

    class WebhookHandler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if not client.verify_webhook(body, self.headers.get("X-Signature", "")):
                self.send_response(401)
            else:
                received.append(parse_typed_event(body))
                self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return

    return WebhookHandler


def main() -> None:
    received: list[Any] = []
    with Emulator() as emulator:
        client = StreamChat(emulator.api_key, emulator.api_secret)  # only used to verify signatures here
        hooks = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(client, received))
        threading.Thread(target=hooks.serve_forever, daemon=True).start()
        host, port = hooks.server_address[:2]
        try:
            with (
                emulator.serve() as server,
                StreamChat(emulator.api_key, emulator.api_secret, base_url=server.url) as api,
            ):
                api.update_app_settings(webhook_url=f"http://{host!s}:{port}/stream-webhooks")
                api.upsert_users([{"id": "alice"}, {"id": "bob"}])
                channel = api.channel("messaging", "webhooks-demo", {"members": ["alice"]})
                channel.create("alice")
                channel.add_members(["bob"])
                sent = channel.send_message({"text": "Hello, webhook!"}, "alice")
                channel.send_reaction(sent["message"]["id"], {"type": "like"}, "bob")
                api.update_user_partial({"id": "bob", "set": {"name": "Bob"}})
                emulator.wait_for_webhooks(timeout=10)
        finally:
            hooks.shutdown()
            hooks.server_close()
    for event in received:
        print(f"{type(event).__name__:<20} {event.type}")


if __name__ == "__main__":
    main()
