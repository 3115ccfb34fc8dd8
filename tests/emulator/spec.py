"""Every answer of the emulator, checked against our OpenAPI description (``openapi/``) with openapi-core.

``ResponseChecker`` validates status, media type and body of each response against the operation its
request called (error statuses against the shared ``APIError`` responses); the transports below wrap
any httpx transport so that every response a client receives is checked. Failures are collected, so a
client that swallows an exception cannot hide one.
"""

from __future__ import annotations

import functools
import json
import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from openapi_core import OpenAPI
from openapi_core.configurations import Config
from openapi_core.templating.paths.exceptions import PathNotFound
from openapi_core.testing import MockRequest, MockResponse
from openapi_schema_validator import OAS30Validator

from generator.bundle import bundle
from stream_chat.testing import Exchange

SPEC_DIR = Path(__file__).resolve().parents[2] / "openapi"
HOST_URL = "https://chat.stream-io-api.com"
RATE_LIMIT_HEADERS = ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset")
EMULATOR_OWN_PATHS = "/_emulator/"  # files and import uploads the emulator serves: not operations of the API


@functools.cache
def document() -> dict[str, Any]:
    return bundle(SPEC_DIR)


def api_error() -> dict[str, Any]:
    """The ``APIError`` schema (it has no references)."""
    schema: dict[str, Any] = document()["components"]["schemas"]["APIError"]
    return schema


@functools.cache
def api() -> OpenAPI:
    """The bundled description, compiled once per process (the document itself is checked elsewhere)."""
    return OpenAPI.from_dict(document(), config=Config(spec_validator_cls=None))


class ResponseChecker:
    """Validates responses and remembers every failure and every operation seen."""

    def __init__(self) -> None:
        self.failures: list[str] = []
        self.checked: list[tuple[str, str, int]] = []
        self._lock = threading.Lock()

    def check(self, method: str, raw_path: str, status: int, headers: httpx.Headers, body: bytes) -> None:
        if raw_path.startswith(EMULATOR_OWN_PATHS):
            return
        problems: list[str] = []
        missing = [name for name in RATE_LIMIT_HEADERS if name not in headers]
        if missing:
            problems.append(f"no rate-limit headers {missing}")
        content_type = headers.get("content-type", "")
        request = MockRequest(HOST_URL, method.lower(), raw_path)
        response = MockResponse(body, status_code=status, content_type=content_type)
        try:
            api().validate_response(request, response)
        except PathNotFound:  # not an operation of the API: the answer must still be Stream's error body
            problems += [error.message for error in OAS30Validator(api_error()).iter_errors(json.loads(body))]
            if status != 501:
                problems.append(f"an unknown operation answered {status}, not 501")
        except Exception as error:  # any validation failure is reported with its cause
            cause = getattr(error.__cause__, "schema_errors", None) or error.__cause__ or ""
            problems.append(f"{type(error).__name__}: {error} {cause}"[:2000])
        with self._lock:
            self.checked.append((method, raw_path, status))
            self.failures.extend(f"{method} {raw_path} -> {status}: {problem}" for problem in problems)

    def check_response(self, request: httpx.Request, response: httpx.Response) -> None:
        path = request.url.raw_path.split(b"?", 1)[0].decode("ascii")
        self.check(request.method, path, response.status_code, response.headers, response.content)

    def check_exchange(self, exchange: Exchange) -> None:
        reply = exchange.reply
        path = quote(exchange.path, safe="/!$&'()*+,;=:@~")
        self.check(exchange.method, path, reply.status, httpx.Headers(reply.headers), reply.body)

    def assert_clean(self) -> None:
        assert self.checked, "no response was checked"
        assert not self.failures, "responses that break openapi/:\n" + "\n".join(self.failures)


class CheckingTransport(httpx.BaseTransport):
    """Hands requests to ``inner`` and checks each response against the description."""

    def __init__(self, inner: httpx.BaseTransport, checker: ResponseChecker) -> None:
        self.inner = inner
        self.checker = checker

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        self.checker.check_response(request, response)
        return response

    def close(self) -> None:
        self.inner.close()


class AsyncCheckingTransport(httpx.AsyncBaseTransport):
    """The async ``CheckingTransport``."""

    def __init__(self, inner: httpx.AsyncBaseTransport, checker: ResponseChecker) -> None:
        self.inner = inner
        self.checker = checker

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        await response.aread()
        self.checker.check_response(request, response)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()
