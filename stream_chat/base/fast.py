"""``FastClient``: the generated ``Client`` with a shorter path from a call to its transport.

``httpx.Client.request`` is general: it merges base URL, params, headers and
cookies through several objects, runs an auth flow and a redirect loop, and
copies every response's cookies into the client's jar through ``urllib``
adapters. For a Stream call none of that changes what is sent: the client is
our own, without auth, hooks, base URL or redirects, and the API sets no
cookies. That machinery costs about as much CPU per call as the rest of our
layer together (``make bench``), so when ``StreamChat``/``StreamChatAsync``
built the httpx client themselves this class builds the same ``httpx.Request``
(the client's default headers, then ours; the same URL, query, body and
timeout extension) and hands it to the same transport, then does what the
client would have done with the answer: read it, attach the request and the
elapsed time, log httpx's ``HTTP Request:`` line, keep cookies if any came.

It steps aside (``super().request``) whenever it could differ: a client given
by the caller (``http_client=``), a closed client, cookies in the jar, or
proxies in the environment (httpx would route through them).

Async calls through our ``AiohttpTransport`` (the default) skip the
httpx objects altogether (``asend``): the same URL, headers, body and timeouts
go to ``AiohttpTransport.fetch``, and the answer's status, headers and body
make the ``APIResponse``. Building an ``httpx.Request`` and an
``httpx.Response`` for each call cost more CPU than the official client spends
on a whole request at 50 in flight (``make bench``), so both are made only if
needed: the request for a failure's exception, the response when
``APIResponse.http_response`` is read or httpx must decode the body or keep
cookies.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import socket
import sys
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import urlencode
from urllib.request import getproxies

import httpx

from stream_chat.base.pool_repair import (
    adrop_connections_with_surplus,
    close_orphaned_connections,
    drop_connections_with_surplus,
)
from stream_chat_gen import Client as GeneratedClient
from stream_chat_gen.types import APIResponse

if TYPE_CHECKING:
    from stream_chat.transports import AiohttpTransport, Target

T = TypeVar("T")

_httpx_logger = logging.getLogger("httpx")

# When the call being sent must be over (``time.monotonic()``), if the client has a ``deadline``; set by
# ``StreamChat._send`` around its attempts. A context variable: threads (and tasks) sharing a client each have theirs.
call_deadline: ContextVar[float | None] = ContextVar("stream_chat_call_deadline", default=None)


class _Countdown(dict[str, float | None]):
    """httpx's ``timeout`` extension, each value cut to the time left before the deadline when httpcore reads it.

    httpcore looks a timeout up as each stage begins (pool, connect, write, the answer's headers, its body),
    so every stage ends by the deadline except the body, which ``_cut_at`` ends.
    """

    def __init__(self, timeouts: dict[str, float | None], end: float) -> None:
        super().__init__(timeouts)
        self.end = end

    def get(self, key: str, default: Any = None) -> Any:
        left = max(0.0, self.end - time.monotonic())
        value = super().get(key, default)
        return left if value is None else min(value, left)


def _cut_at(response: httpx.Response, end: float) -> threading.Timer | None:
    """Shut the answer's socket down at the deadline, so that a body arriving too slowly ends there."""
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if sock is None:
        return None

    def shut() -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(max(0.0, end - time.monotonic()), shut)
    timer.daemon = True
    timer.start()
    return timer


def can_bypass_client() -> bool:
    """Whether a client with default settings may send straight to its transport: no proxies in the environment."""
    return not getproxies()


class FastClient(GeneratedClient):
    """A generated ``Client`` that sends through ``transport`` / ``async_transport`` when they are given.

    They must be the transports of the httpx clients passed as ``httpx_client``
    / ``async_httpx_client``, which must have been built with default settings
    apart from the transport and the timeout.
    """

    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self._transport = transport
        self._async_transport = async_transport
        self._timeout_extensions: dict[float | None, dict[str, float | None]] = {}
        self._merged_headers: dict[tuple[Any, ...], httpx.Headers] = {}
        # What `asend` sends, per path, query and headers of a call (see `_prepare`).
        self._prepared: dict[tuple[Any, ...], _Prepared] = {}
        self._queries: dict[tuple[tuple[str, str], ...], str] = {}
        self._cookies_seen = False
        # Our aiohttp transport takes requests without httpx objects (see `asend`).
        transports = sys.modules.get("stream_chat.transports")  # loaded if async_transport is one of its
        self._direct: AiohttpTransport | None = None
        if transports is not None and isinstance(async_transport, transports.AiohttpTransport):
            self._direct = cast("AiohttpTransport", async_transport)  # the module is looked up, not imported

    def _headers(self, client: httpx.Client | httpx.AsyncClient, headers: dict[str, str]) -> httpx.Headers:
        """The client's default headers, then ``headers``: merged once per distinct set (never modified after)."""
        key = (id(client), tuple(headers.items()))  # the client is ours: its own headers never change
        merged = self._merged_headers.get(key)
        if merged is None:
            merged = httpx.Headers(client.headers)
            merged.update(headers)
            if len(self._merged_headers) >= 32:
                self._merged_headers.clear()
            self._merged_headers[key] = merged
        return merged

    def _url(self, kwargs: dict[str, Any]) -> str | None:
        """The URL with its query string as httpx writes string values; ``None`` if a value is not a string."""
        url: str = kwargs["url"]
        params = kwargs["params"]
        if not params:
            return url
        if not all(type(value) is str for value in params.values()):
            return None
        return f"{url}?{self._query(params)}"

    def _query(self, params: dict[str, str]) -> str:
        """``urlencode(params)``, remembered: almost every call sends the same few parameters (``api_key``)."""
        key = tuple(params.items())
        query = self._queries.get(key)
        if query is None:
            query = urlencode(params)
            if len(self._queries) >= 256:
                self._queries.clear()
            self._queries[key] = query
        return query

    def _timeout(self, client: httpx.Client | httpx.AsyncClient, kwargs: dict[str, Any]) -> dict[str, float | None]:
        """httpx's ``timeout`` request extension for this call."""
        timeout = kwargs.get("timeout", client.timeout)
        if isinstance(timeout, (int, float)) or timeout is None:
            extension = self._timeout_extensions.get(timeout)
            if extension is None:
                extension = self._timeout_extensions[timeout] = httpx.Timeout(timeout).as_dict()
            return extension
        return httpx.Timeout(timeout).as_dict()

    def _build(self, client: httpx.Client | httpx.AsyncClient, method: str, path: str, options: Any) -> httpx.Request:
        """The request ``client.build_request`` makes of these arguments."""
        kwargs = self.build_request_kwargs(method, path, **options)
        # What httpx.URL(url, params=params) makes of string values, without parsing the URL twice.
        url = self._url(kwargs)
        return httpx.Request(
            kwargs["method"],
            kwargs["url"] if url is None else httpx.URL(url),
            params=kwargs["params"] if url is None else None,
            headers=self._headers(client, kwargs["headers"]),
            content=kwargs.get("content"),
            data=kwargs.get("data"),
            files=kwargs.get("files"),
            extensions={"timeout": self._timeout(client, kwargs)},
        )

    def request(self, method: str, path: str, **options: Any) -> httpx.Response:
        transport = self._transport
        client = self.get_httpx_client()
        if transport is None or client.is_closed or client.cookies:
            return super().request(method, path, **options)
        request = self._build(client, method, path, options)
        end = call_deadline.get()
        if end is not None:
            request.extensions["timeout"] = _Countdown(request.extensions["timeout"], end)
        started = time.perf_counter()
        try:
            response = transport.handle_request(request)
        except httpx.RequestError as error:
            error.request = request
            raise
        response.request = request
        timer = None if end is None else _cut_at(response, end)
        try:
            response.read()
        except httpx.TransportError as error:
            response.close()
            if end is not None and time.monotonic() >= end:  # cut by `_cut_at`
                raise httpx.ReadTimeout("deadline passed during the answer", request=request) from None
            raise error
        except BaseException:
            response.close()
            raise
        finally:
            if timer is not None:
                timer.cancel()
            drop_connections_with_surplus(transport)  # no later call may read this one's surplus as its answer
        _finish(client, request, response, started)
        return response

    async def arequest(self, method: str, path: str, **options: Any) -> httpx.Response:
        transport = self._async_transport
        client = self.get_async_httpx_client()
        if transport is None or client.is_closed or client.cookies:
            return await super().arequest(method, path, **options)
        request = self._build(client, method, path, options)
        started = time.perf_counter()
        try:
            response = await transport.handle_async_request(request)
            return await _aread_and_finish(client, request, response, started)
        except httpx.RequestError as error:
            error.request = request
            raise
        except BaseException as error:
            if not isinstance(error, Exception):  # cancelled (asyncio is loaded then: sync users never get here)
                import asyncio  # noqa: PLC0415

                await asyncio.shield(close_orphaned_connections(transport))
            raise
        finally:
            await adrop_connections_with_surplus(transport)

    def _prepare(
        self, client: httpx.AsyncClient, direct: AiohttpTransport, path: str, options: dict[str, Any]
    ) -> _Prepared | None:
        """What ``asend`` sends for this path, query and headers: made once, then looked up.

        ``None`` when a query value is not a string (httpx would write it). The client's own settings
        (base URL, key, token, headers, timeout) never change after it is made; ``with_options`` makes
        a copy with an empty cache.
        """
        params = options.get("params")
        headers = options.get("headers")
        key = (path, tuple(params.items()) if params else (), tuple(headers.items()) if headers else ())
        prepared = self._prepared.get(key)
        if prepared is None:
            kwargs = self.build_request_kwargs("GET", path, params=params, headers=headers)
            url = self._url(kwargs)
            if url is None:
                return None
            merged = self._headers(client, kwargs["headers"])
            timeout = self._timeout(client, kwargs)
            prepared = _Prepared(url, merged, timeout, direct.target(url, merged.multi_items(), timeout))
            if len(self._prepared) >= 256:
                self._prepared.clear()
            self._prepared[key] = prepared
        return prepared

    def with_options(self, **options: Any) -> FastClient:
        clone = cast("FastClient", super().with_options(**options))
        clone._prepared = {}  # the copy may have another timeout or headers
        return clone

    async def asend(self, method: str, path: str, parse: Callable[[Any], T], **options: Any) -> APIResponse[T]:
        """Send one API call; through our aiohttp transport, without httpx objects unless one is asked for.

        The request is the one ``arequest`` would build (same URL, headers, body
        and timeouts). The answer's ``httpx.Response`` is made only when
        ``APIResponse.http_response`` is read, or right away when httpx must
        decode the body (``Content-Encoding``) or keep cookies (``Set-Cookie``).
        """
        direct = self._direct
        client = self.get_async_httpx_client()
        if direct is None or self._cookies_seen or client.is_closed or "files" in options or "data" in options:
            return await super().asend(method, path, parse, **options)
        prepared = self._prepare(client, direct, path, options)
        if prepared is None:
            return await super().asend(method, path, parse, **options)
        url = prepared.url
        content = options.get("content")

        def request() -> httpx.Request:
            return httpx.Request(
                method, url, headers=prepared.headers, content=content, extensions={"timeout": prepared.timeout}
            )

        started = time.perf_counter()
        answer = await direct.fetch(method, prepared.target, content, request)
        headers = answer.headers
        encoding = headers.get("content-encoding")
        sets_cookies = "set-cookie" in headers
        if sets_cookies or (encoding and encoding.lower() != "identity"):
            # httpx decodes the body and keeps the cookies; once there are cookies, calls go through httpx.
            self._cookies_seen = self._cookies_seen or sets_cookies
            return APIResponse(await _aread_and_finish(client, request(), answer.to_httpx(), started), parse)
        elapsed = time.perf_counter() - started
        if _httpx_logger.isEnabledFor(logging.INFO):
            _httpx_logger.info(
                'HTTP Request: %s %s "%s %d %s"', method, url, answer.http_version, answer.status, answer.reason
            )

        def http_response() -> httpx.Response:
            response = answer.to_httpx()
            response.request = request()
            response.read()
            response.elapsed = datetime.timedelta(seconds=elapsed)
            return response

        return APIResponse.from_parts(answer.status, headers, answer.content, parse, http_response)


class _Prepared:
    """One path, query and headers as ``asend`` sends them: the URL, the merged headers, httpx's ``timeout``
    extension (for an ``httpx.Request``, if one is needed), and the same in our aiohttp transport's form."""

    __slots__ = ("headers", "target", "timeout", "url")

    def __init__(self, url: str, headers: httpx.Headers, timeout: dict[str, float | None], target: Target) -> None:
        self.url = url
        self.headers = headers
        self.timeout = timeout
        self.target = target


async def _aread_and_finish(
    client: httpx.AsyncClient, request: httpx.Request, response: httpx.Response, started: float
) -> httpx.Response:
    """Read (and decode) the body as the async httpx client does, closing it on failure; then ``_finish``."""
    response.request = request
    try:
        await response.aread()
    except BaseException:
        await response.aclose()
        raise
    _finish(client, request, response, started)
    return response


def _finish(
    client: httpx.Client | httpx.AsyncClient, request: httpx.Request, response: httpx.Response, started: float
) -> None:
    """What the httpx client does with a response it read: elapsed time, cookies, its log line."""
    response.elapsed = datetime.timedelta(seconds=time.perf_counter() - started)
    if any(key.lower() == b"set-cookie" for key, _ in response.headers.raw):
        client.cookies.extract_cookies(response)
    if _httpx_logger.isEnabledFor(logging.INFO):
        _httpx_logger.info(
            'HTTP Request: %s %s "%s %d %s"',
            request.method,
            request.url,
            response.http_version,
            response.status_code,
            response.reason_phrase,
        )


__all__ = ["FastClient", "call_deadline", "can_bypass_client"]
