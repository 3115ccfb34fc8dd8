"""Custom commands: created, listed, updated and deleted; a channel type that lists one runs it as ``/name``."""

from __future__ import annotations

import re
from typing import Any

from stream_chat.testing import render
from stream_chat.testing.context import Call, handles, string
from stream_chat.testing.state import COMMANDS, CustomCommand

_NAME = re.compile(r"[a-z0-9_-]{1,64}")


def _custom(call: Call, name: str) -> CustomCommand:
    if name in COMMANDS:
        raise call.fail(f"{name} is a built-in command and cannot be changed")
    found = call.store.commands.get(name)
    if found is None:
        raise call.missing(f"command {name!r} does not exist")
    return found


@handles("CreateCommand")
def create_command(call: Call) -> dict[str, Any]:
    data = call.json()
    name = string(call, data, "name", required=True) or ""
    description = string(call, data, "description", required=True) or ""
    if not _NAME.fullmatch(name):
        raise call.fail(f"command name {name!r} is not valid: use lower-case letters, digits, '_' or '-'")
    if name in COMMANDS or name in call.store.commands:
        raise call.fail(f"command {name!r} already exists")
    now = call.now()
    args, command_set = string(call, data, "args") or "", string(call, data, "set") or ""
    call.store.commands[name] = CustomCommand(name, description, args, command_set, now, now)
    return {"command": render.command(name, call.store)}


@handles("ListCommands")
def list_commands(call: Call) -> dict[str, Any]:
    names = [*COMMANDS, *call.store.commands]
    return {"commands": [render.command(name, call.store) for name in names]}


@handles("GetCommand")
def get_command(call: Call) -> dict[str, Any]:
    name = call.params["name"]
    if name not in COMMANDS and name not in call.store.commands:
        raise call.missing(f"command {name!r} does not exist")
    return render.command(name, call.store)


@handles("UpdateCommand")
def update_command(call: Call) -> dict[str, Any]:
    record = _custom(call, call.params["name"])
    data = call.json()
    description = string(call, data, "description", required=True) or ""
    args, command_set = string(call, data, "args"), string(call, data, "set")
    record.description = description
    record.args = record.args if args is None else args
    record.set = record.set if command_set is None else command_set
    record.updated_at = call.now()
    return {"command": render.command(record.name, call.store)}


@handles("DeleteCommand")
def delete_command(call: Call) -> dict[str, Any]:
    record = _custom(call, call.params["name"])
    del call.store.commands[record.name]
    for kind in call.store.channel_types.values():
        kind.config["commands"] = [name for name in kind.config["commands"] if name != record.name]
    return {"name": record.name}
