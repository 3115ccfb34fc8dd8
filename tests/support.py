"""Helpers shared by the test modules: generating packages, loading them, running Python and mypy on them,
and a mock transport that records what our clients send."""

from __future__ import annotations

import ast
import asyncio
import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

from stream_chat import StreamChat, StreamChatAsync

ROOT = Path(__file__).resolve().parent.parent
OPENAPI_DIR = ROOT / "openapi"
# generator.regen.PACKAGE, not imported here: the runtime tests also run without the generator installed.
PACKAGE = "stream_chat_gen"
COMMITTED = ROOT / PACKAGE
RECORDER_SECRET = "recorder-secret-" + "r" * 48
OFFICIAL_SPEC_ENV = "STREAM_CHAT_OFFICIAL_SPEC"


def generate(spec: dict[str, Any], workdir: Path, *, typecheck: bool = False) -> Path:
    """Run the whole pipeline on an in-memory spec; returns ``workdir/stream_chat_gen``.

    mypy is left out unless asked for: each new folder would start it with a cold cache, and the
    tests that need it run it once over several packages.
    """
    from generator.regen import regenerate  # noqa: PLC0415 - the generator's tests only (see PACKAGE)

    workdir.mkdir(parents=True, exist_ok=True)
    spec_path = workdir / "spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    package_dir = workdir / PACKAGE
    regenerate(spec_path, package_dir, typecheck=typecheck)
    return package_dir


def load_package(package_dir: Path, alias: str) -> ModuleType:
    """Import the generated package in ``package_dir`` under the top-level name ``alias``.

    The generated code only uses relative imports, so it works under any name;
    this keeps it apart from the committed ``stream_chat_gen`` in ``sys.modules``.
    """
    spec = importlib.util.spec_from_file_location(
        alias, package_dir / "__init__.py", submodule_search_locations=[str(package_dir)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[alias] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        unload_package(alias)
        raise
    return module


def unload_package(alias: str) -> None:
    """Forget every module of a package loaded with ``load_package``."""
    for name in [name for name in sys.modules if name == alias or name.startswith(alias + ".")]:
        del sys.modules[name]


def run_python(code: str, *, path: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter with ``path`` first on ``sys.path``; fails the test on error."""
    env = {**os.environ, "PYTHONPATH": str(path), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=path, env=env, capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def run_mypy_strict(package_dir: Path, cache_dir: Path, *more: Path) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` on packages of one parent folder, run from that folder with a private cache."""
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache_dir), package_dir.name]
        + [path.name for path in more],
        cwd=package_dir.parent,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def run_ruff(package_dir: Path) -> list[str]:
    """Complaints of ``ruff check`` and ``ruff format --check`` (project settings) about a package; empty if none."""
    complaints = []
    for command in (["check"], ["format", "--check"]):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "ruff",
                *command,
                "--no-cache",
                "--config",
                str(ROOT / "pyproject.toml"),
                package_dir.name,
            ],
            cwd=package_dir.parent,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        if result.returncode != 0:
            complaints.append(f"ruff {' '.join(command)}:\n{result.stdout}{result.stderr}")
    return complaints


def official_spec_path() -> Path | None:
    """Stream's published spec, if ``STREAM_CHAT_OFFICIAL_SPEC`` names an existing file."""
    value = os.environ.get(OFFICIAL_SPEC_ENV)
    if not value:
        return None
    path = Path(value)
    return path if path.is_file() else None


@dataclass(frozen=True)
class OfficialBuild:
    """Stream's published spec and the package the pipeline generated from it."""

    spec_path: Path
    spec: dict[str, Any]
    package_dir: Path
    warnings: list[str]


def endpoint_modules(package_dir: Path) -> list[Path]:
    """Every endpoint module (``api/<group>/<operation>.py``) of a generated package, sorted."""
    return sorted(path for path in (package_dir / "api").glob("*/*.py") if path.name != "__init__.py")


def model_modules(package_dir: Path) -> list[Path]:
    """Every model or enum module of a generated package, sorted."""
    return sorted(path for path in (package_dir / "models").glob("*.py") if path.name != "__init__.py")


def package_files(package_dir: Path) -> Iterator[Path]:
    """Every file of a generated package, bytecode caches aside."""
    for path in sorted(package_dir.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path


@dataclass(frozen=True)
class Parameter:
    """One parameter of a function as its source writes it."""

    kind: str
    name: str
    annotation: str | None
    default: str | None


@dataclass(frozen=True)
class Signature:
    """A function signature as its source writes it."""

    is_async: bool
    parameters: tuple[Parameter, ...]
    returns: str | None


def _text(node: ast.expr | None) -> str | None:
    return None if node is None else ast.unparse(node)


def signature_of(node: ast.FunctionDef | ast.AsyncFunctionDef) -> Signature:
    """The signature of a function definition: parameter kinds, names, annotations and defaults as text."""
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    params = [
        Parameter(
            "positional-only" if index < len(args.posonlyargs) else "positional",
            arg.arg,
            _text(arg.annotation),
            _text(default),
        )
        for index, (arg, default) in enumerate(zip(positional, defaults, strict=True))
    ]
    if args.vararg:
        params.append(Parameter("var-positional", args.vararg.arg, _text(args.vararg.annotation), None))
    params += [
        Parameter("keyword-only", arg.arg, _text(arg.annotation), _text(default))
        for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True)
    ]
    if args.kwarg:
        params.append(Parameter("var-keyword", args.kwarg.arg, _text(args.kwarg.annotation), None))
    return Signature(isinstance(node, ast.AsyncFunctionDef), tuple(params), _text(node.returns))


def public_functions(module: Path) -> dict[str, Signature]:
    """The public top-level functions of a module's source, by name."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    return {
        node.name: signature_of(node)
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_")
    }


@dataclass(frozen=True)
class Attribute:
    """A class-level name: its annotation (``None`` for a plain assignment) and its value, as text."""

    annotation: str | None
    value: str | None


@dataclass(frozen=True)
class ClassShape:
    """The bases and class-level attributes of a class definition."""

    bases: tuple[str, ...]
    attributes: dict[str, Attribute]


def classes_of(module: Path) -> dict[str, ClassShape]:
    """The top-level classes of a module's source: bases, annotated attributes and enum members."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    found: dict[str, ClassShape] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        attributes: dict[str, Attribute] = {}
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                attributes[statement.target.id] = Attribute(ast.unparse(statement.annotation), _text(statement.value))
            elif isinstance(statement, ast.Assign):
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        attributes[target.id] = Attribute(None, ast.unparse(statement.value))
        found[node.name] = ClassShape(tuple(ast.unparse(base) for base in node.bases), attributes)
    return found


def module_annotations(module: Path) -> dict[str, Attribute]:
    """The annotated module-level names of a module's source (``Name: TypeAlias = A | B``, constants).

    Names annotated inside ``if TYPE_CHECKING:`` count too: type aliases are defined there.
    """
    tree = ast.parse(module.read_text(encoding="utf-8"))
    nodes = [*tree.body]
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            nodes += node.body
    return {
        node.target.id: Attribute(ast.unparse(node.annotation), _text(node.value))
        for node in nodes
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
    }


def models_all(package_dir: Path) -> list[str]:
    """The names ``models/__init__.py`` lists in ``__all__``, read from its source."""
    tree = ast.parse((package_dir / "models" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            value = ast.literal_eval(node.value)
            assert isinstance(value, list)
            return [str(name) for name in value]
    raise AssertionError("models/__init__.py has no __all__")


class Recorder:
    """An ``httpx.MockTransport`` handler that records every request and answers 200 with ``answer``.

    ``sync_client``/``async_client`` are our clients sending through it (keyword options passed on).
    """

    def __init__(self, answer: dict[str, Any] | None = None, *, key: str = "key") -> None:
        self.requests: list[httpx.Request] = []
        self.answer = {"duration": "1ms"} if answer is None else answer
        self.key = key

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json=self.answer)

    def sync_client(self, **options: Any) -> StreamChat:
        return StreamChat(self.key, RECORDER_SECRET, transport=httpx.MockTransport(self), **options)

    def async_client(self, **options: Any) -> StreamChatAsync:
        return StreamChatAsync(self.key, RECORDER_SECRET, transport=httpx.MockTransport(self), **options)

    def run_async(self, call: Callable[[StreamChatAsync], Awaitable[Any]]) -> Any:
        """``call`` on a fresh async client, closed after, in a new event loop."""

        async def main() -> Any:
            async with self.async_client() as client:
                return await call(client)

        return asyncio.run(main())

    def json_body(self, index: int = -1) -> Any:
        """The JSON body of request ``index``."""
        return json.loads(self.requests[index].content)

    def json_bodies(self) -> list[Any]:
        """The JSON body of every request, ``None`` for those without one."""
        return [json.loads(request.content) if request.content else None for request in self.requests]
