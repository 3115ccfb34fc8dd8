"""``AiohttpTransport``: an ``httpx`` async transport over an ``aiohttp`` connection pool.

``StreamChatAsync`` sends through it unless ``transport=`` or ``http_client=``
is given (aiohttp is a dependency, as it is of stream-chat 4.x); pass
``transport=httpx.AsyncHTTPTransport()`` for httpx's own transport.

Why: under concurrency, httpx's default async transport (httpcore) spends
most of its time outside the network: it scans its whole connection pool for
every request and every response, checks each idle socket with a system
call, and, when ``sniffio`` is not installed, retries that failed import on
every request. At 50 requests in flight it serves a few hundred requests per
second where aiohttp serves thousands (``make bench``).

The public API stays httpx: under an ``httpx.AsyncClient`` it takes an
``httpx.Request`` and returns an ``httpx.Response``; only the bytes on the wire
go through aiohttp. ``StreamChatAsync`` goes one step further with its own
client: it sends through ``fetch`` without building either object, and makes
the ``httpx.Response`` only when one is asked for (``stream_chat.base.fast``).
Errors are httpx's (``ConnectError``, ``ConnectTimeout``, ``ReadTimeout``,
``RemoteProtocolError``, ``ReadError``...) either way, so retries and error
handling see no difference. Bodies are read whole (no streaming), and
compressed answers are left for httpx to decode, as with its own transport.

A pooled connection that received bytes while idle (a surplus answer to an
earlier request) is closed instead of reused, so no call reads another's answer.
aiohttp's own second try of an idempotent request on a reused connection is
turned off: the client's retry policy decides every resend, with its backoff.
The httpx exception raised for a failure carries aiohttp's message but not the
aiohttp exception itself (neither as ``__cause__`` nor as ``__context__``):
aiohttp's errors keep the request's headers, which hold the server token.
The session belongs to the event loop of its first request and is closed when
that loop shuts down (``stream_chat.base.loops``).
"""

from __future__ import annotations

import asyncio
import functools
import io
import ssl
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import Any, cast

import aiohttp
import httpx
from aiohttp.client_proto import ResponseHandler
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from stream_chat.base.loops import LoopBinding

__all__ = ["AiohttpTransport", "Answer", "Target"]

_HTTP_11 = b"HTTP/1.1"
_LARGE_BODY = 1 << 20
# aiohttp adds these when a request lacks them; httpx already sent what it meant to send.
_SKIP_AUTO_HEADERS = frozenset({"Accept", "Accept-Encoding", "User-Agent", "Content-Type"})


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Send ``httpx`` requests through one pooled ``aiohttp.ClientSession``.

    ``limit``: connections kept open at most (all hosts); ``keepalive_timeout``:
    seconds an idle connection stays open; ``verify``: ``True`` (certifi's CA
    bundle, as httpx), ``False``, or an ``ssl.SSLContext``. Timeouts come from
    each request (httpx's ``timeout=``): ``connect`` bounds the TCP connect,
    ``pool`` plus ``connect`` the wait for a connection, ``read`` each read.
    httpx's ``write`` timeout has no aiohttp equivalent and is not applied.

    The session is created on the first request, in the running event loop, so
    the transport can be built anywhere; ``aclose()`` closes it, and so does
    the end of that loop (``asyncio.run``); the next loop gets a new one.
    """

    def __init__(
        self, *, limit: int = 100, keepalive_timeout: float = 15.0, verify: bool | ssl.SSLContext = True
    ) -> None:
        self._limit = limit
        self._keepalive_timeout = keepalive_timeout
        self._verify = verify
        self._session: aiohttp.ClientSession | None = None
        self._binding = LoopBinding(self._close_session, "AiohttpTransport")
        self._timeouts: dict[tuple[Any, ...], aiohttp.ClientTimeout] = {}

    def _ssl(self) -> ssl.SSLContext | bool:
        if self._verify is True:
            import certifi  # noqa: PLC0415 - httpx's own dependency; loading the CA bundle is slow

            return ssl.create_default_context(cafile=certifi.where())
        return self._verify

    def _get_session(self) -> aiohttp.ClientSession:
        self._binding.enter()  # a session belongs to the loop it was made in, and closes with it
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._limit, keepalive_timeout=self._keepalive_timeout, ssl=self._ssl()
            )
            # The connector builds each connection's protocol with this (a partial of ResponseHandler).
            factory = functools.partial(_IdleCheckingHandler, loop=asyncio.get_running_loop())
            connector._factory = cast("functools.partial[ResponseHandler]", factory)
            self._session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),  # httpx.AsyncClient keeps the cookies
                auto_decompress=False,  # httpx.Response decodes Content-Encoding itself
                timeout=aiohttp.ClientTimeout(total=None),
            )
            # No second try of idempotent requests on a reused connection: resends are the retry policy's.
            self._session._retry_connection = False
        return self._session

    def _timeout(self, values: Mapping[str, float | None]) -> aiohttp.ClientTimeout:
        """The aiohttp timeouts for httpx's ``timeout`` request extension."""
        connect, read, pool = values.get("connect"), values.get("read"), values.get("pool")
        key = (connect, read, pool)
        found = self._timeouts.get(key)
        if found is None:
            acquire = None if connect is None or pool is None else connect + pool
            found = aiohttp.ClientTimeout(total=None, connect=acquire, sock_connect=connect, sock_read=read)
            if len(self._timeouts) < 64:
                self._timeouts[key] = found
        return found

    def target(self, url: str, headers: Iterable[tuple[str, str]], timeout: Mapping[str, float | None]) -> Target:
        """What ``fetch`` needs of a URL, its headers and httpx's ``timeout`` extension, in aiohttp's forms.

        Made once for every request that shares them (``StreamChatAsync`` keeps one per path and query).
        ``url`` must be percent-encoded already.
        """
        sent = CIMultiDictProxy(CIMultiDict(headers))  # aiohttp copies a CIMultiDictProxy as it is
        # aiohttp adds Accept, Accept-Encoding, User-Agent and (with a body) Content-Type when a request lacks
        # them; keeping them out costs it a few objects per request, so it is asked only when one is missing
        # (httpx's default headers hold the first three, and our calls with a body the last).
        keep_out = None if all(name in sent for name in _SKIP_AUTO_HEADERS) else _SKIP_AUTO_HEADERS
        return Target(URL(url, encoded=True), sent, keep_out, self._timeout(timeout))

    async def fetch(
        self, method: str, target: Target, body: bytes | None, request: Callable[[], httpx.Request]
    ) -> Answer:
        """Send one request and read the whole answer, without building httpx objects.

        ``target`` comes from ``target()``. ``request()`` makes the ``httpx.Request`` that a failure's httpx
        exception carries; it is called only on failure.
        """
        session = self._get_session()
        failure: httpx.TransportError
        try:
            answer = await session.request(
                method,
                target.url,
                # aiohttp warns that a large bytes body blocks the loop while written; as a file it is not.
                data=(io.BytesIO(body) if len(body) > _LARGE_BODY else body) if body else None,
                headers=target.headers,
                skip_auto_headers=target.keep_out,
                allow_redirects=False,  # httpx.AsyncClient follows redirects when asked to
                timeout=target.timeout,
            )
            try:
                content = await answer.read()  # on failure (or cancellation) it closes the connection itself
            finally:
                answer.release()  # back to the pool, or closed if it cannot be reused
        except aiohttp.ClientError as error:
            failure = _httpx_error(error, request())
        except TimeoutError as error:
            failure = httpx.ReadTimeout(str(error) or "timed out", request=request())
        else:
            return Answer(answer.status, answer.headers, answer.raw_headers, content, answer.version, answer.reason)
        # Raised here, outside the handler: aiohttp's exception stays out of the chain (see the module's docstring).
        raise failure

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            body = request.content
        except httpx.RequestNotRead:  # a streaming body: read it whole
            body = await request.aread()
        target = self.target(str(request.url), request.headers.multi_items(), request.extensions.get("timeout") or {})
        answer = await self.fetch(request.method, target, body, lambda: request)
        return answer.to_httpx()

    async def aclose(self) -> None:
        """Close the session (in the event loop it was used in; another raises ``EventLoopMismatchError``)."""
        self._binding.check()
        await self._binding.release()

    async def _close_session(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()
            await asyncio.sleep(0)  # the sockets close in the loop's next turn: let it come before returning

    async def __aenter__(self) -> AiohttpTransport:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        await self.aclose()


class _IdleCheckingHandler(ResponseHandler):
    """aiohttp's protocol, but a pooled connection that received bytes while idle is not reused.

    Such bytes can only be a surplus answer to an earlier request; aiohttp would
    hand it to the next request on the connection as that request's answer.
    """

    def is_connected(self) -> bool:
        # Asked by the pool before reusing an idle connection (and by Connection.closed, which we never read).
        return super().is_connected() and not self.should_close


class Target:
    """A URL, request headers and timeouts as ``AiohttpTransport.fetch`` sends them (see ``target``)."""

    __slots__ = ("headers", "keep_out", "timeout", "url")

    def __init__(
        self,
        url: URL,
        headers: CIMultiDictProxy[str],
        keep_out: frozenset[str] | None,
        timeout: aiohttp.ClientTimeout,
    ) -> None:
        self.url = url
        self.headers = headers
        self.keep_out = keep_out
        self.timeout = timeout


class Answer:
    """A whole answer as aiohttp received it: status, headers (case-insensitive, and raw), body."""

    __slots__ = ("content", "headers", "raw_headers", "reason", "status", "version")

    def __init__(
        self,
        status: int,
        headers: Mapping[str, str],
        raw_headers: tuple[tuple[bytes, bytes], ...],
        content: bytes,
        version: aiohttp.HttpVersion | None,
        reason: str | None,
    ) -> None:
        self.status = status
        self.headers = headers
        self.raw_headers = raw_headers
        self.content = content
        self.version = version
        self.reason = reason

    @property
    def http_version(self) -> str:
        """``HTTP/1.1``, as httpx names versions."""
        return _http_version(self.version).decode("ascii")

    def to_httpx(self) -> httpx.Response:
        """The same answer as an ``httpx.Response``, its body not yet read (and decoded) by httpx."""
        return httpx.Response(
            self.status,
            headers=self.raw_headers,
            stream=httpx.ByteStream(self.content),
            extensions={
                "http_version": _http_version(self.version),
                "reason_phrase": (self.reason or "").encode("latin-1", "replace"),
            },
        )


def _http_version(version: aiohttp.HttpVersion | None) -> bytes:
    if version is None or version == (1, 1):
        return _HTTP_11
    return f"HTTP/{version.major}.{version.minor}".encode("ascii")


def _httpx_error(error: aiohttp.ClientError, request: httpx.Request) -> httpx.TransportError:
    """The httpx exception httpx's own transport raises for the same failure."""
    message = str(error) or type(error).__name__
    if isinstance(error, aiohttp.ConnectionTimeoutError):  # TCP connect, or waiting for a pooled connection
        return httpx.ConnectTimeout(message, request=request)
    if isinstance(error, aiohttp.ServerTimeoutError):  # a read took longer than `read`
        return httpx.ReadTimeout(message, request=request)
    if isinstance(error, aiohttp.ClientConnectorError):  # refused, unreachable, DNS, TLS handshake
        return httpx.ConnectError(message, request=request)
    if isinstance(error, (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError, aiohttp.ClientResponseError)):
        return httpx.RemoteProtocolError(message, request=request)  # closed early, or not valid HTTP
    if isinstance(error, aiohttp.InvalidURL):
        return httpx.UnsupportedProtocol(message, request=request)
    if isinstance(error, aiohttp.ClientOSError):  # reset or broken while talking
        return httpx.ReadError(message, request=request)
    return httpx.NetworkError(message, request=request)
