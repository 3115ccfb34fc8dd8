"""``StreamChatAsync``: the asynchronous client (same methods as ``StreamChat``, awaitable)."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar, Unpack

import httpx

from stream_chat.async_chat.campaign import Campaign
from stream_chat.async_chat.channel import Channel
from stream_chat.async_chat.channel_batch_updater import ChannelBatchUpdater
from stream_chat.async_chat.segment import Segment
from stream_chat.base.client import get_default_header
from stream_chat.base.fast import FastClient, can_bypass_client
from stream_chat.base.http import (
    TRANSPORT_ERRORS,
    Call,
    RawEndpoint,
    deadline_failure,
    log_attempt,
    past,
    to_stream_response,
    transport_failure,
)
from stream_chat.base.loops import LoopBinding
from stream_chat.resources.app import AsyncApp
from stream_chat.resources.campaigns import AsyncCampaigns
from stream_chat.resources.channels import AsyncChannels
from stream_chat.resources.messages import AsyncMessages
from stream_chat.resources.moderation import AsyncModeration
from stream_chat.resources.scale import AsyncScale
from stream_chat.resources.uploads import AsyncUploads
from stream_chat.resources.users import AsyncUsers
from stream_chat.transports import AiohttpTransport
from stream_chat.types.stream_response import StreamResponse
from stream_chat_gen import Client as GeneratedClient

if TYPE_CHECKING:
    from stream_chat.types.campaign import CampaignData
    from stream_chat.types.requests import StreamChatAsyncOptions
    from stream_chat.types.segment import SegmentData, SegmentType

T = TypeVar("T")


class StreamChatAsync(
    AsyncScale,
    AsyncApp,
    AsyncUsers,
    AsyncModeration,
    AsyncMessages,
    AsyncChannels,
    AsyncCampaigns,
    AsyncUploads,
):
    """Stream Chat server-side client over a pooled ``httpx.AsyncClient``.

    Construct it anywhere (no running event loop needed); close it with
    ``await client.close()`` or ``async with StreamChatAsync(...) as client``.
    """

    def __init__(
        self, api_key: str, api_secret: str, timeout: float = 6.0, **options: Unpack[StreamChatAsyncOptions]
    ) -> None:
        super().__init__(api_key, api_secret, timeout, **options)
        http_client = options.get("http_client")
        self._owns_http = http_client is None
        transport = options.get("transport") or (AiohttpTransport() if http_client is None else None)
        self._transport = transport
        self._http: httpx.AsyncClient = http_client or httpx.AsyncClient(transport=transport, timeout=self.timeout)
        self._generated: GeneratedClient = FastClient(
            api_key=self.api_key,
            token=self.auth_token,
            base_url=self.base_url,
            timeout=self.timeout,
            headers={"X-Stream-Client": get_default_header()["X-Stream-Client"]},
            async_httpx_client=self._http,
            # Our own client: requests go straight to its transport (see stream_chat.base.fast).
            async_transport=transport if http_client is None and can_bypass_client() else None,
        )
        # httpx's pool belongs to the loop it was used in, and is closed with it (our aiohttp transport does this
        # itself); see stream_chat.base.loops.
        self._binding = (
            LoopBinding(transport.aclose, "StreamChatAsync")
            if self._owns_http and transport is not None and not isinstance(transport, AiohttpTransport)
            else None
        )
        self._sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        self._clock: Callable[[], float] = time.time
        self._jitter: Callable[[], float] = random.random

    def _send(self, call: Call[T]) -> Coroutine[Any, Any, StreamResponse[T]]:
        # Not a coroutine itself: the one it returns is awaited by the caller, one coroutine frame fewer per call.
        if self._binding is not None:
            self._binding.enter()
        if self.deadline is None:
            return self._attempts(call, None)
        return self._attempts_within(call, self.deadline)

    async def _attempts_within(self, call: Call[T], deadline: float) -> StreamResponse[T]:
        try:
            async with asyncio.timeout(deadline) as scope:
                return await self._attempts(call, time.monotonic() + deadline)
        except TimeoutError:
            if not scope.expired():
                raise
            raise deadline_failure(call, deadline) from None

    async def _attempts(self, call: Call[T], end: float | None) -> StreamResponse[T]:
        attempt = 0
        pacer = self.rate_limit_pacer
        endpoint = f"{call.method} {call.path}" if pacer is not None else ""
        while True:
            if pacer is not None:
                await pacer.acquire_async(endpoint, self._sleep)
            started = time.perf_counter()
            try:
                response = await call.asend(self._generated)
            except TRANSPORT_ERRORS as error:
                log_attempt(call, attempt, started, error)
                wait = self.retry_policy.wait_after_error(call.method, attempt, error, self._jitter())
                if past(end) and self.deadline is not None:
                    raise deadline_failure(call, self.deadline) from error
                if wait is None or past(end, wait):
                    raise transport_failure(call, error) from error
            else:
                log_attempt(call, attempt, started, response)
                if pacer is not None:
                    pacer.record(endpoint, response.headers)
                if response.is_success:
                    return to_stream_response(response)
                wait = self.retry_policy.wait_after_status(
                    call.method, attempt, response.status_code, response.headers, self._clock(), self._jitter()
                )
                if wait is None or past(end, wait):
                    return to_stream_response(response)  # raises the status's exception
            await self._sleep(wait)
            attempt += 1

    @property
    def session(self) -> httpx.AsyncClient:
        """The HTTP client calls go through (stream-chat 4.x's ``session``); assigning calls ``set_http_session``."""
        return self._http

    @session.setter
    def session(self, session: httpx.AsyncClient) -> None:
        self.set_http_session(session)

    def set_http_session(self, session: httpx.AsyncClient) -> None:
        """Send requests through ``session`` (an ``httpx.AsyncClient``) from now on."""
        self._http = session
        self._owns_http = False
        self._binding = None  # the caller's client: its pool is the caller's to close
        self._generated = self._generated_client(async_httpx_client=session)

    def channel(self, channel_type: str, channel_id: str | None = None, data: dict[str, Any] | None = None) -> Channel:
        """A ``Channel`` object (no request is made)."""
        return Channel(self, channel_type, channel_id, data)

    def campaign(self, campaign_id: str | None = None, data: CampaignData | None = None) -> Campaign:
        """A ``Campaign`` object (no request is made)."""
        return Campaign(self, campaign_id, data)

    def segment(
        self, segment_type: SegmentType, segment_id: str | None = None, data: SegmentData | None = None
    ) -> Segment:
        """A ``Segment`` object (no request is made)."""
        return Segment(self, segment_type, segment_id, data)

    def channel_batch_updater(self) -> ChannelBatchUpdater:
        """A ``ChannelBatchUpdater``, with one method per batch operation (no request is made)."""
        return ChannelBatchUpdater(self)

    async def get(self, relative_url: str, params: dict[str, Any] | None = None) -> StreamResponse[dict[str, Any]]:
        """GET any path of the API (escape hatch for endpoints without a method)."""
        return await self._send(Call(RawEndpoint("GET"), relative_url, params))

    async def post(
        self, relative_url: str, params: dict[str, Any] | None = None, data: Any = None
    ) -> StreamResponse[dict[str, Any]]:
        """POST to any path of the API with a JSON body."""
        return await self._send(Call(RawEndpoint("POST"), relative_url, params, data))

    async def put(
        self, relative_url: str, params: dict[str, Any] | None = None, data: Any = None
    ) -> StreamResponse[dict[str, Any]]:
        """PUT to any path of the API with a JSON body."""
        return await self._send(Call(RawEndpoint("PUT"), relative_url, params, data))

    async def patch(
        self, relative_url: str, params: dict[str, Any] | None = None, data: Any = None
    ) -> StreamResponse[dict[str, Any]]:
        """PATCH any path of the API with a JSON body."""
        return await self._send(Call(RawEndpoint("PATCH"), relative_url, params, data))

    async def delete(
        self, relative_url: str, params: dict[str, Any] | None = None, data: Any = None
    ) -> StreamResponse[dict[str, Any]]:
        """DELETE any path of the API (a JSON body only if ``data`` is given)."""
        return await self._send(Call(RawEndpoint("DELETE"), relative_url, params, data))

    async def close(self) -> None:
        """Close the connection pool, if this client created it (in the event loop it was used in)."""
        if self._owns_http:
            # The pool first: in another event loop this raises before the client is marked closed.
            if self._binding is not None:
                self._binding.check()
                await self._binding.release()
            elif isinstance(self._transport, AiohttpTransport):
                await self._transport.aclose()
            await self._http.aclose()

    async def __aenter__(self) -> StreamChatAsync:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
