"""App settings and channel types."""

from __future__ import annotations

import copy
from typing import Any

from stream_chat.testing import render
from stream_chat.testing.context import Call, handles, string
from stream_chat.testing.handlers import blocklists
from stream_chat.testing.state import COMMANDS, CONFIG_KEYS, ChannelType, default_config

_ENUMS = {
    "automod": ("disabled", "simple", "AI"),
    "automod_behavior": ("flag", "block", "shadow_block"),
}


def _same_json_type(current: Any, value: Any) -> bool:
    if isinstance(current, bool) or isinstance(value, bool):
        return isinstance(current, bool) and isinstance(value, bool)
    if isinstance(current, (int, float)):
        return isinstance(value, (int, float))
    return isinstance(value, type(current))


@handles("GetApp")
def get_app(call: Call) -> dict[str, Any]:
    app = copy.deepcopy(call.store.app)
    app["channel_configs"] = {
        name: render.channel_type(kind, command_objects=False) for name, kind in call.store.channel_types.items()
    }
    for config in app["channel_configs"].values():
        for key in ("permissions", "grants"):
            config.pop(key)
    return {"app": app}


@handles("UpdateApp")
def update_app(call: Call) -> dict[str, Any]:
    """Settings ``GetApp`` shows are stored (type-checked); others are accepted and ignored."""
    app = call.store.app
    changes = call.json()
    for key, value in changes.items():
        if key in app and not _same_json_type(app[key], value):
            raise call.fail(f"app setting {key} has the wrong type")
    for key, value in changes.items():
        if key in app and key not in ("id", "name", "organization", "placement", "call_types"):
            app[key] = copy.deepcopy(value)
    return {}


def _config_changes(call: Call, data: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key not in CONFIG_KEYS or value is None:
            continue
        current = default_config("messaging")[key]
        if key == "commands":
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise call.fail("commands must be a list of command names")
            unknown = sorted(set(value) - set(COMMANDS) - set(call.store.commands) - {"all"})
            if unknown:
                raise call.fail(f"commands {', '.join(unknown)} do not exist")
            value = sorted(COMMANDS) if "all" in value else list(value)
        elif not _same_json_type(current, value):
            raise call.fail(f"{key} has the wrong type")
        elif key in _ENUMS and value not in _ENUMS[key]:
            raise call.fail(f"{key} must be one of {', '.join(_ENUMS[key])}")
        changes[key] = value
    if creating and "commands" not in data:
        changes["commands"] = sorted(COMMANDS)
    return changes


def _policies(call: Call, data: dict[str, Any], record: ChannelType) -> None:
    permissions = data.get("permissions")
    if permissions is not None:
        if not isinstance(permissions, list) or not all(isinstance(item, dict) for item in permissions):
            raise call.fail("permissions must be a list of policies")
        record.permissions = copy.deepcopy(permissions)
    grants = data.get("grants")
    if grants is not None:
        if not isinstance(grants, dict):
            raise call.fail("grants must be an object of role to permission names")
        record.grants = copy.deepcopy(grants)


@handles("CreateChannelType")
def create_channel_type(call: Call) -> dict[str, Any]:
    data = call.json()
    name = string(call, data, "name", required=True) or ""
    if name in call.store.channel_types:
        raise call.fail(f"channel type {name!r} already exists")
    now = call.now()
    record = ChannelType(name, default_config(name, _config_changes(call, data, creating=True)), now, now)
    blocklists.configure(call, record.config, data)
    _policies(call, data, record)
    call.store.channel_types[name] = record
    return render.channel_type(record, command_objects=False)


@handles("GetChannelType")
def get_channel_type(call: Call) -> dict[str, Any]:
    return render.channel_type(call.store.channel_type(call.operation, call.params["name"]), store=call.store)


@handles("ListChannelTypes")
def list_channel_types(call: Call) -> dict[str, Any]:
    types = call.store.channel_types.items()
    return {"channel_types": {name: render.channel_type(kind, store=call.store) for name, kind in types}}


@handles("UpdateChannelType")
def update_channel_type(call: Call) -> dict[str, Any]:
    record = call.store.channel_type(call.operation, call.params["name"])
    data = call.json()
    record.config.update(_config_changes(call, data, creating=False))
    blocklists.configure(call, record.config, data)
    _policies(call, data, record)
    record.updated_at = call.now()
    return render.channel_type(record, command_objects=False)


@handles("DeleteChannelType")
def delete_channel_type(call: Call) -> dict[str, Any]:
    name = call.params["name"]
    call.store.channel_type(call.operation, name)
    if any(channel.type == name and channel.deleted_at is None for channel in call.store.channels.values()):
        raise call.fail(f"channel type {name!r} has channels: delete them first")
    del call.store.channel_types[name]
    return {}
