"""Live locations: shared by a message's ``shared_location`` with an ``end_at``, moved by their owner until then."""

from __future__ import annotations

from typing import Any

from stream_chat.testing import render
from stream_chat.testing.context import Call, handles, string, timestamp


def _owner(call: Call) -> str:
    user_id = call.query.get("user_id")
    if not user_id:
        raise call.fail("user_id is required when using server side auth")
    return call.store.user(call.operation, user_id).id


@handles("GetUserLiveLocations")
def get_user_live_locations(call: Call) -> dict[str, Any]:
    user_id = _owner(call)
    now = call.now()
    active = [
        item
        for item in call.store.locations.values()
        if item.user_id == user_id and item.end_at is not None and item.end_at > now
    ]
    return {"active_live_locations": [render.shared_location(call.store, item) for item in active]}


@handles("UpdateLiveLocation")
def update_live_location(call: Call) -> dict[str, Any]:
    user_id = _owner(call)
    data = call.json()
    message_id = string(call, data, "message_id", required=True) or ""
    location = call.store.locations.get(message_id)
    if location is None or location.user_id != user_id:
        raise call.missing(f"user {user_id} shares no location in message {message_id!r}")
    now = call.now()
    if location.end_at is None or location.end_at <= now:
        raise call.fail(f"the location of message {message_id} is not live")
    changes: dict[str, float] = {}
    for key, bound in (("latitude", 90), ("longitude", 180)):
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not -bound <= value <= bound:
            raise call.fail(f"{key} must be a number between {-bound} and {bound}")
        changes[key] = float(value)
    end_at = timestamp(call, data.get("end_at"), "end_at")
    location.latitude = changes.get("latitude", location.latitude)
    location.longitude = changes.get("longitude", location.longitude)
    location.end_at = end_at if end_at is not None else location.end_at
    location.updated_at = now
    view = render.shared_location(call.store, location)
    return {**view, "shared_location": view}
