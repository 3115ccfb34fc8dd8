"""Roles and permissions: the built-in roles and a set of built-in permissions, plus custom ones.

Custom roles can be given to users (``role``) once created; a role in use, and built-in roles and
permissions, cannot be deleted or changed.
"""

from __future__ import annotations

from typing import Any

from stream_chat.testing.clock import format_time
from stream_chat.testing.context import Call, boolean, handles, required_object, string
from stream_chat.testing.state import ROLES

CHANNEL_ROLES = ("channel_member", "channel_moderator")
# Built-in permissions: (id, action, name, level, owner, owner resource).
BUILT_IN_PERMISSIONS: tuple[tuple[str, str, str, str, bool, str], ...] = (
    ("create-channel", "CreateChannel", "Create channel", "app", False, "Channel"),
    ("read-channel", "ReadChannel", "Read channel", "channel", False, "Channel"),
    ("update-channel", "UpdateChannel", "Update channel", "channel", False, "Channel"),
    ("delete-channel", "DeleteChannel", "Delete channel", "channel", False, "Channel"),
    ("update-channel-members", "UpdateChannelMembers", "Update channel members", "channel", False, "Channel"),
    ("truncate-channel", "TruncateChannel", "Truncate channel", "channel", False, "Channel"),
    ("create-message", "CreateMessage", "Send message", "channel", False, "Channel"),
    ("update-message-owner", "UpdateMessage", "Update own message", "channel", True, "Message"),
    ("delete-message-owner", "DeleteMessage", "Delete own message", "channel", True, "Message"),
    ("pin-message", "PinMessage", "Pin message", "channel", False, "Message"),
    ("create-reaction", "CreateReaction", "Create reaction", "channel", False, "Message"),
    ("upload-attachment", "UploadAttachment", "Upload attachment", "channel", False, "Channel"),
    ("flag-message", "FlagMessage", "Flag message", "channel", False, "Message"),
    ("ban-user", "BanUser", "Ban user", "channel", False, "User"),
    ("mute-user", "MuteUser", "Mute user", "app", False, "User"),
    ("send-custom-event", "SendCustomEvent", "Send custom event", "channel", False, "Channel"),
    ("update-user-owner", "UpdateUser", "Update own user", "app", True, "User"),
    ("search-user", "SearchUser", "Search users", "app", False, "User"),
    ("read-flags", "ReadFlags", "Read flags", "app", False, "Message"),
)


def _built_in_permission(entry: tuple[str, str, str, str, bool, str]) -> dict[str, Any]:
    permission_id, action, name, level, owner, resource = entry
    return {
        "id": permission_id,
        "action": action,
        "name": name,
        "description": name,
        "level": level,
        "owner": owner,
        "owner_resource": resource,
        "same_team": False,
        "custom": False,
        "tags": [],
        "condition": {},
    }


def _permissions(call: Call) -> dict[str, dict[str, Any]]:
    built_in = {entry[0]: _built_in_permission(entry) for entry in BUILT_IN_PERMISSIONS}
    return {**built_in, **call.store.records.permissions}


def _built_in_roles(call: Call) -> list[dict[str, Any]]:
    created = format_time(call.store.created_at)
    app_roles = [(name, [".app"]) for name in sorted(ROLES)]
    channel_roles: list[tuple[str, list[str]]] = [(name, []) for name in CHANNEL_ROLES]
    return [
        {"name": name, "custom": False, "scopes": scopes, "created_at": created, "updated_at": created}
        for name, scopes in app_roles + channel_roles
    ]


def all_roles(call: Call) -> list[dict[str, Any]]:
    """Built-in roles, then custom roles in creation order."""
    return _built_in_roles(call) + [dict(role) for role in call.store.records.roles.values()]


@handles("ListRoles")
def list_roles(call: Call) -> dict[str, Any]:
    return {"roles": all_roles(call)}


@handles("CreateRole")
def create_role(call: Call) -> dict[str, Any]:
    name = string(call, call.json(), "name", required=True) or ""
    if any(role["name"] == name for role in all_roles(call)):
        raise call.fail(f"role {name!r} already exists")
    now = format_time(call.now())
    role = {"name": name, "custom": True, "scopes": [], "created_at": now, "updated_at": now}
    call.store.records.roles[name] = role
    return {"role": dict(role)}


@handles("DeleteRole")
def delete_role(call: Call) -> dict[str, Any]:
    name = call.params["name"]
    if name in ROLES or name in CHANNEL_ROLES:
        raise call.fail(f"role {name!r} is built in and cannot be deleted")
    if name not in call.store.records.roles:
        raise call.missing(f"role {name!r} does not exist")
    if any(user.role == name for user in call.store.users.values()):
        raise call.fail(f"role {name!r} is given to users: change their role first")
    del call.store.records.roles[name]
    return {}


@handles("SearchRoles")
def search_roles(call: Call) -> dict[str, Any]:
    text = call.query.get("query", "").lower()
    role_type = call.query.get("role_type")
    include_global = call.flag("include_global_roles", default=True)
    name_gt = call.query.get("name_gt")
    limit = call.int_query("limit")
    found = []
    for role in sorted(all_roles(call), key=lambda item: item["name"]):
        is_channel_role = role["name"] in CHANNEL_ROLES
        if role_type == "channel" and not is_channel_role:
            continue
        if role_type == "app" and is_channel_role:
            continue
        if not include_global and not role["custom"]:
            continue
        if text in role["name"].lower() and (name_gt is None or role["name"] > name_gt):
            found.append(role)
    return {"roles": found[:limit] if limit else found}


@handles("ListPermissions")
def list_permissions(call: Call) -> dict[str, Any]:
    return {"permissions": [dict(item) for item in _permissions(call).values()]}


@handles("GetPermission")
def get_permission(call: Call) -> dict[str, Any]:
    permission = _permissions(call).get(call.params["id"])
    if permission is None:
        raise call.missing(f"permission {call.params['id']!r} does not exist")
    return {"permission": dict(permission)}


def _fields(call: Call, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": string(call, data, "name", required=True),
        "action": string(call, data, "action", required=True),
        "condition": required_object(call, data, "condition"),
        "description": string(call, data, "description") or "",
        "owner": boolean(call, data, "owner"),
        "same_team": boolean(call, data, "same_team"),
    }


@handles("CreatePermission")
def create_permission(call: Call) -> dict[str, Any]:
    data = call.json()
    permission_id = string(call, data, "id", required=True) or ""
    if permission_id in _permissions(call):
        raise call.fail(f"permission {permission_id!r} already exists")
    fields = _fields(call, data)
    record = {"id": permission_id, **fields, "level": "channel", "owner_resource": "", "custom": True, "tags": []}
    call.store.records.permissions[permission_id] = record
    return {}


def _custom_permission(call: Call) -> dict[str, Any]:
    permission_id = call.params["id"]
    if permission_id in {entry[0] for entry in BUILT_IN_PERMISSIONS}:
        raise call.fail(f"permission {permission_id!r} is built in and cannot be changed")
    record = call.store.records.permissions.get(permission_id)
    if record is None:
        raise call.missing(f"permission {permission_id!r} does not exist")
    return record


@handles("UpdatePermission")
def update_permission(call: Call) -> dict[str, Any]:
    record = _custom_permission(call)
    record.update(_fields(call, call.json()))
    return {}


@handles("DeletePermission")
def delete_permission(call: Call) -> dict[str, Any]:
    record = _custom_permission(call)
    del call.store.records.permissions[record["id"]]
    return {}
