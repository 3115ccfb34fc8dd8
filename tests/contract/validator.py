"""Every request a test sends, validated against ``openapi/`` with openapi-core.

``ValidatingTransport`` / ``AsyncValidatingTransport`` wrap any httpx
transport, and ``validated(handler)`` is an ``httpx.MockTransport`` that does
the same. Before a request goes on, it must

- match an operation of our description (path and method);
- carry only the query parameters the operation declares (plus ``api_key``),
  each valid for its schema, including the JSON-encoded ``payload`` parameter;
- authenticate as the description says: ``api_key`` in the query, a bare JWT
  (``header.payload.signature``, no ``Bearer``) in ``Authorization`` and
  ``Stream-Auth-Type: jwt``;
- have the body the operation describes (media type and schema), and no body
  where it describes none.

Object schemas are *closed*: one that does not say ``additionalProperties``
accepts no other keys (openapi-core's ``additional_properties_default_policy``
``"forbid"``, for the body and the parameters alike). The validator then
accepts exactly the problems listed in ``tests/contract/differences.py`` (by
operation, place and kind) and nothing else.

A request that does not conform raises ``ContractViolation`` (an
``AssertionError``) in the test that sent it, before it reaches the inner
transport, and is recorded in ``LEDGER`` so that the session fails even if
something swallowed the exception. The description is loaded and compiled once
per process (``contract()``).
"""

from __future__ import annotations

import copy
import functools
import json
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

import httpx
from openapi_core import OpenAPI
from openapi_core.configurations import Config
from openapi_core.datatypes import RequestParameters
from openapi_core.validation.request.exceptions import (
    MissingRequiredParameter,
    ParameterValidationError,
    RequestBodyValidationError,
)
from openapi_schema_validator import OAS30Validator
from werkzeug.datastructures import Headers, ImmutableMultiDict

from generator.bundle import bundle, operations
from tests.contract.differences import DIFFERENCES, Difference, Kind

SPEC_DIR = Path(__file__).resolve().parents[2] / "openapi"
JWT_SHAPE = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")
ALWAYS_ALLOWED_QUERY = frozenset({"api_key"})
Place = tuple[str | int, ...]


class ContractViolation(AssertionError):
    """A request the client sent does not conform to ``openapi/``."""


@dataclass(frozen=True)
class Operation:
    """One operation of the description, with what the request checks need of it."""

    operation_id: str
    method: str
    path: str
    pattern: re.Pattern[str]
    specificity: int
    query: dict[str, dict[str, Any]]
    """The query parameters it declares, by name."""
    body_schema: dict[str, Any] | None


@dataclass(frozen=True)
class Problem:
    """One way a request breaks the description, at one place."""

    place: Place
    kind: Kind
    value: Any
    message: str


@dataclass
class Ledger:
    """What the validators saw this session: requests per operation, violations, differences used."""

    checked: Counter[str] = field(default_factory=Counter)
    violations: list[str] = field(default_factory=list)
    used: Counter[Difference] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


LEDGER = Ledger()


def template_pattern(template: str) -> re.Pattern[str]:
    """A regex matching the concrete (percent-encoded) paths of a path template, a group per parameter."""
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile("^" + "".join("([^/]+)" if p.startswith("{") else re.escape(p) for p in parts) + "$")


def place_text(place: Place) -> str:
    return ".".join(str(part) for part in place)


def matches(pattern: str, place: Place) -> bool:
    """Whether a dotted ``where`` (``*`` = any one segment) names ``place``."""
    parts = pattern.split(".")
    return len(parts) == len(place) and all(p in ("*", str(q)) for p, q in zip(parts, place, strict=True))


class _Request:
    """An httpx request as openapi-core's ``Request`` protocol sees it."""

    def __init__(
        self,
        host_url: str,
        method: str,
        path: str,
        path_parameters: dict[str, str],
        query: list[tuple[str, str]],
        headers: httpx.Headers,
        body: bytes,
    ) -> None:
        self.host_url = host_url
        self.path = path
        self.method = method.lower()
        self.body: bytes | None = body or None
        self.content_type = headers.get("content-type", "")
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(query),
            header=Headers(list(headers.multi_items())),
            cookie=ImmutableMultiDict(),
            path=path_parameters,  # decoded here: openapi-core would check the percent-encoded text
        )


class Contract:
    """Our OpenAPI description, compiled for request validation, with the documented differences."""

    def __init__(
        self, document: dict[str, Any], differences: Iterable[Difference] = DIFFERENCES, ledger: Ledger = LEDGER
    ) -> None:
        self.document = document
        self.ledger = ledger
        self.host_url = str(document["servers"][0]["url"]).rstrip("/")
        self.api = OpenAPI.from_dict(document, config=Config(additional_properties_default_policy="forbid"))
        self.operations: dict[str, Operation] = {}
        for path, method, operation in operations(document):
            parameters = [self.resolve(p) for p in operation.get("parameters", [])]
            content: dict[str, Any] = self.resolve(operation.get("requestBody", {})).get("content", {})
            op = Operation(
                operation_id=operation["operationId"],
                method=method.upper(),
                path=path,
                pattern=template_pattern(path),
                specificity=sum(1 for s in path.split("/") if s and not s.startswith("{")),
                query={p["name"]: p for p in parameters if p["in"] == "query"},
                body_schema=next(iter(content.values())).get("schema") if content else None,
            )
            self.operations[op.operation_id] = op
        # Most specific first: `/channels/{type}/query` wins over `/channels/{type}/{id}`.
        self._by_specificity = sorted(self.operations.values(), key=lambda op: -op.specificity)
        self.differences: dict[str, list[Difference]] = {}
        self.missing_operations: list[tuple[str, re.Pattern[str], Difference]] = []
        for difference in differences:
            if difference.kind == "operation":
                method, _, template = difference.operation.partition(" ")
                self.missing_operations.append((method, template_pattern(template), difference))
            elif difference.operation not in self.operations:
                raise ValueError(f"a documented difference names an unknown operation: {difference}")
            else:
                self.differences.setdefault(difference.operation, []).append(difference)
        for listed in self.differences.values():  # the most specific entry is the one a problem is counted against
            listed.sort(key=lambda d: d.where.count("*"))

    def resolve(self, node: Any) -> Any:
        """``node`` with the ``$ref``s at its top followed."""
        while isinstance(node, dict) and "$ref" in node:
            target: Any = self.document
            for part in node["$ref"][2:].split("/"):
                target = target[part]
            node = target
        return node

    def find(self, method: str, path: str) -> Operation | None:
        """The operation a concrete ``method`` and percent-encoded ``path`` call."""
        for op in self._by_specificity:
            if op.method == method and op.pattern.match(path):
                return op
        return None

    # -- checking --------------------------------------------------------------------------------------------------

    def check(self, request: httpx.Request) -> str:
        """Validate one request; returns its operation (ID) or raises ``ContractViolation``."""
        method = request.method.upper()
        path = request.url.raw_path.split(b"?", 1)[0].decode("ascii")
        query = parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True)
        errors = self._auth_errors(request, query)
        op = self.find(method, path)
        if op is None:
            for missing_method, pattern, difference in self.missing_operations:
                if missing_method == method and pattern.match(path):
                    self._use(difference)
                    return self._done(difference.operation, f"{method} {path}", errors)
            return self._done(None, f"{method} {path}", [*errors, "no such operation in openapi/"])
        problems: list[Problem] = []
        for name, value in query:
            if name not in op.query and name not in ALWAYS_ALLOWED_QUERY:
                problems.append(Problem(("query", name), "undescribed", value, "is not a parameter of the operation"))
        names = [name for name, _ in query]
        for name in sorted({name for name in names if names.count(name) > 1}):
            if self.resolve(op.query.get(name, {}).get("schema", {})).get("type") != "array":
                errors.append(f"query.{name}: sent {names.count(name)} times")
        body = request.content
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if body and op.body_schema is None:
            sent = _json(body) if content_type == "application/json" else body
            problems.append(Problem(("body",), "undescribed", sent, f"a {content_type!r} body the operation lacks"))
            body = b""
        match = op.pattern.match(path)
        assert match is not None
        templated = re.findall(r"\{([^}]+)\}", op.path)
        path_parameters = {name: unquote(value) for name, value in zip(templated, match.groups(), strict=True)}
        adapted = _Request(self.host_url, method, path, path_parameters, query, request.headers, body)
        for error in self.api.request_validator.iter_errors(adapted):
            problems.extend(_problems(error))
        for problem in problems:
            accepted = self._accepting(op, problem)
            if accepted is None:
                errors.append(f"{place_text(problem.place)}: {problem.message}")
            else:
                self._use(accepted)
        return self._done(op.operation_id, f"{method} {path}", errors)

    def _done(self, operation: str | None, request: str, errors: list[str]) -> str:
        with self.ledger.lock:
            if operation is not None:
                self.ledger.checked[operation] += 1
            if errors:
                self.ledger.violations.append(f"{request} ({operation}): " + "; ".join(errors))
        if errors or operation is None:
            raise ContractViolation(f"{request} ({operation}) does not conform to openapi/:\n  " + "\n  ".join(errors))
        return operation

    def _use(self, difference: Difference) -> None:
        with self.ledger.lock:
            self.ledger.used[difference] += 1

    def _accepting(self, op: Operation, problem: Problem) -> Difference | None:
        for difference in self.differences.get(op.operation_id, []):
            if difference.kind != problem.kind or not matches(difference.where, problem.place):
                continue
            if difference.schema is None or OAS30Validator(difference.schema).is_valid(problem.value):
                return difference
        return None

    @staticmethod
    def _auth_errors(request: httpx.Request, query: Sequence[tuple[str, str]]) -> list[str]:
        errors: list[str] = []
        if not dict(query).get("api_key"):
            errors.append("auth: no api_key in the query")
        if not JWT_SHAPE.match(request.headers.get("authorization", "")):
            errors.append("auth: Authorization is not a bare JWT (header.payload.signature, no 'Bearer')")
        if request.headers.get("stream-auth-type") != "jwt":
            errors.append("auth: Stream-Auth-Type is not 'jwt'")
        return errors


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return body


def _problems(error: Exception) -> Iterator[Problem]:
    """The problems behind one openapi-core validation error, each at its place."""
    if isinstance(error, RequestBodyValidationError):
        root: Place = ("body",)
    elif isinstance(error, ParameterValidationError):
        root = (error.location, error.name)
        if isinstance(error, MissingRequiredParameter):
            yield Problem(root, "missing", None, "required parameter not sent")
            return
    else:
        yield Problem((), "instead", None, _text(error)[:300])
        return
    schema_errors: Sequence[Any] = list(getattr(error.__cause__, "schema_errors", None) or [])
    if not schema_errors:
        cause = f" ({type(error.__cause__).__name__}: {_text(error.__cause__)})" if error.__cause__ else ""
        yield Problem(root, "instead", None, f"{_text(error)}{cause}"[:300])
    for schema_error in schema_errors:
        for leaf in _leaves(schema_error):
            yield from _leaf_problems(root, leaf)


def _text(error: BaseException) -> str:
    try:
        return str(error)
    except Exception:  # some openapi-core errors fail to format themselves (a str where they expect bytes)
        return f"{type(error).__name__}{error.args!r}"


def _leaves(error: Any) -> Iterator[Any]:
    if error.context:
        for child in error.context:
            yield from _leaves(child)
    else:
        yield error


def _leaf_problems(root: Place, error: Any) -> Iterator[Problem]:
    place = root + tuple(error.absolute_path)
    instance = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties" or error.message.startswith("Additional properties are not allowed"):
        described = schema.get("properties", {})
        for key in instance:
            if key not in described:
                yield Problem((*place, key), "undescribed", instance[key], "is not described (closed schema)")
    elif error.validator == "required":
        for key in error.validator_value:
            if error.message == f"{key!r} is a required property":
                yield Problem((*place, key), "missing", None, "is required but was not sent")
    else:
        yield Problem(place, "instead", instance, error.message[:300])


@functools.cache
def document() -> dict[str, Any]:
    """The bundled description of ``openapi/`` (the same document ``make regen`` generates from)."""
    return bundle(SPEC_DIR)


@functools.cache
def contract() -> Contract:
    """The process-wide compiled description (compiling it takes a few seconds)."""
    return Contract(copy.deepcopy(document()))


class ValidatingTransport(httpx.BaseTransport):
    """Validates each request against the contract, then hands it to ``inner``."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        contract().check(request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class AsyncValidatingTransport(httpx.AsyncBaseTransport):
    """Validates each request against the contract, then hands it to ``inner``."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        contract().check(request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


class ValidatingMockTransport(httpx.MockTransport):
    """``httpx.MockTransport`` (sync and async) that validates each request before answering it."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        contract().check(request)
        return super().handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        contract().check(request)
        return await super().handle_async_request(request)


def validated(handler: Callable[[httpx.Request], Any]) -> httpx.MockTransport:
    """An ``httpx.MockTransport`` for ``handler`` whose every request must conform to ``openapi/``."""
    return ValidatingMockTransport(handler)


def summary(ledger: Ledger = LEDGER) -> list[str]:
    """Lines for the end-of-session report."""
    total = sum(ledger.checked.values())
    return [
        f"requests validated against openapi/: {total} ({len(ledger.checked)} operations), "
        f"non-conforming: {len(ledger.violations)}",
        f"documented differences (tests/contract/differences.py) exercised: {len(ledger.used)} of {len(DIFFERENCES)}",
    ]
