"""The clients the benchmark compares, each doing the four operations its own way.

Each driver runs in a worker process of its own (``bench/worker.py``), started
with the client's package first on ``sys.path``: the official ``stream-chat``
is also called ``stream_chat``, and ``getstream`` brings its own dependencies.
Nothing here imports a client at module level.

A sync driver is ``setup(base_url) -> call(operation) -> result``; an async one
``async setup(base_url) -> (call, close)``. Every call does what a user's code
would: send the request and get the result into the form the client returns
(a dict, our typed model, getstream's dataclasses); ``check`` then makes sure
it is the right answer, so no client is timed doing something else.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

API_KEY = "bench-key"
API_SECRET = "bench-secret-" + "s" * 51
USER_ID = "user-01-000"
CHANNEL_TYPE, CHANNEL_ID = "messaging", "proj-01"
OPERATIONS = ("upsert_user", "query_channel", "send_message", "query_channels")
MESSAGE = {"text": "the release is ready for review", "custom_field": "value"}
USER = {"id": USER_ID, "name": "Alice Moreau", "role": "user", "custom_field": "value"}
FILTER = {"members": {"$in": [USER_ID]}}
SORT = [{"field": "last_message_at", "direction": -1}]

SyncCall = Callable[[str], Any]
AsyncCall = Callable[[str], Awaitable[Any]]
AsyncClose = Callable[[], Awaitable[None]]

# Request bodies the raw clients send: the same JSON our client and the official one send.
RAW_REQUESTS: dict[str, tuple[str, dict[str, Any]]] = {
    "upsert_user": ("/users", {"users": {USER_ID: USER}}),
    "query_channel": (f"/channels/{CHANNEL_TYPE}/{CHANNEL_ID}/query", {"state": True}),
    "send_message": (
        f"/channels/{CHANNEL_TYPE}/{CHANNEL_ID}/message",
        {"message": {**MESSAGE, "user_id": USER_ID}},
    ),
    "query_channels": ("/channels", {"filter_conditions": FILTER, "sort": SORT, "state": True, "limit": 10}),
}


def server_token() -> str:
    import jwt  # noqa: PLC0415 - every worker has PyJWT (a dependency of all the clients)

    return jwt.encode({"server": True}, API_SECRET, algorithm="HS256")


def raw_headers() -> dict[str, str]:
    return {
        "Authorization": server_token(),
        "Stream-Auth-Type": "jwt",
        "X-Stream-Client": "stream-python-client-bench",
        "Content-Type": "application/json",
    }


# What a correct answer holds, per operation, however the client represents it.


def check(operation: str, result: Any) -> None:
    value = _probe(operation, result)
    expected = {
        "upsert_user": "user-05-000",
        "query_channel": "messaging:proj-01",
        "send_message": "proj-07-msg-0000",
        "query_channels": 10,
    }[operation]
    if value != expected:
        raise AssertionError(f"{operation}: got {value!r}, expected {expected!r}")


def _probe(operation: str, result: Any) -> Any:
    probes: dict[str, Callable[[], Any]]
    if isinstance(result, dict):
        probes = {
            "upsert_user": lambda: next(iter(result["users"])),
            "query_channel": lambda: result["channel"]["cid"],
            "send_message": lambda: result["message"]["id"],
            "query_channels": lambda: len(result["channels"]),
        }
        return probes[operation]()
    probes = {  # a typed model: ours or getstream's dataclasses
        "upsert_user": lambda: next(iter(result.users)),
        "query_channel": lambda: result.channel.cid,
        "send_message": lambda: result.message.id,
        "query_channels": lambda: len(result.channels),
    }
    return probes[operation]()


# Sync drivers


def ours_sync(base_url: str, *, typed: bool) -> SyncCall:
    from stream_chat import StreamChat  # noqa: PLC0415

    calls = _stream_sync_calls(StreamChat(API_KEY, API_SECRET, base_url=base_url))
    if typed:
        return lambda operation: calls[operation]().model
    return lambda operation: calls[operation]()


def official_sync(base_url: str) -> SyncCall:
    from stream_chat import StreamChat  # noqa: PLC0415 - the official package, first on sys.path here

    calls = _stream_sync_calls(StreamChat(API_KEY, API_SECRET, base_url=base_url))
    return lambda operation: calls[operation]()


def _stream_sync_calls(client: Any) -> dict[str, Callable[[], Any]]:
    """The benchmarked operations on a sync client with stream-chat's API (ours or the official one)."""
    channel = client.channel(CHANNEL_TYPE, CHANNEL_ID)
    return {
        "upsert_user": lambda: client.upsert_user(USER),
        "query_channel": lambda: channel.query(),
        "send_message": lambda: channel.send_message(MESSAGE, USER_ID),
        "query_channels": lambda: client.query_channels(FILTER, SORT, limit=10),
    }


def raw_httpx_sync(base_url: str) -> SyncCall:
    """The floor: one pooled ``httpx.Client``, the same request, ``response.json()``."""
    import httpx  # noqa: PLC0415

    client = httpx.Client(timeout=6.0)
    headers = raw_headers()
    params = {"api_key": API_KEY}

    def call(operation: str) -> Any:
        path, body = RAW_REQUESTS[operation]
        response = client.post(base_url + path, params=params, headers=headers, json=body)
        response.raise_for_status()
        return response.json()

    return call


def getstream_sync(base_url: str) -> SyncCall:
    from getstream import Stream  # type: ignore[import-not-found]  # noqa: PLC0415 - in its own folder
    from getstream.models import (  # type: ignore[import-not-found]  # noqa: PLC0415
        MessageRequest,
        SortParamRequest,
        UserRequest,
    )

    client = Stream(api_key=API_KEY, api_secret=API_SECRET, base_url=base_url, timeout=6.0)
    channel = client.chat.channel(CHANNEL_TYPE, CHANNEL_ID)
    user = UserRequest(id=USER_ID, name=USER["name"], role="user", custom={"custom_field": "value"})
    sort = [SortParamRequest(field="last_message_at", direction=-1)]
    message = MessageRequest(text=MESSAGE["text"], user_id=USER_ID, custom={"custom_field": "value"})
    calls: dict[str, Callable[[], Any]] = {
        "upsert_user": lambda: client.upsert_users(user),
        "query_channel": lambda: channel.get_or_create(state=True),
        "send_message": lambda: client.chat.send_message(CHANNEL_TYPE, CHANNEL_ID, message),
        "query_channels": lambda: client.chat.query_channels(filter_conditions=FILTER, sort=sort, limit=10),
    }
    return lambda operation: calls[operation]().data


SYNC_DRIVERS: dict[str, Callable[[str], SyncCall]] = {
    "ours": lambda url: ours_sync(url, typed=False),
    "ours-typed": lambda url: ours_sync(url, typed=True),
    "raw-httpx": raw_httpx_sync,
    "official": official_sync,
    "getstream": getstream_sync,
}


# Async drivers


async def ours_async(base_url: str, *, transport: str) -> tuple[AsyncCall, AsyncClose]:
    from stream_chat import StreamChatAsync  # noqa: PLC0415

    options: dict[str, Any] = {}
    if transport == "httpx":  # the opt-in: httpx's own transport (httpcore)
        import httpx  # noqa: PLC0415

        options["transport"] = httpx.AsyncHTTPTransport()
    client = StreamChatAsync(API_KEY, API_SECRET, base_url=base_url, **options)
    return _stream_async_calls(client), client.close


def _stream_async_calls(client: Any) -> AsyncCall:
    """The benchmarked operations on an async client with stream-chat's API (ours or the official one)."""
    channel = client.channel(CHANNEL_TYPE, CHANNEL_ID)
    calls: dict[str, Callable[[], Awaitable[Any]]] = {
        "upsert_user": lambda: client.upsert_user(USER),
        "query_channel": lambda: channel.query(),
        "send_message": lambda: channel.send_message(MESSAGE, USER_ID),
        "query_channels": lambda: client.query_channels(FILTER, SORT, limit=10),
    }

    async def call(operation: str) -> Any:
        return await calls[operation]()

    return call


async def official_async(base_url: str) -> tuple[AsyncCall, AsyncClose]:
    from stream_chat.async_chat import StreamChatAsync  # noqa: PLC0415 - the official package here

    client = StreamChatAsync(API_KEY, API_SECRET, base_url=base_url)
    return _stream_async_calls(client), client.close


async def raw_httpx_async(base_url: str) -> tuple[AsyncCall, AsyncClose]:
    import httpx  # noqa: PLC0415

    client = httpx.AsyncClient(timeout=6.0)
    headers = raw_headers()
    params = {"api_key": API_KEY}

    async def call(operation: str) -> Any:
        path, body = RAW_REQUESTS[operation]
        response = await client.post(base_url + path, params=params, headers=headers, json=body)
        response.raise_for_status()
        return response.json()

    return call, client.aclose


async def raw_aiohttp_async(base_url: str) -> tuple[AsyncCall, AsyncClose]:
    import aiohttp  # noqa: PLC0415

    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=6.0))
    headers = raw_headers()
    params = {"api_key": API_KEY}

    async def call(operation: str) -> Any:
        path, body = RAW_REQUESTS[operation]
        async with session.post(base_url + path, params=params, headers=headers, json=body) as response:
            response.raise_for_status()
            return json.loads(await response.read())

    return call, session.close


async def getstream_async(base_url: str) -> tuple[AsyncCall, AsyncClose]:
    from getstream import AsyncStream  # noqa: PLC0415 - in its own folder
    from getstream.models import MessageRequest  # noqa: PLC0415

    client = AsyncStream(api_key=API_KEY, api_secret=API_SECRET, base_url=base_url, timeout=6.0)
    channel = client.chat.channel(CHANNEL_TYPE, CHANNEL_ID)
    message = MessageRequest(text=MESSAGE["text"], user_id=USER_ID, custom={"custom_field": "value"})
    calls: dict[str, Callable[[], Awaitable[Any]]] = {
        "query_channel": lambda: channel.get_or_create(state=True),
        "send_message": lambda: client.chat.send_message(CHANNEL_TYPE, CHANNEL_ID, message),
    }

    async def call(operation: str) -> Any:
        return (await calls[operation]()).data

    async def close() -> None:
        await client.aclose()

    return call, close


ASYNC_DRIVERS: dict[str, Callable[[str], Awaitable[tuple[AsyncCall, AsyncClose]]]] = {
    "ours": lambda url: ours_async(url, transport="default"),
    "ours-httpx": lambda url: ours_async(url, transport="httpx"),
    "raw-httpx": raw_httpx_async,
    "raw-aiohttp": raw_aiohttp_async,
    "official": official_async,
    "getstream": getstream_async,
}
