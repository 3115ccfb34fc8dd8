"""``make spec-diff SPEC=file``: what differs between our description and a spec, as a checklist.

    python -m generator.specdiff SPEC [--base openapi/]

Lists every fact ``generator.fidelity`` compares in which ``--base`` (our ``openapi/``, or any spec
file) differs from ``SPEC`` (a new spec of Stream's), grouped by what to do about it: operations
added, removed, moved (the same operationId at another method or path) and changed; schemas and
properties added and removed; types, formats, required members and enums changed; other
constraints. Our marked deviations (``x-corrects-stream-spec``, ``x-missing-from-stream-spec``)
are listed last, as kept. "Added" means in ``SPEC`` only, "removed" in ``--base`` only.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from generator.fidelity import (
    CONSTRAINT_CHANGED,
    MARK_OUTDATED,
    OPERATION_ADDED,
    OPERATION_CHANGED,
    OPERATION_REMOVED,
    PROPERTY_ADDED,
    PROPERTY_REMOVED,
    SCHEMA_ADDED,
    SCHEMA_REMOVED,
    TYPE_CHANGED,
    Difference,
    Report,
    compare,
)
from generator.regen import load_spec

OPERATION_MOVED = "operation moved"
# Checklist sections, in the order to work through them.
SECTIONS = (
    (OPERATION_ADDED, "Operations added"),
    (OPERATION_REMOVED, "Operations removed"),
    (OPERATION_MOVED, "Operations moved (same operationId, other method or path)"),
    (OPERATION_CHANGED, "Operations changed (operationId, parameters, bodies, responses)"),
    (SCHEMA_ADDED, "Schemas added"),
    (SCHEMA_REMOVED, "Schemas removed"),
    (PROPERTY_ADDED, "Properties added"),
    (PROPERTY_REMOVED, "Properties removed"),
    (TYPE_CHANGED, "Types, formats, required members and enums changed"),
    (CONSTRAINT_CHANGED, "Other constraints changed (minimum, maximum, pattern, ...)"),
    (MARK_OUTDATED, "Marked missing from Stream's spec, but now in it"),
)
OPERATION = re.compile(r"(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS|TRACE) /")


def sections(report: Report) -> dict[str, list[str]]:
    """The report's differences as checklist lines, by section kind (empty sections left out)."""
    added = {item.operation_id: item for item in report.items if item.kind == OPERATION_ADDED and item.operation_id}
    removed = {item.operation_id: item for item in report.items if item.kind == OPERATION_REMOVED and item.operation_id}
    moved = sorted(set(added) & set(removed))
    lines: dict[str, list[str]] = {}
    for operation_id in moved:
        lines.setdefault(OPERATION_MOVED, []).append(
            f"{operation_id}: {removed[operation_id].where} -> {added[operation_id].where}"
        )
    for item in report.items:
        if item.kind in (OPERATION_ADDED, OPERATION_REMOVED) and item.operation_id in moved:
            continue
        lines.setdefault(_section_of(item), []).append(_line(item))
    return {kind: lines[kind] for kind, _ in SECTIONS if kind in lines}


def _section_of(item: Difference) -> str:
    # A fact inside an operation (a parameter's type) is a change of that operation.
    if item.kind not in (OPERATION_ADDED, OPERATION_REMOVED) and OPERATION.match(item.where):
        return OPERATION_CHANGED
    return item.kind


def _line(item: Difference) -> str:
    if item.kind in (OPERATION_ADDED, OPERATION_REMOVED):
        return f"{item.where} ({item.operation_id})"
    if item.kind in (PROPERTY_ADDED, PROPERTY_REMOVED):
        name = item.detail.split("'")[1]
        return f"{item.where}.{name}"
    if item.kind in (SCHEMA_ADDED, SCHEMA_REMOVED):
        return item.where
    return str(item)


def checklist(report: Report, base: str = "ours", spec: str = "Stream's spec") -> str:
    """The readable checklist ``make spec-diff`` prints."""
    found = sections(report)
    count = sum(len(lines) for lines in found.values())
    out = [f"{base} against {spec}: {count} to do" if count else f"{base} states every fact of {spec}"]
    for kind, title in SECTIONS:
        if kind in found:
            out += ["", f"{title} ({len(found[kind])}):", *(f"- [ ] {line}" for line in found[kind])]
    kept = [*(f"corrected: {line}" for line in report.corrections), *(f"added: {line}" for line in report.additions)]
    if kept:
        out += ["", f"Our marked deviations, kept ({len(kept)}):", *(f"- {line}" for line in kept)]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Print the checklist; exit 1 if the files cannot be read."""
    parser = argparse.ArgumentParser(prog="python -m generator.specdiff", description=__doc__.split("\n\n")[0])
    parser.add_argument("spec", type=Path, help="the spec to compare with, such as Stream's new JSON")
    parser.add_argument("--base", type=Path, default=Path("openapi"), help="openapi/ folder or a spec file")
    args = parser.parse_args(argv)
    try:
        ours, theirs = load_spec(args.base), load_spec(args.spec)
    except (OSError, ValueError) as error:
        print(f"spec-diff: cannot read the specs: {error}", file=sys.stderr)
        return 1
    print(checklist(compare(ours, theirs), str(args.base), str(args.spec)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
