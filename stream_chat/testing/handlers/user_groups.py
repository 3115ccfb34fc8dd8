"""User groups: named sets of users (optionally per team) with admins; create, list, search, update, delete."""

from __future__ import annotations

from typing import Any

from stream_chat.testing.clock import format_time
from stream_chat.testing.context import Call, boolean, handles, string, string_list, timestamp
from stream_chat.testing.events import emit
from stream_chat.testing.state import new_id

DEFAULT_LIMIT = 25


def _view(record: dict[str, Any]) -> dict[str, Any]:
    view = {key: value for key, value in record.items() if key != "members"}
    view["members"] = [dict(member) for member in record["members"].values()]
    return view


def _emit(call: Call, event_type: str, record: dict[str, Any], **extra: Any) -> None:
    emit(call, event_type, {"user_group": {**_view(record), "app_pk": call.store.app["id"]}, **extra})


def _group(call: Call, team_id: str | None = None) -> dict[str, Any]:
    group_id = call.params["id"]
    record = call.store.records.user_groups.get(group_id)
    if record is None or (team_id and record.get("team_id") != team_id):
        raise call.missing(f"user group {group_id!r} does not exist")
    return record


def _add_members(call: Call, record: dict[str, Any], user_ids: list[str], *, admin: bool) -> list[str]:
    for user_id in user_ids:
        call.store.user(call.operation, user_id)
    added = []
    for user_id in user_ids:
        if user_id not in record["members"]:
            added.append(user_id)
        record["members"][user_id] = {
            "app_pk": call.store.app["id"],
            "group_id": record["id"],
            "user_id": user_id,
            "is_admin": admin,
            "created_at": format_time(call.now()),
        }
    return added


@handles("CreateUserGroup")
def create_user_group(call: Call) -> dict[str, Any]:
    data = call.json()
    groups = call.store.records.user_groups
    name = string(call, data, "name", required=True)
    group_id = string(call, data, "id") or new_id()
    if group_id in groups:
        raise call.fail(f"user group {group_id!r} already exists")
    member_ids = string_list(call, data, "member_ids")
    now = format_time(call.now())
    record: dict[str, Any] = {"id": group_id, "name": name, "created_at": now, "updated_at": now, "members": {}}
    for key in ("description", "team_id"):
        value = string(call, data, key)
        if value:
            record[key] = value
    _add_members(call, record, member_ids, admin=False)
    groups[group_id] = record
    _emit(call, "user_group.created", record)
    return {"user_group": _view(record)}


def _page(call: Call, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    limit = call.int_query("limit")
    limit = DEFAULT_LIMIT if limit is None else limit
    if limit < 0:
        raise call.fail("limit must not be negative")
    return [_view(record) for record in found[:limit]]


@handles("ListUserGroups")
def list_user_groups(call: Call) -> dict[str, Any]:
    id_gt = call.query.get("id_gt")
    created_gt = timestamp(call, call.query.get("created_at_gt"), "created_at_gt")
    team_id = call.query.get("team_id")
    found = [
        record
        for record in call.store.records.user_groups.values()
        if (id_gt is None or record["id"] > id_gt)
        and (team_id is None or record.get("team_id") == team_id)
        and (created_gt is None or (timestamp(call, record["created_at"], "created_at") or 0) > created_gt)
    ]
    return {"user_groups": _page(call, found)}


@handles("SearchUserGroups")
def search_user_groups(call: Call) -> dict[str, Any]:
    text = call.query.get("query", "").lower()
    name_gt, id_gt, team_id = (call.query.get(key) for key in ("name_gt", "id_gt", "team_id"))
    found = sorted(
        (
            record
            for record in call.store.records.user_groups.values()
            if record["name"].lower().startswith(text)
            and (name_gt is None or record["name"] > name_gt)
            and (id_gt is None or record["id"] > id_gt)
            and (team_id is None or record.get("team_id") == team_id)
        ),
        key=lambda record: (record["name"], record["id"]),
    )
    return {"user_groups": _page(call, found)}


@handles("GetUserGroup")
def get_user_group(call: Call) -> dict[str, Any]:
    return {"user_group": _view(_group(call, call.query.get("team_id")))}


@handles("UpdateUserGroup")
def update_user_group(call: Call) -> dict[str, Any]:
    record = _group(call)
    data = call.json()
    for key in ("name", "description", "team_id"):
        value = string(call, data, key)
        if value is not None:
            record[key] = value
    record["updated_at"] = format_time(call.now())
    _emit(call, "user_group.updated", record)
    return {"user_group": _view(record)}


@handles("DeleteUserGroup")
def delete_user_group(call: Call) -> dict[str, Any]:
    record = _group(call, call.query.get("team_id"))
    del call.store.records.user_groups[record["id"]]
    _emit(call, "user_group.deleted", record)
    return {}


@handles("AddUserGroupMembers")
def add_user_group_members(call: Call) -> dict[str, Any]:
    data = call.json()
    record = _group(call, string(call, data, "team_id"))
    member_ids = string_list(call, data, "member_ids")
    if not member_ids:
        raise call.fail("member_ids must name at least one user")
    added = _add_members(call, record, member_ids, admin=boolean(call, data, "as_admin"))
    record["updated_at"] = format_time(call.now())
    if added:
        _emit(call, "user_group.member_added", record, members=added)
    return {"user_group": _view(record)}


@handles("RemoveUserGroupMembers")
def remove_user_group_members(call: Call) -> dict[str, Any]:
    data = call.json()
    record = _group(call, string(call, data, "team_id"))
    member_ids = string_list(call, data, "member_ids")
    if not member_ids:
        raise call.fail("member_ids must name at least one user")
    removed = [user_id for user_id in member_ids if record["members"].pop(user_id, None) is not None]
    record["updated_at"] = format_time(call.now())
    if removed:
        _emit(call, "user_group.member_removed", record, members=removed)
    return {"user_group": _view(record)}
