"""Messages (send, get, update, delete, replies, pins, search) and reactions."""

from __future__ import annotations

import base64
import binascii
import copy
from typing import Any

from stream_chat.testing import events, render
from stream_chat.testing.clock import NS, format_time
from stream_chat.testing.context import (
    Call,
    acting_user,
    boolean,
    handles,
    required_object,
    string,
    string_list,
    timestamp,
)
from stream_chat.testing.errors import APIError, failed
from stream_chat.testing.handlers import blocklists
from stream_chat.testing.handlers.documents import channel_document
from stream_chat.testing.handlers.users import remove_message
from stream_chat.testing.query import matches, page, parse_sort, sort_documents
from stream_chat.testing.state import Channel, HistoryEntry, Message, Reaction, Read, SharedLocation, new_id

MESSAGE_TYPES = ("regular", "system")
REACTION_FIELDS = frozenset({"type", "score", "user", "user_id", "message_id", "created_at", "updated_at", "custom"})


def _feature(call: Call, channel: Channel, name: str) -> None:
    """400, code 19, if the channel type has ``name`` switched off."""
    if not call.store.setting(channel, name, True):
        raise call.fail(f"{name} are disabled for channel type {channel.type}", code=19)


def _custom(raw: dict[str, Any], reserved: frozenset[str]) -> dict[str, Any]:
    custom = dict(raw["custom"]) if isinstance(raw.get("custom"), dict) else {}
    custom.update({key: value for key, value in raw.items() if key not in reserved})
    return copy.deepcopy(custom)


def _attachments(call: Call, raw: dict[str, Any]) -> list[dict[str, Any]]:
    attachments = raw.get("attachments") or []
    if not isinstance(attachments, list) or not all(isinstance(item, dict) for item in attachments):
        raise call.fail("attachments must be a list of objects")
    return copy.deepcopy(attachments)


def _text(call: Call, channel: Channel, raw: dict[str, Any]) -> str:
    text = raw.get("text") or ""
    if not isinstance(text, str):
        raise call.fail("text must be a string")
    limit = call.store.setting(channel, "max_message_length", 5000)
    if len(text) > limit:
        raise call.fail(f"message is too long: {len(text)} characters, the limit is {limit}", code=20)
    return text


def _pin(call: Call, message: Message, pinned: bool, pin_expires: Any, user_id: str | None) -> None:
    """Pin or unpin; ``pin_expires`` is a date-time or, as the official client sends it, seconds from now."""
    now = call.now()
    message.pinned = pinned
    message.pinned_at = now if pinned else None
    message.pinned_by_id = (user_id or message.user_id) if pinned else None
    if not pinned or pin_expires is None:
        message.pin_expires = None
    elif isinstance(pin_expires, (int, float)) and not isinstance(pin_expires, bool):
        message.pin_expires = now + int(pin_expires * NS)
    else:
        message.pin_expires = timestamp(call, pin_expires, "pin_expires")


def new_message(call: Call, channel: Channel, raw: Any) -> Message:
    """A message for ``channel`` from a ``MessageRequest``, validated but not stored yet."""
    store = call.store
    if not isinstance(raw, dict):
        raise call.fail("message is a required field")
    user_id = acting_user(call, raw)
    if user_id is None:
        raise call.fail("either message.user or message.user_id must be provided when using server side auth.")
    if user_id not in store.users:
        raise call.fail(f'user "{user_id}" does not exist')
    message_id = string(call, raw, "id") or None
    if message_id is not None and message_id in store.messages:
        raise call.fail(f"message with id {message_id} already exists")
    kind = raw.get("type") or "regular"
    if kind not in MESSAGE_TYPES:
        raise call.fail(f"message type must be one of {', '.join(MESSAGE_TYPES)}")
    parent_id = string(call, raw, "parent_id")
    if parent_id is not None:
        _feature(call, channel, "replies")
        parent = store.messages.get(parent_id)
        if parent is None or parent.cid != channel.cid:
            raise call.fail(f"parent message {parent_id} does not exist in this channel")
        if parent.parent_id is not None:
            raise call.fail("replies cannot have replies: threads are one level deep", code=21)
        kind = "reply" if kind == "regular" else kind
    quoted = string(call, raw, "quoted_message_id")
    if quoted is not None and quoted not in store.messages:
        raise call.fail(f"quoted message {quoted} does not exist")
    now = call.now()
    ban = store.active_ban(user_id, channel.cid, now)
    if ban is not None and not ban.shadow:
        raise APIError(403, 17, failed(call.operation, f"user {user_id} is banned and cannot send messages"))
    poll_id = string(call, raw, "poll_id")
    if poll_id is not None:
        _feature(call, channel, "polls")
        if poll_id not in store.polls:
            raise call.fail(f"poll {poll_id} does not exist")
    message = Message(
        id=message_id or new_id(),
        cid=channel.cid,
        user_id=user_id,
        created_at=now,
        updated_at=now,
        text=_text(call, channel, raw),
        type=kind,
        parent_id=parent_id,
        show_in_channel=boolean(call, raw, "show_in_channel") if "show_in_channel" in raw else None,
        quoted_message_id=quoted,
        attachments=_attachments(call, raw),
        custom=_custom(raw, render.MESSAGE_FIELDS),
        mentioned_users=[uid for uid in string_list(call, raw, "mentioned_users") if uid in store.users],
        silent=boolean(call, raw, "silent"),
        restricted_visibility=string_list(call, raw, "restricted_visibility"),
        shadowed=ban is not None and ban.shadow,
        command=_command(call, channel, raw),
        poll_id=poll_id,
        mentioned_channel=boolean(call, raw, "mentioned_channel"),
        mentioned_here=boolean(call, raw, "mentioned_here"),
    )
    message.location = _location(call, channel, raw, message)
    if boolean(call, raw, "pinned"):
        _pin(call, message, True, raw.get("pin_expires"), user_id)
    return message


def _command(call: Call, channel: Channel, raw: dict[str, Any]) -> str | None:
    """The command a ``/name ...`` text runs, if the channel's settings list ``name``."""
    text = raw.get("text")
    if not isinstance(text, str) or not text.startswith("/"):
        return None
    name = text[1:].split(" ", 1)[0]
    return name if name in call.store.setting(channel, "commands", []) else None


def _location(call: Call, channel: Channel, raw: dict[str, Any], message: Message) -> SharedLocation | None:
    """The static or live location a message shares (``shared_location``)."""
    shared = raw.get("shared_location")
    if shared is None:
        return None
    if not isinstance(shared, dict):
        raise call.fail("shared_location must be an object")
    _feature(call, channel, "shared_locations")
    coordinates: list[float] = []
    for key, bound in (("latitude", 90), ("longitude", 180)):
        value = shared.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not -bound <= value <= bound:
            raise call.fail(f"shared_location.{key} must be a number between {-bound} and {bound}")
        coordinates.append(float(value))
    device = shared.get("created_by_device_id") or ""
    if not isinstance(device, str):
        raise call.fail("shared_location.created_by_device_id must be a string")
    end_at = timestamp(call, shared.get("end_at"), "shared_location.end_at")
    now = message.created_at
    latitude, longitude = coordinates
    return SharedLocation(message.id, message.user_id, channel.cid, latitude, longitude, now, now, device, end_at)


def add_message(call: Call, channel: Channel, message: Message, options: dict[str, Any] | None = None) -> Message:
    """Store a message made by ``new_message`` (stamped now) and update the channel's reads and visibility."""
    store = call.store
    message.created_at = message.updated_at = call.now()
    store.messages[message.id] = message
    channel.messages.append(message.id)
    if message.parent_id is not None:
        store.messages[message.parent_id].replies.append(message.id)
    store.note_message(message)
    kind = store.channel_types.get(channel.type)
    skip = message.type == "system" and kind is not None and kind.config["skip_last_msg_update_for_system_msgs"]
    if message.in_channel and not skip:
        channel.last_message_at = message.created_at
    if not (options or {}).get("keep_channel_hidden"):
        channel.hidden_for.clear()
    for member_id, member in channel.members.items():
        read = channel.reads.setdefault(member_id, Read(member.created_at))
        if member_id == message.user_id:
            if message.in_channel:  # a reply kept in its thread marks the thread read, not the channel
                channel.reads[member_id] = Read(message.created_at, 0, message.id)
        elif message.in_channel and not message.silent and render.visible_to(message, member_id):
            read.unread_messages += 1
    return message


@handles("SendMessage")
def send_message(call: Call) -> dict[str, Any]:
    channel = call.store.channel(call.operation, call.params["type"], call.params["id"])
    body = call.json()
    message = new_message(call, channel, body.get("message"))
    if (blocked := blocklists.screen(call, channel, message)) is not None:
        return {"message": blocked}
    if message.command == "giphy":
        giphy(message, 0)
        call.store.ephemeral[message.id] = message
    elif boolean(call, body, "pending"):
        call.store.pending[message.id] = message
    else:
        add_message(call, channel, message, body)
        events.message(call, "message.new", message)
    return {"message": render.message(call.store, message)}


# Canned GIFs for ``/giphy``, in shuffle order: the emulator never calls Giphy.
GIFS = tuple(f"https://media.giphy.com/media/emulator-{index}/giphy.gif" for index in (1, 2, 3))
GIPHY_ACTIONS = [
    {"name": "image_action", "text": "Send", "style": "primary", "type": "button", "value": "send"},
    {"name": "image_action", "text": "Shuffle", "style": "default", "type": "button", "value": "shuffle"},
    {"name": "image_action", "text": "Cancel", "style": "default", "type": "button", "value": "cancel"},
]


def giphy(message: Message, shuffles: int) -> None:
    """Turn a ``/giphy query`` message into the ephemeral preview showing canned GIF ``shuffles`` (modulo 3)."""
    query = message.text.split(" ", 1)[1] if " " in message.text else ""
    url = GIFS[shuffles % len(GIFS)]
    message.type = "ephemeral"
    message.attachments = [
        {
            "type": "giphy",
            "title": query,
            "title_link": f"https://giphy.com/search/{query.replace(' ', '-')}",
            "thumb_url": url,
            "image_url": url,
            "actions": copy.deepcopy(GIPHY_ACTIONS),
        }
    ]


@handles("GetMessage")
def get_message(call: Call) -> dict[str, Any]:
    message = call.store.message(call.operation, call.params["id"])
    view = render.message(call.store, message)
    view["channel"] = render.channel(call.store, call.store.channels[message.cid])
    return {"message": view}


@handles("GetManyMessages")
def get_many_messages(call: Call) -> dict[str, Any]:
    channel = call.store.channel(call.operation, call.params["type"], call.params["id"])
    wanted = {item for item in call.query.get("ids", "").split(",") if item}
    if not wanted:
        raise call.fail("ids must name at least one message")
    found = [item for item in call.store.live_messages(channel) if item.id in wanted]
    return {"messages": [render.message(call.store, item) for item in found]}


def _update_fields(call: Call, message: Message, changes: dict[str, Any], user_id: str | None) -> None:
    """Apply ``changes`` (message fields and custom data) to ``message``."""
    channel = call.store.channels[message.cid]
    for key, value in changes.items():
        if key == "text":
            text = _text(call, channel, {"text": value})
            if text != message.text:
                message.text, message.text_updated_at = text, call.now()
        elif key == "attachments":
            message.attachments = _attachments(call, {"attachments": value})
        elif key == "mentioned_users":
            ids = string_list(call, {"mentioned_users": value}, "mentioned_users")
            message.mentioned_users = [uid for uid in ids if uid in call.store.users]
        elif key == "silent":
            message.silent = boolean(call, changes, "silent")
        elif key == "pinned":
            _pin(call, message, boolean(call, changes, "pinned"), changes.get("pin_expires"), user_id)
        elif key == "pin_expires":
            if "pinned" not in changes and message.pinned:
                _pin(call, message, True, value, message.pinned_by_id)
        elif key == "custom":
            if not isinstance(value, dict):
                raise call.fail("custom must be an object")
            message.custom.update(copy.deepcopy(value))
        elif key in render.MESSAGE_FIELDS:
            raise call.fail(f"field {key} cannot be updated")
        else:
            message.custom[key] = copy.deepcopy(value)


def remember(call: Call, message: Message, user_id: str | None) -> None:
    """Keep the message as it is now in its edit history (QueryMessageHistory)."""
    entry = HistoryEntry(
        message.id,
        message.text,
        copy.deepcopy(message.attachments),
        copy.deepcopy(message.custom),
        message.updated_at,
        user_id or message.user_id,
        message.deleted_at is not None,
    )
    call.store.history.append(entry)


@handles("UpdateMessage")
def update_message(call: Call) -> dict[str, Any]:
    message = call.store.message(call.operation, call.params["id"], deleted=False)
    raw = required_object(call, call.json(), "message")
    if raw.get("id", message.id) != message.id:
        raise call.fail("message.id does not match the id in the path")
    user_id = acting_user(call, raw)
    if user_id is not None and user_id not in call.store.users:
        raise call.fail(f'user "{user_id}" does not exist')
    changes: dict[str, Any] = {
        "text": raw.get("text") or "",
        "attachments": raw.get("attachments") or [],
        "mentioned_users": raw.get("mentioned_users") or [],
    }
    changes.update({key: raw[key] for key in ("silent", "pinned", "pin_expires") if raw.get(key) is not None})
    remember(call, message, user_id)
    _update_fields(call, message, changes, user_id)
    message.custom = _custom(raw, render.MESSAGE_FIELDS)
    message.updated_at = call.now()
    events.message(call, "message.updated", message)
    return {"message": render.message(call.store, message)}


@handles("UpdateMessagePartial")
def update_message_partial(call: Call) -> dict[str, Any]:
    message = call.store.message(call.operation, call.params["id"], deleted=False)
    body = call.json()
    to_set = body.get("set") or {}
    if not isinstance(to_set, dict):
        raise call.fail("set must be an object")
    to_unset = string_list(call, body, "unset")
    user_id = acting_user(call, body)
    remember(call, message, user_id)
    _update_fields(call, message, to_set, user_id)
    for key in to_unset:
        if key in message.custom:
            del message.custom[key]
        elif key == "pin_expires":
            message.pin_expires = None
        elif key in render.MESSAGE_FIELDS:
            raise call.fail(f"field {key} cannot be unset")
    message.updated_at = call.now()
    events.message(call, "message.updated", message)
    return {"message": render.message(call.store, message)}


@handles("DeleteMessage")
def delete_message(call: Call) -> dict[str, Any]:
    store = call.store
    message = store.message(call.operation, call.params["id"])
    now = call.now()
    if call.body.strip() and boolean(call, call.json(), "delete_for_me"):
        user_id = acting_user(call, call.json(), required=True) or ""
        message.deleted_for.add(user_id)
        view = render.message(store, message)
        view["deleted_for_me"] = True
        return {"message": view}
    if call.flag("hard"):
        view = render.message(store, message)
        view.update({"type": "deleted", "deleted_at": format_time(now)})
        events.message(call, "message.deleted", message, hard_delete=True)
        remove_message(store, message.id)
        return {"message": view}
    if message.deleted_at is None:
        message.deleted_at, message.type, message.updated_at = now, "deleted", now
        events.message(call, "message.deleted", message)
    return {"message": render.message(store, message)}


@handles("UndeleteMessage")
def undelete_message(call: Call) -> dict[str, Any]:
    message = call.store.message(call.operation, call.params["id"])
    if message.deleted_at is None:
        raise call.fail(f"message {message.id} is not deleted")
    message.deleted_at = None
    message.type = "reply" if message.parent_id else "regular"
    message.updated_at = call.now()
    events.message(call, "message.undeleted", message)
    return {"message": render.message(call.store, message)}


def _window(call: Call, messages: list[Message], default: int, *, newest: bool = False) -> list[Message]:
    """Messages around, before or after an id (``id_lt``, ``id_gte``...), then at most ``limit`` of them.

    ``newest``: without ``id_gt``/``id_gte``, the page is the newest ``limit`` (in order) and there is no
    ``offset``, as Stream pages a thread's replies.
    """
    ids = [item.id for item in messages]
    for key in ("id_lt", "id_lte", "id_gt", "id_gte"):
        anchor = call.query.get(key)
        if not anchor:
            continue
        if anchor not in ids:
            raise call.missing(f"message {anchor} does not exist here")
        index = ids.index(anchor)
        start, stop = {"id_lt": (0, index), "id_lte": (0, index + 1), "id_gt": (index + 1, None)}.get(
            key, (index, None)
        )
        messages, ids = messages[start:stop], ids[start:stop]
    limit = call.int_query("limit")
    limit = default if limit is None else limit
    if limit < 0 or limit > 300:
        raise call.fail("limit must be between 0 and 300")
    offset = call.int_query("offset") or 0
    before = any(call.query.get(key) for key in ("id_lt", "id_lte"))
    after = any(call.query.get(key) for key in ("id_gt", "id_gte"))
    if before or (newest and not after):
        return messages[max(0, len(messages) - limit) :]
    return messages[offset : offset + limit]


@handles("GetReplies")
def get_replies(call: Call) -> dict[str, Any]:
    parent = call.store.message(call.operation, call.params["parent_id"])
    replies = [call.store.messages[reply_id] for reply_id in parent.replies if reply_id in call.store.messages]
    return {"messages": [render.message(call.store, item) for item in _window(call, replies, 25, newest=True)]}


@handles("GetPinnedMessages")
def get_pinned_messages(call: Call) -> dict[str, Any]:
    channel = call.store.channel(call.operation, call.params["type"], call.params["id"])
    pinned = [item for item in call.store.live_messages(channel) if item.pinned and item.deleted_at is None]
    pinned.sort(key=lambda item: item.pinned_at or 0, reverse=True)
    return {"messages": [render.message(call.store, item) for item in _window(call, pinned, 25)]}


def message_document(call: Call, message: Message) -> dict[str, Any]:
    """A message as Search's ``message_filter_conditions`` see it."""
    document = render.message(call.store, message)
    document["user_id"] = message.user_id
    document["attachments.type"] = [item.get("type") for item in message.attachments if item.get("type")]
    document["mentioned_users.id"] = list(message.mentioned_users)
    return document


@handles("Search")
def search(call: Call) -> dict[str, Any]:
    store = call.store
    payload = call.payload()
    channel_filter = payload.get("filter_conditions")
    if not isinstance(channel_filter, dict) or not channel_filter:
        raise call.fail("filter_conditions must restrict the channels searched")
    text = payload.get("query")
    message_filter = payload.get("message_filter_conditions")
    if bool(text) == bool(message_filter):
        raise call.fail("give either query or message_filter_conditions")
    if text is not None and not isinstance(text, str):
        raise call.fail("query must be a string")
    order = parse_sort(payload.get("sort"))
    offset = payload.get("offset")
    if offset and (order or payload.get("next")):
        raise call.fail("cannot use offset with next or sort parameters")
    channels = [
        channel
        for channel in store.channels.values()
        if channel.deleted_at is None and matches(channel_document(call, channel, None), channel_filter)
    ]
    found: list[Message] = []
    documents: dict[str, dict[str, Any]] = {}
    for channel in channels:
        for message in store.live_messages(channel):
            if message.deleted_at is not None:
                continue
            document = message_document(call, message)
            if matches(document, {"text": {"$q": text}} if text else message_filter):
                found.append(message)
                documents[message.id] = document
    found = sort_documents(found, order or [("created_at", -1)], lambda item: documents[item.id])
    if payload.get("next"):
        offset = _cursor(call, payload["next"])
    limit = payload.get("limit")
    results = page(found, limit, offset, default=20, maximum=1000)
    response: dict[str, Any] = {"results": []}
    for message in results:
        view = render.message(store, message)
        view["channel"] = render.channel(store, store.channels[message.cid])
        response["results"].append({"message": view})
    end = (offset or 0) + len(results)
    if end < len(found):
        response["next"] = base64.urlsafe_b64encode(str(end).encode()).decode()
    return response


def _cursor(call: Call, value: Any) -> int:
    try:
        return int(base64.urlsafe_b64decode(str(value).encode()).decode())
    except (ValueError, binascii.Error):
        raise call.fail("next is not a cursor this search returned") from None


@handles("SendReaction")
def send_reaction(call: Call) -> dict[str, Any]:
    store = call.store
    message = store.message(call.operation, call.params["id"], deleted=False)
    channel = store.channels[message.cid]
    _feature(call, channel, "reactions")
    body = call.json()
    raw = required_object(call, body, "reaction")
    kind = string(call, raw, "type", required=True) or ""
    user_id = acting_user(call, raw) or acting_user(call, body, required=True) or ""
    if user_id not in store.users:
        raise call.fail(f'user "{user_id}" does not exist')
    score = raw.get("score", 1)
    if isinstance(score, bool) or not isinstance(score, int):
        raise call.fail("score must be an integer")
    now = call.now()
    if boolean(call, body, "enforce_unique"):
        for key in [key for key in message.reactions if key[0] == user_id and key[1] != kind]:
            del message.reactions[key]
    previous = message.reactions.pop((user_id, kind), None)
    reaction = Reaction(
        message.id, user_id, kind, score, previous.created_at if previous else now, now, _custom(raw, REACTION_FIELDS)
    )
    message.reactions[(user_id, kind)] = reaction
    message.updated_at = now
    events.reaction(call, "reaction.updated" if previous else "reaction.new", message, reaction)
    return {"message": render.message(store, message), "reaction": render.reaction(store, reaction)}


@handles("DeleteReaction")
def delete_reaction(call: Call) -> dict[str, Any]:
    store = call.store
    message = store.message(call.operation, call.params["id"])
    user_id = call.query.get("user_id")
    if not user_id:
        raise call.fail("user_id is required when using server side auth")
    reaction = message.reactions.pop((user_id, call.params["type"]), None)
    if reaction is None:
        raise call.missing(f"reaction {call.params['type']} of user {user_id} does not exist")
    message.updated_at = call.now()
    events.reaction(call, "reaction.deleted", message, reaction)
    return {"message": render.message(store, message), "reaction": render.reaction(store, reaction)}


def _newest_first(message: Message) -> list[Reaction]:
    return sorted(message.reactions.values(), key=lambda item: item.created_at, reverse=True)


@handles("GetReactions")
def get_reactions(call: Call) -> dict[str, Any]:
    message = call.store.message(call.operation, call.params["id"])
    found = page(_newest_first(message), call.int_query("limit"), call.int_query("offset"), default=25, maximum=300)
    return {"reactions": [render.reaction(call.store, item) for item in found]}


@handles("QueryReactions")
def query_reactions(call: Call) -> dict[str, Any]:
    message = call.store.message(call.operation, call.params["id"])
    body = call.json()
    conditions = body.get("filter") or {}
    documents = {id(item): render.reaction(call.store, item) for item in message.reactions.values()}
    found = [item for item in _newest_first(message) if matches(documents[id(item)], conditions)]
    found = sort_documents(found, parse_sort(body.get("sort")), lambda item: documents[id(item)])
    found = page(found, body.get("limit"), None, default=25, maximum=300)
    return {"reactions": [documents[id(item)] for item in found]}
