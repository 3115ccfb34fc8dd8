"""Moderation: bans (app-wide, per channel, future channels), mutes, flags and blocks, and their queries."""

from __future__ import annotations

import copy
from typing import Any

from stream_chat.testing import events, render
from stream_chat.testing.clock import NS, format_time
from stream_chat.testing.context import Call, acting_user, boolean, handles, required, string, string_list
from stream_chat.testing.query import matches, page, parse_sort, sort_documents
from stream_chat.testing.state import Ban, Channel, Flag, Mute, User


def _ban_channel(call: Call, data: dict[str, Any]) -> Channel | None:
    """The channel of a channel ban: ``channel_cid``, or ``type`` and ``id`` as the official client sends them."""
    cid = data.get("channel_cid")
    if cid:
        return call.store.channel_by_cid(call.operation, cid)
    channel_type, channel_id = data.get("type"), data.get("id")
    if channel_type and channel_id:
        return call.store.channel(call.operation, str(channel_type), str(channel_id))
    return None


def _minutes(call: Call, data: dict[str, Any], key: str) -> int | None:
    """Nanoseconds from now after ``data[key]`` minutes, or ``None`` if not given."""
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise call.fail(f"{key} must be a positive number of minutes")
    return call.now() + value * 60 * NS


@handles("Ban")
def ban(call: Call) -> dict[str, Any]:
    data = call.json()
    store = call.store
    target = store.user(call.operation, string(call, data, "target_user_id", required=True))
    banned_by = data.get("banned_by_id") or acting_user(call, data)
    if banned_by is not None:
        store.user(call.operation, banned_by)
    channel = _ban_channel(call, data)
    cid = channel.cid if channel is not None else None
    expires = _minutes(call, data, "timeout")
    shadow = boolean(call, data, "shadow")
    store.bans = [item for item in store.bans if not (item.user_id == target.id and item.channel_cid == cid)]
    reason = string(call, data, "reason")
    future_channels = boolean(call, data, "ban_from_future_channels")
    if future_channels and banned_by is None:
        raise call.fail("banned_by_id is required to ban from future channels")
    store.bans.append(Ban(target.id, call.now(), banned_by, cid, reason, expires, shadow))
    if future_channels:
        future = [item for item in store.future_bans if (item.user_id, item.banned_by_id) != (target.id, banned_by)]
        store.future_bans = [*future, Ban(target.id, call.now(), banned_by, None, reason, expires, shadow)]
    events.user(call, "user.banned", target, **({"cid": cid} if cid else {}), shadow=shadow)
    if channel is None:
        target.banned, target.shadow_banned, target.ban_expires = not shadow, shadow, expires
    elif (member := channel.members.get(target.id)) is not None:
        member.banned, member.shadow_banned, member.ban_expires = not shadow, shadow, expires
        events.member(call, "member.updated", channel, member)
    return {}


@handles("Unban")
def unban(call: Call) -> dict[str, Any]:
    store = call.store
    target = store.user(call.operation, call.query.get("target_user_id"))
    channel = _ban_channel(call, dict(call.query))
    cid = channel.cid if channel is not None else None
    store.bans = [item for item in store.bans if not (item.user_id == target.id and item.channel_cid == cid)]
    if call.flag("remove_future_channels_ban"):
        by = call.query.get("created_by")
        kept = [item for item in store.future_bans if item.user_id != target.id or (by and item.banned_by_id != by)]
        store.future_bans = kept
    events.user(call, "user.unbanned", target, **({"cid": cid} if cid else {}))
    if channel is None:
        target.banned, target.shadow_banned, target.ban_expires = False, False, None
    elif (member := channel.members.get(target.id)) is not None:
        member.banned, member.shadow_banned, member.ban_expires = False, False, None
        events.member(call, "member.updated", channel, member)
    return {}


def _ban_view(call: Call, item: Ban) -> dict[str, Any]:
    store = call.store
    view: dict[str, Any] = {"created_at": format_time(item.created_at), "shadow": item.shadow}
    view["user"] = render.user_by_id(store, item.user_id)
    if item.banned_by_id:
        view["banned_by"] = render.user_by_id(store, item.banned_by_id)
    if item.channel_cid and item.channel_cid in store.channels:
        view["channel"] = render.channel(store, store.channels[item.channel_cid])
    if item.reason:
        view["reason"] = item.reason
    if item.expires:
        view["expires"] = format_time(item.expires)
    return view


@handles("QueryBannedUsers")
def query_banned_users(call: Call) -> dict[str, Any]:
    payload = call.payload()
    conditions = required(call, payload, "filter_conditions")
    now = call.now()
    bans = [
        item
        for item in call.store.bans
        if not (boolean(call, payload, "exclude_expired_bans") and item.expires is not None and item.expires <= now)
    ]
    documents = {
        id(item): {
            "user_id": item.user_id,
            "channel_cid": item.channel_cid,
            "banned_by_id": item.banned_by_id,
            "reason": item.reason,
            "shadow": item.shadow,
            "created_at": format_time(item.created_at),
        }
        for item in bans
    }
    found = [item for item in bans if matches(documents[id(item)], conditions)]
    order = parse_sort(payload.get("sort")) or [("created_at", -1)]
    found = sort_documents(found, order, lambda item: documents[id(item)])
    found = page(found, payload.get("limit"), payload.get("offset"), default=25, maximum=300)
    return {"bans": [_ban_view(call, item) for item in found]}


def _targets(call: Call, data: dict[str, Any]) -> list[str]:
    """``target_ids``, or the single ``target_id`` the official client sends."""
    targets = string_list(call, data, "target_ids")
    single = string(call, data, "target_id")
    if single:
        targets.append(single)
    if not targets:
        raise call.fail("target_ids must name at least one user")
    return targets


def _mute_view(call: Call, user_id: str, target: str, mute: Mute) -> dict[str, Any]:
    view: dict[str, Any] = {
        "user": render.user_by_id(call.store, user_id),
        "target": render.user_by_id(call.store, target),
        "created_at": format_time(mute.created_at),
        "updated_at": format_time(mute.updated_at),
    }
    if mute.expires:
        view["expires"] = format_time(mute.expires)
    return view


@handles("MuteUser")
def mute_user(call: Call) -> dict[str, Any]:
    data = call.json()
    store = call.store
    user = store.user(call.operation, acting_user(call, data, required=True))
    targets = _targets(call, data)
    missing = [target for target in targets if target not in store.users]
    expires = _minutes(call, data, "timeout")
    mutes = []
    for target in targets:
        if target in missing:
            continue
        if target == user.id:
            raise call.fail("a user cannot mute themselves")
        now = call.now()
        previous = user.mutes.get(target)
        user.mutes[target] = Mute(previous.created_at if previous else now, now, expires)
        mutes.append(_mute_view(call, user.id, target, user.mutes[target]))
    events.user_mutes(call, "user.muted", user.id, [target for target in targets if target not in missing])
    result: dict[str, Any] = {"mutes": mutes, "own_user": render.full_user(store, user)}
    if len(mutes) == 1:
        result["mute"] = mutes[0]
    if missing:
        result["non_existing_users"] = missing
    return result


@handles("UnmuteUser")
def unmute_user(call: Call) -> dict[str, Any]:
    data = call.json()
    user = call.store.user(call.operation, acting_user(call, data, required=True))
    targets = _targets(call, data)
    lifted = [target for target in targets if user.mutes.pop(target, None) is not None]
    events.user_mutes(call, "user.unmuted", user.id, lifted)
    missing = [target for target in targets if target not in call.store.users]
    return {"non_existing_users": missing} if missing else {}


def _channel_cids(call: Call, data: dict[str, Any]) -> list[str]:
    cids = string_list(call, data, "channel_cids")
    single = string(call, data, "channel_cid")
    if single:
        cids.append(single)
    if not cids:
        raise call.fail("channel_cids must name at least one channel")
    for cid in cids:
        call.store.channel_by_cid(call.operation, cid)
    return cids


def _channel_mute_view(call: Call, user: User, cid: str, mute: Mute) -> dict[str, Any]:
    """``ChannelMute``."""
    store = call.store
    view: dict[str, Any] = {
        "user": render.user(store, user),
        "channel": render.channel(store, store.channels[cid]),
        "created_at": format_time(mute.created_at),
        "updated_at": format_time(mute.updated_at),
    }
    if mute.expires:
        view["expires"] = format_time(mute.expires)
    return view


@handles("MuteChannel")
def mute_channel(call: Call) -> dict[str, Any]:
    data = call.json()
    store = call.store
    user = store.user(call.operation, acting_user(call, data, required=True))
    expiration = data.get("expiration")
    if expiration is not None and (isinstance(expiration, bool) or not isinstance(expiration, int)):
        raise call.fail("expiration must be a number of milliseconds")
    views = []
    for cid in _channel_cids(call, data):
        now = call.now()
        mute = Mute(now, now, now + expiration * 1_000_000 if expiration else None)
        user.channel_mutes[cid] = mute
        views.append(_channel_mute_view(call, user, cid, mute))
    events.channel_mutes(call, "channel.muted", user.id, views)
    result: dict[str, Any] = {"channel_mutes": views, "own_user": render.full_user(store, user)}
    if len(views) == 1:
        result["channel_mute"] = views[0]
    return result


@handles("UnmuteChannel")
def unmute_channel(call: Call) -> dict[str, Any]:
    data = call.json()
    user = call.store.user(call.operation, acting_user(call, data, required=True))
    lifted = []
    for cid in _channel_cids(call, data):
        mute = user.channel_mutes.pop(cid, None)
        if mute is not None:
            lifted.append(_channel_mute_view(call, user, cid, mute))
    events.channel_mutes(call, "channel.unmuted", user.id, lifted)
    return {}


def _flag_target(call: Call, data: dict[str, Any]) -> tuple[str | None, str | None]:
    """``(target_message_id, target_user_id)`` of a flag, each checked; exactly one is given."""
    message_id = string(call, data, "target_message_id")
    user_id = string(call, data, "target_user_id")
    if bool(message_id) == bool(user_id):
        raise call.fail("give either target_message_id or target_user_id")
    if message_id is not None:
        call.store.message(call.operation, message_id)
    else:
        call.store.user(call.operation, user_id)
    return message_id, user_id


def _find_flag(call: Call, user_id: str | None, target: tuple[str | None, str | None]) -> Flag | None:
    for item in call.store.flags:
        if item.user_id == user_id and (item.target_message_id, item.target_user_id) == target:
            return item
    return None


@handles("Flag")
def flag(call: Call) -> dict[str, Any]:
    data = call.json()
    user_id = acting_user(call, data, required=True)
    call.store.user(call.operation, user_id)
    target = _flag_target(call, data)
    custom = data.get("custom") or {}
    if not isinstance(custom, dict):
        raise call.fail("custom must be an object")
    now = call.now()
    record = _find_flag(call, user_id, target)
    if record is None:
        record = Flag(now, now, user_id, *target)
        call.store.flags.append(record)
    record.reason = string(call, data, "reason") or record.reason
    record.custom.update(copy.deepcopy(custom))
    record.updated_at = now
    events.flagged(call, record)
    return {"flag": render.flag(call.store, record), "review_queue_item_id": f"flag-{id(record):x}"}


@handles("Unflag")
def unflag(call: Call) -> dict[str, Any]:
    data = call.json()
    user_id = acting_user(call, data, required=True)
    target = _flag_target(call, data)
    record = _find_flag(call, user_id, target)
    if record is None:
        raise call.missing(f"user {user_id} has not flagged this target")
    call.store.flags.remove(record)
    return {"flag": render.flag(call.store, record)}


def _message_flag_document(call: Call, item: Flag) -> dict[str, Any]:
    message = call.store.messages.get(item.target_message_id or "")
    return {
        "message_id": item.target_message_id,
        "channel_cid": message.cid if message is not None else None,
        "user_id": message.user_id if message is not None else None,
        "flagged_by": item.user_id,
        "reason": item.reason,
        "is_reviewed": False,
        "created_at": format_time(item.created_at),
    }


@handles("QueryMessageFlags")
def query_message_flags(call: Call) -> dict[str, Any]:
    store = call.store
    payload = call.payload()
    flags = [item for item in store.flags if item.target_message_id in store.messages]
    if not boolean(call, payload, "show_deleted_messages"):
        flags = [item for item in flags if store.messages[item.target_message_id or ""].deleted_at is None]
    documents = {id(item): _message_flag_document(call, item) for item in flags}
    found = [item for item in flags if matches(documents[id(item)], payload.get("filter_conditions") or {})]
    order = parse_sort(payload.get("sort")) or [("created_at", -1)]
    found = sort_documents(found, order, lambda item: documents[id(item)])
    found = page(found, payload.get("limit"), payload.get("offset"), default=25, maximum=300)
    views = []
    for item in found:
        view: dict[str, Any] = {
            "created_at": format_time(item.created_at),
            "updated_at": format_time(item.updated_at),
            "created_by_automod": False,
            "custom": dict(item.custom),
            "message": render.message(store, store.messages[item.target_message_id or ""]),
        }
        if item.user_id:
            view["user"] = render.user_by_id(store, item.user_id)
        if item.reason:
            view["reason"] = item.reason
        views.append(view)
    return {"flags": views}


def _block_pair(call: Call) -> tuple[str, str]:
    data = call.json()
    user = call.store.user(call.operation, acting_user(call, data, required=True))
    blocked = call.store.user(call.operation, string(call, data, "blocked_user_id", required=True))
    if user.id == blocked.id:
        raise call.fail("a user cannot block themselves")
    return user.id, blocked.id


@handles("BlockUsers")
def block_users(call: Call) -> dict[str, Any]:
    pair = _block_pair(call)
    created = call.store.blocks.setdefault(pair, call.now())
    return {"blocked_by_user_id": pair[0], "blocked_user_id": pair[1], "created_at": format_time(created)}


@handles("UnblockUsers")
def unblock_users(call: Call) -> dict[str, Any]:
    call.store.blocks.pop(_block_pair(call), None)
    return {}


@handles("GetBlockedUsers")
def get_blocked_users(call: Call) -> dict[str, Any]:
    store = call.store
    user = store.user(call.operation, call.query.get("user_id"))
    blocks = [
        {
            "user_id": user.id,
            "user": render.user(store, user),
            "blocked_user_id": blocked,
            "blocked_user": render.user_by_id(store, blocked),
            "created_at": format_time(created),
        }
        for (blocker, blocked), created in store.blocks.items()
        if blocker == user.id
    ]
    return {"blocks": blocks}


@handles("QueryFutureChannelBans")
def query_future_channel_bans(call: Call) -> dict[str, Any]:
    store = call.store
    payload = call.payload()
    banned_by = acting_user(call, payload)
    target = string(call, payload, "target_user_id")
    now = call.now()
    bans = [
        item
        for item in store.future_bans
        if (banned_by is None or item.banned_by_id == banned_by)
        and (target is None or item.user_id == target)
        and not (boolean(call, payload, "exclude_expired_bans") and item.expires is not None and item.expires <= now)
    ]
    bans.sort(key=lambda item: item.created_at, reverse=True)
    shown = page(bans, payload.get("limit"), payload.get("offset"), default=25, maximum=300)
    views = []
    for item in shown:
        view: dict[str, Any] = {"created_at": format_time(item.created_at), "shadow": item.shadow}
        view["user"] = render.user_by_id(store, item.user_id)
        if item.banned_by_id:
            view["banned_by"] = render.user_by_id(store, item.banned_by_id)
        if item.reason:
            view["reason"] = item.reason
        if item.expires:
            view["expires"] = format_time(item.expires)
        views.append(view)
    response: dict[str, Any] = {"bans": views}
    if boolean(call, payload, "include_total"):
        response["total"] = len(bans)
    return response
