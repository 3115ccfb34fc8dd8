"""Compare the facts of our API description with Stream's published spec.

Facts are what a client depends on: paths, methods, operationIds, parameters,
request bodies, success responses, schema and property names, types, formats,
constraints, required lists and enums. Wording (descriptions, summaries,
titles) and Stream's own ``x-stream-*`` extensions are not facts. A node that
carries ``x-corrects-stream-spec`` may differ from Stream's; an operation or
schema carrying ``x-missing-from-stream-spec`` must be absent from it.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.bundle import bundle, load_yaml, operations

CORRECTION = "x-corrects-stream-spec"
MISSING = "x-missing-from-stream-spec"
# Keywords compared by value. `required` is compared as a set.
SCALAR_FACTS = (
    "type",
    "format",
    "$ref",
    "enum",
    "nullable",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "pattern",
    "discriminator",
)
# Keywords holding sub-schemas, compared recursively.
NESTED = ("items", "not")
LISTS = ("oneOf", "anyOf", "allOf")


# What a difference is about, for `generator.specdiff`'s checklist.
OPERATION_ADDED = "operation added"  # in Stream's spec only
OPERATION_REMOVED = "operation removed"  # in ours only
OPERATION_CHANGED = "operation changed"
SCHEMA_ADDED = "schema added"
SCHEMA_REMOVED = "schema removed"
PROPERTY_ADDED = "property added"
PROPERTY_REMOVED = "property removed"
TYPE_CHANGED = "type, format, required or enum changed"
CONSTRAINT_CHANGED = "constraint changed"
MARK_OUTDATED = "marked missing from Stream's spec, but there"
TYPE_FACTS = ("type", "format", "$ref", "enum", "nullable")


@dataclass(frozen=True)
class Difference:
    """One fact in which ours differs from Stream's; ``operation_id`` is set for added and removed operations."""

    kind: str
    where: str
    detail: str
    operation_id: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.detail}"


@dataclass
class Report:
    """What differs, what was deliberately corrected, and what matched."""

    items: list[Difference] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)
    additions: list[str] = field(default_factory=list)
    operations_matched: int = 0
    schemas_matched: int = 0

    @property
    def differences(self) -> list[str]:
        return [str(item) for item in self.items]

    def differ(self, where: str, what: str, kind: str = OPERATION_CHANGED, operation_id: str = "") -> None:
        self.items.append(Difference(kind, where, what, operation_id))


def compare_schema(ours: Any, theirs: Any, where: str, report: Report, *, component: bool = False) -> None:
    """Record every fact in which schema ``ours`` differs from ``theirs``."""
    if not isinstance(ours, dict) or not isinstance(theirs, dict):
        if ours != theirs:
            report.differ(where, f"{ours!r} != {theirs!r}", TYPE_CHANGED)
        return
    if CORRECTION in ours:
        report.corrections.append(f"{where}: {ours[CORRECTION]}")
        return
    for key in SCALAR_FACTS:
        if component and key == "nullable":
            continue  # top-level nullable on components is a defect we do not repeat
        if ours.get(key) != theirs.get(key):
            kind = TYPE_CHANGED if key in TYPE_FACTS else CONSTRAINT_CHANGED
            report.differ(where, f"{key} is {ours.get(key)!r}, Stream's is {theirs.get(key)!r}", kind)
    if set(ours.get("required", ())) != set(theirs.get("required", ())):
        extra = sorted(set(ours.get("required", ())) - set(theirs.get("required", ())))
        lacking = sorted(set(theirs.get("required", ())) - set(ours.get("required", ())))
        report.differ(where, f"required differs: ours adds {extra}, lacks {lacking}", TYPE_CHANGED)
    for key in NESTED:
        if key in ours or key in theirs:
            compare_schema(ours.get(key), theirs.get(key), f"{where}.{key}", report)
    for key in LISTS:
        mine, stream = ours.get(key, []), theirs.get(key, [])
        if len(mine) != len(stream):
            report.differ(where, f"{key} has {len(mine)} members, Stream's has {len(stream)}", TYPE_CHANGED)
        for index, (a, b) in enumerate(zip(mine, stream, strict=False)):
            compare_schema(a, b, f"{where}.{key}[{index}]", report)
    _compare_additional(ours, theirs, where, report)
    mine_props, stream_props = ours.get("properties", {}), theirs.get("properties", {})
    for name in sorted(set(mine_props) | set(stream_props)):
        if name not in stream_props:
            if isinstance(mine_props[name], dict) and (CORRECTION in mine_props[name] or MISSING in mine_props[name]):
                report.additions.append(f"{where}.{name}")
            else:
                report.differ(where, f"property {name!r} is not in Stream's spec", PROPERTY_REMOVED)
        elif name not in mine_props:
            report.differ(where, f"property {name!r} is missing", PROPERTY_ADDED)
        else:
            compare_schema(mine_props[name], stream_props[name], f"{where}.{name}", report)


def _compare_additional(ours: dict[str, Any], theirs: dict[str, Any], where: str, report: Report) -> None:
    mine, stream = ours.get("additionalProperties"), theirs.get("additionalProperties")
    # `true` and `{}` mean the same: any value.
    mine = {} if mine is True else mine
    stream = {} if stream is True else stream
    if isinstance(mine, dict) and isinstance(stream, dict):
        compare_schema(mine, stream, f"{where}.additionalProperties", report)
    elif mine != stream:
        report.differ(where, f"additionalProperties is {mine!r}, Stream's is {stream!r}", TYPE_CHANGED)


def _parameter_schema(parameter: dict[str, Any]) -> Any:
    if "content" in parameter:
        return {media: body.get("schema") for media, body in parameter["content"].items()}
    return parameter.get("schema")


def compare_operation(ours: dict[str, Any], theirs: dict[str, Any], where: str, report: Report) -> None:
    """Record every fact in which operation ``ours`` differs from ``theirs``."""
    if ours.get("operationId") != theirs.get("operationId"):
        report.differ(where, f"operationId is {ours.get('operationId')!r}, Stream's is {theirs.get('operationId')!r}")
    mine = {(p["name"], p["in"]): p for p in ours.get("parameters", [])}
    stream = {(p["name"], p["in"]): p for p in theirs.get("parameters", [])}
    for key in sorted(set(mine) | set(stream)):
        label = f"{where} parameter {key[1]}:{key[0]}"
        if key not in stream:
            report.differ(label, "not in Stream's spec")
        elif key not in mine:
            report.differ(label, "missing")
        elif CORRECTION in mine[key]:
            report.corrections.append(f"{label}: {mine[key][CORRECTION]}")
        else:
            if bool(mine[key].get("required")) != bool(stream[key].get("required")):
                report.differ(label, "required differs")
            a, b = _parameter_schema(mine[key]), _parameter_schema(stream[key])
            if "content" in mine[key] or "content" in stream[key]:
                if not (isinstance(a, dict) and isinstance(b, dict)) or set(a) != set(b):
                    report.differ(label, "content types differ")
                else:
                    for media in a:
                        compare_schema(a[media], b[media], f"{label} {media}", report)
            else:
                compare_schema(a, b, label, report)
    body_a, body_b = ours.get("requestBody"), theirs.get("requestBody")
    if body_a is not None and CORRECTION in body_a:
        report.corrections.append(f"{where} requestBody: {body_a[CORRECTION]}")
    elif (body_a is None) != (body_b is None):
        report.differ(where, "request body present in only one spec")
    elif body_a is not None and body_b is not None:
        if bool(body_a.get("required")) != bool(body_b.get("required")):
            report.differ(where, "request body required differs")
        _compare_content(body_a.get("content", {}), body_b.get("content", {}), f"{where} requestBody", report)
    responses_a = {str(k): v for k, v in ours.get("responses", {}).items()}
    responses_b = {str(k): v for k, v in theirs.get("responses", {}).items()}
    for status in sorted(set(responses_a) | set(responses_b)):
        label = f"{where} response {status}"
        if status not in responses_a:
            report.differ(label, "missing")
        elif status not in responses_b:
            if not status.startswith("2"):
                continue  # extra error statuses are marked once, on the shared responses
            report.differ(label, "not in Stream's spec")
        elif "$ref" not in responses_a[status]:
            _compare_content(
                responses_a[status].get("content", {}), responses_b[status].get("content", {}), label, report
            )


def _compare_content(ours: dict[str, Any], theirs: dict[str, Any], where: str, report: Report) -> None:
    if set(ours) != set(theirs):
        report.differ(where, f"content types {sorted(ours)} != Stream's {sorted(theirs)}")
    for media in sorted(set(ours) & set(theirs)):
        compare_schema(ours[media].get("schema"), theirs[media].get("schema"), f"{where} {media}", report)


def compare(ours: dict[str, Any], theirs: dict[str, Any], *, complete: bool = True) -> Report:
    """Compare two bundled documents; ``complete`` also reports what ours lacks."""
    report = Report()
    stream_ops = {(path, method): op for path, method, op in operations(theirs)}
    our_ops = {(path, method): op for path, method, op in operations(ours)}
    for (path, method), op in our_ops.items():
        where = f"{method.upper()} {path}"
        if MISSING in op:
            if (path, method) in stream_ops:
                report.differ(where, f"marked {MISSING} but Stream's spec has it", MARK_OUTDATED)
            else:
                report.additions.append(where)
            continue
        if (path, method) not in stream_ops:
            report.differ(where, "not in Stream's spec", OPERATION_REMOVED, str(op.get("operationId", "")))
            continue
        before = len(report.items)
        compare_operation(op, stream_ops[path, method], where, report)
        report.operations_matched += len(report.items) == before
    stream_schemas = theirs["components"]["schemas"]
    for name, schema in ours.get("components", {}).get("schemas", {}).items():
        if MISSING in schema:
            if name in stream_schemas:
                report.differ(name, f"marked {MISSING} but Stream's spec has it", MARK_OUTDATED)
            else:
                report.additions.append(name)
            continue
        if name not in stream_schemas:
            report.differ(name, "schema not in Stream's spec", SCHEMA_REMOVED)
            continue
        before = len(report.items)
        compare_schema(schema, stream_schemas[name], name, report, component=True)
        report.schemas_matched += len(report.items) == before
    if complete:
        for path, method in sorted(set(stream_ops) - set(our_ops)):
            operation_id = str(stream_ops[path, method].get("operationId", ""))
            report.differ(
                f"{method.upper()} {path}", f"operation {operation_id} is missing", OPERATION_ADDED, operation_id
            )
        for name in sorted(set(stream_schemas) - set(ours["components"]["schemas"])):
            report.differ(name, "schema is missing", SCHEMA_ADDED)
    return report


def main(argv: list[str] | None = None) -> int:
    """Print the differences; exit 1 if there are any."""
    parser = argparse.ArgumentParser(prog="python -m generator.fidelity", description=__doc__)
    parser.add_argument("official", type=Path, help="Stream's published spec (JSON)")
    parser.add_argument("--spec-dir", type=Path, default=Path("openapi"))
    parser.add_argument("--files", type=Path, nargs="+", help="check only what these group files define")
    args = parser.parse_args(argv)
    theirs = json.loads(args.official.read_text(encoding="utf-8"))
    if args.files:
        ours = bundle(args.spec_dir, args.files, strict=False)
        defined = [load_yaml(f) for f in args.files]
        keep_paths = {p for part in defined for p in (part.get("paths") or {})}
        keep_schemas = {n for part in defined for n in ((part.get("components") or {}).get("schemas") or {})}
        ours["paths"] = {p: v for p, v in ours["paths"].items() if p in keep_paths}
        ours["components"]["schemas"] = {n: v for n, v in ours["components"]["schemas"].items() if n in keep_schemas}
        report = compare(ours, theirs, complete=False)
    else:
        report = compare(bundle(args.spec_dir), theirs)
    for line in report.differences:
        print("DIFF", line)
    for line in report.corrections:
        print("CORRECTED", line)
    for line in report.additions:
        print("ADDED", line)
    stream_ops = sum(1 for _ in operations(theirs))
    print(
        f"operations matching: {report.operations_matched} of {stream_ops}; "
        f"schemas matching: {report.schemas_matched} of {len(theirs['components']['schemas'])}; "
        f"differences: {len(report.items)}; corrections: {len(report.corrections)}; "
        f"additions: {len(report.additions)}"
    )
    return 1 if report.differences else 0


if __name__ == "__main__":
    sys.exit(main())
