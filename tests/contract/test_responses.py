"""Every success response of every operation parses, typed, and writes back what it read.

For each schema a success response of an operation can contain (the response
schemas and every model reachable from them), instances are built from the
description in seven shapes (``RESPONSE_SHAPES``: required fields only, all
fields, nulls where allowed, unknown keys at every object level, unknown enum
values, datetimes with offsets and nanoseconds, empty lists and maps). Each one
must

- parse with the generated ``Model.from_dict`` without touching its input;
- parse *typed*: described keys land in their attributes (nested objects as
  their models, RFC 3339 strings as aware datetimes, known enum values as enum
  members), while unknown keys, and only those, land unchanged in
  ``additional_properties``;
- come back from ``to_dict`` equal to what was read, and JSON-serialisable.

"Equal" is exact (types included, except that JSON does not tell ``1`` from
``1.0``) with one normalisation, where the schema says ``format: date-time``:
such strings are equal when they name the same instant, taken to the
microsecond. ``to_dict`` writes datetimes in UTC (``…Z``), and Python's
``datetime`` holds microseconds, so an offset is rewritten and fractional
digits past the sixth are dropped; nothing else may change. Values in unknown
keys are never normalised.
"""

from __future__ import annotations

import copy
import datetime
import enum
import functools
import json
import re
from typing import Any

import attrs
import pytest
from hypothesis import given

import stream_chat_gen.models as models
from generator.bundle import operations
from stream_chat_gen.types import UNSET
from tests.contract.conftest import SHAPES
from tests.contract.report import TALLY
from tests.contract.strategies import RESPONSE_SHAPES, SETTINGS, Instances, Shape
from tests.contract.validator import document

SCHEMA_PREFIX = "#/components/schemas/"
RFC3339 = re.compile(
    r"^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:([Zz])|([+-])(\d\d):(\d\d))$", re.ASCII
)


def response_schemas() -> dict[str, list[str]]:
    """Success response schema name -> the operations that answer with it."""
    found: dict[str, list[str]] = {}
    for _, _, operation in operations(document()):
        for status, response in operation["responses"].items():
            if status.startswith("2"):
                ref = response["content"]["application/json"]["schema"]["$ref"]
                found.setdefault(ref.removeprefix(SCHEMA_PREFIX), []).append(operation["operationId"])
    return found


def reachable(names: list[str]) -> list[str]:
    """The schemas ``names`` and every schema they refer to, transitively."""
    schemas = document()["components"]["schemas"]
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(ref.removeprefix(SCHEMA_PREFIX) for ref in _refs(schemas[name]))
    return sorted(seen)


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [node["$ref"]] if "$ref" in node else [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


RESPONSES = response_schemas()
# The models among them (enums and other scalars are checked inside the models that hold them).
SCHEMAS = [name for name in reachable(sorted(RESPONSES)) if document()["components"]["schemas"][name].get("properties")]
INSTANCES = Instances(document())


def instant(text: str) -> datetime.datetime | None:
    """The UTC instant an RFC 3339 string names, to the microsecond (our own parser, not the client's)."""
    match = RFC3339.match(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    micro = int(((match.group(7) or "") + "000000")[:6])
    moment = datetime.datetime(year, month, day, hour, minute, second, micro, tzinfo=datetime.UTC)
    if match.group(9):
        offset = datetime.timedelta(hours=int(match.group(10)), minutes=int(match.group(11)))
        moment -= offset if match.group(9) == "+" else -offset
    return moment


def is_datetime_schema(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "string" and schema.get("format") == "date-time"


def child_schema(schema: dict[str, Any], key: str) -> Any:
    """The schema of ``key`` in an object: its property, else the map's values; ``{}`` for an unknown key."""
    properties = schema.get("properties", {})
    if key in properties:
        return properties[key]
    values = schema.get("additionalProperties")
    return values if isinstance(values, dict) else {}


def assert_same(expected: Any, actual: Any, schema: Any, place: str = "$") -> None:
    """``actual`` equals ``expected`` (see the module docstring for the one normalisation)."""
    resolved, _ = INSTANCES.resolve(schema)
    if is_datetime_schema(resolved) and isinstance(expected, str) and instant(expected) is not None:
        assert isinstance(actual, str), f"{place}: {actual!r} is not a string"
        assert instant(actual) == instant(expected), f"{place}: {actual!r} is not the instant {expected!r}"
    elif isinstance(expected, dict):
        assert isinstance(actual, dict), f"{place}: {actual!r} is not an object"
        assert set(actual) == set(expected), f"{place}: keys {sorted(actual)} != {sorted(expected)}"
        for key, value in expected.items():
            assert_same(value, actual[key], child_schema(resolved, key), f"{place}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{place}: {actual!r} is not a list"
        assert len(actual) == len(expected), f"{place}: {len(actual)} items, not {len(expected)}"
        for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
            assert_same(left, right, resolved.get("items", {}), f"{place}[{index}]")
    else:
        numbers = (int, float)
        same_kind = type(actual) is type(expected) or (
            isinstance(actual, numbers)
            and isinstance(expected, numbers)
            and not isinstance(actual, bool)
            and not isinstance(expected, bool)
        )
        assert same_kind and actual == expected, f"{place}: {actual!r} is not {expected!r}"


class _Probe:
    """A value every generated parser passes through unchanged (not a str, dict, list or enum value)."""


@functools.cache
def attribute_names(cls: Any) -> dict[str, str]:
    """JSON key -> attribute name of a generated model, found by parsing each key alone."""
    names: dict[str, str] = {}
    fields = [f.name for f in attrs.fields(cls) if f.name != "additional_properties"]
    schema, _ = INSTANCES.resolve({"$ref": SCHEMA_PREFIX + cls.__name__})
    for key in schema.get("properties", {}):
        probe = _Probe()
        parsed = cls.from_dict({key: probe})
        holders = [name for name in fields if getattr(parsed, name) is probe]
        assert len(holders) == 1, f"{cls.__name__}: key {key!r} lands in {holders}"
        names[key] = holders[0]
    return names


def assert_typed(value: Any, data: Any, schema: Any, place: str = "$") -> None:
    """``value`` is ``data`` parsed the way the description says (see the module docstring)."""
    resolved, name = INSTANCES.resolve(schema)
    if data is None:
        assert value is None, f"{place}: null parsed as {value!r}"
    elif name is not None and resolved.get("properties") and isinstance(data, dict):
        cls = getattr(models, name)
        assert isinstance(value, cls), f"{place}: {type(value).__name__} is not {name}"
        described = resolved["properties"]
        unknown = {key: item for key, item in data.items() if key not in described}
        assert value.additional_properties == unknown, f"{place}: additional_properties"
        for key, attribute in attribute_names(cls).items():
            if key in data:
                assert_typed(getattr(value, attribute), data[key], described[key], f"{place}.{key}")
            else:
                assert getattr(value, attribute) is UNSET, f"{place}.{key}: absent but not UNSET"
    elif is_datetime_schema(resolved) and isinstance(data, str) and instant(data) is not None:
        assert isinstance(value, datetime.datetime), f"{place}: {value!r} is not a datetime"
        assert value.tzinfo is not None, f"{place}: naive datetime"
        assert value.astimezone(datetime.UTC) == instant(data), f"{place}: {value!r} is not {data!r}"
    elif "enum" in resolved:
        if data in resolved["enum"]:
            assert isinstance(value, enum.Enum), f"{place}: {value!r} is not an enum member"
            assert value.value == data, f"{place}: {value!r} is not {data!r}"
        else:
            assert value == data and not isinstance(value, enum.Enum), f"{place}: unknown {data!r} became {value!r}"
    elif isinstance(data, list):
        assert isinstance(value, list), f"{place}: {value!r} is not a list"
        assert len(value) == len(data)
        for index, (item, raw) in enumerate(zip(value, data, strict=True)):
            assert_typed(item, raw, resolved.get("items", {}), f"{place}[{index}]")
    elif isinstance(data, dict):
        assert isinstance(value, dict), f"{place}: {value!r} is not a dict"
        assert set(value) == set(data), f"{place}: keys changed"
        for key, raw in data.items():
            assert_typed(value[key], raw, child_schema(resolved, key), f"{place}.{key}")
    else:
        assert value == data, f"{place}: {value!r} is not {data!r}"


def round_trip(name: str, shape: Shape, data: Any) -> None:
    """The checks of one instance (the property the tests below run)."""
    cls = getattr(models, name)
    schema = {"$ref": SCHEMA_PREFIX + name}
    pristine = copy.deepcopy(data)
    parsed = cls.from_dict(data)
    assert data == pristine, "from_dict changed its input"
    assert_typed(parsed, data, schema)
    written = parsed.to_dict()
    json.dumps(written, allow_nan=False)
    assert_same(data, written, schema)
    TALLY.round_tripped(name, shape.name)


@pytest.mark.parametrize("shape", RESPONSE_SHAPES, ids=lambda shape: shape.name)
@pytest.mark.parametrize("name", SCHEMAS)
def test_round_trip(name: str, shape: Shape) -> None:
    @SETTINGS
    @given(INSTANCES.of({"$ref": SCHEMA_PREFIX + name}, shape))
    def check(data: Any) -> None:
        round_trip(name, shape, data)

    check()


def test_every_operation_has_a_parsed_success_response() -> None:
    """All operations answer with a model schema that the round trips above cover."""
    covered = {op for ops in RESPONSES.values() for op in ops}
    assert len(covered) == len(list(operations(document())))
    assert set(RESPONSES) <= set(SCHEMAS)
    for name in RESPONSES:
        assert isinstance(getattr(models, name), type)


def test_the_normalisation_is_not_blind() -> None:
    """The comparison rejects what a lossy parser would produce (so the round trips above can fail)."""
    stamp = {"type": "string", "format": "date-time"}
    assert_same("2026-11-27T10:00:00.123456789+02:00", "2026-11-27T08:00:00.123456Z", stamp)
    for expected, actual, schema in [
        ("2026-11-27T10:00:00.123456Z", "2026-11-27T10:00:00.123457Z", stamp),
        ("2026-11-27T10:00:00+02:00", "2026-11-27T10:00:00Z", stamp),
        ("2026-11-27T10:00:00+02:00", "2026-11-27T08:00:00Z", {}),  # an unknown key is never normalised
        (1, True, {}),
        ({"a": 1}, {"a": 1, "b": None}, {}),
        ([], {}, {}),
        ("2026-11-27T10:00:00Z", datetime.datetime(2026, 11, 27, 10, tzinfo=datetime.UTC), stamp),
    ]:
        with pytest.raises(AssertionError):
            assert_same(expected, actual, schema)


def test_the_report_counts_every_shape() -> None:
    assert len(RESPONSE_SHAPES) == SHAPES


def test_the_typed_check_is_not_blind() -> None:
    """``assert_typed`` rejects a parse that left a datetime as text, lost an unknown key or kept a known one."""
    data = {"id": "u1", "role": "user", "created_at": "2026-11-27T10:00:00.5+01:00", "x_new": [1]}
    schema = {"$ref": SCHEMA_PREFIX + "UserResponse"}
    parsed = models.UserResponse.from_dict(data)
    assert_typed(parsed, data, schema)
    assert parsed.created_at == datetime.datetime(2026, 11, 27, 9, 0, 0, 500000, tzinfo=datetime.UTC)
    for spoil in (
        lambda user: setattr(user, "created_at", data["created_at"]),
        lambda user: user.additional_properties.clear(),
        lambda user: user.additional_properties.update(role="user"),
        lambda user: setattr(user, "id", "u2"),
    ):
        spoilt = models.UserResponse.from_dict(data)
        spoil(spoilt)
        with pytest.raises(AssertionError):
            assert_typed(spoilt, data, schema)
