"""Channels: get-or-create, query, update, delete, truncate, hide/show, members, invites, reads, events."""

from __future__ import annotations

import copy
import hashlib
from typing import Any, get_args

from stream_chat.testing import events, render
from stream_chat.testing.clock import format_time
from stream_chat.testing.context import (
    Call,
    acting_user,
    boolean,
    check_channel_id,
    handles,
    required,
    required_object,
    string,
    string_list,
    timestamp,
)
from stream_chat.testing.errors import not_implemented
from stream_chat.testing.handlers.documents import channel_document
from stream_chat.testing.handlers.messages import add_message, new_message
from stream_chat.testing.handlers.users import remove_message
from stream_chat.testing.query import cursor_page, matches, page, parse_sort, sort_documents
from stream_chat.testing.state import Channel, Member, Read, Store, Task, ThreadRead, new_id
from stream_chat.types.channel_batch import ChannelBatchOperation

MEMBER_FIELDS = frozenset(
    {"user_id", "user", "channel_role", "role", "custom", "created_at", "updated_at", "invited", "banned"}
    | {"shadow_banned", "is_moderator", "status", "invite_accepted_at", "invite_rejected_at", "ban_expires"}
    | {"notifications_muted", "pinned_at", "archived_at", "deleted_at", "deleted_messages"}
    | {"ban_from_future_channels", "future_channel_ban_expires"}
)
# Fields of an event (``WSEvent``) that custom data never overwrites.
EVENT_FIELDS = frozenset(
    {"type", "cid", "channel_id", "channel_type", "channel", "created_at", "custom", "user", "user_id", "member"}
    | {"message", "reaction", "thread", "thread_id", "parent_id", "poll", "poll_vote", "me", "team", "reason"}
    | {"automoderation", "automoderation_scores", "channel_last_message_at", "connection_id", "created_by"}
    | {"message_update", "watcher_count"}
)
CHANNEL_ROLES = ("channel_member", "channel_moderator")
# What a channel's ``config_overrides`` may change.
CONFIG_OVERRIDES = frozenset(
    {"blocklist", "blocklist_behavior", "chat_preferences", "commands", "count_messages", "grants"}
    | {"max_message_length", "push_level", "quotes", "reactions", "replies", "shared_locations", "typing_events"}
    | {"uploads", "url_enrichment", "user_message_reminders"}
)
CREATED_BY_REQUIRED = "either data.created_by or data.created_by_id must be provided when using server side auth."


def _members(call: Call, raw: Any, key: str) -> list[tuple[str, dict[str, Any]]]:
    """``(user_id, request)`` pairs of a member list: user ids, or objects with ``user_id`` (or ``user.id``)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise call.fail(f"{key} must be a list of user ids or members")
    result: list[tuple[str, dict[str, Any]]] = []
    for item in raw:
        request = item if isinstance(item, dict) else {"user_id": item}
        user_id = request.get("user_id") or (request.get("user") or {}).get("id")
        if not isinstance(user_id, str) or not user_id:
            raise call.fail(f"each of {key} needs a user_id")
        result.append((user_id, request))
    return result


def _check_role(call: Call, request: dict[str, Any]) -> None:
    channel_role = request.get("channel_role")
    if channel_role is not None and channel_role not in CHANNEL_ROLES:
        raise call.fail(f"channel_role must be one of {', '.join(CHANNEL_ROLES)}")


def _add_member(
    call: Call, channel: Channel, user_id: str, request: dict[str, Any], *, invited: bool = False
) -> Member:
    _check_role(call, request)
    now = call.now()
    channel_role = request.get("channel_role")
    member = channel.members.get(user_id)
    if member is None:
        role = "owner" if user_id == channel.created_by_id else "member"
        member = Member(user_id, now, now, role=role)
        channel.members[user_id] = member
        channel.reads.setdefault(user_id, Read(now))
    if invited:
        member.invited = True
    if channel_role is not None:
        _set_role(member, channel_role)
    custom = {key: value for key, value in request.items() if key not in MEMBER_FIELDS}
    if isinstance(request.get("custom"), dict):
        custom.update(request["custom"])
    member.custom.update(copy.deepcopy(custom))
    member.updated_at = now
    return member


def _set_role(member: Member, channel_role: str) -> None:
    member.channel_role = channel_role
    if channel_role == "channel_moderator":
        member.role = "moderator"
    elif member.role == "moderator":
        member.role = "member"


def _data_changes(call: Call, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The typed channel fields and the custom data of a ``ChannelInput``, validated."""
    typed: dict[str, Any] = {}
    for key in ("frozen", "disabled"):
        if key in data:
            typed[key] = boolean(call, data, key)
    if "team" in data:
        typed["team"] = string(call, data, "team")
    if "filter_tags" in data:
        typed["filter_tags"] = string_list(call, data, "filter_tags")
    if "cooldown" in data:
        typed["cooldown"] = _cooldown(call, data["cooldown"])
    if "config_overrides" in data:
        typed["config_overrides"] = _config_overrides(call, data["config_overrides"])
    custom = {key: value for key, value in data.items() if key not in render.CHANNEL_FIELDS}
    if isinstance(data.get("custom"), dict):
        custom.update(data["custom"])
    return typed, copy.deepcopy(custom)


def _apply_data(channel: Channel, changes: tuple[dict[str, Any], dict[str, Any]], *, replace: bool) -> None:
    """Write ``_data_changes`` into ``channel``; ``replace`` drops the old custom data."""
    typed, custom = changes
    for key, value in typed.items():
        setattr(channel, key, value)
    channel.data = custom if replace else {**channel.data, **custom}


def _config_overrides(call: Call, value: Any) -> dict[str, Any]:
    """A channel's ``config_overrides``: settings of its type it changes for itself."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise call.fail("config_overrides must be an object")
    unknown = sorted(set(value) - CONFIG_OVERRIDES)
    if unknown:
        raise call.fail(f"config_overrides cannot set {', '.join(unknown)}")
    expected: dict[str, type] = {"blocklist": str, "blocklist_behavior": str, "push_level": str, "commands": list}
    expected.update({"grants": dict, "chat_preferences": dict, "max_message_length": int})
    for key, item in value.items():
        kind = expected.get(key, bool)
        if not isinstance(item, kind) or (kind is int and isinstance(item, bool)):
            raise call.fail(f"config_overrides.{key} must be a {kind.__name__}")
    return copy.deepcopy(value)


def _cooldown(call: Call, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 120:
        raise call.fail("cooldown must be a number of seconds between 0 and 120")
    return value or None


def distinct_id(member_ids: list[str]) -> str:
    """The id of the distinct channel of these members (the same for any order)."""
    digest = hashlib.sha256(",".join(sorted(set(member_ids))).encode()).hexdigest()
    return f"!members-{digest[:40]}"


def _creator(call: Call, data: dict[str, Any]) -> str:
    creator = data.get("created_by_id")
    if not creator and isinstance(data.get("created_by"), dict):
        creator = data["created_by"].get("id")
    if not isinstance(creator, str) or not creator:
        raise call.fail(CREATED_BY_REQUIRED)
    return creator


def _create(call: Call, channel_type: str, channel_id: str, data: dict[str, Any], body: dict[str, Any]) -> Channel:
    store = call.store
    creator = _creator(call, data)
    members = _members(call, data.get("members"), "data.members")
    invites = _members(call, data.get("invites"), "data.invites")
    wanted = [creator, *(user_id for user_id, _ in members + invites)]
    store.existing_users(call.operation, wanted, "channel create")
    for _, request in members + invites:
        _check_role(call, request)
    now = call.now()
    channel = Channel(channel_type, channel_id, now, now, created_by_id=creator)
    _apply_data(channel, _data_changes(call, data), replace=True)
    invited = {user_id for user_id, _ in invites}
    for user_id, request in members:
        _add_member(call, channel, user_id, request, invited=user_id in invited)
    for user_id, request in invites:
        _add_member(call, channel, user_id, request, invited=True)
    if boolean(call, body, "hide_for_creator"):
        channel.hidden_for.add(creator)
    store.channels[channel.cid] = channel
    return channel


def _limit(call: Call, body: dict[str, Any], key: str, default: int) -> int:
    options = body.get(key) or {}
    if not isinstance(options, dict):
        raise call.fail(f"{key} must be an object such as {{limit: 10}}")
    value = options.get("limit", default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise call.fail(f"{key}.limit must be a non-negative integer")
    return value


@handles("GetOrCreateChannel", "GetOrCreateDistinctChannel")
def get_or_create_channel(call: Call) -> dict[str, Any]:
    store = call.store
    body = call.json()
    channel_type = call.params["type"]
    store.channel_type(call.operation, channel_type)
    data = body.get("data") or {}
    if not isinstance(data, dict):
        raise call.fail("data must be an object")
    if call.operation == "GetOrCreateDistinctChannel":
        member_ids = [user_id for user_id, _ in _members(call, data.get("members"), "data.members")]
        if len(set(member_ids)) < 2:
            raise call.fail("When using member based IDs specify at least 2 members")
        channel_id = distinct_id(member_ids)
    else:
        channel_id = check_channel_id(call, call.params["id"])
    channel = store.channels.get(f"{channel_type}:{channel_id}")
    if channel is None or channel.deleted_at is not None:
        if channel is not None:
            for message_id in list(channel.messages):
                remove_message(store, message_id)
        channel = _create(call, channel_type, channel_id, data, body)
        events.channel(call, "channel.created", channel, channel.created_by_id)
    user_id = acting_user(call, body)
    return render.channel_state(
        store,
        channel,
        messages_limit=_limit(call, body, "messages", 25),
        members_limit=_limit(call, body, "members", 100),
        user_id=user_id,
    )


@handles("GetChannel")
def get_channel(call: Call) -> dict[str, Any]:
    channel = _channel(call)
    limits = {"messages_limit": call.int_query("messages_limit"), "members_limit": call.int_query("members_limit")}
    options = {key: value for key, value in limits.items() if value is not None}
    return render.channel_state(call.store, channel, user_id=call.query.get("user_id"), **options)


@handles("QueryChannels")
def query_channels(call: Call) -> dict[str, Any]:
    store = call.store
    body = call.json()
    conditions = body.get("filter_conditions") or {}
    user_id = acting_user(call, body)
    documents = {
        cid: channel_document(call, channel, user_id)
        for cid, channel in store.channels.items()
        if channel.deleted_at is None
    }
    if user_id is not None and isinstance(conditions, dict) and "hidden" not in conditions:
        documents = {cid: document for cid, document in documents.items() if not document["hidden"]}
    found = [cid for cid, document in documents.items() if matches(document, conditions)]
    order = parse_sort(body.get("sort")) or [("last_updated", -1)]
    found = sort_documents(found, order, documents.__getitem__)
    found = page(found, body.get("limit"), body.get("offset"), default=10, maximum=30)
    message_limit = body.get("message_limit", 25)
    member_limit = body.get("member_limit", 100)
    for name, value in (("message_limit", message_limit), ("member_limit", member_limit)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise call.fail(f"{name} must be a non-negative integer")
    return {
        "channels": [
            render.channel_state(
                store, store.channels[cid], messages_limit=message_limit, members_limit=member_limit, user_id=user_id
            )
            for cid in found
        ]
    }


def _channel(call: Call) -> Channel:
    return call.store.channel(call.operation, call.params["type"], call.params["id"])


def _invite_answer(call: Call, channel: Channel, body: dict[str, Any]) -> tuple[Member, bool] | None:
    """The invited member answering and whether they accept, for ``accept_invite`` / ``reject_invite``."""
    accept, reject = boolean(call, body, "accept_invite"), boolean(call, body, "reject_invite")
    if not (accept or reject):
        return None
    user_id = acting_user(call, body, required=True) or ""
    member = channel.members.get(user_id)
    if member is None or not member.invited:
        raise call.fail(f"user {user_id} has no invite to this channel")
    return member, accept


@handles("UpdateChannel")
def update_channel(call: Call) -> dict[str, Any]:
    """Members, roles, invites, data and an optional message; everything is checked before anything changes."""
    store = call.store
    channel = _channel(call)
    body = call.json()
    added = _members(call, body.get("add_members"), "add_members")
    invited = _members(call, body.get("invites"), "invites")
    roles = _members(call, body.get("assign_roles"), "assign_roles")
    promoted = string_list(call, body, "add_moderators")
    demoted = string_list(call, body, "demote_moderators")
    removed = string_list(call, body, "remove_members")
    store.existing_users(call.operation, [uid for uid, _ in added + invited] + promoted, "channel update")
    for user_id in [uid for uid, _ in roles] + demoted:
        if user_id not in channel.members:
            raise call.fail(f"user {user_id} is not a member of this channel")
    for _, request in added + invited + roles:
        _check_role(call, request)
    data = _data_changes(call, body["data"]) if isinstance(body.get("data"), dict) else None
    cooldown = _cooldown(call, body["cooldown"]) if "cooldown" in body else channel.cooldown
    hide_before = timestamp(call, body.get("hide_history_before"), "hide_history_before")
    tags_added, tags_removed = string_list(call, body, "add_filter_tags"), string_list(call, body, "remove_filter_tags")
    answer = _invite_answer(call, channel, body)
    message = new_message(call, channel, body["message"]) if isinstance(body.get("message"), dict) else None

    if data is not None:
        was_frozen = channel.frozen
        _apply_data(channel, data, replace=True)
        channel.updated_at = call.now()
        events.channel(call, "channel.updated", channel, acting_user(call, body))
        events.freeze(call, channel, was_frozen=was_frozen)
    channel.cooldown = cooldown
    if boolean(call, body, "hide_history"):
        hide_before = call.now()
    for user_id, request in added:
        events.member(call, "member.added", channel, _add_member(call, channel, user_id, request))
        if hide_before is not None:
            channel.hide_messages_before[user_id] = hide_before
    for user_id, request in invited:
        _add_member(call, channel, user_id, request, invited=True)
    for user_id in promoted:
        kind = "member.updated" if user_id in channel.members else "member.added"
        member = _add_member(call, channel, user_id, {})
        _set_role(member, "channel_moderator")
        events.member(call, kind, channel, member)
    for user_id in demoted:
        _set_role(channel.members[user_id], "channel_member")
        events.member(call, "member.updated", channel, channel.members[user_id])
    for user_id, request in roles:
        member = _add_member(call, channel, user_id, {"channel_role": request.get("channel_role")})
        events.member(call, "member.updated", channel, member)
    for user_id in removed:
        if user_id in channel.members:
            events.member(call, "member.removed", channel, channel.members.pop(user_id))
        channel.reads.pop(user_id, None)
    channel.filter_tags = [tag for tag in channel.filter_tags if tag not in tags_removed]
    channel.filter_tags += [tag for tag in tags_added if tag not in channel.filter_tags]
    if answer is not None:
        member, accept = answer
        now = call.now()
        member.invite_accepted_at, member.invite_rejected_at = (now, None) if accept else (None, now)
        member.updated_at = now
    response: dict[str, Any] = {}
    if message is not None:
        response["message"] = render.message(store, add_message(call, channel, message, body))
    response["channel"] = render.channel(store, channel)
    response["members"] = [render.member(store, member) for member in channel.members.values()]
    return response


@handles("UpdateChannelPartial")
def update_channel_partial(call: Call) -> dict[str, Any]:
    channel = _channel(call)
    body = call.json()
    to_set = body.get("set") or {}
    if not isinstance(to_set, dict):
        raise call.fail("set must be an object")
    to_unset = string_list(call, body, "unset")
    typed = {"frozen", "disabled", "team", "filter_tags", "cooldown", "config_overrides"}
    reserved = sorted((set(to_set) | set(to_unset)) & render.CHANNEL_FIELDS - typed)
    if reserved:
        raise call.fail(f"fields {', '.join(reserved)} are reserved and cannot be updated")
    changes = _data_changes(call, to_set)
    was_frozen = channel.frozen
    _apply_data(channel, changes, replace=False)
    for key in to_unset:
        channel.data.pop(key, None)
        if key in typed:
            empty: Any = [] if key == "filter_tags" else {} if key == "config_overrides" else None
            setattr(channel, key, False if key in ("frozen", "disabled") else empty)
    channel.updated_at = call.now()
    events.channel(call, "channel.updated", channel, acting_user(call, body))
    events.freeze(call, channel, was_frozen=was_frozen)
    return {
        "channel": render.channel(call.store, channel),
        "members": [render.member(call.store, member) for member in channel.members.values()],
    }


def _delete(call: Call, channel: Channel, hard: bool) -> None:
    now = call.now()
    if hard:
        for message_id in list(channel.messages):
            remove_message(call.store, message_id)
        del call.store.channels[channel.cid]
        call.store.drafts = {key: draft for key, draft in call.store.drafts.items() if draft.cid != channel.cid}
    channel.deleted_at = channel.updated_at = now
    events.channel(call, "channel.deleted", channel)


@handles("DeleteChannel")
def delete_channel(call: Call) -> dict[str, Any]:
    channel = _channel(call)
    _delete(call, channel, call.flag("hard_delete"))
    return {"channel": render.channel(call.store, channel)}


@handles("DeleteChannels")
def delete_channels(call: Call) -> dict[str, Any]:
    body = call.json()
    cids = string_list(call, body, "cids")
    if not cids:
        raise call.fail("cids must name at least one channel")
    channels = [call.store.channel_by_cid(call.operation, cid) for cid in cids]
    for channel in channels:
        _delete(call, channel, boolean(call, body, "hard_delete"))
    result = {cid: {"status": "ok"} for cid in cids}
    task = Task(new_id(), call.now(), result)
    call.store.tasks[task.id] = task
    return {"task_id": task.id, "result": result}


@handles("TruncateChannel")
def truncate_channel(call: Call) -> dict[str, Any]:
    store = call.store
    channel = _channel(call)
    body = call.json()
    if body.get("member_ids"):
        raise not_implemented(call.operation, "member_ids: truncating for some members only")
    truncated_at = timestamp(call, body.get("truncated_at"), "truncated_at") or call.now()
    raw = body.get("message")
    message = new_message(call, channel, {"type": "system", **raw}) if isinstance(raw, dict) else None
    truncated_by = acting_user(call, body)
    if truncated_by is not None:
        store.user(call.operation, truncated_by)
    if boolean(call, body, "hard_delete"):
        for message in store.live_messages(channel):
            if message.created_at <= truncated_at:
                remove_message(store, message.id)
    channel.truncated_at = truncated_at
    channel.truncated_by_id = truncated_by
    channel.updated_at = call.now()
    for read in channel.reads.values():
        read.unread_messages = 0
    events.channel(call, "channel.truncated", channel, truncated_by)
    response: dict[str, Any] = {}
    if message is not None:
        response["message"] = render.message(store, add_message(call, channel, message, body))
    response["channel"] = render.channel(store, channel)
    return response


@handles("HideChannel", "ShowChannel")
def hide_channel(call: Call) -> dict[str, Any]:
    channel = _channel(call)
    body = call.json()
    user_id = acting_user(call, body, required=True) or ""
    call.store.user(call.operation, user_id)
    if call.operation == "ShowChannel":
        channel.hidden_for.discard(user_id)
        events.channel(call, "channel.visible", channel, user_id)
        return {}
    channel.hidden_for.add(user_id)
    if boolean(call, body, "clear_history"):
        channel.hide_messages_before[user_id] = call.now()
    events.channel(call, "channel.hidden", channel, user_id, clear_history=boolean(call, body, "clear_history"))
    return {}


def _member_document(call: Call, channel: Channel, member: Member) -> dict[str, Any]:
    document = render.member(call.store, member)
    user = document["user"]
    document.update({"id": member.user_id, "name": user.get("name"), "joined": member.status == "member"})
    document["invite"] = member.status
    return document


@handles("QueryMembers")
def query_members(call: Call) -> dict[str, Any]:
    store = call.store
    payload = call.payload()
    channel_type = string(call, payload, "type", required=True) or ""
    channel_id = payload.get("id")
    if not channel_id:
        member_ids = [user_id for user_id, _ in _members(call, payload.get("members"), "members")]
        if not member_ids:
            raise call.fail("give the channel id, or members for a distinct channel")
        channel_id = distinct_id(member_ids)
    channel = store.channel(call.operation, channel_type, str(channel_id))
    conditions = required(call, payload, "filter_conditions")
    documents = {uid: _member_document(call, channel, member) for uid, member in channel.members.items()}
    found = [uid for uid, document in documents.items() if matches(document, conditions)]
    found = sort_documents(found, parse_sort(payload.get("sort")), documents.__getitem__)
    found = page(found, payload.get("limit"), payload.get("offset"), default=100, maximum=300)
    return {"members": [render.member(store, channel.members[uid]) for uid in found]}


def _reader(call: Call, body: dict[str, Any]) -> str:
    user_id = acting_user(call, body, required=True) or ""
    call.store.user(call.operation, user_id)
    return user_id


@handles("MarkRead")
def mark_read(call: Call) -> dict[str, Any]:
    channel = _channel(call)
    body = call.json()
    user_id = _reader(call, body)
    now = call.now()
    event: dict[str, Any] = {
        "type": "message.read",
        "cid": channel.cid,
        "channel_id": channel.id,
        "channel_type": channel.type,
        "created_at": format_time(now),
        "user": render.user_by_id(call.store, user_id),
    }
    thread_id = string(call, body, "thread_id")
    if thread_id is not None:
        thread = call.store.threads.get(thread_id)
        if thread is None or thread.cid != channel.cid:
            raise call.missing(f"thread {thread_id} does not exist in this channel")
        replies = call.store.messages[thread_id].replies
        thread.reads[user_id] = ThreadRead(now, 0, replies[-1] if replies else None)
        event["thread"] = render.thread(call.store, thread)
        return {"event": event}
    live = [item for item in call.store.live_messages(channel) if item.in_channel]
    last_id = string(call, body, "message_id") or (live[-1].id if live else None)
    channel.reads[user_id] = Read(now, 0, last_id)
    if last_id is not None:
        event["last_read_message_id"] = last_id
    event["channel"] = render.channel(call.store, channel)
    return {"event": event}


@handles("MarkUnread")
def mark_unread(call: Call) -> dict[str, Any]:
    channel = _channel(call)
    body = call.json()
    user_id = _reader(call, body)
    live = [item for item in call.store.live_messages(channel) if item.in_channel]
    message_id = string(call, body, "message_id")
    moment = timestamp(call, body.get("message_timestamp"), "message_timestamp")
    if message_id is None and moment is None:
        if body.get("thread_id"):
            return {}
        raise call.fail("message_id, message_timestamp or thread_id is required")
    if message_id is not None:
        found = [index for index, item in enumerate(live) if item.id == message_id]
        if not found:
            raise call.missing(f"message {message_id} does not exist in this channel")
        start = found[0]
    else:
        start = next((index for index, item in enumerate(live) if item.created_at >= (moment or 0)), len(live))
    unread = [item for item in live[start:] if item.user_id != user_id and item.deleted_at is None]
    last_read = live[start].created_at - 1 if start < len(live) else call.now()
    previous = live[start - 1].id if start > 0 else None
    channel.reads[user_id] = Read(last_read, len(unread), previous)
    return {}


@handles("MarkChannelsRead")
def mark_channels_read(call: Call) -> dict[str, Any]:
    user_id = _reader(call, call.json())
    for channel in call.store.channels.values():
        if channel.deleted_at is None and user_id in channel.members:
            channel.reads[user_id] = Read(call.now(), 0, channel.messages[-1] if channel.messages else None)
    return {}


def unread_channels(store: Store, user_id: str) -> list[tuple[Channel, Read]]:
    return [
        (channel, read)
        for channel in store.channels.values()
        if channel.deleted_at is None
        and user_id in channel.members
        and (read := channel.reads.get(user_id)) is not None
        and read.unread_messages > 0
    ]


@handles("UnreadCounts")
def unread_counts(call: Call) -> dict[str, Any]:
    user_id = call.query.get("user_id")
    call.store.user(call.operation, user_id)
    return unread_counts_of(call.store, user_id or "")


@handles("UnreadCountsBatch")
def unread_counts_batch(call: Call) -> dict[str, Any]:
    user_ids = string_list(call, call.json(), "user_ids")
    if not user_ids:
        raise call.fail("user_ids must name at least one user")
    for user_id in user_ids:
        call.store.user(call.operation, user_id)
    return {"counts_by_user": {user_id: unread_counts_of(call.store, user_id) for user_id in user_ids}}


def unread_counts_of(store: Store, user_id: str) -> dict[str, Any]:
    """``UnreadCountsResponse`` of one user: unread channels by channel and type, and unread threads."""
    unread = unread_channels(store, user_id)
    threads = render.unread_threads(store, user_id)
    by_type: dict[str, list[int]] = {}
    for channel, read in unread:
        by_type.setdefault(channel.type, []).append(read.unread_messages)
    return {
        "total_unread_count": sum(read.unread_messages for _, read in unread),
        "total_unread_threads_count": len(threads),
        "channels": [
            {"channel_id": channel.cid, "unread_count": read.unread_messages, "last_read": format_time(read.last_read)}
            for channel, read in unread
        ],
        "channel_type": [
            {"channel_type": kind, "channel_count": len(counts), "unread_count": sum(counts)}
            for kind, counts in by_type.items()
        ],
        "threads": [
            {
                "parent_message_id": thread.parent_id,
                "unread_count": count,
                "last_read": format_time(thread.reads[user_id].last_read),
                "last_read_message_id": thread.reads[user_id].last_read_message_id or thread.parent_id,
            }
            for thread, count in threads
        ],
    }


@handles("UpdateMemberPartial", "UpdateChannelMemberPartial")
def update_member_partial(call: Call) -> dict[str, Any]:
    channel = _channel(call)
    user_id = call.params.get("user_id") or call.query.get("user_id") or ""
    member = channel.members.get(user_id)
    if member is None:
        raise call.missing(f"user {user_id} is not a member of this channel")
    body = call.json()
    to_set = body.get("set") or {}
    if not isinstance(to_set, dict):
        raise call.fail("set must be an object")
    now = call.now()
    for key, value in to_set.items():
        if key in ("pinned", "archived"):
            if not isinstance(value, bool):
                raise call.fail(f"{key} must be true or false")
            setattr(member, f"{key}_at", now if value else None)
        elif key == "notifications_muted":
            member.notifications_muted = boolean(call, to_set, key)
        elif key == "channel_role":
            _add_member(call, channel, user_id, {"channel_role": value})
        elif key in MEMBER_FIELDS:
            raise call.fail(f"field {key} cannot be updated")
        else:
            member.custom[key] = copy.deepcopy(value)
    for key in string_list(call, body, "unset"):
        member.custom.pop(key, None)
    member.updated_at = now
    events.member(call, "member.updated", channel, member)
    return {"channel_member": render.member(call.store, member)}


@handles("SendEvent")
def send_event(call: Call) -> dict[str, Any]:
    channel = _channel(call)
    event = required_object(call, call.json(), "event")
    kind = string(call, event, "type", required=True) or ""
    user_id = acting_user(call, event)
    if user_id is not None:
        call.store.user(call.operation, user_id)
    config = call.store.channel_types[channel.type].config
    if kind.startswith("typing.") and not config["typing_events"]:
        raise call.fail(f"typing events are disabled for channel type {channel.type}", code=19)
    if not kind.startswith("typing.") and not config["custom_events"]:
        raise call.fail(f"custom events are disabled for channel type {channel.type}", code=19)
    custom = {key: value for key, value in event.items() if key not in ("type", "user", "user_id", "custom")}
    if isinstance(event.get("custom"), dict):
        custom.update(event["custom"])
    view: dict[str, Any] = {
        "type": kind,
        "cid": channel.cid,
        "channel_id": channel.id,
        "channel_type": channel.type,
        "created_at": format_time(call.now()),
        "custom": copy.deepcopy(custom),
    }
    if user_id is not None:
        view["user"] = render.user_by_id(call.store, user_id)
    for key, value in custom.items():
        if key not in EVENT_FIELDS:
            view.setdefault(key, value)
    return {"event": view}


@handles("MarkDelivered")
def mark_delivered(call: Call) -> dict[str, Any]:
    """Record the latest message delivered to the user in each channel named."""
    body = call.json()
    user_id = call.query.get("user_id") or acting_user(call, body, required=True) or ""
    call.store.user(call.operation, user_id)
    delivered = body.get("latest_delivered_messages") or []
    if not isinstance(delivered, list) or not delivered or not all(isinstance(item, dict) for item in delivered):
        raise call.fail("latest_delivered_messages must list {cid, id} objects")
    updates = []
    for item in delivered:
        channel = call.store.channel_by_cid(call.operation, item.get("cid"))
        message = call.store.message(call.operation, string(call, item, "id", required=True) or "")
        if message.cid != channel.cid:
            raise call.fail(f"message {message.id} is not in channel {channel.cid}")
        updates.append((channel, message.id))
    now = call.now()
    for channel, message_id in updates:
        read = channel.reads.setdefault(user_id, Read(now))
        read.last_delivered_at, read.last_delivered_message_id = now, message_id
    return {}


BATCH_OPERATIONS = get_args(ChannelBatchOperation)


def _batch_filter(call: Call, raw: Any) -> dict[str, Any]:
    """The channel filter of a batch update: ``cids``/``types`` name ``cid``/``type``; a list means ``$in``."""
    if not isinstance(raw, dict) or not raw:
        raise call.fail("filter must select the channels to update")
    names = {"cids": "cid", "types": "type"}
    return {
        names.get(str(key), str(key)): {"$in": value} if isinstance(value, list) else value
        for key, value in raw.items()
    }


def _batch_apply(call: Call, channel: Channel, operation: str, members: list[tuple[str, dict[str, Any]]]) -> None:
    now = call.now()
    for user_id, request in members:
        if operation in ("addMembers", "inviteMembers", "invites"):
            _add_member(call, channel, user_id, request, invited=operation != "addMembers")
        elif operation == "removeMembers":
            channel.members.pop(user_id, None)
            channel.reads.pop(user_id, None)
        elif operation == "addModerators":
            _set_role(_add_member(call, channel, user_id, {}), "channel_moderator")
        elif user_id not in channel.members:
            continue
        elif operation == "assignRoles":
            _add_member(call, channel, user_id, {"channel_role": request.get("channel_role")})
        elif operation == "demoteModerators":
            _set_role(channel.members[user_id], "channel_member")
        elif operation in ("hide", "show"):
            (channel.hidden_for.add if operation == "hide" else channel.hidden_for.discard)(user_id)
        elif operation in ("archive", "unarchive"):
            channel.members[user_id].archived_at = now if operation == "archive" else None


@handles("ChannelBatchUpdate")
def channel_batch_update(call: Call) -> dict[str, Any]:
    """Apply one operation to every channel the filter selects, as a task that is complete when answered."""
    store = call.store
    body = call.json()
    operation = string(call, body, "operation", required=True) or ""
    if operation not in BATCH_OPERATIONS:
        raise call.fail(f"operation must be one of {', '.join(BATCH_OPERATIONS)}")
    conditions = _batch_filter(call, body.get("filter"))
    members = _members(call, body.get("members"), "members")
    for _, request in members:
        _check_role(call, request)
    store.existing_users(call.operation, [user_id for user_id, _ in members], "channel batch update")
    data = body.get("data")
    if operation == "updateData":
        if not isinstance(data, dict):
            raise call.fail("data is required for updateData")
        changes = _data_changes(call, {key: value for key, value in data.items() if key != "custom"})
        changes[1].update(copy.deepcopy(data.get("custom") or {}))
    elif not members:
        raise call.fail(f"members are required for {operation}")
    channels = [
        channel
        for channel in store.channels.values()
        if channel.deleted_at is None and matches(channel_document(call, channel, None), conditions)
    ]
    for channel in channels:
        if operation == "updateData":
            _apply_data(channel, changes, replace=False)
        else:
            _batch_apply(call, channel, operation, members)
        channel.updated_at = call.now()
    result = {"operation": operation, "cids": [channel.cid for channel in channels]}
    task = Task(new_id(), call.now(), result)
    store.tasks[task.id] = task
    return {"task_id": task.id}


@handles("GroupedQueryChannels")
def grouped_query_channels(call: Call) -> dict[str, Any]:
    """The user's channels grouped by channel type: each group name is a channel type."""
    store = call.store
    body = call.json()
    user_id = acting_user(call, body, required=True) or ""
    store.user(call.operation, user_id)
    groups = body.get("groups") or {}
    if not isinstance(groups, dict) or not all(isinstance(options, dict) for options in groups.values()):
        raise call.fail("groups must map group names to {limit, next, prev}")
    default = body.get("limit", 10)
    buckets: dict[str, Any] = {}
    for name, options in groups.items():
        mine = [
            channel
            for channel in store.channels.values()
            if channel.type == name and channel.deleted_at is None and user_id in channel.members
        ]
        mine.sort(key=lambda channel: max(channel.created_at, channel.last_message_at or 0), reverse=True)
        shown, cursors = cursor_page(mine, {"limit": default, **options}, default=10, maximum=10)
        unread = sum(1 for channel in mine if (read := channel.reads.get(user_id)) and read.unread_messages)
        buckets[name] = {
            "channels": [render.channel_state(store, channel, user_id=user_id) for channel in shown],
            "unread_channels": unread,
            **cursors,
        }
    return {"groups": buckets}
