"""The committed ``stream_chat_gen``: up to date with ``openapi/``, importable, complete and strictly typed."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from openapi_python_client.strings import PythonIdentifier

import stream_chat_gen
from generator.bundle import bundle, operations
from generator.groups import group_of
from generator.regen import HEADER, PACKAGE, check
from stream_chat_gen import models
from tests.support import COMMITTED, OPENAPI_DIR, ROOT, endpoint_modules, package_files, run_mypy_strict, run_ruff

ENDPOINTS = endpoint_modules(COMMITTED)


def test_the_committed_package_is_the_one_imported() -> None:
    assert Path(stream_chat_gen.__file__).resolve().parent == COMMITTED


def test_committed_package_matches_a_fresh_regeneration() -> None:
    stale = check(OPENAPI_DIR, COMMITTED)
    assert stale == [], f"stream_chat_gen/ is out of date (run `make regen`): {stale}"


def test_every_file_starts_with_the_generated_header() -> None:
    files = list(package_files(COMMITTED))
    assert len(files) > 800
    for path in files:
        with path.open("rb") as handle:
            first_line = handle.readline()
        assert first_line == HEADER.encode() + b"\n", path


def test_one_endpoint_module_per_operation_of_our_spec() -> None:
    expected = {
        f"{group_of(path)}/{module}.py"
        for path, _method, operation in operations(bundle(OPENAPI_DIR))
        for module in [_snake(operation["operationId"])]
    }
    assert {str(path.relative_to(COMMITTED / "api")) for path in ENDPOINTS} == expected


def _snake(operation_id: str) -> str:
    """openapi-python-client's spelling of an operation's module name."""
    return str(PythonIdentifier(operation_id, ""))


@pytest.mark.parametrize("module_path", ENDPOINTS, ids=lambda p: f"{p.parent.name}.{p.stem}")
def test_endpoint_module_imports(module_path: Path) -> None:
    name = ".".join(module_path.relative_to(ROOT).with_suffix("").parts)
    module = importlib.import_module(name)
    for function in ("sync", "sync_detailed", "asyncio", "asyncio_detailed"):
        assert callable(getattr(module, function)), f"{name}.{function}"


def test_every_name_in_models_all_resolves() -> None:
    assert len(models.__all__) > 500
    assert len(set(models.__all__)) == len(models.__all__)
    for name in models.__all__:
        value = getattr(models, name)
        assert isinstance(value, type), name
        assert value.__name__ == name
        assert value.__module__.startswith(f"{PACKAGE}.models."), name
    assert sorted(dir(models)) == sorted(models.__all__)
    with pytest.raises(AttributeError):
        _ = models.NoSuchModel


def test_ruff_finds_nothing_to_fix_in_the_committed_package() -> None:
    assert run_ruff(COMMITTED) == []


def test_mypy_strict_passes_on_the_committed_package(tmp_path: Path) -> None:
    result = run_mypy_strict(COMMITTED, tmp_path / "mypy-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues found" in result.stdout
