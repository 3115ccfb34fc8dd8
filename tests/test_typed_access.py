"""Typed access: ``StreamResponse.model`` has the operation's model type (checked by mypy via assert_type).

``make typecheck`` runs mypy --strict on this file: each ``assert_type`` fails
the build if the type were ``Any`` or anything else. The test also runs the
calls against a mock transport so the same expressions hold at run time.
"""

from __future__ import annotations

import datetime
import json
from typing import assert_type

import httpx

from stream_chat import UNSET, StreamChat, Unset
from stream_chat.types.stream_response import StreamResponse
from stream_chat_gen.models import ChannelStateResponse, MessageResponse, SendMessageResponse, UpdateUsersResponse
from tests.contract.validator import validated

SECRET = "typed-access-secret-" + "s" * 44


def _answer(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/message"):
        sent = json.loads(request.content)["message"]
        body = {
            "duration": "1ms",
            "message": {
                "id": "m1",
                "text": sent["text"],
                "type": "regular",
                "created_at": "2026-11-27T10:00:00.123456789Z",
                "user": {"id": sent["user"]["id"], "role": "user"},
                "brand_new_field": {"kept": True},
            },
        }
        return httpx.Response(201, json=body)
    if request.url.path.endswith("/query"):
        return httpx.Response(201, json={"duration": "1ms", "channel": {"id": "general", "cid": "messaging:general"}})
    return httpx.Response(201, json={"duration": "1ms", "users": {"u1": {"id": "u1", "role": "user"}}})


def test_models_are_typed_and_parsed_lazily() -> None:
    client = StreamChat("key", SECRET, transport=validated(_answer))
    users = client.upsert_user({"id": "u1"})
    assert_type(users, StreamResponse[UpdateUsersResponse])
    assert_type(users.model, UpdateUsersResponse)

    channel = client.channel("messaging", "general")
    state = channel.create("u1")
    assert_type(state.model, ChannelStateResponse)

    sent = channel.send_message({"text": "hi"}, "u1")
    assert_type(sent, StreamResponse[SendMessageResponse])
    assert sent["message"]["text"] == "hi"  # the dict path, as in stream-chat

    message = sent.model.message
    assert_type(message, MessageResponse)
    assert_type(message.text, str)
    assert_type(message.created_at, datetime.datetime)
    assert_type(message.pinned_at, datetime.datetime | Unset | None)  # Stream sends null when not pinned
    assert message.text == "hi"
    assert message.created_at == datetime.datetime(2026, 11, 27, 10, 0, 0, 123456, tzinfo=datetime.UTC)
    assert message.additional_properties == {"brand_new_field": {"kept": True}}
    assert sent.model is sent.model  # parsed once


def test_unset_narrows_and_stays_distinct_from_null() -> None:
    message = MessageResponse.from_dict({"id": "m1", "type": "regular", "pinned_at": None})
    assert_type(message.type, str)  # Stream's own field name, not `type_`
    pinned_at = message.pinned_at
    assert pinned_at is None  # null: present, and kept as null
    assert message.to_dict()["pinned_at"] is None
    name = message.user.name if not isinstance(message.user, Unset) else UNSET
    assert name is UNSET  # absent: no key at all
    assert "user" not in message.to_dict()
    if name is not UNSET:
        assert_type(name, str)
    assert not UNSET
    assert repr(UNSET) == "UNSET"
