"""Every public class and method of stream-chat 4.x exists here with the same signature, sync and async.

The list comes from the reference surface file (218 methods); it is read at run
time and skipped, with the reason, when the reference folder is not beside the
checkout.
"""

from __future__ import annotations

import ast
import csv
import importlib
import inspect
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SURFACE = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "stream-chat-4x-surface.tsv"

SYNC_CLASSES = {
    "StreamChat": "stream_chat.client:StreamChat",
    "Channel": "stream_chat.channel:Channel",
    "Campaign": "stream_chat.campaign:Campaign",
    "Segment": "stream_chat.segment:Segment",
    "ChannelBatchUpdater": "stream_chat.channel_batch_updater:ChannelBatchUpdater",
    "QueryThreads": "stream_chat.query_threads:QueryThreads",
    "StreamResponse": "stream_chat.types.stream_response:StreamResponse",
}
ASYNC_CLASSES = {
    "StreamChat": "stream_chat.async_chat.client:StreamChatAsync",
    "Channel": "stream_chat.async_chat.channel:Channel",
    "Campaign": "stream_chat.async_chat.campaign:Campaign",
    "Segment": "stream_chat.async_chat.segment:Segment",
    "ChannelBatchUpdater": "stream_chat.async_chat.channel_batch_updater:ChannelBatchUpdater",
}


@dataclass(frozen=True)
class Row:
    cls: str
    method: str
    signature: str
    verb: str

    @property
    def makes_request(self) -> bool:
        return self.verb not in ("-", "")


def _rows() -> list[Row]:
    if not SURFACE.is_file():
        return []
    with SURFACE.open(encoding="utf-8") as handle:
        return [
            Row(line["class"], line["method"], line["python_signature"], line["http_verb"].split(" ")[0])
            for line in csv.DictReader(handle, delimiter="\t")
        ]


ROWS = _rows()
pytestmark = pytest.mark.skipif(not ROWS, reason=f"reference surface file not found at {SURFACE}")


def _load(path: str) -> type:
    module, name = path.split(":")
    loaded: type = getattr(importlib.import_module(module), name)
    return loaded


def _expected_parameters(signature: str) -> list[tuple[str, str, str | None]]:
    """(name, kind, default source) of each parameter of a TSV signature, ``self`` excluded."""
    head = signature.split(" -> ")[0] if " -> " in signature else signature
    tree = ast.parse(f"def {head}: pass")
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef)
    args = function.args
    result: list[tuple[str, str, str | None]] = []
    positional = args.posonlyargs + args.args
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    for arg, default in zip(positional, defaults, strict=True):
        result.append((arg.arg, "POSITIONAL_OR_KEYWORD", None if default is None else ast.unparse(default)))
    if args.vararg:
        result.append((args.vararg.arg, "VAR_POSITIONAL", None))
    for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        result.append((arg.arg, "KEYWORD_ONLY", None if kw_default is None else ast.unparse(kw_default)))
    if args.kwarg:
        result.append((args.kwarg.arg, "VAR_KEYWORD", None))
    return [item for item in result if item[0] != "self"]


def _actual_parameters(
    function: Any, expected: list[tuple[str, str, str | None]] | None = None
) -> list[tuple[str, str, str | None]]:
    """Parameters as ``_expected_parameters`` gives them, leaving out optional keyword-only ones that we add."""
    known = {name for name, _, _ in expected or []}
    result = []
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name == "self":
            continue
        added = parameter.kind is inspect.Parameter.KEYWORD_ONLY and parameter.name not in known
        if expected is not None and added and parameter.default is not inspect.Parameter.empty:
            continue
        default = None if parameter.default is inspect.Parameter.empty else repr(parameter.default)
        result.append((parameter.name, parameter.kind.name, default))
    return result


def _member(cls: type, name: str) -> Any:
    return inspect.getattr_static(cls, name)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.cls}.{row.method}")
def test_sync_method_matches_official(row: Row) -> None:
    cls = _load(SYNC_CLASSES[row.cls])
    member = _member(cls, row.method)
    if isinstance(member, property):
        return
    function = getattr(cls, row.method)
    assert not inspect.iscoroutinefunction(function), f"{row.cls}.{row.method} must not be async in the sync client"
    expected = _expected_parameters(row.signature)
    assert _actual_parameters(function, expected) == expected


@pytest.mark.parametrize(
    "row", [row for row in ROWS if row.cls in ASYNC_CLASSES], ids=lambda row: f"{row.cls}.{row.method}"
)
def test_async_twin_matches(row: Row) -> None:
    sync_cls, async_cls = _load(SYNC_CLASSES[row.cls]), _load(ASYNC_CLASSES[row.cls])
    if isinstance(_member(sync_cls, row.method), property):
        assert isinstance(_member(async_cls, row.method), property)
        return
    sync_function, async_function = getattr(sync_cls, row.method), getattr(async_cls, row.method)
    assert _actual_parameters(async_function) == _actual_parameters(sync_function)
    if row.makes_request and row.method != "__init__":
        assert inspect.iscoroutinefunction(async_function), f"{row.cls}.{row.method} must be awaitable"


def test_every_official_class_is_mapped() -> None:
    assert {row.cls for row in ROWS} <= set(SYNC_CLASSES)
    public = [row for row in ROWS if row.method != "__init__" and not row.method.startswith("_")]
    assert len(public) >= 218


def test_import_paths() -> None:
    from stream_chat import StreamChat, StreamChatAsync  # noqa: PLC0415
    from stream_chat.async_chat import StreamChatAsync as AsyncFromPackage  # noqa: PLC0415
    from stream_chat.base.exceptions import StreamAPIException, StreamChatAPIException  # noqa: PLC0415
    from stream_chat.types.rate_limit import RateLimitInfo  # noqa: PLC0415
    from stream_chat.types.stream_response import StreamResponse  # noqa: PLC0415

    assert StreamChatAsync is AsyncFromPackage
    assert StreamChatAPIException is StreamAPIException
    assert StreamChat.__name__ == "StreamChat"
    assert RateLimitInfo.__name__ == "RateLimitInfo"
    assert issubclass(StreamResponse, dict)
