"""Client-side checks and side effects of Channel methods and uploads (no network: ``httpx.MockTransport``)."""

from __future__ import annotations

import asyncio
import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stream_chat.base.exceptions import StreamChannelException
from tests.support import Recorder

BODY: dict[str, Any] = {
    "duration": "1ms",
    "channel": {"id": "server-id", "type": "messaging", "name": "From server"},
    "members": [{"user_id": "u1"}, {"user_id": "u2"}],
    "file": "https://cdn.example.com/a.txt",
}


@pytest.fixture
def recorder() -> Recorder:
    return Recorder(BODY)


# Each call takes a channel with an id; every one gets an empty, missing or ill-typed id.
BAD_IDS: list[tuple[str, Callable[[Any], Any]]] = [
    ("add_members lone string", lambda ch: ch.add_members("u1")),
    ("remove_members lone string", lambda ch: ch.remove_members("u1")),
    ("update_partial to_unset lone string", lambda ch: ch.update_partial(None, "color")),
    ("send_message user_id", lambda ch: ch.send_message({"text": "hi"}, "")),
    ("send_event user_id", lambda ch: ch.send_event({"type": "typing.start"}, None)),
    ("send_reaction message_id", lambda ch: ch.send_reaction("", {"type": "love"}, "u1")),
    ("send_reaction user_id", lambda ch: ch.send_reaction("m1", {"type": "love"}, "")),
    ("delete_reaction message_id", lambda ch: ch.delete_reaction("", "love", "u1")),
    ("delete_reaction type", lambda ch: ch.delete_reaction("m1", "", "u1")),
    ("delete_reaction user_id", lambda ch: ch.delete_reaction("m1", "love", None)),
    ("get_messages lone string", lambda ch: ch.get_messages("m1")),
    ("get_messages empty id", lambda ch: ch.get_messages(["m1", ""])),
    ("mark_read user_id", lambda ch: ch.mark_read("")),
    ("mark_unread user_id", lambda ch: ch.mark_unread(None, message_id="m1")),
    ("get_replies parent_id", lambda ch: ch.get_replies("")),
    ("get_reactions message_id", lambda ch: ch.get_reactions(None)),
    ("ban_user target_id", lambda ch: ch.ban_user("")),
    ("unban_user target_id", lambda ch: ch.unban_user(None)),
    ("accept_invite user_id", lambda ch: ch.accept_invite("")),
    ("reject_invite user_id", lambda ch: ch.reject_invite(None)),
    ("delete_file url", lambda ch: ch.delete_file("")),
    ("delete_image url", lambda ch: ch.delete_image("")),
    ("hide user_id", lambda ch: ch.hide("")),
    ("show user_id", lambda ch: ch.show(None)),
    ("mute user_id", lambda ch: ch.mute("")),
    ("unmute user_id", lambda ch: ch.unmute("")),
    ("pin user_id", lambda ch: ch.pin("")),
    ("unpin user_id", lambda ch: ch.unpin(None)),
    ("archive user_id", lambda ch: ch.archive("")),
    ("unarchive user_id", lambda ch: ch.unarchive(None)),
    ("update_member_partial user_id", lambda ch: ch.update_member_partial("", {"a": 1})),
    ("create_draft user_id", lambda ch: ch.create_draft({"text": "d"}, "")),
    ("delete_draft user_id", lambda ch: ch.delete_draft("")),
    ("get_draft user_id", lambda ch: ch.get_draft(None)),
    ("send_file name", lambda ch: ch.send_file(__file__, "", {"id": "u1"})),
    ("send_image user", lambda ch: ch.send_image(__file__, "a.png", "u1")),
    ("send_file url", lambda ch: ch.send_file("", "a.txt", {"id": "u1"})),
]

# Each call needs the channel's id, which a distinct channel lacks until it is queried.
NEEDS_CHANNEL_ID: list[tuple[str, Callable[[Any], Any]]] = [
    ("send_message", lambda ch: ch.send_message({"text": "hi"}, "u1")),
    ("send_event", lambda ch: ch.send_event({"type": "typing.start"}, "u1")),
    ("get_messages", lambda ch: ch.get_messages(["m1"])),
    ("update", lambda ch: ch.update({"name": "x"})),
    ("update_partial", lambda ch: ch.update_partial({"name": "x"})),
    ("delete", lambda ch: ch.delete()),
    ("truncate", lambda ch: ch.truncate()),
    ("add_members", lambda ch: ch.add_members(["u1"])),
    ("assign_roles", lambda ch: ch.assign_roles([{"user_id": "u1", "channel_role": "r"}])),
    ("invite_members", lambda ch: ch.invite_members(["u1"])),
    ("add_moderators", lambda ch: ch.add_moderators(["u1"])),
    ("remove_members", lambda ch: ch.remove_members(["u1"])),
    ("demote_moderators", lambda ch: ch.demote_moderators(["u1"])),
    ("mark_read", lambda ch: ch.mark_read("u1")),
    ("mark_unread", lambda ch: ch.mark_unread("u1")),
    ("ban_user", lambda ch: ch.ban_user("u2")),
    ("unban_user", lambda ch: ch.unban_user("u2")),
    ("accept_invite", lambda ch: ch.accept_invite("u1")),
    ("reject_invite", lambda ch: ch.reject_invite("u1")),
    ("send_file", lambda ch: ch.send_file(__file__, "a.txt", {"id": "u1"})),
    ("send_image", lambda ch: ch.send_image(__file__, "a.png", {"id": "u1"})),
    ("delete_file", lambda ch: ch.delete_file("https://cdn.example.com/a.txt")),
    ("delete_image", lambda ch: ch.delete_image("https://cdn.example.com/a.png")),
    ("hide", lambda ch: ch.hide("u1")),
    ("show", lambda ch: ch.show("u1")),
    ("mute", lambda ch: ch.mute("u1")),
    ("unmute", lambda ch: ch.unmute("u1")),
    ("pin", lambda ch: ch.pin("u1")),
    ("update_member_partial", lambda ch: ch.update_member_partial("u1")),
    ("create_draft", lambda ch: ch.create_draft({"text": "d"}, "u1")),
    ("delete_draft", lambda ch: ch.delete_draft("u1")),
    ("get_draft", lambda ch: ch.get_draft("u1")),
    ("add_filter_tags", lambda ch: ch.add_filter_tags(["a"])),
    ("remove_filter_tags", lambda ch: ch.remove_filter_tags(["a"])),
]


def _run(result: Any) -> Any:
    """The value of a sync call, or of an async one run to completion."""
    if asyncio.iscoroutine(result):
        return asyncio.run(result)
    return result


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize(("name", "call"), BAD_IDS, ids=[name for name, _ in BAD_IDS])
def test_bad_ids_are_refused_before_any_request(
    recorder: Recorder, is_async: bool, name: str, call: Callable[[Any], Any]
) -> None:
    client = recorder.async_client() if is_async else recorder.sync_client()
    with pytest.raises(ValueError, match="must be"):
        _run(call(client.channel("messaging", "general")))
    assert recorder.requests == []


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize(("name", "call"), NEEDS_CHANNEL_ID, ids=[name for name, _ in NEEDS_CHANNEL_ID])
def test_channel_without_id_is_refused_before_any_request(
    recorder: Recorder, is_async: bool, name: str, call: Callable[[Any], Any]
) -> None:
    client = recorder.async_client() if is_async else recorder.sync_client()
    with pytest.raises(StreamChannelException, match="does not have an id"):
        _run(call(client.channel("messaging", None, {"members": ["u1", "u2"]})))
    assert recorder.requests == []


@pytest.mark.parametrize("method", ["pin", "unpin", "archive", "unarchive", "update_member_partial"])
def test_member_methods_raise_the_official_exception_too(recorder: Recorder, method: str) -> None:
    channel = recorder.sync_client().channel("messaging", "general")
    with pytest.raises(StreamChannelException, match="user_id"):
        getattr(channel, method)("")
    assert recorder.requests == []


def test_create_without_creator_names_created_by(recorder: Recorder) -> None:
    with pytest.raises(StreamChannelException, match="created_by"):
        recorder.sync_client().channel("messaging", "general").create("")
    assert recorder.requests == []


def test_query_members_returns_the_plain_list(recorder: Recorder) -> None:
    members = recorder.sync_client().channel("messaging", "general").query_members({"name": "Ann"})
    assert members == BODY["members"]
    assert type(members) is list
    payload = json.loads(recorder.requests[0].url.params["payload"])
    assert payload == {"id": "general", "type": "messaging", "filter_conditions": {"name": "Ann"}, "sort": []}


def test_async_query_members_returns_the_plain_list(recorder: Recorder) -> None:
    channel = recorder.async_client().channel("messaging", "general")
    assert asyncio.run(channel.query_members({})) == BODY["members"]


@pytest.mark.parametrize("method", ["accept_invite", "reject_invite"])
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_invite_answers_take_the_channel_data_of_the_response(recorder: Recorder, is_async: bool, method: str) -> None:
    client = recorder.async_client() if is_async else recorder.sync_client()
    channel = client.channel("messaging", "general", {"name": "Local"})
    _run(getattr(channel, method)("u1", message={"text": "ok"}))
    assert channel.custom_data == BODY["channel"]
    assert recorder.json_body() == {"message": {"text": "ok"}, "user": {"id": "u1"}, method: True}


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_query_of_a_distinct_channel_remembers_its_id(recorder: Recorder, is_async: bool) -> None:
    client = recorder.async_client() if is_async else recorder.sync_client()
    channel = client.channel("messaging", None, {"members": ["u1", "u2"]})
    _run(channel.query())
    assert channel.id == "server-id"
    assert channel.cid == "messaging:server-id"


def test_create_draft_leaves_the_message_alone(recorder: Recorder) -> None:
    message = {"text": "draft"}
    recorder.sync_client().channel("messaging", "general").create_draft(message, "u1")
    assert message == {"text": "draft"}
    assert recorder.json_body() == {"message": {"text": "draft", "user_id": "u1"}}


def test_add_members_leaves_the_options_alone_and_takes_generators(recorder: Recorder) -> None:
    when = datetime.datetime(2024, 1, 2, 3, 4, 5)
    options: dict[str, Any] = {"hide_history_before": when}
    channel = recorder.sync_client().channel("messaging", "general")
    channel.add_members((user for user in ["u1", "u2"]), **options)
    assert options == {"hide_history_before": when}
    assert recorder.json_body() == {
        "add_members": ["u1", "u2"],
        "message": None,
        "hide_history_before": "2024-01-02T03:04:05+00:00",
    }


def test_datetimes_elsewhere_are_sent_as_utc(recorder: Recorder) -> None:
    paris = datetime.timezone(datetime.timedelta(hours=1))
    channel = recorder.sync_client().channel("messaging", "general")
    channel.update_partial({"deadline": datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=paris)})
    assert recorder.json_body() == {"set": {"deadline": "2024-01-02T02:04:05Z"}, "unset": []}


def test_empty_parent_id_is_left_out_as_officially(recorder: Recorder) -> None:
    channel = recorder.sync_client().channel("messaging", "general")
    channel.get_draft("u1", "")
    channel.delete_draft("u1", parent_id="m1")
    assert dict(recorder.requests[0].url.params) == {"api_key": "key", "user_id": "u1"}
    assert dict(recorder.requests[1].url.params) == {"api_key": "key", "user_id": "u1", "parent_id": "m1"}


def test_ban_user_keeps_the_channel_of_the_method(recorder: Recorder) -> None:
    recorder.sync_client().channel("messaging", "general").ban_user("u2", type="team", id="other")
    assert recorder.json_body() == {"target_user_id": "u2", "type": "messaging", "id": "general"}


@pytest.mark.parametrize(
    "uri", ["", "channels/messaging/file", "uploads/video", "channels/messaging/general/file/x", "messages/m1"]
)
def test_send_file_refuses_unknown_uris_before_reading_anything(recorder: Recorder, uri: str) -> None:
    with pytest.raises(ValueError, match="uri must be"):
        recorder.sync_client().send_file(uri, "/no/such/file", "a.txt", {"id": "u1"})
    assert recorder.requests == []


def test_send_file_reports_a_missing_file_before_any_request(recorder: Recorder, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        recorder.sync_client().send_file("uploads/file", str(tmp_path / "missing.txt"), "a.txt", {"id": "u1"})
    with pytest.raises(FileNotFoundError):
        asyncio.run(recorder.async_client().send_file("uploads/image", str(tmp_path / "missing"), "a", {"id": "u1"}))
    assert recorder.requests == []


@pytest.mark.parametrize(
    ("uri", "path"),
    [
        ("channels/messaging/general/file", "/channels/messaging/general/file"),
        ("/channels/team/t-1/image", "/channels/team/t-1/image"),
        ("uploads/file", "/uploads/file"),
        ("/uploads/image", "/uploads/image"),
    ],
)
def test_send_file_posts_multipart_to_the_uri(recorder: Recorder, tmp_path: Path, uri: str, path: str) -> None:
    source = tmp_path / "note.txt"
    source.write_bytes(b"content")
    response = recorder.sync_client().send_file(uri, str(source), "note.txt", {"id": "u1"}, "text/plain")
    assert response["file"] == BODY["file"]
    (request,) = recorder.requests
    assert (request.method, request.url.path) == ("POST", path)
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    content = request.read()
    assert b'name="user"\r\n\r\n{"id": "u1"}' in content
    assert b'filename="note.txt"\r\nContent-Type: text/plain\r\n\r\ncontent' in content


def test_async_channel_send_image_reads_off_the_event_loop(recorder: Recorder, tmp_path: Path) -> None:
    source = tmp_path / "pic.png"
    source.write_bytes(b"\x89PNG")
    channel = recorder.async_client().channel("messaging", "general")
    asyncio.run(channel.send_image(str(source), "pic.png", {"id": "u1"}, "image/png"))
    (request,) = recorder.requests
    assert request.url.path == "/channels/messaging/general/image"
    assert b"\x89PNG" in request.read()
