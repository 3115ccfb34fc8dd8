"""The lazily loaded operation modules of ``stream_chat_gen.api`` under threads.

A stand-in loads its module on the first attribute looked up. Two threads making their first
call to the same operation at once must both get the loaded module, never the half-run one that
``sys.modules`` holds while the other thread is still importing it.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

PACKAGE = "lazy_endpoints_under_test"
SIGNALS = "lazy_endpoints_under_test_signals"


@pytest.fixture
def group(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A group package like the generated ones, whose one operation imports slowly, on a signal."""
    (tmp_path / PACKAGE).mkdir()
    (tmp_path / PACKAGE / "__init__.py").write_text(
        "from stream_chat_gen.api import lazy_endpoints\n\n"
        "__getattr__ = lazy_endpoints(__name__, frozenset({'operation'}), globals())\n",
        encoding="utf-8",
    )
    (tmp_path / PACKAGE / "operation.py").write_text(
        f"import {SIGNALS} as signals\n\nsignals.started.set()\nsignals.release.wait(30)\nMETHOD = 'POST'\n",
        encoding="utf-8",
    )
    signals = ModuleType(SIGNALS)
    signals.started = threading.Event()  # type: ignore[attr-defined]
    signals.release = threading.Event()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, SIGNALS, signals)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        yield __import__(PACKAGE), signals
    finally:
        signals.release.set()
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def test_a_thread_arriving_while_another_imports_the_operation_waits_for_it(group: Any) -> None:
    package, signals = group
    endpoint = package.operation
    assert f"{PACKAGE}.operation" not in sys.modules  # not loaded yet
    found: list[str] = []
    errors: list[BaseException] = []

    def first_call() -> None:
        try:
            found.append(endpoint.METHOD)
        except BaseException as error:  # reported by the test thread
            errors.append(error)

    importing = threading.Thread(target=first_call)
    importing.start()
    assert signals.started.wait(30)  # the module is in sys.modules, half run
    arriving = threading.Thread(target=first_call)
    arriving.start()
    arriving.join(timeout=0.5)  # without waiting for the import, it fails right away
    signals.release.set()
    importing.join(30)
    arriving.join(30)
    assert errors == []
    assert found == ["POST", "POST"]
    assert endpoint.METHOD == "POST"
