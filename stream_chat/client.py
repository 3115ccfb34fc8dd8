"""``StreamChat``: the synchronous client."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, Unpack

import httpx

from stream_chat.base.client import get_default_header
from stream_chat.base.fast import FastClient, call_deadline, can_bypass_client
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
from stream_chat.campaign import Campaign
from stream_chat.channel import Channel
from stream_chat.channel_batch_updater import ChannelBatchUpdater
from stream_chat.resources.app import SyncApp
from stream_chat.resources.campaigns import SyncCampaigns
from stream_chat.resources.channels import SyncChannels
from stream_chat.resources.messages import SyncMessages
from stream_chat.resources.moderation import SyncModeration
from stream_chat.resources.scale import SyncScale
from stream_chat.resources.uploads import SyncUploads
from stream_chat.resources.users import SyncUsers
from stream_chat.segment import Segment
from stream_chat.types.stream_response import StreamResponse
from stream_chat_gen import Client as GeneratedClient

if TYPE_CHECKING:
    from stream_chat.types.campaign import CampaignData
    from stream_chat.types.requests import StreamChatOptions
    from stream_chat.types.segment import SegmentData, SegmentType

T = TypeVar("T")


class StreamChat(
    SyncScale,
    SyncApp,
    SyncUsers,
    SyncModeration,
    SyncMessages,
    SyncChannels,
    SyncCampaigns,
    SyncUploads,
):
    """Stream Chat server-side client over a pooled ``httpx.Client``.

    Every method sends one request (retrying as ``RetryPolicy`` allows) and
    returns a ``StreamResponse`` (a dict with ``.model`` for typed access) or
    raises ``StreamAPIException`` / ``StreamConnectionError``.
    """

    def __init__(
        self, api_key: str, api_secret: str, timeout: float = 6.0, **options: Unpack[StreamChatOptions]
    ) -> None:
        super().__init__(api_key, api_secret, timeout, **options)
        http_client = options.get("http_client")
        self._owns_http = http_client is None
        transport = options.get("transport") or httpx.HTTPTransport()  # what httpx.Client would create
        self._http: httpx.Client = http_client or httpx.Client(transport=transport, timeout=self.timeout)
        self._generated: GeneratedClient = FastClient(
            api_key=self.api_key,
            token=self.auth_token,
            base_url=self.base_url,
            timeout=self.timeout,
            headers={"X-Stream-Client": get_default_header()["X-Stream-Client"]},
            httpx_client=self._http,
            # Our own client: requests go straight to its transport (see stream_chat.base.fast).
            transport=transport if http_client is None and can_bypass_client() else None,
        )
        self._sleep: Callable[[float], None] = time.sleep
        self._clock: Callable[[], float] = time.time
        self._jitter: Callable[[], float] = random.random

    def _send(self, call: Call[T]) -> StreamResponse[T]:
        if self.deadline is None:
            return self._attempts(call, None)
        end = time.monotonic() + self.deadline
        token = call_deadline.set(end)  # read by FastClient.request
        try:
            return self._attempts(call, end)
        finally:
            call_deadline.reset(token)

    def _attempts(self, call: Call[T], end: float | None) -> StreamResponse[T]:
        attempt = 0
        pacer = self.rate_limit_pacer
        endpoint = f"{call.method} {call.path}" if pacer is not None else ""
        while True:
            if pacer is not None:
                pacer.acquire(endpoint, self._sleep)
            started = time.perf_counter()
            try:
                response = call.send(self._generated)
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
            self._sleep(wait)
            attempt += 1

    @property
    def session(self) -> httpx.Client:
        """The HTTP client calls go through (stream-chat 4.x's ``session``); assigning calls ``set_http_session``."""
        return self._http

    @session.setter
    def session(self, session: httpx.Client) -> None:
        self.set_http_session(session)

    def set_http_session(self, session: httpx.Client) -> None:
        """Send requests through ``session`` (an ``httpx.Client``) from now on."""
        self._http = session
        self._owns_http = False
        self._generated = self._generated_client(httpx_client=session)

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

    def get(self, relative_url: str, params: dict[str, Any] | None = None) -> StreamResponse[dict[str, Any]]:
        """GET any path of the API (escape hatch for endpoints without a method)."""
        return self._send(Call(RawEndpoint("GET"), relative_url, params))

    def post(
        self, relative_url: str, params: dict[str, Any] | None = None, data: Any = None
    ) -> StreamResponse[dict[str, Any]]:
        """POST to any path of the API with a JSON body."""
        return self._send(Call(RawEndpoint("POST"), relative_url, params, data))

    def put(
        self, relative_url: str, params: dict[str, Any] | None = None, data: Any = None
    ) -> StreamResponse[dict[str, Any]]:
        """PUT to any path of the API with a JSON body."""
        return self._send(Call(RawEndpoint("PUT"), relative_url, params, data))

    def patch(
        self, relative_url: str, params: dict[str, Any] | None = None, data: Any = None
    ) -> StreamResponse[dict[str, Any]]:
        """PATCH any path of the API with a JSON body."""
        return self._send(Call(RawEndpoint("PATCH"), relative_url, params, data))

    def delete(
        self, relative_url: str, params: dict[str, Any] | None = None, data: Any = None
    ) -> StreamResponse[dict[str, Any]]:
        """DELETE any path of the API (a JSON body only if ``data`` is given)."""
        return self._send(Call(RawEndpoint("DELETE"), relative_url, params, data))

    def close(self) -> None:
        """Close the connection pool, if this client created it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> StreamChat:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
