"""App-level settings besides GetApp/UpdateApp: rate limits, team usage, predefined filters, retention policies."""

from __future__ import annotations

import base64
import binascii
import copy
import datetime
from collections.abc import Callable
from typing import Any

from stream_chat.testing.clock import NS, format_time
from stream_chat.testing.context import Call, handles, required_object, string
from stream_chat.testing.query import parse_sort
from stream_chat.testing.state import Message, User

PLATFORMS = ("server_side", "android", "ios", "web", "unity")
FILTER_OPERATIONS = ("QueryChannels",)
RETENTION_POLICIES = ("old-messages", "inactive-channels")
DAY = 86_400 * NS


@handles("GetRateLimits")
def get_rate_limits(call: Call) -> dict[str, Any]:
    """Every operation's limit and use this minute; the emulator keeps one count per operation for all platforms."""
    assert call.rate_limits is not None, "the emulator sets rate_limits on every call"
    limits = call.rate_limits()
    wanted = [name for name in call.query.get("endpoints", "").split(",") if name]
    if wanted:
        unknown = sorted(set(wanted) - set(limits))
        if unknown:
            raise call.fail(f"endpoints {', '.join(unknown)} do not exist")
        limits = {name: limits[name] for name in wanted}
    platforms = [name for name in PLATFORMS if call.flag(name)] or list(PLATFORMS)
    return {platform: copy.deepcopy(limits) for platform in platforms}


def _day(ns: int) -> str:
    return format_time(ns)[:10]


def _date(call: Call, value: Any, key: str) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise call.fail(f"{key} must be a date such as 2025-01-31") from None


def _period(call: Call, data: dict[str, Any], now: int) -> tuple[datetime.date, datetime.date]:
    month = string(call, data, "month")
    start, end = _date(call, data.get("start_date"), "start_date"), _date(call, data.get("end_date"), "end_date")
    if month and (start or end):
        raise call.fail("give either month or start_date and end_date")
    today = datetime.date.fromisoformat(_day(now))
    if month:
        first = _date(call, f"{month}-01", "month")
        assert first is not None
        following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return first, following - datetime.timedelta(days=1)
    if start or end:
        if start is None or end is None or end < start:
            raise call.fail("start_date and end_date must both be given, start first")
        return start, end
    return today.replace(day=1), today


def _metric(
    items: list[Any], moment: Callable[[Any], int], start: datetime.date, end: datetime.date, *, distinct: bool
) -> dict[str, Any]:
    """Counts per day in [start, end] and the total (distinct users when ``distinct``)."""
    per_day: dict[str, set[Any] | int] = {}
    total: set[Any] = set()
    count = 0
    for item in items:
        day = _day(moment(item))
        if not start.isoformat() <= day <= end.isoformat():
            continue
        key = item[1] if distinct else None
        if distinct:
            bucket = per_day.setdefault(day, set())
            assert isinstance(bucket, set)
            bucket.add(key)
            total.add(key)
        else:
            current = per_day.get(day, 0)
            assert isinstance(current, int)
            per_day[day] = current + 1
            count += 1
    daily = []
    day_cursor = start
    while day_cursor <= end:
        value = per_day.get(day_cursor.isoformat(), 0)
        daily.append({"date": day_cursor.isoformat(), "value": len(value) if isinstance(value, set) else value})
        day_cursor += datetime.timedelta(days=1)
    return {"total": len(total) if distinct else count, "daily": daily}


def _within(items: list[Any], moment: Callable[[Any], int], since: int, *, distinct: bool) -> dict[str, Any]:
    found = [item for item in items if moment(item) >= since]
    return {"total": len({item[1] for item in found}) if distinct else len(found)}


def _team_stats(
    team: str, messages: list[Message], users: list[User], now: int, period: tuple[datetime.date, datetime.date]
) -> dict[str, Any]:
    start, end = period
    sent = [(message.created_at, message.user_id) for message in messages]
    month_start = int(datetime.datetime.fromisoformat(_day(now)[:8] + "01T00:00:00+00:00").timestamp()) * NS

    def at(item: tuple[int, str]) -> int:
        return item[0]

    zero = {"total": 0, "daily": _metric([], at, start, end, distinct=False)["daily"]}
    return {
        "team": team,
        "messages_daily": _metric(sent, at, start, end, distinct=False),
        "messages_total": {"total": len(sent)},
        "messages_last_24_hours": _within(sent, at, now - DAY, distinct=False),
        "messages_last_30_days": _within(sent, at, now - 30 * DAY, distinct=False),
        "messages_month_to_date": _within(sent, at, month_start, distinct=False),
        "users_daily": _metric(sent, at, start, end, distinct=True),
        "users_total": {"total": len(users)},
        "users_last_24_hours": _within(sent, at, now - DAY, distinct=True),
        "users_last_30_days": _within(sent, at, now - 30 * DAY, distinct=True),
        "users_month_to_date": _within(sent, at, month_start, distinct=True),
        "users_engaged_last_30_days": _within(sent, at, now - 30 * DAY, distinct=True),
        "users_engaged_month_to_date": _within(sent, at, month_start, distinct=True),
        "translations_daily": copy.deepcopy(zero),
        "image_moderations_daily": copy.deepcopy(zero),
        "concurrent_users": {"total": 0},
        "concurrent_connections": {"total": 0},
    }


@handles("QueryTeamUsageStats")
def query_team_usage_stats(call: Call) -> dict[str, Any]:
    """Messages and the users who sent them, per team (channel team; ``""`` for none), from the emulator's data."""
    data = call.json()
    store = call.store
    now = call.now()
    period = _period(call, data, now)
    by_team: dict[str, list[Message]] = {}
    for message in store.messages.values():
        channel = store.channels.get(message.cid)
        if channel is not None and message.deleted_at is None:
            by_team.setdefault(channel.team or "", []).append(message)
    members: dict[str, list[User]] = {}
    for user in store.users.values():
        for team in user.data.get("teams") or [""]:
            members.setdefault(team, []).append(user)
    teams = sorted(set(by_team) | set(members))
    wanted = string(call, data, "team")
    if wanted is not None:
        teams = [team for team in teams if team == wanted]
    offset = _cursor(call, data.get("next"))
    limit = data.get("limit") or 30
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise call.fail("limit must be a positive integer")
    chosen = teams[offset : offset + limit]
    result: dict[str, Any] = {
        "teams": [_team_stats(team, by_team.get(team, []), members.get(team, []), now, period) for team in chosen]
    }
    if offset + limit < len(teams):
        result["next"] = base64.urlsafe_b64encode(str(offset + limit).encode()).decode()
    return result


def _cursor(call: Call, value: Any) -> int:
    if not value:
        return 0
    try:
        return int(base64.urlsafe_b64decode(str(value).encode()).decode())
    except (ValueError, binascii.Error):
        raise call.fail("next is not a cursor this endpoint returned") from None


def _filter_fields(call: Call, data: dict[str, Any], record: dict[str, Any]) -> None:
    operation = data.get("operation")
    if operation not in FILTER_OPERATIONS:
        raise call.fail(f"operation must be one of {', '.join(FILTER_OPERATIONS)}")
    record["operation"] = operation
    record["filter"] = copy.deepcopy(required_object(call, data, "filter"))
    description = string(call, data, "description")
    if description is not None:
        record["description"] = description
    if data.get("sort") is not None:
        record["sort"] = [
            {"field": field, "direction": direction, "type": ""} for field, direction in parse_sort(data["sort"])
        ]


def _filter(call: Call) -> dict[str, Any]:
    record = call.store.records.predefined_filters.get(call.params["name"])
    if record is None:
        raise call.missing(f"predefined filter {call.params['name']!r} does not exist")
    return record


@handles("CreatePredefinedFilter")
def create_predefined_filter(call: Call) -> dict[str, Any]:
    data = call.json()
    name = string(call, data, "name", required=True) or ""
    filters = call.store.records.predefined_filters
    if name in filters:
        raise call.fail(f"predefined filter {name!r} already exists")
    now = format_time(call.now())
    record: dict[str, Any] = {"name": name, "created_at": now, "updated_at": now}
    _filter_fields(call, data, record)
    filters[name] = record
    return {"predefined_filter": copy.deepcopy(record)}


def _by(key: str) -> Callable[[dict[str, Any]], str]:
    return lambda record: str(record.get(key, ""))


@handles("GetPredefinedFilters")
def get_predefined_filters(call: Call) -> dict[str, Any]:
    records = list(call.store.records.predefined_filters.values())
    raw_sort = call.query.get("sort")
    if raw_sort:
        for field in reversed(raw_sort.split(",")):
            records.sort(key=_by(field.lstrip("-")), reverse=field.startswith("-"))
    return {"predefined_filters": copy.deepcopy(records)}


@handles("GetPredefinedFilter")
def get_predefined_filter(call: Call) -> dict[str, Any]:
    return {"predefined_filter": copy.deepcopy(_filter(call))}


@handles("UpdatePredefinedFilter")
def update_predefined_filter(call: Call) -> dict[str, Any]:
    record = _filter(call)
    _filter_fields(call, call.json(), record)
    record["updated_at"] = format_time(call.now())
    return {"predefined_filter": copy.deepcopy(record)}


@handles("DeletePredefinedFilter")
def delete_predefined_filter(call: Call) -> dict[str, Any]:
    del call.store.records.predefined_filters[_filter(call)["name"]]
    return {}


def _policy_name(call: Call, data: dict[str, Any]) -> str:
    policy = data.get("policy")
    if policy not in RETENTION_POLICIES:
        raise call.fail(f"policy must be one of {', '.join(RETENTION_POLICIES)}")
    return str(policy)


@handles("SetRetentionPolicy")
def set_retention_policy(call: Call) -> dict[str, Any]:
    data = call.json()
    policy = _policy_name(call, data)
    hours = data.get("max_age_hours")
    if isinstance(hours, bool) or not isinstance(hours, int) or hours < 1:
        raise call.fail("max_age_hours must be a positive number of hours")
    record = {
        "app_pk": call.store.app["id"],
        "policy": policy,
        "config": {"max_age_hours": hours},
        "enabled_at": format_time(call.now()),
    }
    call.store.records.retention_policies[policy] = record
    return {"policy": copy.deepcopy(record)}


@handles("GetRetentionPolicy")
def get_retention_policy(call: Call) -> dict[str, Any]:
    return {"policies": copy.deepcopy(list(call.store.records.retention_policies.values()))}


@handles("DeleteRetentionPolicy")
def delete_retention_policy(call: Call) -> dict[str, Any]:
    policy = _policy_name(call, call.json())
    if call.store.records.retention_policies.pop(policy, None) is None:
        raise call.missing(f"retention policy {policy!r} is not set")
    return {}


@handles("GetRetentionPolicyRuns")
def get_retention_policy_runs(call: Call) -> dict[str, Any]:
    """The emulator never runs retention policies (no scheduler), so there are no runs to list."""
    data = call.json()
    if data.get("filter_conditions") is not None and not isinstance(data["filter_conditions"], dict):
        raise call.fail("filter_conditions must be an object")
    return {"runs": []}
