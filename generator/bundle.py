"""Merge ``openapi/*.yaml`` into one OpenAPI document.

``openapi.yaml`` is the root; every other file contributes ``paths`` and
``components.schemas``. A path+method or schema defined twice is an error, and
so is a ``$ref`` to a schema nobody defines. Finally every operation gets the
root's shared error responses (``x-error-statuses``) for each status it does
not declare itself.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT_FILE = "openapi.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMA_PREFIX = "#/components/schemas/"

try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader


class BundleError(Exception):
    """The files of ``openapi/`` do not make one consistent document."""


def load_yaml(path: Path) -> dict[str, Any]:
    """Load one YAML file, which must hold a mapping."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    if not isinstance(data, dict):
        raise BundleError(f"{path}: expected a mapping at the top level")
    return data


def group_files(spec_dir: Path) -> list[Path]:
    """The resource-group files of ``spec_dir``, in a stable order."""
    return sorted(p for p in spec_dir.glob("*.yaml") if p.name != ROOT_FILE)


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Yield ``(path, method, operation)`` for every operation of a document."""
    for path, item in document.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def iter_refs(node: Any) -> Iterator[str]:
    """Yield every ``$ref`` string below ``node``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from iter_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from iter_refs(value)


def bundle(spec_dir: Path, files: Iterable[Path] | None = None, *, strict: bool = True) -> dict[str, Any]:
    """Return the merged document of ``spec_dir``.

    ``files`` limits the group files read (default: all); ``strict=False``
    tolerates references to schemas defined in files not read.
    """
    document = load_yaml(spec_dir / ROOT_FILE)
    paths: dict[str, dict[str, Any]] = {}
    schemas: dict[str, Any] = dict(document.get("components", {}).get("schemas", {}))
    owner: dict[str, str] = {}
    for file in group_files(spec_dir) if files is None else sorted(f for f in files if f.name != ROOT_FILE):
        part = load_yaml(file)
        unknown = set(part) - {"paths", "components"}
        if unknown:
            raise BundleError(f"{file.name}: unexpected top-level keys {sorted(unknown)}")
        for path, item in (part.get("paths") or {}).items():
            merged = paths.setdefault(path, {})
            for method, operation in item.items():
                if method in merged:
                    raise BundleError(f"{file.name}: {method.upper()} {path} is also defined in {owner[path + method]}")
                merged[method] = operation
                owner[path + method] = file.name
        for name, schema in ((part.get("components") or {}).get("schemas") or {}).items():
            if name in schemas:
                raise BundleError(f"{file.name}: schema {name} is also defined in {owner.get(name, ROOT_FILE)}")
            schemas[name] = schema
            owner[name] = file.name
    document["paths"] = {path: paths[path] for path in sorted(paths)}
    document.setdefault("components", {})["schemas"] = {name: schemas[name] for name in sorted(schemas)}
    _add_error_responses(document)
    if strict:
        dangling = sorted({ref for ref in iter_refs(document) if _target(document, ref) is None})
        if dangling:
            raise BundleError("references to nothing: " + ", ".join(dangling))
    return document


def _add_error_responses(document: dict[str, Any]) -> None:
    statuses: dict[str, str] = {str(k): v for k, v in document.pop("x-error-statuses", {}).items()}
    for _, _, operation in operations(document):
        responses = {str(code): value for code, value in operation.get("responses", {}).items()}
        for status, name in statuses.items():
            responses.setdefault(status, {"$ref": f"#/components/responses/{name}"})
        operation["responses"] = responses


def _target(document: dict[str, Any], ref: str) -> Any:
    if not ref.startswith("#/"):
        return None
    node: Any = document
    for part in ref[2:].split("/"):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def main(argv: list[str]) -> int:
    """``python -m generator.bundle [SPEC_DIR] [OUT]``: write the bundled JSON."""
    spec_dir = Path(argv[0]) if argv else Path("openapi")
    out = Path(argv[1]) if len(argv) > 1 else Path("build/openapi.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(bundle(spec_dir), indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
