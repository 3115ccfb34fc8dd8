"""Message and channel methods: bad input refused before any request, arguments left unchanged, typed results."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Iterator
from typing import Any, assert_type

import pytest

from stream_chat.types.delivery_receipts import MarkDeliveredOptions
from stream_chat.types.stream_response import StreamResponse
from stream_chat_gen.models import GetMessageResponse, GetTaskResponse, MarkDeliveredResponse, MessageActionResponse
from tests.support import Recorder

DELIVERED = [{"cid": "messaging:a", "id": "m1"}]


ANSWER = {"duration": "1ms", "message": {"id": "m1", "text": "hi"}, "task_id": "t1", "status": "done"}


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    yield Recorder(ANSWER)


# (method, positional args, keyword args, text the ValueError must contain)
REFUSED: list[tuple[str, tuple[Any, ...], dict[str, Any], str]] = [
    ("run_message_action", ("", {"user_id": "u1"}), {}, "message_id"),
    ("mark_all_read", ("",), {}, "user_id"),
    ("translate_message", ("", "fr"), {}, "message_id"),
    ("commit_message", (None,), {}, "message_id"),
    ("pin_message", ("", "u1"), {}, "message_id"),
    ("unpin_message", ("", "u1"), {}, "message_id"),
    ("update_message", ({"text": "no id"},), {}, "id"),
    ("update_message", ({"id": "", "text": "empty id"},), {}, "id"),
    ("update_message_partial", ("", {"set": {"text": "x"}}, "u1"), {}, "message_id"),
    ("delete_message", ("",), {}, "message_id"),
    ("delete_message", ("m1",), {"delete_for_me": True}, "deleted_by is required"),
    ("delete_message", ("m1", True, ""), {}, "deleted_by is required"),
    ("undelete_message", ("", "u1"), {}, "message_id"),
    ("undelete_message", ("m1", ""), {}, "user_id"),
    ("get_message", ("",), {}, "message_id"),
    ("search", ({"type": "messaging"}, "hi"), {"offset": 1, "next": "n"}, "offset"),
    ("search", ({"type": "messaging"}, "hi", {"created_at": -1}), {"offset": 1}, "offset"),
    ("query_drafts", ("",), {}, "user_id"),
    ("create_reminder", ("", "u1"), {}, "message_id"),
    ("create_reminder", ("m1", None), {}, "user_id"),
    ("update_reminder", ("m1", ""), {}, "user_id"),
    ("delete_reminder", ("", "u1"), {}, "message_id"),
    ("delete_reminder", ("m1", ""), {}, "user_id"),
    ("query_reminders", ("",), {}, "user_id"),
    ("delete_channels", ("messaging:a",), {}, "list of ids"),
    ("delete_channels", (["messaging:a", ""],), {}, r"cids\[1\]"),
    ("mark_delivered", ({"user_id": "u1"},), {}, "latest_delivered_messages"),
    ("mark_delivered", ({"latest_delivered_messages": [], "user_id": "u1"},), {}, "latest_delivered_messages"),
    ("mark_delivered", ({"latest_delivered_messages": DELIVERED},), {}, "user or user_id"),
    ("mark_delivered", ({"latest_delivered_messages": DELIVERED, "user": None},), {}, "user or user_id"),
    ("mark_delivered", ({"latest_delivered_messages": DELIVERED, "user": {"name": "x"}},), {}, "user_id"),
    ("mark_delivered_simple", ("", "m1", "messaging:a"), {}, "user_id"),
    ("mark_delivered_simple", ("u1", "", "messaging:a"), {}, "message_id"),
    ("mark_delivered_simple", ("u1", "m1", ""), {}, "channel_cid"),
    ("export_channel", ("", "general"), {}, "channel_type"),
    ("export_channel", ("messaging", ""), {}, "channel_id"),
    ("get_export_channel_status", ("",), {}, "task_id"),
    ("get_task", ("",), {}, "task_id"),
    ("get_import", ("",), {}, "id"),
]


@pytest.mark.parametrize(("method", "args", "kwargs", "error"), REFUSED)
def test_sync_refuses_before_sending(
    recorder: Recorder, method: str, args: tuple[Any, ...], kwargs: dict[str, Any], error: str
) -> None:
    with recorder.sync_client() as client, pytest.raises(ValueError, match=error):
        getattr(client, method)(*args, **kwargs)
    assert recorder.requests == []


@pytest.mark.parametrize(("method", "args", "kwargs", "error"), REFUSED)
def test_async_refuses_before_sending(
    recorder: Recorder, method: str, args: tuple[Any, ...], kwargs: dict[str, Any], error: str
) -> None:
    async def run() -> None:
        async with recorder.async_client() as client:
            with pytest.raises(ValueError, match=error):
                await getattr(client, method)(*args, **kwargs)

    asyncio.run(run())
    assert recorder.requests == []


def test_arguments_are_not_mutated(recorder: Recorder) -> None:
    updates = {"set": {"text": "x"}}
    message = {"id": "m1", "text": "edited"}
    options: dict[str, Any] = {"limit": 5}
    drafts_filter = {"channel_cid": "messaging:a"}
    delivered: MarkDeliveredOptions = {
        "latest_delivered_messages": [{"cid": "messaging:a", "id": "m1"}],
        "user_id": "u1",
    }
    channels = [{"type": "messaging", "id": "a"}]
    with recorder.sync_client() as client:
        client.update_message_partial("m1", updates, "u1", skip_enrich_url=True)
        client.pin_message("m1", "u1")
        client.update_message(message)
        client.query_drafts("u1", {"channel_cid": "messaging:a"}, None, {"limit": 5})
        client.query_reminders("u1", drafts_filter, None, **options)
        client.list_imports(options)
        client.mark_delivered(delivered)
        client.export_channels(channels, version="v2")
    assert updates == {"set": {"text": "x"}}
    assert message == {"id": "m1", "text": "edited"}
    assert options == {"limit": 5}
    assert drafts_filter == {"channel_cid": "messaging:a"}
    assert delivered == {"latest_delivered_messages": [{"cid": "messaging:a", "id": "m1"}], "user_id": "u1"}
    assert channels == [{"type": "messaging", "id": "a"}]
    assert recorder.json_body(0) == {"set": {"text": "x"}, "user": {"id": "u1"}, "skip_enrich_url": True}


def test_reminder_time_is_sent_as_the_utc_instant(recorder: Recorder) -> None:
    tokyo = datetime.timezone(datetime.timedelta(hours=9))
    with recorder.sync_client() as client:
        client.create_reminder("m1", "u1", datetime.datetime(2030, 1, 2, 9, 0, 0, 500, tzinfo=tokyo))
        client.update_reminder("m1", "u1", datetime.datetime(2030, 1, 2, 0, 0, 0))
        client.update_reminder("m1", "u1", "2030-01-02T00:00:00Z")
    assert [recorder.json_body(index)["remind_at"] for index in range(3)] == [
        "2030-01-02T00:00:00Z",
        "2030-01-02T00:00:00Z",
        "2030-01-02T00:00:00Z",
    ]


def test_draft_filter_datetime_is_sent_in_utc(recorder: Recorder) -> None:
    since = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    with recorder.sync_client() as client:
        client.query_drafts("u1", {"created_at": since})
    assert recorder.json_body() == {"user_id": "u1", "filter": {"created_at": "2030-01-02T01:04:05Z"}}


def test_delete_channels_accepts_any_iterable(recorder: Recorder) -> None:
    with recorder.sync_client() as client:
        client.delete_channels(cid for cid in ("messaging:a", "messaging:b"))
    assert recorder.json_body() == {"cids": ["messaging:a", "messaging:b"]}


def test_delete_for_me_sends_a_body_and_no_query_options(recorder: Recorder) -> None:
    with recorder.sync_client() as client:
        client.delete_message("m1", delete_for_me=True, deleted_by="u1", hard=True)
    request = recorder.requests[0]
    assert request.method == "DELETE"
    assert dict(request.url.params) == {"api_key": "key"}
    assert recorder.json_body() == {"delete_for_me": True, "user": {"id": "u1"}}


def test_sync_results_are_typed(recorder: Recorder) -> None:
    with recorder.sync_client() as client:
        message = client.get_message("m1")
        task = client.get_export_channel_status("t1")
        delivered = client.mark_delivered_simple("u1", "m1", "messaging:a")
    assert_type(message, StreamResponse[GetMessageResponse])
    assert_type(task, StreamResponse[GetTaskResponse])
    assert_type(delivered, StreamResponse[MarkDeliveredResponse])
    assert message["message"]["text"] == "hi"
    assert message.model.message.text == "hi"
    assert task.model.task_id == "t1"
    assert delivered.is_ok()
    assert recorder.requests[2].url.params["user_id"] == "u1"


def test_async_commit_message(recorder: Recorder) -> None:
    """The official async client lacks ``commit_message``; ours has it, sending the same request as the sync one."""

    async def run() -> StreamResponse[MessageActionResponse]:
        async with recorder.async_client() as client:
            return await client.commit_message("m1")

    response = asyncio.run(run())
    assert response["message"]["id"] == "m1"
    request = recorder.requests[0]
    assert (request.method, request.url.path, recorder.json_body()) == ("POST", "/messages/m1/commit", {})
