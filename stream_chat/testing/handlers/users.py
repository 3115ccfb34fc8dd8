"""Users: upsert, partial update, query, delete, deactivate and reactivate; devices; custom user events."""

from __future__ import annotations

from typing import Any

from stream_chat.testing import events, render
from stream_chat.testing.clock import format_time
from stream_chat.testing.context import (
    Call,
    boolean,
    check_user_id,
    handles,
    required,
    required_object,
    string,
    string_list,
    timestamp,
)
from stream_chat.testing.query import matches, page, parse_sort, sort_documents
from stream_chat.testing.state import ROLES, Device, Store, Task, User, new_id

PUSH_PROVIDERS = ("firebase", "apn", "huawei", "xiaomi")


def _check_field(call: Call, key: str, value: Any) -> Any:
    """A typed user field, validated; ``None`` removes it."""
    if value is None:
        return None
    expected: dict[str, type | tuple[type, ...]] = {
        "role": str,
        "language": str,
        "name": str,
        "image": str,
        "invisible": bool,
        "teams": list,
        "teams_role": dict,
        "privacy_settings": dict,
        "push_notifications": dict,
        "revoke_tokens_issued_before": str,
    }
    kind = expected.get(key)
    if kind is not None and not isinstance(value, kind):
        raise call.fail(f"user field {key} has the wrong type")
    if key == "role" and value not in ROLES and value not in call.store.records.roles:
        raise call.fail(f'role "{value}" does not exist')
    if key == "teams" and not all(isinstance(team, str) for team in value):
        raise call.fail("teams must be a list of strings")
    if key == "revoke_tokens_issued_before":
        return format_time(timestamp(call, value, key) or 0)
    return value


def _apply(call: Call, data: dict[str, Any], changes: dict[str, Any]) -> None:
    """Write ``changes`` (user fields and custom data; ``custom`` is merged) into ``data``."""
    for key, value in changes.items():
        if key == "custom":
            if not isinstance(value, dict):
                raise call.fail("custom must be an object")
            _apply(call, data, {k: v for k, v in value.items() if k not in render.USER_READ_ONLY})
            continue
        if key in render.USER_READ_ONLY:
            continue
        checked = _check_field(call, key, value) if key in render.USER_FIELDS else value
        if checked is None and key in render.USER_FIELDS:
            data.pop(key, None)
        else:
            data[key] = checked


def user_data(call: Call, raw: Any) -> tuple[str, dict[str, Any]]:
    """The id and the data of a ``UserRequest``-shaped object, validated."""
    if not isinstance(raw, dict):
        raise call.fail("each user must be an object")
    user_id = check_user_id(call, raw.get("id"))
    data: dict[str, Any] = {}
    _apply(call, data, {key: value for key, value in raw.items() if key != "id"})
    return user_id, data


def upsert_user(call: Call, user_id: str, data: dict[str, Any]) -> User:
    """Create a user, or replace the data of an existing one."""
    now = call.now()
    store = call.store
    existing = store.users.get(user_id)
    if existing is None:
        store.users[user_id] = User(user_id, now, now, data)
    else:
        existing.data = data
        existing.updated_at = now
        events.user(call, "user.updated", existing)
    return store.users[user_id]


@handles("UpdateUsers")
def update_users(call: Call) -> dict[str, Any]:
    users = call.json().get("users")
    if not isinstance(users, dict) or not users:
        raise call.fail("users must be a non-empty object of users by id")
    checked = [user_data(call, user) for user in users.values()]
    updated = [upsert_user(call, user_id, data) for user_id, data in checked]
    return {
        "users": {user.id: render.full_user(call.store, user) for user in updated},
        "membership_deletion_task_id": "",
    }


@handles("UpdateUsersPartial")
def update_users_partial(call: Call) -> dict[str, Any]:
    updates = call.json().get("users")
    if not isinstance(updates, list) or not updates:
        raise call.fail("users must be a non-empty list of {id, set, unset}")
    planned: list[tuple[User, dict[str, Any]]] = []
    for update in updates:
        if not isinstance(update, dict):
            raise call.fail("each update must be an object")
        user = call.store.user(call.operation, update.get("id"))
        to_set = update.get("set") or {}
        to_unset = string_list(call, update, "unset")
        if not isinstance(to_set, dict):
            raise call.fail("set must be an object")
        reserved = sorted({"id", *render.USER_READ_ONLY} & (set(to_set) | set(to_unset)) - {"custom"})
        if reserved:
            raise call.fail(f"fields {', '.join(reserved)} are reserved and cannot be updated")
        data = dict(user.data)
        _apply(call, data, to_set)
        for key in to_unset:
            data.pop(key, None)
        planned.append((user, data))
    result: dict[str, Any] = {}
    for user, data in planned:
        user.data, user.updated_at = data, call.now()
        events.user(call, "user.updated", user)
        result[user.id] = render.full_user(call.store, user)
    return {"users": result, "membership_deletion_task_id": ""}


def _user_document(store: Store, user: User) -> dict[str, Any]:
    document = render.user(store, user)
    document["deactivated"] = user.deactivated_at is not None
    return document


@handles("QueryUsers")
def query_users(call: Call) -> dict[str, Any]:
    payload = call.payload()
    conditions = required(call, payload, "filter_conditions")
    include_deactivated = boolean(call, payload, "include_deactivated_users")
    store = call.store
    documents = {
        user.id: _user_document(store, user)
        for user in store.users.values()
        if include_deactivated or user.deactivated_at is None
    }
    found = [user_id for user_id, document in documents.items() if matches(document, conditions)]
    found = sort_documents(found, parse_sort(payload.get("sort")), documents.__getitem__)
    found = page(found, payload.get("limit"), payload.get("offset"), default=30, maximum=100)
    return {"users": [render.full_user(store, store.users[user_id]) for user_id in found]}


def delete_user_data(store: Store, user: User, *, hard: bool, messages: str | None, now: int) -> None:
    """Delete a user (soft: marked; hard: removed with their memberships, devices, reactions and messages)."""
    if messages in ("soft", "hard", "pruning") or hard:
        for message in list(store.messages.values()):
            if message.user_id != user.id:
                continue
            if hard or messages in ("hard", "pruning"):
                remove_message(store, message.id)
            elif message.deleted_at is None:
                message.deleted_at = now
                message.type = "deleted"
    if not hard:
        user.deleted_at = now
        user.updated_at = now
        return
    for channel in store.channels.values():
        channel.members.pop(user.id, None)
        channel.reads.pop(user.id, None)
    for message in store.messages.values():
        for key in [key for key in message.reactions if key[0] == user.id]:
            del message.reactions[key]
    for device_id in [device.id for device in store.devices.values() if device.user_id == user.id]:
        del store.devices[device_id]
    store.bans = [ban for ban in store.bans if ban.user_id != user.id]
    for other in store.users.values():
        other.mutes.pop(user.id, None)
    store.forget_user(user.id)
    del store.users[user.id]


def remove_message(store: Store, message_id: str) -> None:
    """Remove a message, its replies and its place in its channel and thread for good."""
    message = store.messages.pop(message_id, None)
    if message is None:
        return
    store.forget_message(message_id)
    for reply_id in message.replies:
        remove_message(store, reply_id)
    channel = store.channels.get(message.cid)
    if channel is not None and message_id in channel.messages:
        channel.messages.remove(message_id)
    parent = store.messages.get(message.parent_id or "")
    if parent is not None and message_id in parent.replies:
        parent.replies.remove(message_id)


@handles("DeleteUser")
def delete_user(call: Call) -> dict[str, Any]:
    store = call.store
    user = store.user(call.operation, call.params["user_id"])
    view = render.user(store, user)
    hard = call.flag("hard_delete")
    messages = "soft" if call.flag("mark_messages_deleted") else None
    delete_user_data(store, user, hard=hard, messages=messages, now=call.now())
    events.user(call, "user.deleted", user, **_deleted_flags(hard=hard, messages=messages))
    if not hard:
        view = render.user(store, user)
    return {"user": view}


def _deleted_flags(*, hard: bool, messages: str | None) -> dict[str, Any]:
    """The fields of ``user.deleted`` that say what was deleted."""
    return {
        "delete_user": "hard" if hard else "soft",
        "delete_messages": messages or "",
        "delete_conversation": "",
        "delete_conversation_channels": False,
        "hard_delete": hard,
        "mark_messages_deleted": messages is not None,
    }


def _task(call: Call, result: dict[str, Any]) -> dict[str, Any]:
    task = Task(new_id(), call.now(), result)
    call.store.tasks[task.id] = task
    return {"task_id": task.id}


def _user_ids(call: Call, data: dict[str, Any]) -> list[User]:
    user_ids = string_list(call, data, "user_ids")
    if not user_ids:
        raise call.fail("user_ids must be a non-empty list")
    return [call.store.user(call.operation, user_id) for user_id in user_ids]


@handles("DeleteUsers")
def delete_users(call: Call) -> dict[str, Any]:
    data = call.json()
    kinds = {key: data.get(key) for key in ("user", "messages", "conversations")}
    for key, kind in kinds.items():
        if kind is not None and kind not in ("soft", "hard", "pruning"):
            raise call.fail(f"{key} must be soft, pruning or hard")
    users = _user_ids(call, data)
    for user in users:
        hard = kinds["user"] in ("hard", "pruning")
        delete_user_data(call.store, user, hard=hard, messages=kinds["messages"], now=call.now())
        events.user(call, "user.deleted", user, **_deleted_flags(hard=hard, messages=kinds["messages"]))
    return _task(call, {user.id: {"status": "ok"} for user in users})


@handles("RestoreUsers")
def restore_users(call: Call) -> dict[str, Any]:
    for user in _user_ids(call, call.json()):
        user.deleted_at = None
        user.updated_at = call.now()
    return {}


def _set_deactivated(call: Call, user: User, deactivated: bool, options: dict[str, Any]) -> None:
    now = call.now()
    user.deactivated_at = now if deactivated else None
    user.updated_at = now
    events.user(call, "user.deactivated" if deactivated else "user.reactivated", user)
    if deactivated and boolean(call, options, "mark_messages_deleted"):
        for message in call.store.messages.values():
            if message.user_id == user.id and message.deleted_at is None:
                message.deleted_at, message.type = now, "deleted"
    if not deactivated:
        if boolean(call, options, "restore_messages"):
            for message in call.store.messages.values():
                if message.user_id == user.id and message.deleted_at is not None:
                    message.deleted_at, message.type = None, "regular" if message.parent_id is None else "reply"
        name = string(call, options, "name")
        if name:
            user.data["name"] = name


@handles("DeactivateUser", "ReactivateUser")
def deactivate_user(call: Call) -> dict[str, Any]:
    user = call.store.user(call.operation, call.params["user_id"])
    _set_deactivated(call, user, call.operation == "DeactivateUser", call.json())
    return {"user": render.user(call.store, user)}


@handles("DeactivateUsers", "ReactivateUsers")
def deactivate_users(call: Call) -> dict[str, Any]:
    data = call.json()
    users = _user_ids(call, data)
    for user in users:
        _set_deactivated(call, user, call.operation == "DeactivateUsers", data)
    return _task(call, {"users": [render.user(call.store, user) for user in users]})


@handles("GetTask")
def get_task(call: Call) -> dict[str, Any]:
    task_id = call.params["id"]
    task = call.store.tasks.get(task_id)
    if task is None:
        raise call.missing(f"task {task_id!r} does not exist")
    return render.task(task)


@handles("CreateDevice")
def create_device(call: Call) -> dict[str, Any]:
    data = call.json()
    device_id = string(call, data, "id", required=True) or ""
    provider = string(call, data, "push_provider", required=True)
    if provider not in PUSH_PROVIDERS:
        raise call.fail(f"push_provider must be one of {', '.join(PUSH_PROVIDERS)}")
    user_id = data.get("user_id") or (data.get("user") or {}).get("id")
    user = call.store.user(call.operation, user_id)
    name = string(call, data, "push_provider_name")
    call.store.devices[device_id] = Device(device_id, user.id, provider, call.now(), name or None)
    return {}


@handles("ListDevices")
def list_devices(call: Call) -> dict[str, Any]:
    user = call.store.user(call.operation, call.query.get("user_id"))
    devices = [device for device in call.store.devices.values() if device.user_id == user.id]
    return {"devices": [render.device_view(device) for device in devices]}


@handles("DeleteDevice")
def delete_device(call: Call) -> dict[str, Any]:
    device_id = call.query.get("id", "")
    device = call.store.devices.get(device_id)
    if device is None or device.user_id != call.query.get("user_id"):
        raise call.missing(f"device {device_id!r} of user {call.query.get('user_id')!r} does not exist")
    del call.store.devices[device_id]
    return {}


@handles("SendUserCustomEvent")
def send_user_custom_event(call: Call) -> dict[str, Any]:
    call.store.user(call.operation, call.params["user_id"])
    event = required_object(call, call.json(), "event")
    string(call, event, "type", required=True)
    return {}
