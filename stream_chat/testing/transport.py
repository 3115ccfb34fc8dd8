"""``httpx`` transports that answer requests from an ``Emulator`` in process, without a network."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from stream_chat.testing.exchange import Answers, Reply


def _answer(emulator: Answers, request: httpx.Request, body: bytes) -> httpx.Response:
    url = request.url
    target = url.raw_path.decode("ascii")
    origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
    reply: Reply = emulator.handle(request.method, target, dict(request.headers), body, origin)
    return httpx.Response(reply.status, headers=reply.headers, content=reply.body, request=request)


class EmulatorTransport(httpx.BaseTransport):
    """For ``httpx.Client`` and ``StreamChat(..., transport=emulator.transport())``."""

    def __init__(self, emulator: Answers) -> None:
        self.emulator = emulator

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return _answer(self.emulator, request, request.read())


class AsyncEmulatorTransport(httpx.AsyncBaseTransport):
    """For ``httpx.AsyncClient`` and ``StreamChatAsync(..., transport=emulator.async_transport())``."""

    def __init__(self, emulator: Answers) -> None:
        self.emulator = emulator

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return _answer(self.emulator, request, await request.aread())
