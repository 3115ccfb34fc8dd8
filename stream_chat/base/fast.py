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
"""

from __future__ import annotations

import datetime
import logging
import time
from typing import Any
from urllib.parse import urlencode
from urllib.request import getproxies

import httpx

from stream_chat_gen import Client as GeneratedClient

_httpx_logger = logging.getLogger("httpx")


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

    def _build(self, client: httpx.Client | httpx.AsyncClient, method: str, path: str, options: Any) -> httpx.Request:
        """The request ``client.build_request`` makes of these arguments."""
        kwargs = self.build_request_kwargs(method, path, **options)
        url, params = kwargs["url"], kwargs["params"]
        if all(type(value) is str for value in params.values()):
            # What httpx.URL(url, params=params) makes of string values, without parsing the URL twice.
            url = httpx.URL(url + "?" + urlencode(params) if params else url)
            params = None
        # The merged headers are the same for almost every call: merge once per distinct set.
        key = (tuple(client.headers.raw), tuple(kwargs["headers"].items()))
        headers = self._merged_headers.get(key)
        if headers is None:
            headers = httpx.Headers(client.headers)
            headers.update(kwargs["headers"])
            if len(self._merged_headers) >= 32:
                self._merged_headers.clear()
            self._merged_headers[key] = headers  # httpx.Request copies it: never modified
        timeout = kwargs.get("timeout", client.timeout)
        if isinstance(timeout, (int, float)) or timeout is None:
            extension = self._timeout_extensions.get(timeout)
            if extension is None:
                extension = self._timeout_extensions[timeout] = httpx.Timeout(timeout).as_dict()
        else:
            extension = httpx.Timeout(timeout).as_dict()
        return httpx.Request(
            kwargs["method"],
            url,
            params=params,
            headers=headers,
            content=kwargs.get("content"),
            data=kwargs.get("data"),
            files=kwargs.get("files"),
            extensions={"timeout": extension},
        )

    def request(self, method: str, path: str, **options: Any) -> httpx.Response:
        transport = self._transport
        client = self.get_httpx_client()
        if transport is None or client.is_closed or client.cookies:
            return super().request(method, path, **options)
        request = self._build(client, method, path, options)
        started = time.perf_counter()
        try:
            response = transport.handle_request(request)
        except httpx.RequestError as error:
            error.request = request
            raise
        response.request = request
        try:
            response.read()
        except BaseException:
            response.close()
            raise
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
        except httpx.RequestError as error:
            error.request = request
            raise
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


__all__ = ["FastClient", "can_bypass_client"]
