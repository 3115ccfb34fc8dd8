"""``generator.fidelity``: our description states Stream's facts, and the comparator notices when it does not."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from generator.bundle import bundle
from generator.fidelity import CORRECTION, MISSING, Report, compare
from generator.specdiff import checklist
from tests.support import OPENAPI_DIR


def test_our_description_states_the_facts_of_streams_spec(official_spec: Path) -> None:
    theirs = json.loads(official_spec.read_text(encoding="utf-8"))
    report = compare(bundle(OPENAPI_DIR), theirs)
    # On a mismatch, the message is `make spec-diff`'s checklist of what to change in openapi/.
    assert report.differences == [], checklist(report, "openapi/", str(official_spec))
    # The operations the official client uses but Stream's spec lacks, and nothing else.
    assert sorted(line for line in report.additions if " /" in line) == [
        "DELETE /users/{user_id}",
        "GET /export_channels/{task_id}",
        "PATCH /channels/{type}/{id}/member/{user_id}",
        "POST /campaigns/{id}/test",
        "POST /channels/{type}/{id}/draft",
        "POST /moderation/unflag",
    ]


# The comparator on small documents


def stream_doc() -> dict[str, Any]:
    """A small stand-in for Stream's spec: two operations and two schemas."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Stream", "version": "1"},
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": "GetThing",
                    "summary": "Stream's words",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                        {
                            "name": "payload",
                            "in": "query",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Query"}}},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "Response",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                        },
                        "400": {"description": "Bad request"},
                    },
                },
                "delete": {
                    "operationId": "DeleteThing",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "Response"}},
                },
            }
        },
        "components": {
            "schemas": {
                "Query": {"type": "object", "properties": {"limit": {"type": "integer", "maximum": 100}}},
                "Thing": {
                    "type": "object",
                    "title": "Response",
                    "nullable": True,
                    "description": "Stream's words",
                    "required": ["id", "kind"],
                    "properties": {
                        "id": {"type": "string"},
                        "kind": {"type": "string", "enum": ["a", "b", "c"]},
                        "latitude": {"type": "number", "minimum": 1.8446744073709552e19},
                        "tags": {"type": "array", "items": {"type": "string"}},
                        "custom": {"type": "object", "additionalProperties": {}},
                    },
                },
            }
        },
    }


def our_doc() -> dict[str, Any]:
    """Our description of the same: the same facts in our own words, no title, no top-level nullable."""
    ours = stream_doc()
    operation = ours["paths"]["/things/{id}"]["get"]
    operation["summary"] = "Our words"
    operation["responses"]["401"] = {"$ref": "#/components/responses/Unauthorized"}
    thing = ours["components"]["schemas"]["Thing"]
    del thing["title"], thing["nullable"]
    thing["description"] = "Our words"
    thing["required"] = ["kind", "id"]  # order does not matter
    thing["properties"]["custom"]["additionalProperties"] = True  # same as {}
    return ours


def run(ours: dict[str, Any], theirs: dict[str, Any] | None = None) -> Report:
    return compare(ours, theirs if theirs is not None else stream_doc())


def thing(document: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = document["components"]["schemas"]["Thing"]
    return schema


def get_thing(document: dict[str, Any]) -> dict[str, Any]:
    operation: dict[str, Any] = document["paths"]["/things/{id}"]["get"]
    return operation


def test_same_facts_in_other_words_match() -> None:
    report = run(our_doc())
    assert report.differences == []
    assert (report.operations_matched, report.schemas_matched) == (2, 2)


def test_a_changed_type_is_a_difference() -> None:
    ours = our_doc()
    thing(ours)["properties"]["id"]["type"] = "integer"
    report = run(ours)
    assert report.differences == ["Thing.id: type is 'integer', Stream's is 'string'"]
    assert report.schemas_matched == 1


def test_a_changed_format_is_a_difference() -> None:
    ours = our_doc()
    thing(ours)["properties"]["tags"]["items"]["format"] = "date-time"
    assert run(ours).differences == ["Thing.tags.items: format is 'date-time', Stream's is None"]


def test_a_missing_required_member_is_a_difference() -> None:
    ours = our_doc()
    thing(ours)["required"] = ["id"]
    assert run(ours).differences == ["Thing: required differs: ours adds [], lacks ['kind']"]


def test_an_extra_property_is_a_difference() -> None:
    ours = our_doc()
    thing(ours)["properties"]["colour"] = {"type": "string"}
    assert run(ours).differences == ["Thing: property 'colour' is not in Stream's spec"]


def test_a_missing_property_is_a_difference() -> None:
    ours = our_doc()
    del thing(ours)["properties"]["tags"]
    assert run(ours).differences == ["Thing: property 'tags' is missing"]


def test_an_extra_property_marked_missing_from_streams_spec_is_an_addition() -> None:
    ours = our_doc()
    thing(ours)["properties"]["colour"] = {"type": "string", MISSING: "the API sends it"}
    report = run(ours)
    assert report.differences == []
    assert report.additions == ["Thing.colour"]


def test_an_enum_reordering_is_a_difference() -> None:
    ours = our_doc()
    thing(ours)["properties"]["kind"]["enum"] = ["b", "a", "c"]
    assert run(ours).differences == ["Thing.kind: enum is ['b', 'a', 'c'], Stream's is ['a', 'b', 'c']"]


def test_a_node_marked_as_a_correction_may_differ() -> None:
    ours = our_doc()
    latitude = thing(ours)["properties"]["latitude"]
    latitude["minimum"] = -90
    assert run(ours).differences != []  # unmarked, the fixed minimum is a difference
    latitude[CORRECTION] = "Stream's minimum overflowed"
    report = run(ours)
    assert report.differences == []
    assert report.corrections == ["Thing.latitude: Stream's minimum overflowed"]


def test_top_level_nullable_on_components_is_not_compared_but_nested_nullable_is() -> None:
    ours = our_doc()
    assert run(ours).differences == []  # Thing has no top-level nullable in ours
    thing(ours)["properties"]["id"]["nullable"] = True
    assert run(ours).differences == ["Thing.id: nullable is True, Stream's is None"]


def test_an_operation_marked_missing_that_stream_has_is_a_difference() -> None:
    ours = our_doc()
    get_thing(ours)[MISSING] = "not really"
    report = run(ours)
    assert report.differences == ["GET /things/{id}: marked x-missing-from-stream-spec but Stream's spec has it"]
    assert report.operations_matched == 1


def test_an_operation_marked_missing_that_stream_lacks_is_an_addition() -> None:
    ours = our_doc()
    ours["paths"]["/things/{id}"]["patch"] = {
        "operationId": "PatchThing",
        MISSING: "the client uses it",
        "responses": {},
    }
    report = run(ours)
    assert report.differences == []
    assert report.additions == ["PATCH /things/{id}"]


def test_an_unmarked_extra_operation_is_a_difference() -> None:
    ours = our_doc()
    ours["paths"]["/things/{id}"]["patch"] = {"operationId": "PatchThing", "responses": {}}
    assert run(ours).differences == ["PATCH /things/{id}: not in Stream's spec"]


def test_a_schema_marked_missing_that_stream_has_is_a_difference() -> None:
    ours = our_doc()
    ours["components"]["schemas"]["Query"][MISSING] = "not really"
    assert run(ours).differences == ["Query: marked x-missing-from-stream-spec but Stream's spec has it"]


def test_what_ours_lacks_is_a_difference_only_when_complete() -> None:
    ours = our_doc()
    del ours["paths"]["/things/{id}"]["delete"]
    del ours["components"]["schemas"]["Query"]
    expected_lacks = ["DELETE /things/{id}: operation DeleteThing is missing", "Query: schema is missing"]
    report = run(ours)
    assert report.differences == expected_lacks
    partial = compare(ours, stream_doc(), complete=False)
    assert not any(line in partial.differences for line in expected_lacks)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda op: op["parameters"][1].update(
                schema=op["parameters"][1].pop("content")["application/json"]["schema"]
            ),
            "GET /things/{id} parameter query:payload: content types differ",
        ),
        (lambda op: op["parameters"][0].update(required=False), "GET /things/{id} parameter path:id: required differs"),
        (
            lambda op: op.update(operationId="FetchThing"),
            "GET /things/{id}: operationId is 'FetchThing', Stream's is 'GetThing'",
        ),
        (lambda op: op["parameters"].pop(1), "GET /things/{id} parameter query:payload: missing"),
        (
            lambda op: op["responses"].update({"201": op["responses"].pop("200")}),
            "GET /things/{id} response 200: missing",
        ),
        (
            lambda op: op.update(requestBody={"content": {"application/json": {"schema": {"type": "object"}}}}),
            "GET /things/{id}: request body present in only one spec",
        ),
    ],
    ids=["content-param-made-schema", "required", "operationId", "parameter-missing", "status", "body"],
)
def test_operation_facts_are_compared(change: Any, expected: str) -> None:
    ours = our_doc()
    change(get_thing(ours))
    assert expected in run(ours).differences


def test_extra_error_responses_are_not_differences_but_extra_success_responses_are() -> None:
    ours = our_doc()
    get_thing(ours)["responses"]["5XX"] = {"$ref": "#/components/responses/ServerError"}
    assert run(ours).differences == []
    get_thing(ours)["responses"]["201"] = copy.deepcopy(get_thing(ours)["responses"]["200"])
    assert run(ours).differences == ["GET /things/{id} response 201: not in Stream's spec"]
