"""Hypothesis strategies for instances of the schemas in ``openapi/``, and the contract tests' profiles.

``Instances(document).of(schema, shape)`` builds JSON values for a schema of
the bundled description, following ``$ref``s with a depth limit (the
description is recursive: a message quotes a message). Scalars with their
constraints (``minLength``, ``maximum``, ``int32``, …) come from
hypothesis-jsonschema; objects, arrays, maps and the deliberate departures of
a ``Shape`` (unknown keys, unknown enum values, nulls, offset datetimes with
nanoseconds, empty collections) are built here, since a JSON-schema generator
only makes values the schema allows.

Profiles: ``STREAM_CHAT_HYPOTHESIS_PROFILE=ci`` (the default: derandomized, so
the same examples every run, and 5 per test) or ``deep`` (random, 100 per test;
a failure prints the blob to reproduce it with ``@reproduce_failure``).
"""

from __future__ import annotations

import datetime
import json
import os
import string
from dataclasses import dataclass, replace
from typing import Any, Literal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

# -- profiles ----------------------------------------------------------------------------------------------------------

PROFILE = os.environ.get("STREAM_CHAT_HYPOTHESIS_PROFILE", "ci")
_HEALTH = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
]
settings.register_profile(
    "stream-chat-ci", derandomize=True, max_examples=5, deadline=None, database=None, suppress_health_check=_HEALTH
)
settings.register_profile(
    "stream-chat-deep", max_examples=100, deadline=None, database=None, suppress_health_check=_HEALTH, print_blob=True
)
if PROFILE not in ("ci", "deep"):
    raise RuntimeError(f"STREAM_CHAT_HYPOTHESIS_PROFILE must be 'ci' or 'deep', not {PROFILE!r}")
SETTINGS = settings.get_profile(f"stream-chat-{PROFILE}")
# Nesting depth below which optional properties are generated (beyond it: required ones only, collections empty).
# One level is enough: every nested model is also round-tripped on its own, all its fields included.
DEPTH = 1

# -- shapes ------------------------------------------------------------------------------------------------------------

Optional = Literal["none", "all", "some"]


@dataclass(frozen=True)
class Shape:
    """Which instances of a schema to build."""

    name: str
    optional: Optional = "some"
    """Optional properties: left out, all present, or a random choice."""
    nulls: bool = False
    """Properties marked ``nullable`` are null."""
    extras: bool = False
    """Every object with described properties also gets keys the description does not have."""
    unknown_enums: bool = False
    """Enum-valued places get values the description does not list."""
    offsets: bool = False
    """Datetimes carry UTC offsets and 7 to 9 fractional digits (else: UTC ``Z``, 0 to 9 digits)."""
    empty: bool = False
    """Lists and maps are empty."""
    depth: int = DEPTH


RESPONSE_SHAPES = (
    Shape("required-only", optional="none"),
    Shape("all-fields", optional="all"),
    Shape("nulls", optional="all", nulls=True),
    Shape("unknown-keys", extras=True),
    Shape("unknown-enums", optional="all", unknown_enums=True),
    Shape("datetime-offsets", optional="all", offsets=True),
    Shape("empty-collections", optional="all", empty=True),
)
REQUEST_SHAPE = Shape("request")

# -- values ------------------------------------------------------------------------------------------------------------

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
GO_ZERO_TIME = "0001-01-01T00:00:00Z"  # what Stream sends for a timestamp never set


EPOCH_1970 = 0
EPOCH_2200 = 7_258_118_400  # 2200-01-01T00:00:00Z, in seconds


@st.composite
def rfc3339(draw: st.DrawFn, offsets: bool) -> str:
    """An RFC 3339 date-time: UTC ``Z`` with 0 to 9 fractional digits, or any offset with 7 to 9."""
    moment = datetime.datetime.fromtimestamp(draw(st.integers(EPOCH_1970, EPOCH_2200)), datetime.UTC)
    digits = draw(st.integers(7, 9) if offsets else st.integers(0, 9))
    fraction = f".{draw(st.integers(0, 10**digits - 1)):0{digits}d}" if digits else ""
    zone = "Z"
    if offsets:
        minutes = draw(st.integers(-14 * 60, 14 * 60))
        moment += datetime.timedelta(minutes=minutes)  # the same instant, as wall time at that offset
        zone = f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + fraction + zone


JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(*INT64)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | rfc3339(offsets=True)
)
ANY_JSON: st.SearchStrategy[Any] = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
UNKNOWN_KEY = st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=10).map(lambda s: "x_unknown_" + s)


class Instances:
    """Strategies for instances of the schemas of one bundled OpenAPI document."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self._scalars: dict[str, st.SearchStrategy[Any]] = {}
        self._named: dict[tuple[str, Shape, int], st.SearchStrategy[Any]] = {}

    def resolve(self, node: Any) -> tuple[dict[str, Any], str | None]:
        """The schema ``node`` refers to, and the component name if it is a ``$ref``."""
        name = None
        while isinstance(node, dict) and "$ref" in node:
            name = str(node["$ref"]).rsplit("/", 1)[-1]
            node = self.document["components"]["schemas"][name]
        return (node if isinstance(node, dict) else {}), name

    def of(self, schema: Any, shape: Shape, depth: int = 0) -> st.SearchStrategy[Any]:
        """Instances of ``schema`` (a schema node of the document) in the given shape."""
        nullable = isinstance(schema, dict) and schema.get("nullable") is True
        resolved, name = self.resolve(schema)
        if name is not None:
            key = (name, shape, min(depth, shape.depth + 1))
            if key not in self._named:
                self._named[key] = st.deferred(lambda: self._build(resolved, shape, depth))
            strategy = self._named[key]
        else:
            strategy = self._build(resolved, shape, depth)
        if nullable and shape.nulls:
            return st.none()
        if nullable and shape.optional == "some":
            return st.none() | strategy
        return strategy

    def _build(self, schema: dict[str, Any], shape: Shape, depth: int) -> st.SearchStrategy[Any]:
        kind = schema.get("type")
        if "oneOf" in schema:
            return st.one_of([self.of(option, shape, depth) for option in schema["oneOf"]])
        if "enum" in schema:
            return self._enum(schema, shape)
        if kind == "object" or "properties" in schema or "additionalProperties" in schema:
            return self._object(schema, shape, depth)
        if kind == "array":
            items = self.of(schema.get("items", {}), shape, depth)
            if (shape.empty or depth > shape.depth) and not schema.get("minItems"):
                return st.just([])  # past the depth limit collections stay empty, to keep instances small
            low = schema.get("minItems", 1 if shape.optional == "all" else 0)
            high = min(schema.get("maxItems", 2), max(low, 1 if shape.optional == "all" else 2))
            return st.lists(items, min_size=low, max_size=high)
        if kind == "string" and schema.get("format") == "date-time":
            return rfc3339(offsets=shape.offsets) | st.just(GO_ZERO_TIME)
        if kind == "string" and schema.get("format") == "binary":
            return st.binary(max_size=16)
        if kind in ("string", "integer", "number", "boolean"):
            return self._scalar(schema)
        return ANY_JSON  # no type: any JSON value

    def _scalar(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        """A constrained scalar, from hypothesis-jsonschema (our OpenAPI formats turned into JSON-schema bounds)."""
        plain: dict[str, Any] = {"type": schema["type"]}
        for key in ("minimum", "maximum", "minLength", "maxLength"):
            if key in schema:
                plain[key] = schema[key]
        if schema["type"] == "integer":
            low, high = INT32 if schema.get("format") == "int32" else INT64
            plain["minimum"] = max(low, plain.get("minimum", low))
            plain["maximum"] = min(high, plain.get("maximum", high))
        if schema["type"] == "string":
            plain.setdefault("maxLength", 24)
        key = json.dumps(plain, sort_keys=True)
        if key not in self._scalars:
            self._scalars[key] = from_schema(plain, allow_x00=False)
        return self._scalars[key]

    def _enum(self, schema: dict[str, Any], shape: Shape) -> st.SearchStrategy[Any]:
        values = list(schema["enum"])
        if not shape.unknown_enums:
            return st.sampled_from(values)
        if schema.get("type") == "integer":
            return st.integers(*INT32).filter(lambda v: v not in values)
        return st.text(alphabet=string.ascii_lowercase + "._", min_size=1, max_size=12).filter(
            lambda v: v not in values
        )

    def _object(self, schema: dict[str, Any], shape: Shape, depth: int) -> st.SearchStrategy[Any]:
        properties: dict[str, Any] = schema.get("properties", {})
        values = schema.get("additionalProperties")
        if not properties:
            if isinstance(values, dict) and values:  # a map of described values
                if shape.empty or depth > shape.depth:
                    return st.just({})
                inner = self.of(values, shape, depth + 1)
                low = 1 if shape.optional == "all" else 0
                return st.dictionaries(st.text(min_size=1, max_size=8), inner, min_size=low, max_size=max(low, 2 - low))
            if values is None and "type" in schema and shape.name == REQUEST_SHAPE.name:
                return st.just({})  # a closed object without properties: nothing may be sent
            return st.just({}) if shape.empty else st.dictionaries(st.text(max_size=8), ANY_JSON, max_size=3)
        required = set(schema.get("required", []))
        optional = "none" if depth >= shape.depth else shape.optional
        inner_shape = shape if optional != "none" or shape.optional == "none" else replace(shape, optional="none")
        fixed = {key: self.of(sub, inner_shape, depth + 1) for key, sub in properties.items() if key in required}
        others = {key: self.of(sub, inner_shape, depth + 1) for key, sub in properties.items() if key not in required}
        if optional == "all":
            fixed, others = {**fixed, **others}, {}
        elif optional == "none":
            others = {}
        built: st.SearchStrategy[dict[str, Any]] = st.fixed_dictionaries(fixed, optional=others)
        if shape.extras:
            extra = st.dictionaries(UNKNOWN_KEY.filter(lambda k: k not in properties), ANY_JSON, min_size=1, max_size=2)
            built = st.tuples(built, extra).map(lambda pair: {**pair[1], **pair[0]})
        return built
