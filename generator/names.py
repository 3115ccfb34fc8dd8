"""Names in the generated code that a spec could clash with, and how each clash is resolved.

Every rule is deterministic and depends only on the names involved, so an unrelated change to the
spec never renames anything:

- two operations of one group with the same operationId get module names that add the path
  segments only one of them has (``query_banned_users_chat``, ``query_banned_users_moderation``);
- a component schema whose class name the generated modules use themselves (``Unset``, ``Any``,
  ``Client``, ...) becomes ``<Name>Model``;
- a property whose attribute name a model uses itself (``additional_properties``, ``to_dict``, ...)
  gets a trailing ``_``, and so does a query or header parameter named like a local of the endpoint
  functions; the names on the wire do not change;
- string enum values whose member names would coincide (``a-b`` and ``a_b``) get numbered members.

What cannot be renamed safely is refused with a ``NameClash`` naming the schema or operation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.openapi import Endpoint
from openapi_python_client.strings import ClassName, PythonIdentifier, snake_case

SCHEMA_PREFIX = "#/components/schemas/"
# Names the generated modules import or define next to the model classes they import.
RESERVED_CLASSES = frozenset(
    {
        "Any",
        "APIResponse",
        "Client",
        "File",
        "IntEnum",
        "Literal",
        "Mapping",
        "METHOD",
        "PATH",
        "Self",
        "StrEnum",
        "TypeAlias",
        "UNSET",
        "Unset",
    }
)
# Attribute names a model class has besides its properties; `s` and `m` would become the locals
# `_s` and `_m` of `from_dict`, which are the serde and models modules.
RESERVED_ATTRIBUTES = frozenset({"additional_properties", "to_dict", "from_dict", "s", "m"})
# The endpoint functions' own parameters, and the locals of `_options` and of the functions.
RESERVED_ARGUMENTS = frozenset(
    {"client", "body", "extra_query", "extra_headers", "extra_body", "options", "params", "headers", "method", "path"}
)


class NameClash(Exception):
    """Two things would get the same name and no safe renaming exists; the message says which."""


# Before parsing: on the spec


def rename_reserved_schemas(spec: dict[str, Any]) -> dict[str, str]:
    """Rename, in place, component schemas whose class name is reserved; returns ``{old: new}``."""
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    taken = {str(ClassName(name, "field_")) for name in schemas}
    renames: dict[str, str] = {}
    for name in list(schemas):
        class_name = str(ClassName(name, "field_"))
        if class_name not in RESERVED_CLASSES:
            continue
        new = f"{class_name}Model"
        if new in taken or new in schemas:
            raise NameClash(
                f"schema {name!r}: its class name {class_name} is used by the generated code itself, "
                f"and {new}, its replacement, is taken too; rename one of the two schemas"
            )
        taken.add(new)
        renames[name] = new
    if renames:
        spec["components"]["schemas"] = {renames.get(name, name): schema for name, schema in schemas.items()}
        _rewrite_refs(spec, {SCHEMA_PREFIX + old: SCHEMA_PREFIX + new for old, new in renames.items()})
    return renames


def _rewrite_refs(node: Any, refs: dict[str, str], in_mapping: bool = False) -> None:
    """Point ``$ref`` and discriminator mappings below ``node`` at the renamed schemas."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str) and (key == "$ref" or in_mapping) and value in refs:
                node[key] = refs[value]
            else:
                _rewrite_refs(value, refs, key == "mapping")
    elif isinstance(node, list):
        for value in node:
            _rewrite_refs(value, refs)


def enum_member_names(values: list[Any]) -> list[str] | None:
    """``x-enum-varnames`` for a string enum whose member names would coincide, else ``None``.

    openapi-python-client names a member after its upper-cased value; ``a-b`` and ``a_b`` both give
    ``A_B``, and it then fails or keeps one value only. Members keep those names, the second and
    later of a kind numbered ``_2``, ``_3`` in the spec's order.
    """
    if not values or not all(isinstance(value, str) for value in values):
        return None
    keys = [value.upper() if value and value[0].isalpha() else f"VALUE_{index}" for index, value in enumerate(values)]
    members = [snake_case(key).upper() for key in keys]
    if len(set(members)) == len(members) and not any(key in members[:index] for index, key in enumerate(keys)):
        return None
    names: list[str] = []
    for member in members:
        name, number = member, 1
        while name in names or (name != member and name in members):
            number += 1
            name = f"{member}_{number}"
        names.append(name)
    return names


# After parsing: on the parsed endpoints and models


def name_operations(data: GeneratorData, spec_path: Callable[[Endpoint], str], prefix: str) -> None:
    """Give operations of one group that share a module name distinct names, from their paths.

    ``spec_path`` gives the path of an endpoint as the spec writes it.
    """
    for tag, collection in data.endpoint_collections_by_tag.items():
        by_module: dict[str, list[Endpoint]] = {}
        for endpoint in collection.endpoints:
            by_module.setdefault(str(PythonIdentifier(endpoint.name, prefix)), []).append(endpoint)
        for module, endpoints in sorted(by_module.items()):
            if len(endpoints) > 1:
                spec_paths = [spec_path(endpoint) for endpoint in endpoints]
                for endpoint, name in zip(endpoints, _distinct_names(module, endpoints, spec_paths), strict=True):
                    endpoint.name = PythonIdentifier(name, prefix)
        names = [str(PythonIdentifier(endpoint.name, prefix)) for endpoint in collection.endpoints]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            where = [
                f"{endpoint.method.upper()} {spec_path(endpoint)}"
                for endpoint in collection.endpoints
                if str(PythonIdentifier(endpoint.name, prefix)) in repeated
            ]
            raise NameClash(f"group {tag!r}: no distinct module names for {', '.join(where)}")


def _distinct_names(base: str, endpoints: list[Endpoint], paths: list[str]) -> list[str]:
    """``base`` plus the path segments each path has and another lacks.

    Literal segments first (``delete_file_channels``, ``delete_file_uploads``); parameters too when
    those are not enough (``get_thing``, ``get_thing_id``); then the method.
    """
    for with_parameters in (False, True):
        names = _names_from_segments(base, paths, with_parameters)
        if len(set(names)) == len(names):
            return names
    return [f"{name}_{endpoint.method.lower()}" for name, endpoint in zip(names, endpoints, strict=True)]


def _names_from_segments(base: str, paths: list[str], with_parameters: bool) -> list[str]:
    segment_lists = [
        [_segment_name(part) for part in path.strip("/").split("/") if part and (with_parameters or "{" not in part)]
        for path in paths
    ]
    shared = set.intersection(*(set(segments) for segments in segment_lists))
    return ["_".join([base, *(segment for segment in segments if segment not in shared)]) for segments in segment_lists]


def _segment_name(segment: str) -> str:
    return re.sub(r"\W+", "_", segment.strip("{}")).strip("_").lower()


def rename_reserved_attributes(data: GeneratorData) -> None:
    """Add ``_`` to properties named like a model's own attributes, refusing a name taken by then."""
    for model in data.models:
        props = [*(model.required_properties or []), *(model.optional_properties or [])]
        _rename(props, RESERVED_ATTRIBUTES, f"schema {model.class_info.name}", "property")


def rename_reserved_arguments(data: GeneratorData) -> None:
    """Add ``_`` to query and header parameters named like a local of the endpoint functions."""
    for collection in data.endpoint_collections_by_tag.values():
        for endpoint in collection.endpoints:
            where = f"operation {endpoint.method.upper()} {endpoint.path}"
            for param in endpoint.path_parameters:
                if param.python_name in RESERVED_ARGUMENTS:
                    raise NameClash(
                        f"{where}: path parameter {param.python_name!r} is a name the endpoint functions use; "
                        "rename the placeholder in the spec"
                    )
            arguments = [*endpoint.path_parameters, *endpoint.query_parameters, *endpoint.header_parameters]
            _rename(arguments, RESERVED_ARGUMENTS, where, "parameter")


class Renamed(PythonIdentifier):
    """A Python name the generator chose for a property or parameter; ``codegen.python_name`` keeps it."""


def _rename(props: Iterable[Any], reserved: frozenset[str], where: str, what: str) -> None:
    props = list(props)
    for prop in props:
        if prop.python_name in reserved:
            new = Renamed(f"{prop.python_name}_", "field_", skip_snake_case=True)
            if any(other.python_name == new for other in props):
                raise NameClash(
                    f"{where}: {what} {prop.python_name!r} needs renaming to {new!r}, which another {what} has"
                )
            prop.python_name = new
