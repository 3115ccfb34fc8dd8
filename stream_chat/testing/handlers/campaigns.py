"""Campaigns and segments: targets chosen by user ids and segments; a started campaign sends its messages.

Starting a campaign sends its message from the sender to each target user, in the distinct channel of
the channel template's type with the sender and that user (created when ``create_channels`` is set,
else only existing channels are used), and answers the campaign ``completed`` with its stats. With
``scheduled_for`` in the future it is ``scheduled`` and runs when it is next read or listed after that
time (the emulator has no scheduler). ``{{ receiver.name }}``, ``{{ receiver.id }}`` and
``{{ sender.name }}`` in the text are filled in. Times Stream leaves unset are its zero time.
"""

from __future__ import annotations

import base64
import binascii
import copy
from typing import Any

from stream_chat.testing import events, render
from stream_chat.testing.clock import format_time
from stream_chat.testing.context import Call, boolean, handles, string, string_list, timestamp
from stream_chat.testing.events import emit
from stream_chat.testing.handlers.channels import distinct_id
from stream_chat.testing.handlers.messages import add_message, new_message
from stream_chat.testing.query import matches, parse_sort, sort_documents
from stream_chat.testing.state import Channel, Member, Read, new_id

ZERO_TIME = "0001-01-01T00:00:00Z"
SENDER_MODES = ("exclude", "include")
SENDER_VISIBILITY = ("hidden", "archived")
SEGMENT_TYPES = ("user", "channel")
DEFAULT_LIMIT = 25


def _cursor(call: Call, value: Any) -> int:
    if not value:
        return 0
    try:
        return int(base64.urlsafe_b64decode(str(value).encode()).decode())
    except (ValueError, binascii.Error):
        raise call.fail("next/prev is not a cursor this endpoint returned") from None


def _page(call: Call, items: list[Any], data: dict[str, Any], result: dict[str, Any]) -> list[Any]:
    """One page of ``items`` by ``limit`` and the ``next``/``prev`` cursors, which are added to ``result``."""
    limit = data.get("limit") or DEFAULT_LIMIT
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise call.fail("limit must be a positive integer")
    if data.get("next") and data.get("prev"):
        raise call.fail("give next or prev, not both")
    start = _cursor(call, data.get("next")) if data.get("next") else max(0, _cursor(call, data.get("prev")) - limit)
    if data.get("prev"):
        start = max(0, _cursor(call, data["prev"]) - limit)
    chosen = items[start : start + limit]
    if start + limit < len(items):
        result["next"] = base64.urlsafe_b64encode(str(start + limit).encode()).decode()
    if start > 0:
        result["prev"] = base64.urlsafe_b64encode(str(start).encode()).decode()
    return chosen


# Segments


def _segment(call: Call, segment_id: str | None = None) -> dict[str, Any]:
    segment_id = segment_id or call.params["id"]
    record = call.store.records.segments.get(segment_id)
    if record is None:
        raise call.missing(f"segment {segment_id!r} does not exist")
    return record


def _segment_members(call: Call, record: dict[str, Any]) -> list[str]:
    """Ids of the users (user segments) or cids (channel segments) a segment holds now."""
    store = call.store
    if record["type"] == "user":
        if record["all_users"]:
            return [user_id for user_id, user in store.users.items() if user.deactivated_at is None]
        if record["filter"]:
            return [
                user_id for user_id, user in store.users.items() if matches(render.user(store, user), record["filter"])
            ]
    elif record["filter"]:
        return [
            cid
            for cid, channel in store.channels.items()
            if channel.deleted_at is None and matches(render.channel(store, channel), record["filter"])
        ]
    return list(store.records.segment_targets.get(record["id"], {}))


def _segment_view(call: Call, record: dict[str, Any]) -> dict[str, Any]:
    view = copy.deepcopy(record)
    view["size"] = len(_segment_members(call, record))
    return view


@handles("CreateSegment")
def create_segment(call: Call) -> dict[str, Any]:
    data = call.json()
    kind = data.get("type")
    if kind not in SEGMENT_TYPES:
        raise call.fail(f"type must be one of {', '.join(SEGMENT_TYPES)}")
    segment_id = string(call, data, "id") or new_id()
    if segment_id in call.store.records.segments:
        raise call.fail(f"segment {segment_id!r} already exists")
    conditions = data.get("filter") or {}
    if not isinstance(conditions, dict):
        raise call.fail("filter must be an object")
    now = format_time(call.now())
    record = {
        "id": segment_id,
        "type": kind,
        "name": string(call, data, "name") or "",
        "description": string(call, data, "description") or "",
        "filter": copy.deepcopy(conditions),
        "all_users": boolean(call, data, "all_users"),
        "all_sender_channels": boolean(call, data, "all_sender_channels"),
        "created_at": now,
        "updated_at": now,
        "deleted_at": ZERO_TIME,
    }
    call.store.records.segments[segment_id] = record
    return {"segment": _segment_view(call, record)}


@handles("GetSegment")
def get_segment(call: Call) -> dict[str, Any]:
    return {"segment": _segment_view(call, _segment(call))}


@handles("UpdateSegment")
def update_segment(call: Call) -> dict[str, Any]:
    record = _segment(call)
    data = call.json()
    for key in ("name", "description"):
        value = string(call, data, key)
        if value is not None:
            record[key] = value
    if data.get("filter") is not None:
        if not isinstance(data["filter"], dict):
            raise call.fail("filter must be an object")
        record["filter"] = copy.deepcopy(data["filter"])
    record["updated_at"] = format_time(call.now())
    return {"segment": _segment_view(call, record)}


@handles("DeleteSegment")
def delete_segment(call: Call) -> dict[str, Any]:
    record = _segment(call)
    if any(record["id"] in campaign["segment_ids"] for campaign in call.store.records.campaigns.values()):
        raise call.fail(f"segment {record['id']!r} is used by a campaign")
    del call.store.records.segments[record["id"]]
    call.store.records.segment_targets.pop(record["id"], None)
    return {}


@handles("QuerySegments")
def query_segments(call: Call) -> dict[str, Any]:
    data = call.json()
    conditions = data.get("filter")
    if not isinstance(conditions, dict):
        raise call.fail("filter is a required field")
    views = [_segment_view(call, record) for record in call.store.records.segments.values()]
    found = [view for view in views if matches(view, conditions)]
    found = sort_documents(found, parse_sort(data.get("sort")) or [("created_at", -1)], lambda view: view)
    result: dict[str, Any] = {}
    result["segments"] = _page(call, found, data, result)
    return result


def _targets_checked(call: Call, record: dict[str, Any]) -> list[str]:
    target_ids = string_list(call, call.json(), "target_ids")
    if not target_ids:
        raise call.fail("target_ids must name at least one target")
    for target in target_ids:
        if record["type"] == "user":
            call.store.user(call.operation, target)
        else:
            call.store.channel_by_cid(call.operation, target)
    return target_ids


@handles("AddSegmentTargets")
def add_segment_targets(call: Call) -> dict[str, Any]:
    record = _segment(call)
    targets = call.store.records.segment_targets.setdefault(record["id"], {})
    for target in _targets_checked(call, record):
        targets.setdefault(target, format_time(call.now()))
    record["updated_at"] = format_time(call.now())
    return {}


@handles("DeleteSegmentTargets")
def delete_segment_targets(call: Call) -> dict[str, Any]:
    record = _segment(call)
    targets = call.store.records.segment_targets.setdefault(record["id"], {})
    for target in string_list(call, call.json(), "target_ids"):
        targets.pop(target, None)
    record["updated_at"] = format_time(call.now())
    return {}


@handles("SegmentTargetExists")
def segment_target_exists(call: Call) -> dict[str, Any]:
    record = _segment(call)
    if call.params["target_id"] not in call.store.records.segment_targets.get(record["id"], {}):
        raise call.missing(f"{call.params['target_id']!r} is not a target of segment {record['id']!r}")
    return {}


@handles("QuerySegmentTargets")
def query_segment_targets(call: Call) -> dict[str, Any]:
    record = _segment(call)
    data = call.json()
    conditions = data.get("Filter") or {}
    views = [
        {"app_pk": call.store.app["id"], "segment_id": record["id"], "target_id": target, "created_at": created}
        for target, created in call.store.records.segment_targets.get(record["id"], {}).items()
    ]
    found = [view for view in views if matches(view, conditions)]
    found = sort_documents(found, parse_sort(data.get("Sort")), lambda view: view)
    result: dict[str, Any] = {}
    result["targets"] = _page(call, found, data, result)
    return result


# Campaigns


def _campaign(call: Call) -> dict[str, Any]:
    record = call.store.records.campaigns.get(call.params["id"])
    if record is None:
        raise call.missing(f"campaign {call.params['id']!r} does not exist")
    _run_if_due(call, record)
    return record


def _fields(call: Call, data: dict[str, Any]) -> dict[str, Any]:
    sender = call.store.user(call.operation, string(call, data, "sender_id", required=True)).id
    template = data.get("message_template")
    if not isinstance(template, dict) or not isinstance(template.get("text"), str):
        raise call.fail("message_template.text is required")
    channel_template = data.get("channel_template") or {"type": "messaging"}
    if not isinstance(channel_template, dict) or not isinstance(channel_template.get("type"), str):
        raise call.fail("channel_template.type is required")
    call.store.channel_type(call.operation, channel_template["type"])
    user_ids = string_list(call, data, "user_ids")
    for user_id in user_ids:
        call.store.user(call.operation, user_id)
    segment_ids = string_list(call, data, "segment_ids")
    for segment_id in segment_ids:
        _segment(call, segment_id)
    mode = data.get("sender_mode") or "exclude"
    visibility = data.get("sender_visibility") or "hidden"
    if mode not in SENDER_MODES:
        raise call.fail(f"sender_mode must be one of {', '.join(SENDER_MODES)}")
    if visibility not in SENDER_VISIBILITY:
        raise call.fail(f"sender_visibility must be one of {', '.join(SENDER_VISIBILITY)}")
    return {
        "name": string(call, data, "name") or "",
        "description": string(call, data, "description") or "",
        "sender_id": sender,
        "sender_mode": mode,
        "sender_visibility": visibility,
        "message_template": copy.deepcopy(template),
        "channel_template": copy.deepcopy(channel_template),
        "user_ids": user_ids,
        "segment_ids": segment_ids,
        "create_channels": boolean(call, data, "create_channels"),
        "show_channels": boolean(call, data, "show_channels"),
        "skip_push": boolean(call, data, "skip_push"),
        "skip_webhook": boolean(call, data, "skip_webhook"),
    }


def _campaign_view(call: Call, record: dict[str, Any]) -> dict[str, Any]:
    store = call.store
    view = {key: copy.deepcopy(value) for key, value in record.items() if not key.startswith("_")}
    view["sender"] = render.user_by_id(store, record["sender_id"])
    view["users"] = [render.user_by_id(store, user_id) for user_id in record["user_ids"] if user_id in store.users]
    view["segments"] = [
        _segment_view(call, store.records.segments[segment_id])
        for segment_id in record["segment_ids"]
        if segment_id in store.records.segments
    ]
    return view


@handles("CreateCampaign")
def create_campaign(call: Call) -> dict[str, Any]:
    data = call.json()
    campaign_id = string(call, data, "id") or new_id()
    if campaign_id in call.store.records.campaigns:
        raise call.fail(f"campaign {campaign_id!r} already exists")
    now = format_time(call.now())
    record = {
        "id": campaign_id,
        **_fields(call, data),
        "status": "draft",
        "created_at": now,
        "updated_at": now,
        "stats": {
            "progress": 0.0,
            "stats_started_at": ZERO_TIME,
            "stats_completed_at": ZERO_TIME,
            "stats_messages_sent": 0,
            "stats_channels_created": 0,
            "stats_users_sent": 0,
            "stats_users_read": 0,
        },
    }
    call.store.records.campaigns[campaign_id] = record
    return {"campaign": _campaign_view(call, record)}


@handles("GetCampaign")
def get_campaign(call: Call) -> dict[str, Any]:
    record = _campaign(call)
    view = _campaign_view(call, record)
    pager: dict[str, Any] = {}
    query = {"limit": call.int_query("limit"), "next": call.query.get("next"), "prev": call.query.get("prev")}
    view["users"] = _page(call, view["users"], query, pager)
    return {"campaign": view, "users": pager}


@handles("UpdateCampaign")
def update_campaign(call: Call) -> dict[str, Any]:
    record = _campaign(call)
    if record["status"] not in ("draft", "stopped"):
        raise call.fail(f"a {record['status']} campaign cannot be changed")
    record.update(_fields(call, call.json()))
    record["updated_at"] = format_time(call.now())
    return _campaign_view(call, record)


@handles("DeleteCampaign")
def delete_campaign(call: Call) -> dict[str, Any]:
    del call.store.records.campaigns[_campaign(call)["id"]]
    return {}


@handles("QueryCampaigns")
def query_campaigns(call: Call) -> dict[str, Any]:
    data = call.json()
    conditions = data.get("filter") or {}
    records = list(call.store.records.campaigns.values())
    for record in records:
        _run_if_due(call, record)
    views = [_campaign_view(call, record) for record in records]
    found = [view for view in views if matches(view, conditions)]
    found = sort_documents(found, parse_sort(data.get("sort")) or [("created_at", -1)], lambda view: view)
    user_limit = data.get("user_limit")
    if isinstance(user_limit, int) and not isinstance(user_limit, bool):
        for view in found:
            view["users"] = view["users"][:user_limit]
    result: dict[str, Any] = {}
    result["campaigns"] = _page(call, found, data, result)
    return result


def _targets(call: Call, record: dict[str, Any]) -> list[str]:
    targets = list(record["user_ids"])
    for segment_id in record["segment_ids"]:
        segment = call.store.records.segments.get(segment_id)
        if segment is not None and segment["type"] == "user":
            targets += _segment_members(call, segment)
    return [user_id for user_id in dict.fromkeys(targets) if user_id != record["sender_id"]]


def _send(call: Call, record: dict[str, Any], user_ids: list[str]) -> dict[str, int]:
    """Send the campaign's message to each user; the counts of messages, users and new channels."""
    store = call.store
    sender = record["sender_id"]
    kind = record["channel_template"]["type"]
    counts = {"messages": 0, "channels": 0}
    for user_id in user_ids:
        receiver = store.users.get(user_id)
        if receiver is None:
            continue
        channel = store.channels.get(f"{kind}:{distinct_id([sender, user_id])}")
        if channel is None or channel.deleted_at is not None:
            if not record["create_channels"]:
                continue
            channel = _new_channel(call, kind, sender, user_id, record["channel_template"])
            counts["channels"] += 1
        text = record["message_template"]["text"]
        for name, value in (
            ("receiver.name", receiver.data.get("name") or receiver.id),
            ("receiver.id", receiver.id),
            ("sender.name", store.users[sender].data.get("name") or sender),
        ):
            text = text.replace("{{ " + name + " }}", str(value)).replace("{{" + name + "}}", str(value))
        raw = {**copy.deepcopy(record["message_template"]), "text": text, "user_id": sender}
        message = add_message(call, channel, new_message(call, channel, raw), {"keep_channel_hidden": True})
        if record["sender_visibility"] == "hidden" and not record["show_channels"]:
            channel.hidden_for.add(sender)
        elif record["sender_visibility"] == "archived" and sender in channel.members:
            channel.members[sender].archived_at = call.now()
        if not record["skip_webhook"]:
            events.message(call, "message.new", message)
        counts["messages"] += 1
    return counts


def _new_channel(call: Call, kind: str, sender: str, user_id: str, template: dict[str, Any]) -> Channel:
    now = call.now()
    channel = Channel(kind, distinct_id([sender, user_id]), now, now, created_by_id=sender)
    if isinstance(template.get("custom"), dict):
        channel.data = copy.deepcopy(template["custom"])
    if isinstance(template.get("team"), str):
        channel.team = template["team"]
    for member_id in (sender, user_id):
        channel.members[member_id] = Member(member_id, now, now, role="owner" if member_id == sender else "member")
        channel.reads[member_id] = Read(now)
    call.store.channels[channel.cid] = channel
    return channel


def _run(call: Call, record: dict[str, Any]) -> None:
    stats = record["stats"]
    stats["stats_started_at"] = format_time(call.now())
    emit(call, "campaign.started", {"campaign": _campaign_view(call, record)})
    users = _targets(call, record)
    counts = _send(call, record, users)
    stats.update(
        {
            "stats_messages_sent": stats["stats_messages_sent"] + counts["messages"],
            "stats_channels_created": stats["stats_channels_created"] + counts["channels"],
            "stats_users_sent": stats["stats_users_sent"] + counts["messages"],
            "progress": 1.0,
            "stats_completed_at": format_time(call.now()),
        }
    )
    record["status"] = "completed"
    record["updated_at"] = stats["stats_completed_at"]
    emit(call, "campaign.completed", {"campaign": _campaign_view(call, record)})


def _run_if_due(call: Call, record: dict[str, Any]) -> None:
    due = record.get("_due")
    if record["status"] == "scheduled" and due is not None and due <= call.now():
        _run(call, record)


@handles("StartCampaign")
def start_campaign(call: Call) -> dict[str, Any]:
    record = _campaign(call)
    if record["status"] not in ("draft", "stopped"):
        raise call.fail(f"a {record['status']} campaign cannot be started")
    data = call.json()
    scheduled = timestamp(call, data.get("scheduled_for"), "scheduled_for")
    stop_at = timestamp(call, data.get("stop_at"), "stop_at")
    if stop_at is not None:
        record["stop_at"] = format_time(stop_at)
    if scheduled is not None and scheduled > call.now():
        record["status"], record["_due"] = "scheduled", scheduled
        record["scheduled_for"] = format_time(scheduled)
    else:
        _run(call, record)
    return {"campaign": _campaign_view(call, record), "users": {}}


@handles("StopCampaign")
def stop_campaign(call: Call) -> dict[str, Any]:
    record = _campaign(call)
    if record["status"] != "scheduled":
        raise call.fail(f"a {record['status']} campaign cannot be stopped")
    record["status"] = "stopped"
    record.pop("_due", None)
    record["updated_at"] = format_time(call.now())
    return _campaign_view(call, record)


@handles("TestCampaign")
def test_campaign(call: Call) -> dict[str, Any]:
    record = _campaign(call)
    users = string_list(call, call.json(), "users")
    if not users:
        raise call.fail("users must name at least one user")
    for user_id in users:
        call.store.user(call.operation, user_id)
    _send(call, {**record, "create_channels": True}, users)
    return {"campaign": _campaign_view(call, record), "users": {}}
