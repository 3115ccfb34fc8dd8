"""User methods: bad ids refused before any request, deprecations, return shapes, caller's data left alone."""

from __future__ import annotations

import asyncio
import copy
import datetime
import json
import warnings
from collections.abc import Callable
from typing import Any

import pytest

from tests.support import Recorder

KEY = "checks-key"

BAD_CALLS: list[tuple[str, Callable[[Any], Any]]] = [
    ("update_users_no_id", lambda c: c.update_users([{"name": "Ann"}])),
    ("update_user_empty_id", lambda c: c.update_user({"id": ""})),
    ("upsert_users_not_a_list", lambda c: c.upsert_users({"id": "u1"})),
    ("upsert_users_id_not_a_string", lambda c: c.upsert_users([{"id": "u1"}, {"id": 7}])),
    ("upsert_user_not_a_dict", lambda c: c.upsert_user("u1")),
    ("update_users_partial_no_id", lambda c: c.update_users_partial([{"set": {"name": "A"}}])),
    ("update_user_partial_none_id", lambda c: c.update_user_partial({"id": None, "set": {}})),
    ("delete_user", lambda c: c.delete_user("", hard_delete=True)),
    ("delete_users_lone_string", lambda c: c.delete_users("u1", "hard")),
    ("delete_users_empty_id", lambda c: c.delete_users(["u1", ""], "hard")),
    ("restore_users", lambda c: c.restore_users([None])),
    ("deactivate_user", lambda c: c.deactivate_user(None)),
    ("deactivate_users", lambda c: c.deactivate_users("u1")),
    ("reactivate_user", lambda c: c.reactivate_user("")),
    ("export_user", lambda c: c.export_user("")),
    ("block_user_blocked", lambda c: c.block_user("", "u1")),
    ("block_user_user", lambda c: c.block_user("u2", "")),
    ("unblock_user_blocked", lambda c: c.unblock_user(None, "u1")),
    ("unblock_user_user", lambda c: c.unblock_user("u2", None)),
    ("get_blocked_users", lambda c: c.get_blocked_users("")),
    ("revoke_user_token", lambda c: c.revoke_user_token("", "2024-01-01T00:00:00Z")),
    ("revoke_users_token", lambda c: c.revoke_users_token(["u1", ""], "2024-01-01T00:00:00Z")),
    ("send_user_custom_event", lambda c: c.send_user_custom_event("", {"type": "ping"})),
    ("add_device_id", lambda c: c.add_device("", "apn", "u1")),
    ("add_device_user", lambda c: c.add_device("device-1", "apn", "")),
    ("delete_device_id", lambda c: c.delete_device(None, "u1")),
    ("delete_device_user", lambda c: c.delete_device("device-1", "")),
    ("get_devices", lambda c: c.get_devices("")),
    ("get_user_locations", lambda c: c.get_user_locations("")),
    ("update_user_location_user", lambda c: c.update_user_location("", "msg-1")),
    ("update_user_location_message", lambda c: c.update_user_location("u1", "")),
    ("unread_counts", lambda c: c.unread_counts("")),
    ("unread_counts_batch", lambda c: c.unread_counts_batch("u1")),
    ("export_users", lambda c: c.export_users(["u1", 2])),
]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize(("name", "call"), BAD_CALLS, ids=[name for name, _ in BAD_CALLS])
def test_bad_ids_refused_before_any_request_sync(name: str, call: Callable[[Any], Any]) -> None:
    recorder = Recorder(key=KEY)
    with recorder.sync_client() as client, pytest.raises(ValueError, match=r"must be|needs a non-empty string 'id'"):
        call(client)
    assert recorder.requests == []


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize(("name", "call"), BAD_CALLS, ids=[name for name, _ in BAD_CALLS])
def test_bad_ids_refused_before_any_request_async(name: str, call: Callable[[Any], Any]) -> None:
    recorder = Recorder(key=KEY)
    with pytest.raises(ValueError, match=r"must be|needs a non-empty string 'id'"):
        recorder.run_async(call)
    assert recorder.requests == []


def test_update_user_warns_at_the_callers_line() -> None:
    recorder = Recorder(key=KEY)
    with recorder.sync_client() as client, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client.update_user({"id": "u1"})
        client.update_users([{"id": "u2"}])
    assert [str(item.message) for item in caught] == [
        "This method is deprecated. Use upsert_user instead.",
        "This method is deprecated. Use upsert_users instead.",
    ]
    assert all(item.category is DeprecationWarning and item.filename == __file__ for item in caught)
    assert [recorder.json_body(index) for index in (0, 1)] == [
        {"users": {"u1": {"id": "u1"}}},
        {"users": {"u2": {"id": "u2"}}},
    ]


def test_async_update_users_warns_at_the_callers_line() -> None:
    recorder = Recorder(key=KEY)

    async def main() -> None:  # awaited here: the warning must point at this file
        async with recorder.async_client() as client:
            await client.update_users([{"id": "u1"}])

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        asyncio.run(main())
    assert [(item.category, item.filename) for item in caught] == [(DeprecationWarning, __file__)]
    assert recorder.json_body(0) == {"users": {"u1": {"id": "u1"}}}


def test_query_users_returns_a_typed_response() -> None:
    recorder = Recorder({"duration": "1ms", "users": [{"id": "u1", "name": "Ann", "team": "blue"}]}, key=KEY)
    with recorder.sync_client() as client:
        response = client.query_users({"id": "u1"}, {"name": 1}, limit=1)
    assert response["users"][0]["team"] == "blue"
    assert response.model.users[0].id == "u1"
    assert json.loads(recorder.requests[0].url.params["payload"]) == {
        "limit": 1,
        "filter_conditions": {"id": "u1"},
        "sort": [{"field": "name", "direction": 1}],
    }


def test_update_user_location_without_options() -> None:
    recorder = Recorder(key=KEY)
    recorder.run_async(lambda client: client.update_user_location("u1", "msg-1"))
    request = recorder.requests[0]
    assert (request.method, request.url.path, dict(request.url.params)) == (
        "PUT",
        "/users/live_locations",
        {"api_key": KEY, "user_id": "u1"},
    )
    assert recorder.json_body(0) == {"message_id": "msg-1"}


def test_callers_data_is_left_alone() -> None:
    user = {"id": "u1", "joined": datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)}
    updates = [{"id": "u1", "set": {"name": "A"}}]
    options: dict[str, Any] = {"latitude": 1.0, "longitude": 2.0}
    originals = copy.deepcopy((user, updates, options))
    recorder = Recorder(key=KEY)
    with recorder.sync_client() as client:
        client.upsert_user(user)
        client.update_users_partial(updates)
        client.update_user_location("u1", "msg-1", options)  # type: ignore[arg-type]
    assert (user, updates, options) == originals
    assert recorder.json_body(0) == {"users": {"u1": {"id": "u1", "joined": "2024-01-01T00:00:00Z"}}}


def test_id_lists_may_be_any_iterable() -> None:
    recorder = Recorder(key=KEY)
    with recorder.sync_client() as client:
        client.revoke_users_token(iter(["u1", "u2"]), "2024-01-01T00:00:00Z")
        client.export_users(("u1",))
    assert recorder.json_body(0) == {
        "users": [
            {"id": "u1", "set": {"revoke_tokens_issued_before": "2024-01-01T00:00:00Z"}},
            {"id": "u2", "set": {"revoke_tokens_issued_before": "2024-01-01T00:00:00Z"}},
        ]
    }
    assert recorder.json_body(1) == {"user_ids": ["u1"]}


def test_user_id_is_one_path_segment() -> None:
    recorder = Recorder(key=KEY)
    with recorder.sync_client() as client:
        client.delete_user("a/b?c", hard_delete=True)
    request = recorder.requests[0]
    assert request.method == "DELETE"
    assert request.url.raw_path.startswith(b"/users/a%2Fb%3Fc?")
    assert request.url.params["hard_delete"] == "true"
    assert request.content == b""
