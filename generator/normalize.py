"""Rewrite an OpenAPI document into the shape openapi-python-client parses correctly.

The rewrite keeps every fact a client needs and only changes form; it is applied
to our own spec and to Stream's, so both generate the same package:

- ``title`` is dropped from every schema: the generator would turn titles into
  class names (Stream titles 65 schemas ``Response``).
- ``nullable: true`` is dropped from the top level of component schemas: it
  makes every reference a union with ``None``.
- operation tags become the resource group of the path (``generator.groups``);
  Stream tags every operation ``product:chat``.
- query parameters declared with ``content: application/json`` become plain
  ``schema`` parameters (the generator drops them otherwise); the templates send
  every object-typed query parameter JSON-encoded.
- a parameter's ``description`` is copied into its schema, where the generator reads it.
- ``$ref`` siblings other than ``description`` are dropped (OpenAPI 3.0 ignores them).
- an integer schema whose enum values are digit strings gets integer values.
- a ``minimum`` above its ``maximum`` (Stream's overflowed latitude/longitude) is dropped.
- ``type: string`` properties of multipart bodies get ``format: binary`` when
  named ``file``: Stream's spec sends them as text otherwise.
- schemas named like what the generated code uses itself, and string enums
  whose member names would coincide, are renamed as ``generator.names`` says.

One fix needs the parsed document: openapi-python-client gives a property written as a
``$ref`` the referenced schema's description, so ``use_own_descriptions`` puts back the
property's own (its ``$ref``, hence its type, unchanged).
"""

from __future__ import annotations

import copy
from typing import Any

from openapi_python_client.parser import GeneratorData
from openapi_python_client.schema.untrusted_string import UntrustedString
from openapi_python_client.strings import ClassName

from generator.bundle import operations
from generator.codegen import raw
from generator.groups import group_of
from generator.names import enum_member_names, rename_reserved_schemas

SCHEMA_PREFIX = "#/components/schemas/"


def normalize(document: dict[str, Any]) -> dict[str, Any]:
    """Return a normalised deep copy of ``document``."""
    spec = copy.deepcopy(document)
    rename_reserved_schemas(spec)
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    for schema in schemas.values():
        schema.pop("nullable", None)
    _walk_schemas(spec.get("components"))
    _walk_schemas(spec.get("paths"))
    for path, _method, operation in operations(spec):
        operation["tags"] = [group_of(path)]
        for parameter in operation.get("parameters", []):
            if "content" in parameter and "schema" not in parameter:
                (media,) = parameter.pop("content").values()
                parameter["schema"] = media["schema"]
            schema = parameter.get("schema")
            if "description" in parameter and isinstance(schema, dict) and "description" not in schema:
                schema["description"] = parameter["description"]
        body = operation.get("requestBody", {}).get("content", {}).get("multipart/form-data")
        if body is not None:
            _binary_file_fields(_resolve(spec, body.get("schema", {})))
    return spec


# Keys whose value maps names to schemas: the names themselves (a property
# called ``title``) are data, not keywords.
NAMED_SCHEMAS = ("properties", "schemas", "patternProperties")


def _walk_schemas(node: Any) -> None:
    """Fix, in place, every schema-shaped mapping below ``node``."""
    if isinstance(node, dict):
        node.pop("title", None)
        if "$ref" in node:
            for key in [k for k in node if k not in ("$ref", "description")]:
                del node[key]
        if node.get("type") == "integer" and all(isinstance(v, str) and v.isdigit() for v in node.get("enum", [None])):
            node["enum"] = [int(v) for v in node["enum"]]
        members = enum_member_names(node["enum"]) if isinstance(node.get("enum"), list) else None
        if members is not None:
            node["x-enum-varnames"] = members
        minimum, maximum = node.get("minimum"), node.get("maximum")
        if isinstance(minimum, (int, float)) and isinstance(maximum, (int, float)) and minimum > maximum:
            del node["minimum"]
        for key, value in node.items():
            if key in NAMED_SCHEMAS and isinstance(value, dict):
                for schema in value.values():
                    _walk_schemas(schema)
            elif key not in ("example", "examples", "default", "enum"):
                _walk_schemas(value)
    elif isinstance(node, list):
        for value in node:
            _walk_schemas(value)


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
        # A dangling reference is left for openapi-python-client to report.
        resolved: dict[str, Any] = spec.get("components", {}).get("schemas", {}).get(ref[len(SCHEMA_PREFIX) :], {})
        return resolved
    return schema


def _binary_file_fields(schema: dict[str, Any]) -> None:
    for name, prop in schema.get("properties", {}).items():
        if name == "file" and prop.get("type") == "string":
            prop["format"] = "binary"


def use_own_descriptions(data: GeneratorData, spec: dict[str, Any], prefix: str) -> None:
    """Describe each property written as ``$ref`` plus ``description`` by that description, in place.

    ``spec`` is the normalised document ``data`` was parsed from; ``prefix`` the field prefix of the config.
    """
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    by_class = {ClassName(name, prefix): schema for name, schema in schemas.items()}
    for model in data.models:
        written: dict[str, Any] = by_class.get(model.class_info.name, {}).get("properties", {})
        for prop in [*(model.required_properties or []), *(model.optional_properties or [])]:
            own = written.get(raw(prop.name), {})
            if isinstance(own, dict) and "$ref" in own and isinstance(own.get("description"), str):
                prop.description = UntrustedString(own["description"])
