"""The generation pipeline on small inline specs: generate, import, call endpoints over a mock transport.

A package generated from ``tiny_spec()`` is imported under its own top-level
name (``tiny_stream_chat_gen``), so it never mixes with the committed
``stream_chat_gen`` in ``sys.modules``.
"""

from __future__ import annotations

import ast
import asyncio
import copy
import datetime
import email
import email.policy
import importlib
import inspect
import json
import os
import shutil
import time
import warnings
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import httpx
import pytest
import yaml

import generator.regen as regen
from generator.bundle import BundleError, bundle, operations
from generator.groups import group_of
from generator.normalize import normalize
from tests.support import (
    endpoint_modules,
    generate,
    load_package,
    package_files,
    run_mypy_strict,
    run_python,
    run_ruff,
    unload_package,
)

API_KEY = "the-api-key"
TOKEN = "header.payload.signature"
BASE_URL = "https://chat.example.test"
ALIAS = "tiny_stream_chat_gen"
UTC = datetime.UTC


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_response(schema: str, status: str = "200") -> dict[str, Any]:
    return {status: {"description": "ok", "content": {"application/json": {"schema": ref(schema)}}}}


def path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def tiny_spec() -> dict[str, Any]:
    """A small spec with one of each construct the templates handle specially, written the way Stream writes them."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Tiny API", "version": "v1"},
        "paths": {
            "/channels/{type}/{id}/message": {
                "post": {
                    "operationId": "SendMessage",
                    "tags": ["product:chat"],
                    "parameters": [path_param("type"), path_param("id")],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": ref("SendMessageRequest")}},
                    },
                    "responses": {
                        **json_response("Thing", "201"),
                        "400": {"description": "bad", "content": {"application/json": {"schema": ref("APIError")}}},
                    },
                }
            },
            "/users": {
                "get": {
                    "operationId": "QueryUsers",
                    "tags": ["product:chat"],
                    "parameters": [
                        {
                            "name": "payload",
                            "in": "query",
                            "content": {"application/json": {"schema": ref("QueryUsersPayload")}},
                        }
                    ],
                    "responses": json_response("Thing"),
                }
            },
            "/messages": {
                "get": {
                    "operationId": "GetManyMessages",
                    "tags": ["product:chat"],
                    "parameters": [
                        {
                            "name": "ids",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "array", "items": {"type": "string"}},
                        },
                        {"name": "include_deleted", "in": "query", "schema": {"type": "boolean"}},
                        {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    ],
                    "responses": json_response("Thing"),
                }
            },
            "/channels/{type}/{id}/file": {
                "post": {
                    "operationId": "UploadChannelFile",
                    "tags": ["product:chat"],
                    "parameters": [path_param("type"), path_param("id")],
                    "requestBody": {
                        "required": True,
                        "content": {"multipart/form-data": {"schema": ref("UploadChannelFileRequest")}},
                    },
                    "responses": json_response("Thing", "201"),
                }
            },
        },
        "components": {
            "schemas": {
                "APIError": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {"code": {"type": "integer"}, "message": {"type": "string"}},
                },
                "SendMessageRequest": {
                    "type": "object",
                    "required": ["message"],
                    "properties": {"message": ref("MessageRequest"), "skip_push": {"type": "boolean"}},
                },
                "MessageRequest": {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string"},
                        "user_id": {"type": "string"},
                        "pin_expires": {"type": "string", "format": "date-time"},
                    },
                },
                "QueryUsersPayload": {
                    "type": "object",
                    "properties": {
                        "filter_conditions": {"type": "object", "additionalProperties": {}},
                        "limit": {"type": "integer"},
                    },
                },
                "OnlyUserID": {
                    "type": "object",
                    "description": "A user, by id only.",
                    "required": ["id"],
                    "properties": {"id": {"type": "string"}},
                },
                # Stream's upload field: a plain string, which the normaliser makes binary.
                "UploadChannelFileRequest": {
                    "type": "object",
                    "properties": {"file": {"type": "string"}, "user": ref("OnlyUserID")},
                },
                "Status": {"type": "string", "enum": ["active", "inactive"]},
                # Stream's defect: an integer enum with digit-string values.
                "Level": {"type": "integer", "enum": ["1", "2"]},
                "MessageNewEvent": {
                    "type": "object",
                    "required": ["type"],
                    "properties": {"type": {"type": "string"}, "message_id": {"type": "string"}},
                },
                "CustomEvent": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}}},
                "Event": {
                    "oneOf": [ref("CustomEvent"), ref("MessageNewEvent")],
                    "discriminator": {
                        "propertyName": "type",
                        "mapping": {
                            "message.new": "#/components/schemas/MessageNewEvent",
                            "*": "#/components/schemas/CustomEvent",
                        },
                    },
                },
                "KnownEvent": {
                    "oneOf": [ref("MessageNewEvent")],
                    "discriminator": {
                        "propertyName": "type",
                        "mapping": {"message.new": "#/components/schemas/MessageNewEvent"},
                    },
                },
                "Thing": {
                    "type": "object",
                    "title": "Response",  # Stream titles many schemas `Response`
                    "nullable": True,
                    "required": ["id", "created_at"],
                    "properties": {
                        "id": {"type": "string"},
                        "title": {"type": "string", "title": "Title"},
                        "created_at": {"type": "string", "format": "date-time"},
                        "updated_at": {"type": "string", "format": "date-time", "nullable": True},
                        "status": {**ref("Status"), "description": "Whether the thing is live."},
                        "level": ref("Level"),
                        "user": {**ref("OnlyUserID"), "description": "Who made the thing."},
                        "users": {"type": "array", "items": ref("OnlyUserID")},
                        "statuses": {"type": "array", "items": ref("Status")},
                        "custom": {"type": "object", "additionalProperties": {}},
                        "by_id": {"type": "object", "additionalProperties": ref("OnlyUserID")},
                        "latitude": {"type": "number", "minimum": 1.8446744073709552e19, "maximum": 90},
                    },
                },
            }
        },
    }


THING = {"id": "t1", "created_at": "2024-01-02T03:04:05.123456Z"}


# Generated package and transport


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``tiny_spec()`` generated once for this module."""
    return generate(tiny_spec(), tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="module")
def pkg(tiny_dir: Path) -> Iterator[ModuleType]:
    """The generated tiny package, imported as ``tiny_stream_chat_gen``."""
    module = load_package(tiny_dir, ALIAS)
    yield module
    unload_package(ALIAS)


def endpoint(pkg: ModuleType, dotted: str) -> Any:
    """An endpoint module of the tiny package, such as ``messages.send_message``."""
    return importlib.import_module(f"{pkg.__name__}.api.{dotted}")


class Wire:
    """A ``Client`` over ``httpx.MockTransport`` that records requests and answers with a canned response."""

    def __init__(self, pkg: ModuleType) -> None:
        self.requests: list[httpx.Request] = []
        self.status = 200
        self.content = json.dumps(THING).encode()
        self.http = httpx.Client(transport=httpx.MockTransport(self.handle))
        self.async_http = httpx.AsyncClient(transport=httpx.MockTransport(self.handle))
        self.client = pkg.Client(
            api_key=API_KEY, token=TOKEN, base_url=BASE_URL, httpx_client=self.http, async_httpx_client=self.async_http
        )

    def handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return httpx.Response(self.status, content=self.content, headers={"Content-Type": "application/json"})

    def answer(self, status: int, body: Any = None, *, raw: bytes | None = None) -> None:
        self.status = status
        self.content = raw if raw is not None else json.dumps(body).encode()

    @property
    def last(self) -> httpx.Request:
        assert self.requests, "no request was sent"
        return self.requests[-1]

    def last_json(self) -> Any:
        return json.loads(self.last.content)

    def close(self) -> None:
        self.http.close()
        asyncio.run(self.async_http.aclose())


@pytest.fixture
def wire(pkg: ModuleType) -> Iterator[Wire]:
    recorder = Wire(pkg)
    yield recorder
    recorder.close()


def multipart_parts(request: httpx.Request) -> dict[str, EmailMessage]:
    """The parts of a multipart/form-data request, by field name."""
    head = b"Content-Type: " + request.headers["content-type"].encode() + b"\r\n\r\n"
    message = email.message_from_bytes(head + request.content, _class=EmailMessage, policy=email.policy.HTTP)
    assert message.is_multipart()
    parts: dict[str, EmailMessage] = {}
    for part in message.iter_parts():
        assert isinstance(part, EmailMessage)
        name = part.get_param("name", header="content-disposition")
        assert isinstance(name, str)
        parts[name] = part
    return parts


def part_content(part: EmailMessage) -> bytes:
    """The decoded content of one part of a multipart body."""
    content = part.get_payload(decode=True)
    assert isinstance(content, bytes)
    return content


# Layout


def test_layout_follows_groups_and_schema_names(tiny_dir: Path) -> None:
    modules = {str(path.relative_to(tiny_dir / "api")) for path in endpoint_modules(tiny_dir)}
    assert modules == {
        "messages/send_message.py",
        "messages/get_many_messages.py",
        "uploads/upload_channel_file.py",
        "users/query_users.py",
    }
    models = {path.name for path in (tiny_dir / "models").glob("*.py")}
    assert "thing.py" in models  # named after the schema, not its title `Response`
    assert "response.py" not in models


def test_a_referenced_property_is_described_by_its_own_description(tiny_dir: Path) -> None:
    models = tiny_dir / "models"
    thing = (models / "thing.py").read_text(encoding="utf-8")
    assert 'user: OnlyUserID | Unset = UNSET\n    """Who made the thing."""' in thing
    assert 'status: Status | str | Unset = UNSET\n    """Whether the thing is live."""' in thing
    assert '"""A user, by id only."""' in (models / "only_user_id.py").read_text(encoding="utf-8")


def test_ruff_finds_nothing_to_fix(tiny_dir: Path) -> None:
    assert run_ruff(tiny_dir) == []


def test_every_file_starts_with_the_header(tiny_dir: Path) -> None:
    files = list(package_files(tiny_dir))
    assert len(files) > 10
    for path in files:
        assert path.read_text(encoding="utf-8").startswith(regen.HEADER + "\n"), path


# Credentials and the wire


def test_credentials_on_every_request(pkg: ModuleType, wire: Wire) -> None:
    get_many = endpoint(pkg, "messages.get_many_messages")
    get_many.sync(client=wire.client, ids=["a"])
    request = wire.last
    assert request.method == "GET"
    assert request.url.host == "chat.example.test"
    assert request.url.path == "/messages"
    assert request.url.params["api_key"] == API_KEY
    assert request.headers["Authorization"] == TOKEN  # as is: no `Bearer ` prefix
    assert request.headers["Stream-Auth-Type"] == "jwt"


def test_credentials_on_async_requests(pkg: ModuleType, wire: Wire) -> None:
    send = endpoint(pkg, "messages.send_message")
    result = asyncio.run(send.asyncio("messaging", "general", client=wire.client, body={"message": {"text": "hi"}}))
    assert isinstance(result, pkg.models.Thing)
    request = wire.last
    assert request.url.params["api_key"] == API_KEY
    assert request.headers["Authorization"] == TOKEN
    assert request.headers["Stream-Auth-Type"] == "jwt"


def test_default_base_url_is_streams(pkg: ModuleType, wire: Wire) -> None:
    client = pkg.Client(api_key=API_KEY, token=TOKEN, httpx_client=wire.http)
    endpoint(pkg, "messages.get_many_messages").sync(client=client, ids=["a"])
    assert str(wire.last.url).startswith("https://chat.stream-io-api.com/messages?")


def test_json_body_from_model(pkg: ModuleType, wire: Wire) -> None:
    models = pkg.models
    body = models.SendMessageRequest(
        message=models.MessageRequest(
            text="hi", user_id="alice", pin_expires=datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
        )
    )
    body["client_extra"] = {"x": 1}  # a key this version does not describe
    endpoint(pkg, "messages.send_message").sync("messaging", "general", client=wire.client, body=body)
    assert wire.last.method == "POST"
    assert wire.last.headers["Content-Type"] == "application/json"
    assert wire.last_json() == {
        "message": {"text": "hi", "user_id": "alice", "pin_expires": "2024-01-02T03:04:05Z"},
        "client_extra": {"x": 1},
    }


@pytest.fixture
def local_time_not_utc() -> Iterator[None]:
    """Local time five hours behind UTC, so that a naive datetime taken as local time would show."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "TEST+05"
    time.tzset()
    try:
        assert time.timezone == 5 * 3600
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.mark.usefixtures("local_time_not_utc")
def test_json_body_from_dict(pkg: ModuleType, wire: Wire) -> None:
    body = {
        "message": {
            "text": "hi",
            "pin_expires": datetime.datetime(2024, 1, 2, 3, 4, 5),  # naive: taken as UTC
            "custom_when": datetime.datetime(
                2024, 1, 2, 3, 4, 5, 250000, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
            ),
        },
        "not_in_the_spec": [1, {"at": datetime.datetime(2024, 6, 1, tzinfo=UTC)}],
    }
    endpoint(pkg, "messages.send_message").sync("messaging", "general", client=wire.client, body=body)
    assert wire.last.headers["Content-Type"] == "application/json"
    assert wire.last_json() == {
        "message": {
            "text": "hi",
            "pin_expires": "2024-01-02T03:04:05Z",
            "custom_when": "2024-01-02T01:04:05.250000Z",
        },
        "not_in_the_spec": [1, {"at": "2024-06-01T00:00:00Z"}],
    }


def test_path_parameters_are_percent_encoded(pkg: ModuleType, wire: Wire) -> None:
    endpoint(pkg, "messages.send_message").sync("team chat", "a/b?c#d%é", client=wire.client, body={"message": {}})
    assert wire.last.url.raw_path.split(b"?")[0] == b"/channels/team%20chat/a%2Fb%3Fc%23d%25%C3%A9/message"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_empty_path_parameter_is_refused_before_sending(pkg: ModuleType, wire: Wire, mode: str) -> None:
    send = endpoint(pkg, "messages.send_message")
    with pytest.raises(ValueError, match="'id'"):
        if mode == "sync":
            send.sync("messaging", "", client=wire.client, body={"message": {}})
        else:
            asyncio.run(send.asyncio("messaging", "", client=wire.client, body={"message": {}}))
    assert wire.requests == []


@pytest.mark.parametrize("as_model", [True, False], ids=["model", "dict"])
def test_object_query_parameter_is_sent_as_json(pkg: ModuleType, wire: Wire, as_model: bool) -> None:
    conditions = {"id": {"$in": ["alice", "bob"]}}
    payload = (
        pkg.models.QueryUsersPayload(filter_conditions=conditions, limit=2)
        if as_model
        else {"filter_conditions": conditions, "limit": 2}
    )
    endpoint(pkg, "users.query_users").sync(client=wire.client, payload=payload)
    assert json.loads(wire.last.url.params["payload"]) == {"filter_conditions": conditions, "limit": 2}


def test_list_query_parameter_is_comma_joined_and_bool_lower_case(pkg: ModuleType, wire: Wire) -> None:
    get_many = endpoint(pkg, "messages.get_many_messages")
    get_many.sync(client=wire.client, ids=["m1", "m2", "m3"], include_deleted=True, limit=5)
    params = wire.last.url.params
    assert params.get_list("ids") == ["m1,m2,m3"]
    assert params["include_deleted"] == "true"
    assert params["limit"] == "5"
    get_many.sync(client=wire.client, ids=["m1"], include_deleted=False)
    assert wire.last.url.params["include_deleted"] == "false"
    assert "limit" not in wire.last.url.params  # UNSET is left out


def test_multipart_upload_from_model(pkg: ModuleType, wire: Wire) -> None:
    request_class = pkg.models.UploadChannelFileRequest
    assert request_class.__annotations__["file"] == "File | Unset"  # the normaliser made `file` binary
    body = request_class(
        file=pkg.File(b"hello\x00world", "notes.txt", "text/plain"), user=pkg.models.OnlyUserID(id="al")
    )
    endpoint(pkg, "uploads.upload_channel_file").sync("messaging", "general", client=wire.client, body=body)
    assert wire.last.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    parts = multipart_parts(wire.last)
    assert set(parts) == {"file", "user"}
    assert parts["file"].get_filename() == "notes.txt"
    assert parts["file"].get_content_type() == "text/plain"
    assert part_content(parts["file"]) == b"hello\x00world"
    assert parts["user"].get_filename() is None
    assert json.loads(part_content(parts["user"])) == {"id": "al"}


def test_multipart_upload_from_dict(pkg: ModuleType, wire: Wire) -> None:
    body = {"file": pkg.File(b"\x89PNG", "pic.png", "image/png"), "user": {"id": "al"}}
    endpoint(pkg, "uploads.upload_channel_file").sync("messaging", "general", client=wire.client, body=body)
    parts = multipart_parts(wire.last)
    assert parts["file"].get_filename() == "pic.png"
    assert part_content(parts["file"]) == b"\x89PNG"
    assert json.loads(part_content(parts["user"])) == {"id": "al"}


# Parsing responses


def test_response_is_parsed_into_the_model(pkg: ModuleType, wire: Wire) -> None:
    wire.answer(201, {**THING, "status": "active", "user": {"id": "al"}})
    result = endpoint(pkg, "messages.send_message").sync("messaging", "general", client=wire.client, body={})
    assert isinstance(result, pkg.models.Thing)
    assert result.id == "t1"
    assert result.created_at == datetime.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)
    assert result.status is pkg.models.Status.ACTIVE
    assert isinstance(result.user, pkg.models.OnlyUserID)
    assert result.user.id == "al"


NULLS = {
    **THING,
    "created_at": None,
    "updated_at": None,
    "title": None,
    "status": None,
    "level": None,
    "user": None,
    "users": [None, {"id": "a"}],
    "statuses": None,
    "custom": None,
    "by_id": {"a": None, "b": {"id": "b"}},
}


def test_null_values_are_kept(pkg: ModuleType) -> None:
    thing = pkg.models.Thing.from_dict(NULLS)
    assert thing.created_at is None
    assert thing.updated_at is None
    assert thing.user is None
    assert thing.status is None
    assert thing.users[0] is None
    assert isinstance(thing.users[1], pkg.models.OnlyUserID)
    assert thing.by_id["a"] is None
    assert isinstance(thing.by_id["b"], pkg.models.OnlyUserID)
    assert thing.to_dict() == NULLS


def test_unexpected_shapes_are_kept(pkg: ModuleType) -> None:
    odd = {**THING, "user": "al", "users": {"not": "a list"}, "statuses": [["x"]], "by_id": [1], "created_at": 5}
    thing = pkg.models.Thing.from_dict(odd)
    assert thing.user == "al"
    assert thing.statuses == [["x"]]
    assert thing.to_dict() == odd


def test_enums_are_open(pkg: ModuleType) -> None:
    models = pkg.models
    known = models.Thing.from_dict({**THING, "status": "inactive", "level": 2, "statuses": ["active", "archived"]})
    assert known.status is models.Status.INACTIVE
    assert known.level is models.Level.VALUE_2  # digit-string enum values became integers
    assert known.statuses[0] is models.Status.ACTIVE
    assert type(known.statuses[1]) is str and known.statuses[1] == "archived"
    unknown = models.Thing.from_dict({**THING, "status": "archived", "level": 7})
    assert type(unknown.status) is str and unknown.status == "archived"
    assert type(unknown.level) is int and unknown.level == 7
    assert unknown.to_dict() == {**THING, "status": "archived", "level": 7}


def test_unknown_fields_are_kept_and_written_back(pkg: ModuleType) -> None:
    payload = {**THING, "brand_new": {"a": [1, 2]}, "user": {"id": "al", "nickname": "Al"}}
    thing = pkg.models.Thing.from_dict(payload)
    assert thing.additional_properties == {"brand_new": {"a": [1, 2]}}
    assert thing["brand_new"] == {"a": [1, 2]}
    assert "brand_new" in thing
    assert thing.user.additional_properties == {"nickname": "Al"}
    assert thing.to_dict() == payload


def test_parsed_models_equal_constructed_ones(pkg: ModuleType) -> None:
    models = importlib.import_module(pkg.__name__ + ".models")
    user = models.OnlyUserID.from_dict({"id": "al"})
    assert user == models.OnlyUserID(id="al")
    assert repr(user) == repr(models.OnlyUserID(id="al"))
    assert attrs.evolve(user, id="bo").id == "bo"


def test_from_dict_on_a_subclass_runs_its_init(pkg: ModuleType) -> None:
    models = importlib.import_module(pkg.__name__ + ".models")

    @attrs.define
    class Tagged(models.OnlyUserID):  # type: ignore[name-defined,misc]
        tag: str = "default"

        def __attrs_post_init__(self) -> None:
            self.tag = self.tag.upper()

    tagged = Tagged.from_dict({"id": "al", "extra": 1})
    assert type(tagged) is Tagged
    assert (tagged.id, tagged.tag, tagged.additional_properties) == ("al", "DEFAULT", {"extra": 1})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-06T07:08:09Z", datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)),
        (
            "2024-05-06T07:08:09.123456789Z",
            datetime.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC),
        ),
        (
            "2024-05-06T07:08:09.123456789+02:00",
            datetime.datetime(2024, 5, 6, 5, 8, 9, 123456, tzinfo=UTC),
        ),
        ("2024-05-06T07:08:09.5-05:30", datetime.datetime(2024, 5, 6, 12, 38, 9, 500000, tzinfo=UTC)),
        ("2024-05-06T07:08:09", datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)),
    ],
)
def test_datetimes_parse_aware(pkg: ModuleType, text: str, expected: datetime.datetime) -> None:
    parsed = pkg.models.Thing.from_dict({"id": "t", "created_at": text}).created_at
    assert isinstance(parsed, datetime.datetime)
    assert parsed.tzinfo is not None
    assert parsed == expected


def test_missing_required_keys_stay_unset(pkg: ModuleType) -> None:
    thing = pkg.models.Thing.from_dict({"title": "x"})
    assert thing.id is pkg.UNSET
    assert thing.created_at is pkg.UNSET
    assert thing.user is pkg.UNSET
    assert thing.to_dict() == {"title": "x"}


@pytest.mark.parametrize(
    ("payload", "normalised"),
    [
        (THING, THING),
        (NULLS, NULLS),
        (
            {
                "id": "t",
                "created_at": "2024-01-02T03:04:05.987654321+01:00",
                "updated_at": "2024-01-02T03:04:05Z",
                "title": "a title",
                "status": "active",
                "level": 1,
                "users": [{"id": "a", "extra": True}],
                "statuses": ["inactive", "later"],
                "custom": {"nested": {"deep": [None, 1.5]}},
                "by_id": {"x": {"id": "x"}},
                "latitude": 45.5,
                "unknown": None,
            },
            {
                "id": "t",
                "created_at": "2024-01-02T02:04:05.987654Z",
                "updated_at": "2024-01-02T03:04:05Z",
                "title": "a title",
                "status": "active",
                "level": 1,
                "users": [{"id": "a", "extra": True}],
                "statuses": ["inactive", "later"],
                "custom": {"nested": {"deep": [None, 1.5]}},
                "by_id": {"x": {"id": "x"}},
                "latitude": 45.5,
                "unknown": None,
            },
        ),
    ],
    ids=["minimal", "nulls", "everything"],
)
def test_to_dict_inverts_from_dict(pkg: ModuleType, payload: dict[str, Any], normalised: dict[str, Any]) -> None:
    dumped = pkg.models.Thing.from_dict(copy.deepcopy(payload)).to_dict()
    assert dumped == normalised
    assert json.loads(json.dumps(dumped)) == normalised  # JSON-ready
    assert pkg.models.Thing.from_dict(dumped).to_dict() == normalised


def test_discriminated_unions_are_parsed_by_their_discriminator(pkg: ModuleType) -> None:
    unions = importlib.import_module(f"{pkg.__name__}.unions")
    models = pkg.models
    new = unions.parse_event({"type": "message.new", "message_id": "m1"})
    assert isinstance(new, models.MessageNewEvent)
    assert new.message_id == "m1"
    other = unions.parse_event({"type": "poll.closed", "poll": {"id": "p"}})
    assert isinstance(other, models.CustomEvent)  # the mapping's `*` entry
    assert other.type == "poll.closed"
    assert other.additional_properties == {"poll": {"id": "p"}}
    assert unions.parse_known_event({"type": "poll.closed"}) == {"type": "poll.closed"}  # no `*`: kept as is
    assert isinstance(unions.parse_known_event({"type": "message.new"}), models.MessageNewEvent)


# Errors


def test_error_status_raises_stream_http_error(pkg: ModuleType, wire: Wire) -> None:
    error = {"code": 4, "message": "GetOrCreateChannel failed", "StatusCode": 400}
    wire.answer(400, error)
    send = endpoint(pkg, "messages.send_message")
    response = send.sync_detailed("messaging", "general", client=wire.client, body={})
    assert response.status_code == 400
    assert not response.is_success
    with pytest.raises(pkg.StreamHTTPError) as raised:
        _ = response.parsed
    assert raised.value.status_code == 400
    assert raised.value.body == error
    assert "GetOrCreateChannel failed" in str(raised.value)
    with pytest.raises(pkg.StreamHTTPError):
        send.sync("messaging", "general", client=wire.client, body={})


def test_error_status_with_non_json_body(pkg: ModuleType, wire: Wire) -> None:
    wire.answer(502, raw=b"<html>Bad Gateway</html>")
    with pytest.raises(pkg.StreamHTTPError) as raised:
        endpoint(pkg, "users.query_users").sync(client=wire.client)
    assert raised.value.status_code == 502
    assert raised.value.body is None
    assert raised.value.content == b"<html>Bad Gateway</html>"


def test_non_json_success_body_raises_decode_error(pkg: ModuleType, wire: Wire) -> None:
    wire.answer(200, raw=b"<html>ok</html>")
    response = endpoint(pkg, "users.query_users").sync_detailed(client=wire.client)
    with pytest.raises(pkg.ResponseDecodeError) as raised:
        _ = response.parsed
    assert raised.value.status_code == 200
    assert isinstance(raised.value, ValueError)


def test_json_array_where_an_object_is_expected_raises_decode_error(pkg: ModuleType, wire: Wire) -> None:
    wire.answer(200, [THING])
    query_users = endpoint(pkg, "users.query_users")
    with pytest.raises(pkg.ResponseDecodeError) as raised:
        query_users.sync(client=wire.client)
    assert raised.value.status_code == 200
    assert query_users.sync_detailed(client=wire.client).json() == [THING]  # the raw JSON stays reachable


# Cheap imports


def test_importing_an_endpoint_does_not_import_models_or_httpx(tiny_dir: Path) -> None:
    code = f"""
import sys
import stream_chat_gen.api.messages.send_message as send
assert send.__file__.startswith({str(tiny_dir)!r}), send.__file__
print(sorted(m for m in sys.modules if m.startswith("stream_chat_gen.models.")))
print("httpx" in sys.modules)
send._parse({{"id": "t", "user": {{"id": "u"}}}})
print(sorted(m for m in sys.modules if m.startswith("stream_chat_gen.models.")))
"""
    before, httpx_loaded, after = run_python(code, path=tiny_dir.parent).stdout.splitlines()
    assert before == "[]"
    assert httpx_loaded == "False"
    loaded = ast.literal_eval(after)
    assert {"stream_chat_gen.models.thing", "stream_chat_gen.models.only_user_id"} <= set(loaded)
    assert "stream_chat_gen.models.send_message_request" not in loaded  # only what parsing needed


# The normaliser


def one_operation(path: str = "/channels/{type}/{id}/message", **operation: Any) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {path: {"post": {"operationId": "Op", "responses": {"200": {"description": "ok"}}, **operation}}},
        "components": {"schemas": {}},
    }


def test_normalise_drops_titles_but_keeps_a_property_named_title() -> None:
    document = one_operation()
    document["components"]["schemas"]["Thing"] = {
        "type": "object",
        "title": "Response",
        "properties": {
            "title": {"type": "string", "title": "Title"},
            "items": {"type": "array", "title": "Items", "items": {"type": "object", "title": "Item"}},
            "nested": {"type": "object", "properties": {"title": {"$ref": "#/components/schemas/Other"}}},
        },
    }
    thing = normalize(document)["components"]["schemas"]["Thing"]
    assert "title" not in thing
    assert thing["properties"]["title"] == {"type": "string"}
    assert thing["properties"]["items"] == {"type": "array", "items": {"type": "object"}}
    assert thing["properties"]["nested"]["properties"] == {"title": {"$ref": "#/components/schemas/Other"}}
    assert document["components"]["schemas"]["Thing"]["title"] == "Response"  # the input is not modified


def test_normalise_drops_top_level_nullable_only() -> None:
    document = one_operation()
    document["components"]["schemas"]["Thing"] = {
        "type": "object",
        "nullable": True,
        "properties": {"when": {"type": "string", "format": "date-time", "nullable": True}},
    }
    thing = normalize(document)["components"]["schemas"]["Thing"]
    assert "nullable" not in thing
    assert thing["properties"]["when"]["nullable"] is True


@pytest.mark.parametrize(
    "path", ["/channels/{type}/{id}/message", "/users", "/moderation/ban", "/polls/{poll_id}", "/brand_new/thing"]
)
def test_normalise_replaces_tags_with_the_group(path: str) -> None:
    document = one_operation(path, tags=["product:chat"])
    (_, _, operation), *_ = operations(normalize(document))
    assert operation["tags"] == [group_of(path)]


def test_groups_of_known_paths() -> None:
    assert group_of("/channels/{type}/{id}/message") == "messages"
    assert group_of("/channels/{type}/{id}/file") == "uploads"
    assert group_of("/channels/{type}/{id}") == "channels"
    assert group_of("/users/block") == "moderation"
    assert group_of("/users") == "users"
    assert group_of("/brand-new/{id}") == "brand_new"


def test_normalise_turns_content_query_parameters_into_schema_parameters() -> None:
    payload_schema = {"$ref": "#/components/schemas/QueryUsersPayload"}
    document = one_operation(
        parameters=[
            {
                "name": "payload",
                "in": "query",
                "description": "The query.",
                "content": {"application/json": {"schema": payload_schema}},
            }
        ]
    )
    (_, _, operation), *_ = operations(normalize(document))
    (parameter,) = operation["parameters"]
    assert "content" not in parameter
    assert parameter["schema"]["$ref"] == payload_schema["$ref"]
    assert parameter["schema"]["description"] == "The query."  # the description reaches the schema
    assert parameter["in"] == "query"


def test_normalise_fixes_integer_enums_given_as_digit_strings() -> None:
    document = one_operation()
    document["components"]["schemas"].update(
        {
            "Channels": {"type": "integer", "enum": ["1", "2", "10"]},
            "Words": {"type": "string", "enum": ["1", "2"]},
            "Mixed": {"type": "integer", "enum": ["1", "two"]},
        }
    )
    schemas = normalize(document)["components"]["schemas"]
    assert schemas["Channels"]["enum"] == [1, 2, 10]
    assert schemas["Words"]["enum"] == ["1", "2"]
    assert schemas["Mixed"]["enum"] == ["1", "two"]


def test_normalise_drops_an_overflowed_minimum() -> None:
    document = one_operation()
    document["components"]["schemas"]["Location"] = {
        "type": "object",
        "properties": {
            "latitude": {"type": "number", "minimum": 1.8446744073709552e19, "maximum": 90},
            "longitude": {"type": "number", "minimum": -180, "maximum": 180},
        },
    }
    properties = normalize(document)["components"]["schemas"]["Location"]["properties"]
    assert properties["latitude"] == {"type": "number", "maximum": 90}
    assert properties["longitude"] == {"type": "number", "minimum": -180, "maximum": 180}


def test_normalise_makes_multipart_file_fields_binary() -> None:
    document = one_operation(
        requestBody={"content": {"multipart/form-data": {"schema": {"$ref": "#/components/schemas/Upload"}}}}
    )
    document["components"]["schemas"]["Upload"] = {
        "type": "object",
        "properties": {"file": {"type": "string"}, "name": {"type": "string"}},
    }
    upload = normalize(document)["components"]["schemas"]["Upload"]
    assert upload["properties"] == {"file": {"type": "string", "format": "binary"}, "name": {"type": "string"}}


# The bundler


ROOT_YAML = {
    "openapi": "3.0.3",
    "info": {"title": "T", "version": "1"},
    "x-error-statuses": {"400": "BadRequest", "5XX": "ServerError"},
    "components": {
        "responses": {
            "BadRequest": {"description": "bad", "content": {"application/json": {"schema": ref("APIError")}}},
            "ServerError": {"description": "down", "content": {"application/json": {"schema": ref("APIError")}}},
        },
    },
}


def write_spec_dir(directory: Path, files: dict[str, dict[str, Any]]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "openapi.yaml").write_text(yaml.safe_dump(ROOT_YAML), encoding="utf-8")
    for name, content in files.items():
        (directory / name).write_text(yaml.safe_dump(content), encoding="utf-8")
    return directory


def group_file(paths: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    return {"paths": paths, "components": {"schemas": schemas}}


COMMON = group_file({}, {"APIError": {"type": "object", "properties": {"message": {"type": "string"}}}})
USERS = group_file(
    {
        "/users": {
            "get": {"operationId": "QueryUsers", "responses": json_response("User")},
            "post": {
                "operationId": "UpdateUsers",
                "responses": {
                    **json_response("User", "201"),
                    "400": {"description": "own", "content": {"application/json": {"schema": ref("User")}}},
                },
            },
        }
    },
    {"User": {"type": "object", "properties": {"id": {"type": "string"}}}},
)


def test_bundle_merges_files_and_adds_error_responses(tmp_path: Path) -> None:
    document = bundle(write_spec_dir(tmp_path, {"common.yaml": COMMON, "users.yaml": USERS}))
    assert set(document["components"]["schemas"]) == {"APIError", "User"}
    assert "x-error-statuses" not in document
    found = {(path, method): operation for path, method, operation in operations(document)}
    assert set(found) == {("/users", "get"), ("/users", "post")}
    get, post = found["/users", "get"], found["/users", "post"]
    assert get["responses"]["400"] == {"$ref": "#/components/responses/BadRequest"}
    assert get["responses"]["5XX"] == {"$ref": "#/components/responses/ServerError"}
    assert post["responses"]["5XX"] == {"$ref": "#/components/responses/ServerError"}
    assert post["responses"]["400"]["description"] == "own"  # an operation's own answer is kept
    assert set(get["responses"]) == {"200", "400", "5XX"}


def test_bundle_refuses_a_schema_defined_twice(tmp_path: Path) -> None:
    again = group_file({}, {"User": {"type": "object"}})
    spec_dir = write_spec_dir(tmp_path, {"common.yaml": COMMON, "users.yaml": USERS, "zz.yaml": again})
    with pytest.raises(BundleError, match=r"zz\.yaml: schema User is also defined in users\.yaml"):
        bundle(spec_dir)


def test_bundle_refuses_an_operation_defined_twice(tmp_path: Path) -> None:
    again = group_file({"/users": {"get": {"operationId": "Other", "responses": {}}}}, {})
    spec_dir = write_spec_dir(tmp_path, {"common.yaml": COMMON, "users.yaml": USERS, "zz.yaml": again})
    with pytest.raises(BundleError, match="GET /users"):
        bundle(spec_dir)


def test_bundle_refuses_a_dangling_reference(tmp_path: Path) -> None:
    dangling = group_file({}, {"Thing": {"type": "object", "properties": {"owner": ref("Nobody")}}})
    spec_dir = write_spec_dir(tmp_path, {"common.yaml": COMMON, "things.yaml": dangling})
    with pytest.raises(BundleError, match="#/components/schemas/Nobody"):
        bundle(spec_dir)
    assert "Thing" in bundle(spec_dir, strict=False)["components"]["schemas"]


def test_bundle_refuses_unknown_top_level_keys(tmp_path: Path) -> None:
    spec_dir = write_spec_dir(tmp_path, {"common.yaml": {**COMMON, "info": {"title": "no"}}})
    with pytest.raises(BundleError, match="unexpected top-level keys"):
        bundle(spec_dir)


def names_spec() -> dict[str, Any]:
    """Fields and parameters named like builtins and keywords, a name that is no identifier, one name twice."""
    query = [
        {"name": name, "in": "query", "schema": {"type": "string"}} for name in ("id", "type", "next", "filter", "from")
    ]
    string = {"type": "string"}
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": "GetThing",
                    "parameters": [path_param("id"), *query],
                    "responses": json_response("Thing"),
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "required": ["type"],
                    "properties": {
                        "type": string,
                        "from": string,
                        "set": {"type": "object", "additionalProperties": {}},
                        "content-available": {"type": "integer"},
                        "str": string,
                        "dict": {"type": "object", "additionalProperties": string},
                        "list": {"type": "array", "items": string},
                        "bool": {"type": "boolean"},
                    },
                }
            }
        },
    }


def test_fields_and_parameters_keep_the_apis_names(tmp_path: Path) -> None:
    package_dir = generate(names_spec(), tmp_path)
    alias = "names_stream_chat_gen"
    load_package(package_dir, alias)
    try:
        thing_class = importlib.import_module(f"{alias}.models").Thing
        fields = [field.name for field in attrs.fields(thing_class)]
        # Only the keyword and the name that is no identifier are spelt otherwise.
        assert fields == [
            "type",
            "from_",
            "set",
            "content_available",
            "str",
            "dict",
            "list",
            "bool",
            "additional_properties",
        ]
        data = {"type": "t", "from": "f", "set": {"a": 1}, "content-available": 1, "str": "s", "dict": {"k": "v"}}
        thing = thing_class.from_dict({**data, "list": ["x"], "bool": True})
        assert (thing.type, thing.from_, thing.set, thing.str, thing.dict, thing.list) == (
            "t",
            "f",
            {"a": 1},
            "s",
            {"k": "v"},
            ["x"],
        )
        assert thing.to_dict() == {**data, "list": ["x"], "bool": True}
        assert thing_class(type="t").additional_properties == {}  # the factory is the builtin dict, not the field
        get_thing = importlib.import_module(f"{alias}.api.things.get_thing")
        parameters = list(inspect.signature(get_thing.sync).parameters)
        # `id` is both a path and a query parameter: openapi-python-client's names tell them apart.
        assert parameters[:7] == ["id_path", "client", "id_query", "type", "next", "filter", "from_"]
    finally:
        unload_package(alias)
    # The class body spells the builtins its fields hide as `builtins.<name>`: both checkers read them right.
    result = run_mypy_strict(package_dir, tmp_path / "mypy-cache")
    assert result.returncode == 0, result.stdout


# The pipeline


def minimal_spec() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {"/things": {"get": {"operationId": "GetThing", "responses": json_response("Thing")}}},
        "components": {"schemas": {"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}}},
    }


def broken(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    spec = minimal_spec()
    change(spec)
    return spec


def _text_body(spec: dict[str, Any]) -> None:
    spec["paths"]["/things"]["get"]["requestBody"] = {"content": {"text/plain": {"schema": {"type": "string"}}}}


def _mixed_enum(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["Thing"]["properties"]["kind"] = {"enum": ["a", 1]}


def _undeclared_path_parameter(spec: dict[str, Any]) -> None:
    spec["paths"]["/things/{id}"] = spec["paths"].pop("/things")


def _unknown_parameter_location(spec: dict[str, Any]) -> None:
    spec["paths"]["/things"]["get"]["parameters"] = [{"name": "a", "in": "body", "schema": {"type": "string"}}]


def _invalid_schema_type(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["Thing"]["properties"]["id"] = {"type": "text"}


def _cookie_parameter(spec: dict[str, Any]) -> None:
    spec["paths"]["/things"]["get"]["parameters"] = [{"name": "a", "in": "cookie", "schema": {"type": "string"}}]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_text_body, "WARNING.*Unsupported content type text/plain"),
        (_mixed_enum, "WARNING.*Unable to process schema"),
        (_undeclared_path_parameter, "WARNING.*Incorrect path templating"),
        (_unknown_parameter_location, "Failed to parse OpenAPI document"),
        (_invalid_schema_type, "Failed to parse OpenAPI document"),
        (_cookie_parameter, "cookie parameters are not supported"),
    ],
    ids=["text-body", "mixed-enum", "undeclared-path-param", "bad-param-location", "bad-schema-type", "cookie"],
)
def test_pipeline_fails_on_what_it_cannot_generate(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    with pytest.raises(regen.RegenError, match=f"(?s){message}"):
        generate(broken(change), tmp_path)
    assert not (tmp_path / regen.PACKAGE).exists()  # nothing written


def test_minimal_spec_generates(tmp_path: Path) -> None:
    """The specs of the failure cases are broken only by their change."""
    package_dir = generate(minimal_spec(), tmp_path)
    assert (package_dir / "api" / "things" / "get_thing.py").is_file()
    # A spec without discriminated unions still gets a valid (empty) `unions` module.
    run_python("import stream_chat_gen.unions, stream_chat_gen.api.things.get_thing", path=tmp_path)


def test_pipeline_fails_on_a_missing_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(regen.TEMPLATES, templates)
    monkeypatch.setattr(regen, "TEMPLATES", templates)
    generate(tiny_spec(), tmp_path / "complete")  # the copy works...
    (templates / "str_enum.py.jinja").unlink()
    with pytest.raises(regen.RegenError, match=r"str_enum\.py\.jinja"):  # ...and has no fallback without a file
        generate(tiny_spec(), tmp_path / "incomplete")
    assert not (tmp_path / "incomplete" / regen.PACKAGE).exists()


@pytest.mark.filterwarnings("ignore")
def test_pipeline_fails_on_a_python_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def warning_normalize(document: dict[str, Any]) -> dict[str, Any]:
        warnings.warn("something is deprecated", DeprecationWarning, stacklevel=1)
        return normalize(document)

    monkeypatch.setattr(regen, "normalize", warning_normalize)
    with pytest.raises(DeprecationWarning, match="something is deprecated"):
        generate(minimal_spec(), tmp_path)
    assert not (tmp_path / regen.PACKAGE).exists()


def test_operations_sharing_an_operation_id_get_module_names_from_their_paths(tmp_path: Path) -> None:
    spec = minimal_spec()
    spec["paths"]["/things/{id}"] = {
        "get": {"operationId": "getThing", "parameters": [path_param("id")], "responses": json_response("Thing")}
    }
    package_dir = generate(spec, tmp_path)
    assert sorted(path.name for path in (package_dir / "api" / "things").glob("get_*.py")) == [
        "get_thing.py",
        "get_thing_id.py",
    ]


def test_colliding_model_modules_fail(tmp_path: Path) -> None:
    spec = minimal_spec()
    spec["components"]["schemas"]["Thing"]["properties"].update(a=ref("APIError"), b=ref("ApiError"))
    spec["components"]["schemas"].update(
        APIError={"type": "object", "properties": {"code": {"type": "integer"}}},
        ApiError={"type": "object", "properties": {"message": {"type": "string"}}},
    )
    with pytest.raises(regen.RegenError, match="api_error"):
        generate(spec, tmp_path)
    assert not (tmp_path / regen.PACKAGE).exists()


def test_output_is_byte_identical_across_runs(tmp_path: Path, tiny_dir: Path) -> None:
    again = generate(tiny_spec(), tmp_path / "again")
    assert regen.differences(tiny_dir, again) == []
    assert [p.relative_to(again) for p in package_files(again)] == [
        p.relative_to(tiny_dir) for p in package_files(tiny_dir)
    ]
    for path in package_files(again):
        assert path.read_bytes() == (tiny_dir / path.relative_to(again)).read_bytes()


def test_differences_sees_a_changed_file(tmp_path: Path, tiny_dir: Path) -> None:
    copy_dir = tmp_path / "copy"
    shutil.copytree(tiny_dir, copy_dir)
    (copy_dir / "models" / "thing.py").write_text("# edited\n", encoding="utf-8")
    (copy_dir / "extra.py").write_text("", encoding="utf-8")
    assert regen.differences(tiny_dir, copy_dir) == ["extra.py", "models/thing.py"]
