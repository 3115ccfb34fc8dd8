"""Moderation: bans (app-wide and per channel), banned-user queries, user and channel mutes."""

from __future__ import annotations

from typing import Any

from stream_chat.testing import events, render
from stream_chat.testing.clock import NS, format_time
from stream_chat.testing.context import Call, acting_user, boolean, handles, required, string, string_list
from stream_chat.testing.query import matches, page, parse_sort, sort_documents
from stream_chat.testing.state import Ban, Channel, Mute


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
    store.bans.append(Ban(target.id, call.now(), banned_by, cid, reason, expires, shadow))
    events.user(call, "user.banned", target, **({"cid": cid} if cid else {}), shadow=shadow)
    if channel is None:
        target.banned, target.shadow_banned, target.ban_expires = not shadow, shadow, expires
    elif (member := channel.members.get(target.id)) is not None:
        member.banned, member.shadow_banned, member.ban_expires = not shadow, shadow, expires
    return {}


@handles("Unban")
def unban(call: Call) -> dict[str, Any]:
    store = call.store
    target = store.user(call.operation, call.query.get("target_user_id"))
    channel = _ban_channel(call, dict(call.query))
    cid = channel.cid if channel is not None else None
    store.bans = [item for item in store.bans if not (item.user_id == target.id and item.channel_cid == cid)]
    events.user(call, "user.unbanned", target, **({"cid": cid} if cid else {}))
    if channel is None:
        target.banned, target.shadow_banned, target.ban_expires = False, False, None
    elif (member := channel.members.get(target.id)) is not None:
        member.banned, member.shadow_banned, member.ban_expires = False, False, None
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
    found = page(found, payload.get("limit"), payload.get("offset"), default=25, maximum=100)
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
    for target in targets:
        user.mutes.pop(target, None)
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
        view: dict[str, Any] = {
            "user": render.user(store, user),
            "channel": render.channel(store, store.channels[cid]),
            "created_at": format_time(mute.created_at),
            "updated_at": format_time(mute.updated_at),
        }
        if mute.expires:
            view["expires"] = format_time(mute.expires)
        views.append(view)
    result: dict[str, Any] = {"channel_mutes": views, "own_user": render.full_user(store, user)}
    if len(views) == 1:
        result["channel_mute"] = views[0]
    return result


@handles("UnmuteChannel")
def unmute_channel(call: Call) -> dict[str, Any]:
    data = call.json()
    user = call.store.user(call.operation, acting_user(call, data, required=True))
    for cid in _channel_cids(call, data):
        user.channel_mutes.pop(cid, None)
    return {}
