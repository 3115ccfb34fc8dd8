"""Quickstart: upsert a user, create a token, create a channel, send a message and read it back.

    python examples/quickstart.py        (or: make demo)

With ``STREAM_API_KEY`` and ``STREAM_API_SECRET`` set, it talks to your Stream app. Without them it
runs against the local emulator (``stream_chat.testing``), in process: no account, no network.
Then it shows the three errors users meet most, raised and handled by ``status_code`` and ``error_code``.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable
from typing import Any

from stream_chat import StreamChat
from stream_chat.base.exceptions import StreamAPIException
from stream_chat.testing import Emulator


def connect() -> tuple[Callable[[str | None], StreamChat], str]:
    """A client factory (``None``: the right secret, else the one given) and what it talks to."""
    key, secret = os.environ.get("STREAM_API_KEY"), os.environ.get("STREAM_API_SECRET")
    if key and secret:
        return (lambda other: StreamChat(key, other or secret)), "your Stream app (STREAM_API_KEY is set)"
    emulator = Emulator()
    target = "the local Stream Chat emulator (set STREAM_API_KEY and STREAM_API_SECRET to use your Stream app)"
    return (
        lambda other: StreamChat(emulator.api_key, other or emulator.api_secret, transport=emulator.transport())
    ), target


def quickstart(client: StreamChat) -> None:
    user_id = "quickstart-user"
    client.upsert_user({"id": user_id, "name": "Test User"})
    token = client.create_token(user_id)
    print(f"upserted {user_id!r}; a token for your front end: {token[:16]}...")
    channel = client.channel("messaging", "general")
    channel.create(user_id)
    sent = channel.send_message({"text": "Hello from the Python client!"}, user_id)
    read = client.get_message(sent["message"]["id"])
    message = read.model.message  # typed access; read["message"]["text"] works too
    print(f"sent and read back in {channel.cid}: {message.text!r} by {message.user.id}")
    limit = sent.rate_limit()
    if limit is not None:
        print(f"rate limit: {limit.remaining}/{limit.limit} left until {limit.reset:%H:%M:%S} UTC")


def expect_error(title: str, action: Callable[[], Any]) -> bool:
    """Run ``action``, which must fail, and explain the error from its status and Stream code."""
    try:
        action()
    except StreamAPIException as error:
        if error.status_code == 401:
            meaning = "bad credentials: check the API key and secret"
        elif (error.status_code, error.error_code) == (400, 4):
            meaning = "input error: here, a new channel needs created_by (channel.create(user_id))"
        elif (error.status_code, error.error_code) == (404, 16):
            meaning = "not found: create the channel first"
        else:
            meaning = "unexpected"
        print(f"- {title}: {type(error).__name__} (HTTP {error.status_code}, code {error.error_code}) -> {meaning}")
        print(f"    {error.error_message}")
        return meaning != "unexpected"
    print(f"- {title}: no error, which was not expected")
    return False


def main() -> int:
    make_client, target = connect()
    print(f"Using {target}.")
    with make_client(None) as client:
        quickstart(client)
        print("The three common errors, handled by status_code and error_code:")
        suffix = uuid.uuid4().hex[:8]
        with make_client("not-the-secret-" + "x" * 32) as wrong:
            results = [expect_error("wrong API secret", wrong.get_app_settings)]
        results.append(expect_error("channel without a creator", client.channel("messaging", f"new-{suffix}").query))
        missing = client.channel("messaging", f"missing-{suffix}")
        results.append(
            expect_error(
                "message to a missing channel", lambda: missing.send_message({"text": "hi"}, "quickstart-user")
            )
        )
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
