"""``TypedDict``s of the request schemas: the keys and value types of a plain dict sent as a request.

The attrs models describe what the API answers; these describe what a caller may write as a
``dict`` literal where a request takes one (a message, a user, a sort entry), so that type checkers
check its keys and IDEs complete them. They are built from the spec's JSON directly: every schema
reachable from a request body or a parameter becomes ``<Schema>Dict``, each key optional (the
hand-written layer fills in some, and the API says which it needs). A nested object may also be
any mapping, so a dict built elsewhere (``dict[str, Any]``) is accepted where the runtime accepts it.
"""

from __future__ import annotations

import builtins
import json
import keyword
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openapi_python_client.strings import ClassName

from generator.bundle import operations
from generator.codegen import BUILTIN_TYPES, TemplateError, qualify

# Names the generated module itself uses: a key of the same name cannot be written in a class body.
MODULE_NAMES = frozenset({"Any", "Mapping", "Sequence", "TypedDict", "datetime", "builtins"})
REF = re.compile(r'"#/components/schemas/([^"]+)"')


@dataclass(frozen=True)
class Key:
    """One key of a ``TypedDict``: its name in JSON, its annotation and the spec's description."""

    name: str
    annotation: str
    description: str


@dataclass(frozen=True)
class RequestDict:
    """The ``TypedDict`` of one request schema."""

    class_name: str
    schema: str
    description: str
    keys: list[Key]

    @property
    def class_syntax(self) -> bool:
        """Whether every key can be written as a class attribute (else the functional form is used)."""
        return all(
            key.name.isidentifier() and not keyword.iskeyword(key.name) and key.name not in MODULE_NAMES
            for key in self.keys
        )

    @property
    def hidden(self) -> list[str]:
        """The builtins its keys hide in the class body, written ``builtins.<name>`` there."""
        names = {key.name for key in self.keys}
        return [name for name in BUILTIN_TYPES if name in names] if self.class_syntax else []

    def annotation(self, key: Key) -> str:
        return qualify(key.annotation, self.hidden)


def _schema_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def request_schemas(spec: dict[str, Any]) -> list[str]:
    """Names of the component schemas a request can carry: its bodies, their parameters, and what they refer to."""
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    found: set[str] = set()

    def roots() -> Iterator[str]:
        for _, _, operation in operations(spec):
            for content in operation.get("requestBody", {}).get("content", {}).values():
                yield from REF.findall(json.dumps(content.get("schema", {})))
            for parameter in operation.get("parameters", []):
                yield from REF.findall(json.dumps(parameter))

    stack = list(roots())
    while stack:
        name = stack.pop()
        if name in found or name not in schemas:
            continue
        found.add(name)
        stack.extend(REF.findall(json.dumps(schemas[name])))
    return sorted(name for name in found if schemas[name].get("properties"))


class Annotations:
    """Python annotations of JSON schemas, with request schemas as their ``TypedDict``s."""

    def __init__(self, spec: dict[str, Any], dict_names: dict[str, str]) -> None:
        self.schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
        self.dict_names = dict_names

    def of(self, schema: dict[str, Any]) -> str:
        text = self._of(schema, set())
        return f"{text} | None" if schema.get("nullable") and not text.endswith("None") else text

    def _of(self, schema: dict[str, Any], seen: set[str]) -> str:
        if "$ref" in schema:
            name = _schema_name(schema["$ref"])
            if name in self.dict_names:
                return f"{self.dict_names[name]} | Mapping[str, Any]"
            if name in seen or name not in self.schemas:
                return "Any"
            return self._of(self.schemas[name], seen | {name})
        members = schema.get("oneOf") or schema.get("anyOf")
        if members:
            parts: list[str] = []
            for member in members:
                for part in self._of(member, seen).split(" | "):
                    if part not in parts:
                        parts.append(part)
            return "Any" if "Any" in parts else " | ".join(parts)
        kind = schema.get("type")
        if "enum" in schema:
            return "int" if kind == "integer" else "str"  # open enums: later values are sent as they are
        if kind == "string":
            if schema.get("format") == "date-time":
                return "datetime.datetime | str"
            return "Any" if schema.get("format") == "binary" else "str"
        simple = {"integer": "int", "number": "float", "boolean": "bool"}
        if kind in simple:
            return simple[kind]
        if kind == "array":
            return f"Sequence[{self._of(schema.get('items', {}), seen)}]"
        if kind == "object" and not schema.get("properties"):
            values = schema.get("additionalProperties")
            inner = self._of(values, seen) if isinstance(values, dict) and values else "Any"
            return f"Mapping[str, {inner}]"
        return "Mapping[str, Any]" if kind == "object" else "Any"


def request_dicts(spec: dict[str, Any], prefix: str) -> list[RequestDict]:
    """The ``TypedDict`` of every request schema of ``spec``, by class name."""
    names = request_schemas(spec)
    dict_names = {name: f"{ClassName(name, prefix)}Dict" for name in names}
    annotations = Annotations(spec, dict_names)
    schemas = spec["components"]["schemas"]
    result = []
    for name in names:
        schema = schemas[name]
        keys = [
            Key(str(key), annotations.of(value), str(value.get("description", "")))
            for key, value in schema["properties"].items()
        ]
        result.append(RequestDict(dict_names[name], name, str(schema.get("description", "")), keys))
    if len({item.class_name for item in result}) != len(result) or any(
        item.class_name in dir(builtins) for item in result
    ):
        raise TemplateError("two request schemas would get the same TypedDict name, or a builtin's")
    return sorted(result, key=lambda item: item.class_name)
