"""The pipeline on Stream's published spec (``STREAM_CHAT_OFFICIAL_SPEC``), and that our package can replace that one.

The spec is generated once per session (``official_build``) into a temporary
folder; nothing from it is kept.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from openapi_python_client.strings import ClassName, PythonIdentifier, snake_case

from generator.bundle import bundle, operations
from generator.groups import group_of
from tests.support import (
    COMMITTED,
    Attribute,
    OfficialBuild,
    classes_of,
    endpoint_modules,
    model_modules,
    models_all,
    module_annotations,
    public_functions,
    run_mypy_strict,
    run_python,
    run_ruff,
)

SPEC_DIR = Path(__file__).resolve().parents[1] / "openapi"


def test_generation_raised_no_warning(official_build: OfficialBuild) -> None:
    # Any warning of openapi-python-client fails the run itself; this catches Python warnings around it.
    assert official_build.warnings == []


def test_every_operation_is_emitted(official_build: OfficialBuild) -> None:
    modules = endpoint_modules(official_build.package_dir)
    assert len(modules) == sum(1 for _ in operations(official_build.spec))
    expected = {
        f"{group_of(path)}/{PythonIdentifier(operation['operationId'], '')}.py"
        for path, _method, operation in operations(official_build.spec)
    }
    assert {str(path.relative_to(official_build.package_dir / "api")) for path in modules} == expected


def test_every_component_schema_has_a_class_or_a_union_alias(official_build: OfficialBuild) -> None:
    schemas: dict[str, Any] = official_build.spec["components"]["schemas"]
    unions = {name for name, schema in schemas.items() if "oneOf" in schema and "discriminator" in schema}
    assert unions == {"WHEvent"}
    classes = {name for name, schema in schemas.items() if schema.get("type") == "object" or "enum" in schema}
    assert len(classes) + len(unions) == len(schemas)  # nothing else
    exported = set(models_all(official_build.package_dir))
    defined = {name for module in model_modules(official_build.package_dir) for name in classes_of(module)}
    assert sorted(name for name in classes if ClassName(name, "field_") not in exported & defined) == []
    union_module = official_build.package_dir / "unions.py"
    aliases = {name for name, value in module_annotations(union_module).items() if value.annotation == "TypeAlias"}
    functions = set(public_functions(union_module))
    for name in unions:
        assert ClassName(name, "field_") in aliases, name
        assert f"parse_{snake_case(name)}" in functions, name


IMPORT_EVERYTHING = """
import importlib, json, pkgutil, sys
import stream_chat_gen
from stream_chat_gen import api, models
modules = [info.name for info in pkgutil.walk_packages(api.__path__, "stream_chat_gen.api.") if not info.ispkg]
for name in modules:
    module = importlib.import_module(name)
    assert callable(module.sync) and callable(module.asyncio_detailed), name
for name in models.__all__:
    assert getattr(models, name).__name__ == name, name
from stream_chat_gen.unions import parse_wh_event
event = parse_wh_event({"type": "message.new", "message": {"id": "m", "text": "hi"}})
assert type(event).__name__ == "MessageNewEvent" and event.message.text == "hi", event
assert type(parse_wh_event({"type": "some.future.event"})).__name__ == "CustomEvent"
print(json.dumps({"file": stream_chat_gen.__file__, "endpoints": len(modules), "models": len(models.__all__)}))
"""


def test_package_and_every_endpoint_module_import(official_build: OfficialBuild) -> None:
    result = json.loads(run_python(IMPORT_EVERYTHING, path=official_build.package_dir.parent).stdout)
    assert result["file"] == str(official_build.package_dir / "__init__.py")
    assert result["endpoints"] == sum(1 for _ in operations(official_build.spec))
    assert result["models"] == len(models_all(official_build.package_dir))


def test_mypy_strict_passes_on_the_package(official_build: OfficialBuild, tmp_path: Path) -> None:
    result = run_mypy_strict(official_build.package_dir, tmp_path / "mypy-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues found" in result.stdout


def test_ruff_finds_nothing_to_fix_in_the_package(official_build: OfficialBuild) -> None:
    # The pipeline only applies ruff's fixes; what ruff cannot fix would stay in the package.
    assert run_ruff(official_build.package_dir) == []


# Swap-in: code written against the package generated from Stream's spec runs unchanged on ours.


def test_every_endpoint_exists_in_ours_with_the_same_signatures(official_build: OfficialBuild) -> None:
    problems: list[str] = []
    for theirs in endpoint_modules(official_build.package_dir):
        relative = theirs.relative_to(official_build.package_dir)
        ours = COMMITTED / relative
        if not ours.is_file():
            problems.append(f"{relative}: missing")
            continue
        our_functions = public_functions(ours)
        their_functions = public_functions(theirs)
        assert {"sync", "sync_detailed", "asyncio", "asyncio_detailed"} <= set(their_functions), relative
        for name, signature in their_functions.items():
            if our_functions.get(name) != signature:
                problems.append(f"{relative}:{name}: Stream's {signature}, ours {our_functions.get(name)}")
    assert problems == []


@functools.cache
def _our_schemas() -> dict[str, Any]:
    schemas: dict[str, Any] = bundle(SPEC_DIR)["components"]["schemas"]
    return schemas


def _corrected_to_nullable(name: str, attribute: str, mine: Attribute | None, theirs: Attribute) -> bool:
    """Whether ours only adds ``| None`` to a property ``openapi/`` marks nullable as a correction of Stream's spec."""
    schema = _our_schemas().get(name, {})
    described = schema.get("properties", {}).get(attribute, {})
    corrected = described.get("nullable") is True and "x-corrects-stream-spec" in described
    return corrected and mine == Attribute(f"{theirs.annotation} | None", theirs.value)


def test_every_model_exists_in_ours_with_the_same_attributes(official_build: OfficialBuild) -> None:
    problems: list[str] = []
    compared = 0
    for theirs in model_modules(official_build.package_dir):
        relative = theirs.relative_to(official_build.package_dir)
        ours = COMMITTED / relative
        if not ours.is_file():
            problems.append(f"{relative}: missing")
            continue
        our_classes = classes_of(ours)
        for name, shape in classes_of(theirs).items():
            compared += 1
            mine = our_classes.get(name)
            if mine is None:
                problems.append(f"{relative}: no class {name}")
                continue
            if mine.bases != shape.bases:
                problems.append(f"{name}: bases {mine.bases} != Stream's {shape.bases}")
            for attribute, their_attribute in shape.attributes.items():
                if mine.attributes.get(attribute) != their_attribute and not _corrected_to_nullable(
                    name, attribute, mine.attributes.get(attribute), their_attribute
                ):
                    problems.append(
                        f"{name}.{attribute}: ours {mine.attributes.get(attribute)}, Stream's {their_attribute}"
                    )
            for attribute in sorted(set(mine.attributes) - set(shape.attributes)):
                # An extra attribute must not break code written for Stream's: it has to be optional.
                if mine.attributes[attribute].value is None:
                    problems.append(f"{name}.{attribute}: required in ours only")
    assert compared == len(models_all(official_build.package_dir))
    assert set(models_all(official_build.package_dir)) <= set(models_all(COMMITTED))
    assert problems == []


def test_union_parsers_are_the_same_in_ours(official_build: OfficialBuild) -> None:
    theirs, ours = official_build.package_dir / "unions.py", COMMITTED / "unions.py"
    assert public_functions(theirs) == public_functions(ours)
    their_names = module_annotations(theirs)
    assert their_names  # WHEvent's alias and mapping
    assert {name: module_annotations(ours).get(name) for name in their_names} == their_names
