"""The generator on specs it was not written from: two more of Stream's, and synthetic specs for each
problem Stream's specs showed (``tests/synthetic_specs.py``).

Each package is generated once per module, without mypy; ``test_every_package_passes_mypy_strict``
checks them all in one mypy run. Generation itself already refuses output that does not import or
that ruff rejects; the tests say so again, explicitly.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import generator.regen as regen
from generator.bundle import operations
from generator.groups import group_of
from tests import synthetic_specs
from tests.support import endpoint_modules, generate, load_package, run_mypy_strict, run_ruff, unload_package

# Stream's specs beside the official one, by the environment variable the Makefile sets.
REFERENCE_SPECS = {"chat_v154": "STREAM_CHAT_V154_SPEC", "video": "STREAM_VIDEO_SPEC"}


def reference_spec(name: str) -> Path | None:
    value = os.environ.get(REFERENCE_SPECS[name], "")
    return Path(value) if value and Path(value).is_file() else None


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every synthetic spec, and each reference spec that is available, generated once."""
    root = tmp_path_factory.mktemp("any-spec")
    packages = {name: generate(build(), root / name) for name, build in synthetic_specs.GENERATING.items()}
    for name in REFERENCE_SPECS:
        path = reference_spec(name)
        if path is not None:
            packages[name] = root / name / regen.PACKAGE
            regen.regenerate(path, packages[name], typecheck=False)
    return packages


def reference(builds: dict[str, Path], name: str) -> tuple[dict[str, Any], Path]:
    path = reference_spec(name)
    if path is None:
        pytest.skip(f"{REFERENCE_SPECS[name]} is unset or does not name a file: that spec of Stream's is not available")
    spec: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return spec, builds[name]


def emitted_operations(package_dir: Path) -> list[tuple[str, str, str]]:
    """``(group, METHOD path, operationId)`` of every endpoint module, read from its constants."""
    found = []
    for module in endpoint_modules(package_dir):
        constants = {
            node.targets[0].id: ast.literal_eval(node.value)
            for node in ast.parse(module.read_text(encoding="utf-8")).body
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
        }
        found.append((module.parent.name, f"{constants['METHOD']} {constants['PATH']}", constants["OPERATION_ID"]))
    return sorted(found)


@pytest.mark.parametrize("name", sorted(REFERENCE_SPECS))
def test_reference_spec_emits_every_operation_once(builds: dict[str, Path], name: str) -> None:
    spec, package_dir = reference(builds, name)
    expected = sorted(
        (group_of(path), f"{method.upper()} {path}", operation["operationId"])
        for path, method, operation in operations(spec)
    )
    assert emitted_operations(package_dir) == expected
    # Version and product prefixes do not gather everything into one group.
    assert len({group for group, _, _ in expected}) > 5


@pytest.mark.parametrize("name", sorted(REFERENCE_SPECS))
def test_reference_package_is_lint_clean(builds: dict[str, Path], name: str) -> None:
    _, package_dir = reference(builds, name)
    assert run_ruff(package_dir) == []


def test_every_package_passes_mypy_strict(builds: dict[str, Path], tmp_path: Path) -> None:
    # One mypy process over all packages, each under its own name (the generated imports are relative).
    together = tmp_path / "packages"
    for name, package_dir in builds.items():
        shutil.copytree(package_dir, together / f"gen_{name}")
    first, *more = sorted(together.iterdir())
    result = run_mypy_strict(first, tmp_path / "mypy-cache", *more)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(synthetic_specs.GENERATING))
def test_synthetic_package_is_lint_clean(builds: dict[str, Path], name: str) -> None:
    assert run_ruff(builds[name]) == []


def modules(package_dir: Path) -> list[str]:
    return [str(path.relative_to(package_dir / "api").with_suffix("")) for path in endpoint_modules(package_dir)]


def test_version_and_product_prefixes_are_stripped_before_grouping(builds: dict[str, Path]) -> None:
    assert {module.split("/")[0] for module in modules(builds["combined_v2"])} == {
        "app",  # /api/v2/app
        "call",  # /api/v2/video/call/...
        "channels",  # /api/v2/chat/channels/...
        "feeds",  # /api/v2/feeds/feeds/{feed_id}: one product segment goes, the resource stays
        "moderation",  # /api/v2/moderation/ban and /api/v2/chat/moderation/ban
        "rules",  # /automod/v1/rules
        "users",  # /api/v2/users and the custom events
    }


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (
            "combined_v2",
            {
                "users/send_user_custom_event_chat": "POST /api/v2/chat/users/{user_id}/event",
                "users/send_user_custom_event_feeds": "POST /api/v2/feeds/users/{user_id}/event",
                "moderation/ban": "POST /api/v2/moderation/ban",
                "moderation/ban_chat": "POST /api/v2/chat/moderation/ban",
            },
        ),
        (
            "moderation",
            {
                "moderation/query_review_queue": "POST /api/v2/moderation/review_queue",
                "moderation/query_review_queue_dashboard": "POST /api/v2/moderation/dashboard/review_queue",
                "moderation/get_config": "GET /api/v2/moderation/config/{key}",
                "moderation/get_config_dashboard": "GET /api/v2/moderation/dashboard/config/{key}",
            },
        ),
        (
            "older_chat",
            {
                "uploads/delete_file_channels": "DELETE /channels/{type}/{id}/file",
                "uploads/delete_file_uploads": "DELETE /uploads/file",
                "uploads/delete_image": "DELETE /uploads/image",
            },
        ),
    ],
)
def test_operations_sharing_an_operation_id_are_named_after_the_segments_that_differ(
    builds: dict[str, Path], spec: str, expected: dict[str, str]
) -> None:
    emitted = {
        f"{group}/{name}": where
        for (group, where, _), name in zip(
            emitted_operations(builds[spec]), sorted_module_names(builds[spec]), strict=True
        )
    }
    assert {module: emitted.get(module) for module in expected} == expected


def sorted_module_names(package_dir: Path) -> list[str]:
    """Module names in the order of ``emitted_operations`` (sorted by group, then method and path)."""
    pairs = []
    for module in endpoint_modules(package_dir):
        constants = {
            node.targets[0].id: ast.literal_eval(node.value)
            for node in ast.parse(module.read_text(encoding="utf-8")).body
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
        }
        pairs.append(((module.parent.name, f"{constants['METHOD']} {constants['PATH']}"), module.stem))
    return [stem for _, stem in sorted(pairs)]


def test_clash_names_stay_when_unrelated_operations_come_and_go(builds: dict[str, Path], tmp_path: Path) -> None:
    spec = synthetic_specs.combined_v2_spec()
    del spec["paths"]["/api/v2/users"]
    spec["paths"]["/api/v2/chat/users/{user_id}/mute"] = {
        "post": synthetic_specs.operation("MuteUser", params=["user_id"])
    }
    spec["paths"]["/api/v2/chat/bans"] = {"get": synthetic_specs.operation("QueryBans")}
    changed = set(modules(generate(spec, tmp_path)))
    before = set(modules(builds["combined_v2"]))
    assert before - changed == {"users/update_users"}
    assert changed - before == {"users/mute_user", "bans/query_bans"}


@pytest.fixture
def package(builds: dict[str, Path], request: pytest.FixtureRequest) -> Iterator[Callable[[str], ModuleType]]:
    """Imports a synthetic package under its own name; unloaded after the test."""
    loaded: list[str] = []

    def load(name: str) -> ModuleType:
        alias = f"any_spec_{name}"
        loaded.append(alias)
        return load_package(builds[name], alias)

    yield load
    for alias in loaded:
        unload_package(alias)


def test_reserved_schema_names_get_a_model_suffix(builds: dict[str, Path]) -> None:
    assert sorted(path.stem for path in (builds["reserved_names"] / "models").glob("[!_]*.py")) == [
        "any_model",
        "client_model",
        "thing",
        "unset_2",
        "unset_model",
    ]


def test_references_to_renamed_schemas_follow_them(package: Callable[[str], ModuleType]) -> None:
    unions = importlib.import_module(package("reserved_names").__name__ + ".unions")
    assert unions.OWNER_TYPES == {"c": "ClientModel", "u": "UnsetModel"}
    assert type(unions.parse_owner({"kind": "u", "to_dict": "t"})).__name__ == "UnsetModel"


def test_a_field_named_like_its_type_gets_the_snake_case_name_and_keeps_its_key(
    package: Callable[[str], ModuleType],
) -> None:
    models = importlib.import_module(package("reserved_names").__name__ + ".models")
    parsed = models.ClientModel.from_dict({"Unset2": "one", "StatusCode": 404})
    assert (parsed.unset_2, parsed.StatusCode) == (models.Unset2.ONE, 404)  # other capitalised names stay
    assert parsed.to_dict() == {"Unset2": "one", "StatusCode": 404}


def test_reserved_property_names_get_an_underscore_and_keep_their_keys(
    package: Callable[[str], ModuleType],
) -> None:
    models = importlib.import_module(package("reserved_names").__name__ + ".models")
    data = {
        "additional_properties": {"a": "b"},
        "to_dict": "t",
        "from_dict": 3,
        "s": "2024-01-02T03:04:05Z",
        "m": {"x": "y"},
        "kind": "one",
        "a-b": 1,
        "a_b": "text",
        "unknown": True,
    }
    parsed = models.UnsetModel.from_dict(data)
    assert (parsed.additional_properties_, parsed.to_dict_, parsed.from_dict_) == ({"a": "b"}, "t", 3)
    assert parsed.s_.year == 2024 and parsed.m_.x == "y" and parsed.kind == models.Unset2.ONE
    assert (parsed.ab, parsed.a_b) == (1, "text")  # openapi-python-client's own way for names giving one attribute
    assert parsed.additional_properties == {"unknown": True}
    assert parsed.to_dict() == data
    assert models.ClientModel.from_dict({"owner": {"to_dict": "t"}}).owner.to_dict_ == "t"


def test_reserved_parameter_names_get_an_underscore_and_keep_their_names_on_the_wire(
    package: Callable[[str], ModuleType],
) -> None:
    pkg = package("reserved_names")
    list_things = importlib.import_module(f"{pkg.__name__}.api.things.list_things")
    # openapi-python-client itself names a `client` parameter `client_query`.
    method, path, options = list_things._options(params_="p", headers_="h", options_="o", client_query="c", body_="b")
    assert (method, path) == ("GET", "/things")
    assert options["params"] == {"params": "p", "headers": "h", "options": "o", "client": "c", "body": "b"}


def test_colliding_enum_values_get_numbered_members(package: Callable[[str], ModuleType]) -> None:
    models = importlib.import_module(package("colliding_enums").__name__ + ".models")
    assert {member.name: member.value for member in models.LabelledKind} == {
        "A_B": "a-b",
        "A_B_2": "A_B_2",
        "A_B_3": "a_b",
        "X": "x",
    }
    assert [member.value for member in models.Case] == ["Foo", "foo", "FOO"]
    parsed = models.Labelled.from_dict({"kind": "a_b", "case": "foo"})
    assert (parsed.kind, parsed.case) == (models.LabelledKind.A_B_3, models.Case.FOO_2)


LONG_OPERATION = "get_call_session_participant_events_by_kind_timeline"


def test_text_from_the_spec_keeps_its_meaning(builds: dict[str, Path], package: Callable[[str], ModuleType]) -> None:
    pkg = package("lint_traps")
    module = importlib.import_module(f"{pkg.__name__}.api.call_stats.{LONG_OPERATION}")
    models = importlib.import_module(f"{pkg.__name__}.models")
    doc = module.sync.__doc__
    assert doc.startswith("""Events - one per kind - of a participant's "session\"""")
    assert 'Retries (0-1000) per stage... C:\\path\\to a"""b' in doc
    assert re.sub(r"\s", "", doc).count("é") == 150
    assert module.PATH == "/call_stats/{call_type}/{call_id}/{session}/participants/{user}/{user_session}/" + (
        "timeline/events_by_kind"
    )
    assert models.Described.__doc__ == 'A model whose description ends with a quote: "done"'
    assert sorted(member.value for member in models.DescribedLabel) == [
        "C:\\path",
        "na\u00efve\u2013value",
        "plain",
        'say "hi"',
    ]
    assert module.__doc__ == f"GET {module.PATH}\n({LONG_OPERATION})."  # wrapped before the path's 120 characters


def test_unions_sharing_members_import_each_once(builds: dict[str, Path]) -> None:
    tree = ast.parse((builds["lint_traps"] / "unions.py").read_text(encoding="utf-8"))
    imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names]
    assert sorted(name for name in imported if imported.count(name) > 1) == []
    assert {"ChannelEvent", "MessageEvent"} <= set(imported)


# Refused: what has no safe renaming, with a message and without a traceback


def _schema_and_its_replacement(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"].update(Unset={"type": "object"}, UnsetModel={"type": "object"})


def _reserved_path_parameter(spec: dict[str, Any]) -> None:
    spec["paths"]["/things/{options}"] = {"get": synthetic_specs.operation("GetThing", params=["options"])}


def _renamed_property_taken(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["Thing"]["properties"].update(to_dict={"type": "string"}, to_dict_={"type": "string"})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_schema_and_its_replacement, "schema 'Unset': its class name Unset is used by the generated code itself"),
        (_reserved_path_parameter, "path parameter 'options' is a name the endpoint functions use"),
        (_renamed_property_taken, "schema Thing: property 'to_dict' needs renaming to 'to_dict_'"),
    ],
    ids=["schema", "path-parameter", "property"],
)
def test_names_without_a_safe_renaming_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Callable[[dict[str, Any]], None], message: str
) -> None:
    spec = synthetic_specs.spec({"/things": {"get": synthetic_specs.operation("ListThings")}})
    change(spec)
    spec_path = tmp_path / "spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    assert regen.main(["--spec", str(spec_path), "--out", str(tmp_path / "out")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("regen failed: NameClash: ") and message in error
    assert "Traceback" not in error
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("_BROKEN = 1 / 0", "modules that do not import:\n.*models.thing: ZeroDivisionError"),
        ("# " + "far too long " * 12, "ruff check is not clean:\n.*E501"),
        ('_BROKEN: int = "text"', "mypy --strict fails:\n.*Incompatible types in assignment"),
    ],
    ids=["import", "ruff", "mypy"],
)
def test_a_broken_package_replaces_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, message: str
) -> None:
    spec = synthetic_specs.spec({"/things": {"get": synthetic_specs.operation("ListThings")}})
    out = generate(spec, tmp_path)
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    templates = tmp_path / "templates"
    shutil.copytree(regen.TEMPLATES, templates)
    monkeypatch.setattr(regen, "TEMPLATES", templates)
    model = templates / "model.py.jinja"
    model.write_text(model.read_text(encoding="utf-8") + f"\n\n{line}\n", encoding="utf-8")
    with pytest.raises(regen.RegenError, match=f"(?s)^the generated package is broken:\n.*{message}"):
        regen.regenerate(tmp_path / "spec.json", out, mypy_cache=tmp_path / "mypy-cache")
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before


def _multipart_body_to_nowhere(spec: dict[str, Any]) -> None:
    content = {"multipart/form-data": {"schema": synthetic_specs.ref("Nowhere")}}
    spec["paths"]["/things"]["post"] = {**synthetic_specs.operation("Upload"), "requestBody": {"content": content}}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([synthetic_specs.spec({})], "not a valid OpenAPI 3 document:\n  : Input should be a valid dictionary"),
        (
            {**synthetic_specs.spec({}), "paths": []},
            "not a valid OpenAPI 3 document:\n  paths: Input should be a valid",
        ),
        (_multipart_body_to_nowhere, "POST /things.*Could not find reference"),
    ],
    ids=["array", "paths-list", "dangling-reference"],
)
def test_a_malformed_spec_is_refused_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], document: Any, message: str
) -> None:
    if callable(document):
        spec = synthetic_specs.spec({"/things": {"get": synthetic_specs.operation("ListThings")}})
        document(spec)
        document = spec
    spec_path = tmp_path / "spec.json"
    spec_path.write_text(json.dumps(document), encoding="utf-8")
    assert regen.main(["--spec", str(spec_path), "--out", str(tmp_path / "out")]) == 1
    error = capsys.readouterr().err
    assert re.search(f"(?s)^regen failed: .*{message}", error), error
    assert "Traceback" not in error
