"""Which operation a request is: (method, path) matched against the operations of our OpenAPI description.

The table is read from the generated endpoint modules (``stream_chat_gen.api.<group>.<op>``: ``METHOD``,
``PATH``, ``OPERATION_ID``), so every operation the client knows is routed, implemented or not.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from dataclasses import dataclass
from urllib.parse import unquote

import stream_chat_gen.api


@dataclass(frozen=True)
class Route:
    operation_id: str
    method: str
    path: str
    segments: tuple[str, ...]

    def match(self, segments: list[str]) -> dict[str, str] | None:
        """The path parameters if ``segments`` fit this route's template."""
        if len(segments) != len(self.segments):
            return None
        params: dict[str, str] = {}
        for template, segment in zip(self.segments, segments, strict=True):
            if template.startswith("{"):
                if not segment:
                    return None
                params[template[1:-1]] = segment
            elif template != segment:
                return None
        return params

    @property
    def specificity(self) -> tuple[bool, ...]:
        """Literal segments before parameters, so ``/usergroups/search`` wins over ``/usergroups/{id}``."""
        return tuple(not segment.startswith("{") for segment in self.segments)


@functools.cache
def routes() -> tuple[Route, ...]:
    """Every operation of the generated client, most specific templates first."""
    found: list[Route] = []
    for group in pkgutil.iter_modules(stream_chat_gen.api.__path__):
        package = importlib.import_module(f"{stream_chat_gen.api.__name__}.{group.name}")
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            path: str = module.PATH
            found.append(Route(module.OPERATION_ID, module.METHOD, path, tuple(path.strip("/").split("/"))))
    found.sort(key=lambda route: route.specificity, reverse=True)
    return tuple(found)


def split_path(raw_path: str) -> list[str]:
    """Decoded segments of a percent-encoded path."""
    return [unquote(segment) for segment in raw_path.strip("/").split("/")]


def resolve(method: str, raw_path: str) -> tuple[Route, dict[str, str]] | None:
    """The route and path parameters of a request, or ``None`` if no operation has this method and path."""
    segments = split_path(raw_path)
    for route in routes():
        if route.method == method:
            params = route.match(segments)
            if params is not None:
                return route, params
    return None
