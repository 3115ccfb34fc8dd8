"""The iter_* iterators: on the emulator where it serves the operation, on a cursor-paging mock for the rest."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from stream_chat import StreamChat, StreamChatAsync
from stream_chat.pagination import Page
from stream_chat.testing import Emulator
from stream_chat.testing.exchange import Exchange
from stream_chat_gen.models import ChannelStateResponseFields, FullUserResponse, MessageResponse, SearchResult

KEY, SECRET = "key", "secret-" + "x" * 40


def recording(emulator: Emulator) -> list[str]:
    operations: list[str] = []

    def record(exchange: Exchange) -> None:
        operations.append(exchange.operation_id or "")

    emulator.on_exchange = record
    return operations


@pytest.fixture
def emulator() -> Emulator:
    emulator = Emulator()
    client = emulator.client()
    client.upsert_users([{"id": f"user-{n:03}"} for n in range(95)])
    for n in range(7):
        client.channel("messaging", f"channel-{n}").create("user-000")
    return emulator


def test_offset_pages_stop_at_the_short_page(emulator: Emulator) -> None:
    client = emulator.client()
    operations = recording(emulator)
    users = client.iter_users({"id": {"$gte": "user-"}}, {"id": 1}, page_size=10)
    assert operations == []  # lazy: nothing is asked before the first item
    ids = [user.id for user in users]
    assert ids == [f"user-{n:03}" for n in range(95)]
    assert operations == ["QueryUsers"] * 10  # 9 full pages and a short one, no empty call after it


def test_a_full_last_page_costs_one_empty_call(emulator: Emulator) -> None:
    client = emulator.client()
    operations = recording(emulator)
    pages = list(client.iter_users({"id": {"$in": [f"user-{n:03}" for n in range(20)]}}, page_size=10).pages())
    assert [len(page.items) for page in pages] == [10, 10, 0]
    assert operations == ["QueryUsers"] * 3


def test_pages_carry_their_response_and_typed_items(emulator: Emulator) -> None:
    pages = list(emulator.client().iter_channels({"type": "messaging"}, page_size=3).pages())
    assert [len(page.items) for page in pages] == [3, 3, 1]
    first = pages[0]
    assert isinstance(first, Page) and isinstance(first.items[0], ChannelStateResponseFields)
    assert first.response.status_code() == 201 and first.response.rate_limit() is not None
    cids = [item.channel.cid for page in pages for item in page.items if item.channel]
    assert sorted(cids) == [f"messaging:channel-{n}" for n in range(7)]


def test_async_iterators_walk_the_same_pages(emulator: Emulator) -> None:
    async def walk() -> tuple[list[str], list[int]]:
        async with emulator.async_client() as client:
            users = [user.id async for user in client.iter_users({"id": {"$gte": "user-"}}, {"id": 1}, page_size=40)]
            sizes = [len(page.items) async for page in client.iter_channels({"type": "messaging"}, page_size=5).pages()]
            return users, sizes

    users, sizes = asyncio.run(walk())
    assert users == [f"user-{n:03}" for n in range(95)] and sizes == [5, 2]


def test_members_reactions_replies_and_search(emulator: Emulator) -> None:
    client = emulator.client()
    channel = client.channel("messaging", "busy", {"members": [f"user-{n:03}" for n in range(12)]})
    channel.create("user-000")
    parent = channel.send_message({"text": "parent"}, "user-000")["message"]["id"]
    for n in range(5):
        channel.send_message({"text": f"needle reply {n}", "parent_id": parent}, f"user-{n:03}")
        channel.send_reaction(parent, {"type": "like"}, f"user-{n:03}")
    operations = recording(emulator)

    members = [str(member.user_id) for member in client.iter_members("messaging", "busy", page_size=5)]
    assert sorted(members) == [f"user-{n:03}" for n in range(12)] and operations.count("QueryMembers") == 3
    reactions = list(client.iter_reactions(parent, page_size=2))
    assert len(reactions) == 5 and operations.count("GetReactions") == 3
    replies = list(client.iter_replies(parent, page_size=2))
    assert all(isinstance(reply, MessageResponse) for reply in replies)
    assert [reply.text for reply in replies] == [f"needle reply {n}" for n in reversed(range(5))]  # newest first
    assert operations.count("GetReplies") == 3
    found = list(client.iter_search_results({"type": "messaging"}, "needle", page_size=2))
    assert all(isinstance(result, SearchResult) for result in found) and len(found) == 5
    assert operations.count("Search") == 3  # the last answer has no next cursor: no further call


@pytest.mark.parametrize(
    "bad, error",
    [
        ({"page_size": 31}, "page_size must be from 1 to 30"),
        ({"page_size": 0}, "page_size must be from 1 to 30"),
        ({"page_size": -5}, "page_size must be from 1 to 30"),
        ({"limit": 10}, "limit are set by the iterator"),
        ({"offset": 5}, "offset are set by the iterator"),
    ],
)
def test_bad_paging_fails_before_any_call(emulator: Emulator, bad: dict[str, Any], error: str) -> None:
    operations = recording(emulator)
    with pytest.raises(ValueError, match=error):
        emulator.client().iter_channels({"type": "messaging"}, **bad)
    assert operations == []


def test_a_page_size_that_is_not_an_int_is_refused() -> None:
    with pytest.raises(TypeError, match="page_size must be an int"):
        StreamChat(KEY, SECRET).iter_users({}, page_size=True)


# Cursor operations the emulator does not serve yet: a mock answers two pages, the second without `next`.
CURSOR_OPERATIONS: list[tuple[str, Callable[[Any], Any], str]] = [
    ("threads", lambda client: client.iter_threads({}, page_size=2, user_id="u"), "threads"),
    ("drafts", lambda client: client.iter_drafts("u", page_size=2), "drafts"),
    ("reminders", lambda client: client.iter_reminders("u", page_size=2), "reminders"),
    ("history", lambda client: client.iter_message_history({"message_id": "m"}, page_size=2), "message_history"),
    ("segments", lambda client: client.iter_segments(page_size=2), "segments"),
    ("targets", lambda client: client.iter_segment_targets("seg", page_size=2), "targets"),
    ("campaigns", lambda client: client.iter_campaigns(page_size=2), "campaigns"),
    ("teams", lambda client: client.iter_team_usage_stats(page_size=2, month="2026-11"), "teams"),
]
OFFSET_OPERATIONS: list[tuple[str, Callable[[Any], Any], str]] = [
    ("flags", lambda client: client.iter_message_flags(page_size=2), "flags"),
    ("future bans", lambda client: client.iter_future_channel_bans(page_size=2, user_id="u"), "bans"),
    ("bans", lambda client: client.iter_banned_users({"channel_cid": "messaging:x"}, page_size=2), "bans"),
]


def page_sent(request: httpx.Request) -> dict[str, Any]:
    """The paging keys of a request, wherever the operation carries them (body, payload or query)."""
    query = {key: values[0] for key, values in parse_qs(urlsplit(str(request.url)).query).items()}
    if "payload" in query:
        return dict(json.loads(query["payload"]))
    if request.content:
        return dict(json.loads(request.content))
    return query


def cursor_server(field: str, sent: list[dict[str, Any]]) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        paging = page_sent(request)
        sent.append({key: paging.get(key) for key in ("limit", "next", "offset")})
        if paging.get("next") is None and not paging.get("offset"):
            return httpx.Response(200, json={field: [{}, {}], "next": "cursor-2", "duration": "1ms"})
        return httpx.Response(200, json={field: [{}], "duration": "1ms"})

    return answer


@pytest.mark.parametrize("name, start, field", CURSOR_OPERATIONS, ids=[case[0] for case in CURSOR_OPERATIONS])
def test_cursor_operations_follow_next_until_it_is_gone(name: str, start: Callable[[Any], Any], field: str) -> None:
    sent: list[dict[str, Any]] = []
    client = StreamChat(KEY, SECRET, transport=httpx.MockTransport(cursor_server(field, sent)))
    assert len(list(start(client))) == 3
    assert sent == [
        {"limit": 2, "next": None, "offset": None},
        {"limit": 2, "next": "cursor-2", "offset": None},
    ]

    async def walk() -> int:
        async_client = StreamChatAsync(KEY, SECRET, transport=httpx.MockTransport(cursor_server(field, sent)))
        async with async_client:
            return len([item async for item in start(async_client)])

    assert asyncio.run(walk()) == 3


@pytest.mark.parametrize("name, start, field", OFFSET_OPERATIONS, ids=[case[0] for case in OFFSET_OPERATIONS])
def test_offset_operations_send_limit_and_offset(name: str, start: Callable[[Any], Any], field: str) -> None:
    sent: list[dict[str, Any]] = []
    client = StreamChat(KEY, SECRET, transport=httpx.MockTransport(cursor_server(field, sent)))
    assert len(list(start(client))) == 3
    assert [(page["limit"], page["offset"]) for page in sent] == [(2, 0), (2, 2)]


def test_blocked_users_are_one_call() -> None:
    sent: list[dict[str, Any]] = []
    client = StreamChat(KEY, SECRET, transport=httpx.MockTransport(cursor_server("blocks", sent)))
    assert len(list(client.iter_blocked_users("u"))) == 2 and len(sent) == 1


def test_iterated_users_are_typed(emulator: Emulator) -> None:
    assert isinstance(next(iter(emulator.client().iter_users({"id": "user-001"}))), FullUserResponse)


def test_the_default_page_size_is_one_the_emulator_accepts(emulator: Emulator) -> None:
    """Each iterator's default page size is the API's maximum, which the emulator serves as Stream does."""
    client = emulator.client()
    client.upsert_users([{"id": "ann"}, {"id": "bob"}])
    channel = client.channel("messaging", "room", {"members": ["ann", "bob"]})
    channel.create("ann")
    parent = channel.send_message({"text": "parent"}, "ann")["message"]["id"]
    channel.send_message({"text": "reply", "parent_id": parent}, "bob")
    client.flag_message(parent, user_id="bob")
    client.ban_user("bob", banned_by_id="ann", ban_from_future_channels=True)
    assert [ban.to_dict()["user"]["id"] for ban in client.iter_banned_users({"user_id": "bob"})] == ["bob"]
    flags = client.iter_message_flags({"channel_cid": channel.cid})
    assert [flag.to_dict()["message"]["id"] for flag in flags] == [parent]
    assert [ban.to_dict()["user"]["id"] for ban in client.iter_future_channel_bans(user_id="ann")] == ["bob"]
    assert [thread.parent_message_id for thread in client.iter_threads(user_id="ann")] == [parent]
