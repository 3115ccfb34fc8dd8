"""``make spec-diff``: the checklist of what differs between two descriptions of the API."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from generator.bundle import operations
from generator.fidelity import CORRECTION, MISSING, compare
from generator.specdiff import checklist, main, sections
from tests.support import official_spec_path
from tests.test_any_spec import reference_spec
from tests.test_fidelity import stream_doc


def new_doc() -> dict[str, Any]:
    """``stream_doc()`` as a later version of Stream's spec: one change of each kind."""
    doc = stream_doc()
    things = doc["paths"]["/things/{id}"]
    things["get"]["parameters"].append({"name": "fields", "in": "query", "schema": {"type": "string"}})
    doc["paths"]["/things/{id}/archive"] = {"post": things.pop("delete")}  # moved
    doc["paths"]["/things"] = {"get": {"operationId": "ListThings", "responses": {"200": {"description": "ok"}}}}
    schemas = doc["components"]["schemas"]
    thing = schemas["Thing"]
    thing["properties"]["colour"] = {"type": "string"}
    del thing["properties"]["tags"]
    thing["properties"]["id"]["format"] = "uuid"
    thing["properties"]["kind"]["enum"] = ["a", "b", "c", "d"]
    thing["required"] = ["id"]
    schemas["Query"]["properties"]["limit"]["maximum"] = 300
    schemas["Page"] = {"type": "object", "properties": {"next": {"type": "string"}}}
    return doc


def base_doc() -> dict[str, Any]:
    """``stream_doc()`` as our description of it, with a marked correction and an operation Stream lacks."""
    doc = stream_doc()
    doc["components"]["schemas"]["Thing"]["properties"]["latitude"].update({"minimum": -90, CORRECTION: "overflowed"})
    doc["paths"]["/things/{id}"]["patch"] = {
        "operationId": "PatchThing",
        MISSING: "the client uses it",
        "responses": {},
    }
    doc["components"]["schemas"]["Legacy"] = {"type": "object"}
    return doc


def test_checklist_has_a_section_for_each_kind_of_change() -> None:
    text = checklist(compare(base_doc(), new_doc()), "openapi/", "new.json")
    assert text == "\n".join(
        [
            "openapi/ against new.json: 11 to do",
            "",
            "Operations added (1):",
            "- [ ] GET /things (ListThings)",
            "",
            "Operations moved (same operationId, other method or path) (1):",
            "- [ ] DeleteThing: DELETE /things/{id} -> POST /things/{id}/archive",
            "",
            "Operations changed (operationId, parameters, bodies, responses) (1):",
            "- [ ] GET /things/{id} parameter query:fields: missing",
            "",
            "Schemas added (1):",
            "- [ ] Page",
            "",
            "Schemas removed (1):",
            "- [ ] Legacy",
            "",
            "Properties added (1):",
            "- [ ] Thing.colour",
            "",
            "Properties removed (1):",
            "- [ ] Thing.tags",
            "",
            "Types, formats, required members and enums changed (3):",
            "- [ ] Thing: required differs: ours adds ['kind'], lacks []",
            "- [ ] Thing.id: format is None, Stream's is 'uuid'",
            "- [ ] Thing.kind: enum is ['a', 'b', 'c'], Stream's is ['a', 'b', 'c', 'd']",
            "",
            "Other constraints changed (minimum, maximum, pattern, ...) (1):",
            "- [ ] Query.limit: maximum is 100, Stream's is 300",
            "",
            "Our marked deviations, kept (2):",
            "- corrected: Thing.latitude: overflowed",
            "- added: PATCH /things/{id}",
        ]
    )


def test_the_same_facts_give_an_empty_checklist() -> None:
    assert checklist(compare(stream_doc(), stream_doc()), "a", "b") == "a states every fact of b"


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base, new = tmp_path / "base.json", tmp_path / "new.json"
    base.write_text(json.dumps(base_doc()), encoding="utf-8")
    new.write_text(json.dumps(new_doc()), encoding="utf-8")
    assert main(["--base", str(base), str(new)]) == 0
    assert capsys.readouterr().out.startswith(f"{base} against {new}: 11 to do\n")
    assert main(["--base", str(base), str(tmp_path / "absent.json")]) == 1
    assert "spec-diff: cannot read the specs" in capsys.readouterr().err


def test_v154_to_current_lists_what_the_two_files_say() -> None:
    old_path, new_path = reference_spec("chat_v154"), official_spec_path()
    if old_path is None or new_path is None:
        pytest.skip("Stream's v154.1.0 and current chat specs are not both available")
    old = json.loads(old_path.read_text(encoding="utf-8"))
    new = json.loads(new_path.read_text(encoding="utf-8"))
    found = sections(compare(copy.deepcopy(old), new))

    old_ops = {f"{method.upper()} {path}": op["operationId"] for path, method, op in operations(old)}
    new_ops = {f"{method.upper()} {path}": op["operationId"] for path, method, op in operations(new)}
    added = {new_ops[where]: where for where in set(new_ops) - set(old_ops)}
    removed = {old_ops[where]: where for where in set(old_ops) - set(new_ops)}
    # An operationId that left one method and path for another has moved.
    moved = set(added) & set(removed)
    assert found["operation moved"] == [f"{op}: {removed[op]} -> {added[op]}" for op in sorted(moved)]
    assert sorted(found["operation added"]) == sorted(
        f"{where} ({op})" for op, where in added.items() if op not in moved
    )
    assert sorted(found["operation removed"]) == sorted(
        f"{where} ({op})" for op, where in removed.items() if op not in moved
    )
    # A path that stayed with another operationId is a changed operation.
    renamed = sorted(where for where in old_ops.keys() & new_ops.keys() if old_ops[where] != new_ops[where])
    assert renamed == sorted(
        line.split(": operationId is")[0] for line in found["operation changed"] if ": operationId is" in line
    )
    old_schemas, new_schemas = old["components"]["schemas"], new["components"]["schemas"]
    assert found["schema added"] == sorted(set(new_schemas) - set(old_schemas))
    assert found["schema removed"] == sorted(set(old_schemas) - set(new_schemas))
    properties_added, properties_removed = [], []
    for name in sorted(set(old_schemas) & set(new_schemas)):
        before, after = set(old_schemas[name].get("properties", {})), set(new_schemas[name].get("properties", {}))
        properties_added += [f"{name}.{prop}" for prop in sorted(after - before)]
        properties_removed += [f"{name}.{prop}" for prop in sorted(before - after)]
    assert [line for line in found["property added"] if line.count(".") == 1] == properties_added
    assert [line for line in found["property removed"] if line.count(".") == 1] == properties_removed
