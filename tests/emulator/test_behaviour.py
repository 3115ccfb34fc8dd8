"""Emulator behaviour beyond single flows: rejected requests change nothing, and its own bugs answer 500."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from stream_chat.base.exceptions import StreamInputError, StreamServerError
from stream_chat.testing import Emulator
from stream_chat.testing.context import HANDLERS, Call


def test_a_rejected_update_changes_nothing(emulator: Emulator) -> None:
    with emulator.client() as client:
        client.upsert_users([{"id": "owner"}, {"id": "alice"}])
        with pytest.raises(StreamInputError):
            client.upsert_users([{"id": "bob"}, {"id": "carol", "role": "no-such-role"}])
        assert client.query_users({"id": {"$in": ["bob", "carol"]}})["users"] == []

        channel = client.channel("messaging", "room", {"color": "red"})
        channel.create("owner")
        with pytest.raises(StreamInputError):  # alice was never invited: the whole update is refused
            client.post(
                "channels/messaging/room",
                data={"add_members": ["alice"], "data": {"color": "blue"}, "accept_invite": True, "user_id": "alice"},
            )
        with pytest.raises(StreamInputError):  # the message's author does not exist
            channel.add_members(["alice"], {"text": "welcome", "user_id": "ghost"})
        state = channel.query()
        assert state["members"] == [] and state["channel"]["color"] == "red" and state["messages"] == []


def test_a_bug_of_the_emulator_answers_500(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(call: Call) -> dict[str, Any]:
        raise KeyError(call.operation)

    monkeypatch.setitem(HANDLERS, "GetApp", broken)
    with emulator.client(max_retries=0) as client, pytest.raises(StreamServerError) as raised:
        client.get_app_settings()
    assert (raised.value.status_code, raised.value.error_code) == (500, -1)
    assert "internal error of the emulator" in (raised.value.error_message or "")


def test_the_async_client_helper(emulator: Emulator) -> None:
    async def main() -> list[str]:
        async with emulator.async_client() as client:
            await client.upsert_user({"id": "async-user"})
            response = await client.query_users({"id": "async-user"})
            return [user["id"] for user in response["users"]]

    assert asyncio.run(main()) == ["async-user"]


@pytest.mark.parametrize(
    ("method", "path", "data", "field"),
    [
        ("GET", "users", None, "filter_conditions"),
        ("GET", "query_banned_users", None, "filter_conditions"),
        ("GET", "members", {"type": "messaging", "id": "room"}, "filter_conditions"),
        ("POST", "users/owner/event", {"event": "not-an-object"}, "event"),
        ("POST", "channels/messaging/room/event", {}, "event"),
        ("POST", "messages/{message_id}", {"message": []}, "message"),
        ("POST", "messages/{message_id}/reaction", {}, "reaction"),
    ],
)
def test_a_missing_required_field_is_input_error_4(
    emulator: Emulator, method: str, path: str, data: dict[str, Any] | None, field: str
) -> None:
    with emulator.client() as client:
        client.upsert_user({"id": "owner"})
        channel = client.channel("messaging", "room")
        channel.create("owner")
        message_id = channel.send_message({"text": "hi"}, "owner")["message"]["id"]
        url = path.format(message_id=message_id)
        with pytest.raises(StreamInputError) as raised:
            if method == "GET":
                client.get(url, params={"payload": json.dumps(data or {})})
            else:
                client.post(url, data=data)
    assert (raised.value.status_code, raised.value.error_code) == (400, 4)
    assert f'"{field} is a required field"' in (raised.value.error_message or "")
