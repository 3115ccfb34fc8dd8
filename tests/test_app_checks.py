"""App methods: ids checked before any request, arguments left unchanged, datetimes sent in UTC, typed results."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Iterator
from typing import Any, assert_type

import pytest

from stream_chat.types.stream_response import StreamResponse
from stream_chat_gen.models import CreateChannelTypeResponse, GetRateLimitsResponse, ListRolesResponse
from tests.support import Recorder


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    yield Recorder()


BAD_IDS: list[tuple[str, tuple[Any, ...], str]] = [
    ("get_permission", ("",), "id"),
    ("update_permission", ("", {"name": "p"}), "id"),
    ("delete_permission", (None,), "id"),
    ("create_role", ("",), "name"),
    ("delete_role", ("",), "name"),
    ("create_blocklist", ("", ["w"]), "name"),
    ("get_blocklist", ("",), "name"),
    ("update_blocklist", (None, ["w"]), "name"),
    ("delete_blocklist", ("",), "name"),
    ("delete_command", ("",), "name"),
    ("get_command", (None,), "name"),
    ("update_command", ("",), "name"),
    ("get_channel_type", ("",), "channel_type"),
    ("update_channel_type", (None,), "channel_type"),
    ("delete_channel_type", ("",), "channel_type"),
    ("delete_push_provider", ("", "fcm"), "provider_type"),
    ("delete_push_provider", ("firebase", ""), "name"),
]


@pytest.mark.parametrize(("method", "args", "parameter"), BAD_IDS)
def test_sync_refuses_empty_ids_before_sending(
    recorder: Recorder, method: str, args: tuple[Any, ...], parameter: str
) -> None:
    with recorder.sync_client() as client, pytest.raises(ValueError, match=parameter):
        getattr(client, method)(*args)
    assert recorder.requests == []


@pytest.mark.parametrize(("method", "args", "parameter"), BAD_IDS)
def test_async_refuses_empty_ids_before_sending(
    recorder: Recorder, method: str, args: tuple[Any, ...], parameter: str
) -> None:
    async def run() -> None:
        async with recorder.async_client() as client:
            with pytest.raises(ValueError, match=parameter):
                await getattr(client, method)(*args)

    asyncio.run(run())
    assert recorder.requests == []


def test_create_channel_type_leaves_the_argument_unchanged(recorder: Recorder) -> None:
    data: dict[str, Any] = {"name": "team2"}
    empty_commands: dict[str, Any] = {"name": "team3", "commands": []}
    with recorder.sync_client() as client:
        client.create_channel_type(data)
        client.create_channel_type(empty_commands)
    assert data == {"name": "team2"}
    assert empty_commands == {"name": "team3", "commands": []}
    assert recorder.json_body(0) == {"name": "team2", "commands": ["all"]}
    assert recorder.json_body(1) == {"name": "team3", "commands": ["all"]}


def test_create_channel_type_async_leaves_the_argument_unchanged(recorder: Recorder) -> None:
    data: dict[str, Any] = {"name": "team2"}

    async def run() -> None:
        async with recorder.async_client() as client:
            await client.create_channel_type(data)

    asyncio.run(run())
    assert data == {"name": "team2"}
    assert recorder.json_body() == {"name": "team2", "commands": ["all"]}


@pytest.mark.parametrize(
    ("since", "sent"),
    [
        (datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC), "2024-01-02T03:04:05+00:00"),
        (datetime.datetime(2024, 1, 2, 3, 4, 5), "2024-01-02T03:04:05+00:00"),
        (
            datetime.datetime(2024, 1, 1, 22, 4, 5, 250000, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))),
            "2024-01-02T03:04:05.250000+00:00",
        ),
        ("2024-01-02T03:04:05Z", "2024-01-02T03:04:05Z"),
    ],
)
def test_revoke_tokens_sends_the_utc_instant(recorder: Recorder, since: str | datetime.datetime, sent: str) -> None:
    with recorder.sync_client() as client:
        client.revoke_tokens(since)
    request = recorder.requests[-1]
    assert (request.method, request.url.path) == ("PATCH", "/app")
    assert recorder.json_body() == {"revoke_tokens_issued_before": sent}


def test_blocklist_words_accept_any_iterable(recorder: Recorder) -> None:
    with recorder.sync_client() as client:
        client.create_blocklist("bad", (word for word in ["fudge", "heck"]))
        client.update_blocklist("bad", {"fudge"})
    assert recorder.json_body(0) == {"name": "bad", "words": ["fudge", "heck"], "type": "word"}
    assert recorder.json_body(1) == {"words": ["fudge"]}


def test_settings_are_not_mutated_and_datetimes_are_serialised(recorder: Recorder) -> None:
    config: dict[str, Any] = {"name": "fcm", "type": "firebase"}
    with recorder.sync_client() as client:
        client.upsert_push_provider(config)
        client.query_team_usage_stats(start_date=datetime.date(2026, 1, 1), end_date="2026-01-31")
    assert config == {"name": "fcm", "type": "firebase"}
    assert recorder.json_body(0) == {"push_provider": {"name": "fcm", "type": "firebase"}}
    assert recorder.json_body(1) == {"start_date": "2026-01-01", "end_date": "2026-01-31"}


def test_results_are_typed() -> None:
    recorder = Recorder(
        {
            "duration": "1ms",
            "roles": [{"name": "admin", "custom": False, "scopes": ["*"]}],
            "server_side": {"SendMessage": {"limit": 100, "remaining": 99, "reset": 1700000000}},
        }
    )
    with recorder.sync_client() as client:
        roles = client.list_roles()
        assert_type(roles, StreamResponse[ListRolesResponse])
        assert roles["roles"][0]["name"] == "admin"
        assert isinstance(roles.model, ListRolesResponse)
        assert roles.model.roles[0].name == "admin"

        limits = client.get_rate_limits(server_side=True, endpoints=("SendMessage",))
        assert_type(limits, StreamResponse[GetRateLimitsResponse])
        assert isinstance(limits.model, GetRateLimitsResponse)

        created = client.create_channel_type({"name": "team2"})
        assert_type(created, StreamResponse[CreateChannelTypeResponse])
    assert dict(recorder.requests[1].url.params) == {
        "api_key": "key",
        "server_side": "true",
        "endpoints": "SendMessage",
    }
