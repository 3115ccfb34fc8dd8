"""Moderation methods: bad ids refused before any request, return shapes, caller's data left alone."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.support import Recorder

BAD_CALLS: list[tuple[str, Callable[[Any], Any]]] = [
    ("ban_user_empty", lambda c: c.ban_user("")),
    ("ban_user_none", lambda c: c.ban_user(None)),
    ("shadow_ban", lambda c: c.shadow_ban("")),
    ("remove_shadow_ban", lambda c: c.remove_shadow_ban("")),
    ("unban_user", lambda c: c.unban_user("", type="messaging", id="general")),
    ("flag_message", lambda c: c.flag_message("", user_id="mod")),
    ("unflag_message", lambda c: c.unflag_message(None, user_id="mod")),
    ("flag_user", lambda c: c.flag_user("", user_id="mod")),
    ("unflag_user", lambda c: c.unflag_user(42, user_id="mod")),
    ("review_flag_report_id", lambda c: c._review_flag_report("", "reviewed", "mod")),
    ("review_flag_report_user", lambda c: c._review_flag_report("report-1", "reviewed", "")),
    ("mute_user_target", lambda c: c.mute_user("", "u1")),
    ("mute_user_user", lambda c: c.mute_user("bad", "")),
    ("mute_users_lone_string", lambda c: c.mute_users("bad", "u1")),
    ("mute_users_empty_id", lambda c: c.mute_users(["bad", ""], "u1")),
    ("mute_users_user", lambda c: c.mute_users(["bad"], None)),
    ("unmute_user_target", lambda c: c.unmute_user("", "u1")),
    ("unmute_user_user", lambda c: c.unmute_user("bad", "")),
    ("unmute_users_lone_string", lambda c: c.unmute_users("bad", "u1")),
    ("unmute_users_user", lambda c: c.unmute_users(["bad"], "")),
]


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    yield Recorder()


@pytest.mark.parametrize(("name", "call"), BAD_CALLS, ids=[name for name, _ in BAD_CALLS])
def test_bad_ids_refused_before_any_request_sync(name: str, call: Callable[[Any], Any], recorder: Recorder) -> None:
    with recorder.sync_client() as client, pytest.raises(ValueError, match="must be"):
        call(client)
    assert recorder.requests == []


@pytest.mark.parametrize(("name", "call"), BAD_CALLS, ids=[name for name, _ in BAD_CALLS])
def test_bad_ids_refused_before_any_request_async(name: str, call: Callable[[Any], Any], recorder: Recorder) -> None:
    async def main() -> None:
        async with recorder.async_client() as client:
            with pytest.raises(ValueError, match="must be"):
                # The check runs when the coroutine runs, before anything is sent.
                await call(client)

    asyncio.run(main())
    assert recorder.requests == []


def test_typed_model_of_a_mute() -> None:
    recorder = Recorder({"duration": "1ms", "mutes": [{"user": {"id": "u1"}, "target": {"id": "bad"}}]})
    with recorder.sync_client() as client:
        response = client.mute_user("bad", "u1", timeout=5)
    assert response["mutes"][0]["target"]["id"] == "bad"
    assert response.model.duration == "1ms"
    assert json.loads(recorder.requests[0].content) == {"target_id": "bad", "user_id": "u1", "timeout": 5}


def test_flag_reports_return_plain_responses(recorder: Recorder) -> None:
    with recorder.sync_client() as client:
        response = client._query_flag_reports(message_id="msg-1")
    assert dict(response) == {"duration": "1ms"}
    assert response.model == {"duration": "1ms"}
    assert json.loads(recorder.requests[0].content) == {"filter_conditions": {"message_id": "msg-1"}}


def test_review_flag_report_id_is_one_path_segment(recorder: Recorder) -> None:
    recorder.run_async(lambda client: client._review_flag_report("a/b?c", "reviewed", "mod"))
    assert recorder.requests[0].method == "PATCH"
    assert recorder.requests[0].url.raw_path.startswith(b"/moderation/reports/a%2Fb%3Fc?")


def test_mute_users_accepts_any_iterable_of_ids(recorder: Recorder) -> None:
    with recorder.sync_client() as client:
        client.mute_users(iter(("bad", "worse")), "u1")  # type: ignore[arg-type]
    assert json.loads(recorder.requests[0].content) == {"target_ids": ["bad", "worse"], "user_id": "u1"}


def test_caller_data_left_alone(recorder: Recorder) -> None:
    conditions = {"filter_conditions": {"channel_cid": "messaging:general"}}
    filters = {"user_id": "u1"}
    options: dict[str, Any] = {"type": "messaging", "id": "general", "reason": "appeal"}
    snapshot = json.dumps([conditions, filters, options])
    with recorder.sync_client() as client:
        client.query_banned_users(conditions)
        client.query_message_flags(filters, limit=1)
        client.unban_user("bad", **options)
        client.remove_shadow_ban("bad", **options)
    recorder.run_async(lambda client: client.query_banned_users(conditions))
    assert json.dumps([conditions, filters, options]) == snapshot
    assert len(recorder.requests) == 5
    assert recorder.requests[2].url.params["reason"] == "appeal"
    assert recorder.requests[3].url.params["shadow"] == "true"


def test_shadow_ban_options_cannot_turn_shadow_off(recorder: Recorder) -> None:
    with recorder.sync_client() as client, pytest.raises(TypeError):
        client.shadow_ban("bad", shadow=False)  # type: ignore[call-arg]
    assert recorder.requests == []
