"""Every property of every component schema in ``openapi/`` has a description (they become docstrings on hover).

One test per file, so a single file can be checked on its own:
``.venv/bin/python -m pytest tests/test_openapi_descriptions.py -k users.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

OPENAPI = Path(__file__).resolve().parent.parent / "openapi"
SPEC_FILES = sorted(path.name for path in OPENAPI.glob("*.yaml"))


def undescribed(schema: Any, where: str) -> Iterator[str]:
    """Yield ``where.property`` for each property under ``schema`` whose description is missing or blank.

    Looks into nested inline objects, ``allOf``/``oneOf``/``anyOf`` branches, array ``items`` and
    ``additionalProperties``, where the generator also makes attributes of the properties it finds.
    """
    if not isinstance(schema, dict):
        return
    for name, prop in (schema.get("properties") or {}).items():
        path = f"{where}.{name}"
        description = prop.get("description") if isinstance(prop, dict) else None
        if not isinstance(description, str) or not description.strip():
            yield path
        yield from undescribed(prop, path)
    for combinator in ("allOf", "oneOf", "anyOf"):
        for branch in schema.get(combinator) or []:
            yield from undescribed(branch, where)
    yield from undescribed(schema.get("items"), f"{where}[]")
    yield from undescribed(schema.get("additionalProperties"), f"{where}{{}}")


def undescribed_in_file(name: str) -> list[str]:
    document = yaml.safe_load((OPENAPI / name).read_text(encoding="utf-8")) or {}
    schemas = (document.get("components") or {}).get("schemas") or {}
    return [f"{name}: {path}" for schema_name, schema in schemas.items() for path in undescribed(schema, schema_name)]


@pytest.mark.parametrize("name", SPEC_FILES)
def test_every_schema_property_has_a_description(name: str) -> None:
    missing = undescribed_in_file(name)
    assert not missing, f"{len(missing)} properties without a description:\n" + "\n".join(missing)


def test_the_files_are_found() -> None:
    assert {"common.yaml", "messages.yaml", "openapi.yaml"} <= set(SPEC_FILES)


def test_missing_and_blank_descriptions_are_named_wherever_they_are() -> None:
    schema = {
        "type": "object",
        "properties": {
            "ok": {"type": "string", "description": "Fine."},
            "bare": {"type": "string"},
            "blank": {"type": "string", "description": "  "},
            "inline": {
                "type": "object",
                "description": "An inline object.",
                "properties": {"inner": {"type": "integer"}},
            },
            "rows": {
                "type": "array",
                "description": "Inline items.",
                "items": {"type": "object", "properties": {"cell": {"type": "string"}}},
            },
            "by_key": {
                "type": "object",
                "description": "Inline values.",
                "additionalProperties": {"type": "object", "properties": {"value": {"type": "string"}}},
            },
        },
        "allOf": [{"properties": {"from_all": {"type": "string"}}}],
        "oneOf": [{"properties": {"from_one": {"$ref": "#/components/schemas/X", "description": "Given."}}}],
        "anyOf": [{"properties": {"from_any": {"type": "boolean"}}}],
    }
    assert sorted(undescribed(schema, "Thing")) == [
        "Thing.bare",
        "Thing.blank",
        "Thing.by_key{}.value",
        "Thing.from_all",
        "Thing.from_any",
        "Thing.inline.inner",
        "Thing.rows[].cell",
    ]
