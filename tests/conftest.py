"""Fixtures shared by the test modules."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import OFFICIAL_SPEC_ENV, PACKAGE, OfficialBuild, official_spec_path


@pytest.fixture(scope="session")
def official_spec() -> Path:
    """Path of Stream's published spec; skips the test when it is not available."""
    path = official_spec_path()
    if path is None:
        pytest.skip(f"{OFFICIAL_SPEC_ENV} is unset or does not name a file: Stream's published spec is not available")
    return path


@pytest.fixture(scope="session")
def official_build(official_spec: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OfficialBuild]:
    """The package generated from Stream's spec, once per session, with any warnings raised meanwhile."""
    from generator.regen import regenerate  # noqa: PLC0415 - the runtime tests run without the generator

    out = tmp_path_factory.mktemp("official") / PACKAGE
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        regenerate(official_spec, out, typecheck=False)  # test_mypy_strict_passes_on_the_package runs it
    spec: dict[str, Any] = json.loads(official_spec.read_text(encoding="utf-8"))
    yield OfficialBuild(official_spec, spec, out, [str(w.message) for w in caught])
