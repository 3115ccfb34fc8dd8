"""Small specs of our own, each reproducing a problem met in one of Stream's specs.

Two of Stream's specs that the generator once refused are not available here (the moderation spec
and the combined v2 specs); ``combined_v2_spec`` and ``moderation_spec`` have their shape: every
path behind a version or product prefix, and one operationId used by two operations of one group.
"""

from __future__ import annotations

from typing import Any

SCHEMAS = "#/components/schemas/"


def ref(name: str) -> dict[str, str]:
    return {"$ref": SCHEMAS + name}


def operation(operation_id: str, response: str = "Thing", **more: Any) -> dict[str, Any]:
    """An operation answering 200 with the ``response`` schema; path parameters from ``params``."""
    params = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}} for name in more.pop("params", [])
    ]
    return {
        "operationId": operation_id,
        "tags": ["product:chat"],
        "parameters": [*params, *more.pop("query", [])],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": ref(response)}}}},
        **more,
    }


def spec(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    thing = {"type": "object", "properties": {"id": {"type": "string"}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1"},
        "paths": paths,
        "components": {"schemas": {"Thing": thing, **(schemas or {})}},
    }


def combined_v2_spec() -> dict[str, Any]:
    """Chat, feeds, video and moderation under ``/api/v2/``: the same operation in two products."""
    return spec(
        {
            "/api/v2/app": {"get": operation("GetApp")},
            "/api/v2/users": {"post": operation("UpdateUsers")},
            "/api/v2/chat/channels": {"post": operation("QueryChannels")},
            "/api/v2/chat/channels/{type}/{id}": {"delete": operation("DeleteChannel", params=["type", "id"])},
            # The same operationId under chat and feeds: one group (`users`), two modules.
            "/api/v2/chat/users/{user_id}/event": {"post": operation("SendUserCustomEvent", params=["user_id"])},
            "/api/v2/feeds/users/{user_id}/event": {"post": operation("SendUserCustomEvent", params=["user_id"])},
            "/api/v2/feeds/feeds/{feed_id}": {"get": operation("GetFeed", params=["feed_id"])},
            "/api/v2/moderation/ban": {"post": operation("Ban")},
            "/api/v2/chat/moderation/ban": {"post": operation("Ban")},
            "/api/v2/video/call/{type}/{id}": {"get": operation("GetCall", params=["type", "id"])},
            "/automod/v1/rules": {"get": operation("ListRules")},
        }
    )


def moderation_spec() -> dict[str, Any]:
    """Moderation's dashboard repeating operations of the moderation API itself."""
    return spec(
        {
            "/api/v2/moderation/review_queue": {"post": operation("QueryReviewQueue")},
            "/api/v2/moderation/dashboard/review_queue": {"post": operation("QueryReviewQueue")},
            "/api/v2/moderation/config/{key}": {"get": operation("GetConfig", params=["key"])},
            "/api/v2/moderation/dashboard/config/{key}": {"get": operation("GetConfig", params=["key"])},
            "/api/v2/moderation/check": {"post": operation("Check")},
        }
    )


def older_chat_spec() -> dict[str, Any]:
    """An older chat spec's shape: one operationId for a channel's upload and the app-wide one."""
    return spec(
        {
            "/channels/{type}/{id}/file": {"delete": operation("DeleteFile", params=["type", "id"])},
            "/uploads/file": {"delete": operation("DeleteFile")},
            "/uploads/image": {"delete": operation("DeleteImage")},
        }
    )


def reserved_names_spec() -> dict[str, Any]:
    """Schema, property and parameter names that the generated modules use themselves."""
    return spec(
        {
            "/things": {
                "get": operation(
                    "ListThings",
                    "Unset",
                    query=[
                        {"name": name, "in": "query", "schema": {"type": "string"}}
                        for name in ("params", "headers", "options", "client", "body")
                    ],
                )
            },
            "/clients": {"post": operation("CreateClient", "Client")},
        },
        {
            "Unset": {
                "type": "object",
                "properties": {
                    "additional_properties": {"type": "object", "additionalProperties": {"type": "string"}},
                    "to_dict": {"type": "string"},
                    "from_dict": {"type": "integer"},
                    "s": {"type": "string", "format": "date-time"},
                    "m": ref("Any"),
                    "kind": ref("Unset2"),
                    "a_b": {"type": "string"},
                    "a-b": {"type": "integer"},
                },
            },
            "Any": {"type": "object", "properties": {"x": {"type": "string"}}},
            # A field named like its type (older specs of Stream's: ``"Message": {"$ref": ".../Message"}``).
            "Client": {"type": "object", "properties": {"owner": ref("Unset"), "Unset2": ref("Unset2")}},
            "Unset2": {"type": "string", "enum": ["one"]},
            "Owner": {
                "oneOf": [ref("Unset"), ref("Client")],
                "discriminator": {"propertyName": "kind", "mapping": {"u": SCHEMAS + "Unset", "c": SCHEMAS + "Client"}},
            },
        },
    )


def colliding_enums_spec() -> dict[str, Any]:
    """Enum values whose member names coincide once upper-cased and snake-cased."""
    return spec(
        {"/things": {"get": operation("ListThings", "Labelled")}},
        {
            "Labelled": {
                "type": "object",
                "properties": {
                    "kind": {"type": "string", "enum": ["a-b", "a_b", "A_B_2", "x"]},
                    "case": ref("Case"),
                },
            },
            "Case": {"type": "string", "enum": ["Foo", "foo", "FOO"]},
        },
    )


LONG_PATH = "/call_stats/{call_type}/{call_id}/{session}/participants/{user}/{user_session}/timeline/events_by_kind"


def lint_traps_spec() -> dict[str, Any]:
    """Text that ruff would reject if copied as is into the generated source."""
    event = {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}}}
    return spec(
        {
            LONG_PATH: {
                "get": operation(
                    "GetCallSessionParticipantEventsByKindTimeline",
                    "Described",
                    params=["call_type", "call_id", "session", "user", "user_session"],
                    summary="Events \u2013 one per kind \u2013 of a participant\u2019s \u201csession\u201d",
                    description='Retries (0\u20131000)\u00a0per stage\u2026 C:\\path\\to a"""b ' + "é" * 150,
                )
            },
            "/events": {"post": operation("SendEvent", "Described")},
        },
        {
            "Described": {
                "type": "object",
                "description": "A model whose description ends with a quote: \u201cdone\u201d",
                "properties": {
                    "label": {
                        "type": "string",
                        "description": 'Say "hi"',
                        "enum": ["na\u00efve\u2013value", 'say "hi"', "C:\\path", "plain"],
                    },
                    "note": {"type": "string", "description": "Ends with a backslash \\"},
                },
            },
            # Two unions naming the same members: their imports must not repeat.
            "MessageEvent": event,
            "ChannelEvent": event,
            "AnyEvent": {
                "oneOf": [ref("MessageEvent"), ref("ChannelEvent")],
                "discriminator": {
                    "propertyName": "type",
                    "mapping": {"message.new": SCHEMAS + "MessageEvent", "channel.created": SCHEMAS + "ChannelEvent"},
                },
            },
            "WebhookEvent": {
                "oneOf": [ref("MessageEvent"), ref("ChannelEvent")],
                "discriminator": {
                    "propertyName": "type",
                    "mapping": {"message.new": SCHEMAS + "MessageEvent", "channel.created": SCHEMAS + "ChannelEvent"},
                },
            },
        },
    )


# Every synthetic spec that must generate, by the name its package gets in the combined mypy run.
GENERATING = {
    "combined_v2": combined_v2_spec,
    "moderation": moderation_spec,
    "older_chat": older_chat_spec,
    "reserved_names": reserved_names_spec,
    "colliding_enums": colliding_enums_spec,
    "lint_traps": lint_traps_spec,
}
