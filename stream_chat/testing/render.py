"""Records as Stream's response objects (``UserResponse``, ``ChannelResponse``, ``MessageResponse``...).

Custom fields are written both under ``custom`` (as our OpenAPI description requires) and at the top
level, where Stream puts them and where code written for the official client reads them.
"""

from __future__ import annotations

import html
from typing import Any

from stream_chat.testing.clock import format_time
from stream_chat.testing.state import (
    COMMANDS,
    Channel,
    ChannelType,
    Draft,
    Flag,
    Member,
    Message,
    Poll,
    PollVote,
    Reaction,
    Read,
    Reminder,
    SharedLocation,
    Store,
    Task,
    Thread,
    User,
)

# Fields of a user that are not custom data; what clients may set, then what only the server sets.
USER_FIELDS = frozenset(
    {"role", "teams", "language", "invisible", "name", "image", "teams_role", "privacy_settings"}
    | {"revoke_tokens_issued_before", "push_notifications"}
)
USER_READ_ONLY = frozenset(
    {"id", "custom", "created_at", "updated_at", "banned", "online", "last_active", "deactivated_at", "deleted_at"}
    | {"shadow_banned", "ban_expires", "blocked_user_ids", "devices", "mutes", "channel_mutes", "unread_count"}
    | {"total_unread_count", "unread_channels", "unread_threads", "avg_response_time", "bypass_moderation"}
    | {"latest_hidden_channels"}
)
CHANNEL_FIELDS = frozenset(
    {"id", "type", "cid", "custom", "created_at", "updated_at", "frozen", "disabled", "team", "cooldown"}
    | {"filter_tags", "members", "invites", "created_by", "created_by_id", "config", "config_overrides"}
    | {"member_count", "message_count", "last_message_at", "deleted_at", "truncated_at", "truncated_by"}
    | {"truncated_by_id", "auto_translation_enabled", "auto_translation_language", "own_capabilities"}
    | {"hidden", "muted", "mute_expires_at", "blocked", "hide_messages_before"}
)
MESSAGE_FIELDS = frozenset(
    {"id", "text", "html", "type", "user", "user_id", "attachments", "latest_reactions", "own_reactions"}
    | {"reaction_counts", "reaction_scores", "reaction_groups", "reply_count", "deleted_reply_count", "cid"}
    | {"created_at", "updated_at", "custom", "shadowed", "mentioned_users", "mentioned_channel", "mentioned_here"}
    | {"silent", "pinned", "pinned_at", "pinned_by", "pin_expires", "restricted_visibility", "parent_id"}
    | {"show_in_channel", "quoted_message_id", "quoted_message", "deleted_at", "thread_participants", "mml"}
    | {"message_text_updated_at", "i18n", "command", "channel", "member", "poll_id", "poll", "deleted_for_me"}
    | {"mentioned_roles", "mentioned_groups", "mentioned_group_ids", "image_labels", "moderation", "draft"}
    | {"reminder", "shared_location"}
)
ATTACHMENT_FIELDS = frozenset(
    {"type", "title", "title_link", "text", "image_url", "thumb_url", "asset_url", "og_scrape_url", "fallback"}
    | {"pretext", "color", "footer", "footer_icon", "author_name", "author_link", "author_icon", "actions"}
    | {"fields", "giphy", "original_height", "original_width", "custom"}
)
LATEST_REACTIONS = 10
# Fields of a message that Stream sends as ``null`` when unset (a message unpinned has them null). Stream also
# sends ``pinned_by: null``, which our description cannot allow for a referenced object under OpenAPI 3.0.
MESSAGE_NULLS = frozenset({"pinned_at", "pin_expires"})


def _time(ns: int | None) -> str | None:
    return format_time(ns) if ns is not None else None


def _with_custom(view: dict[str, Any], custom: dict[str, Any], nulls: frozenset[str] = frozenset()) -> dict[str, Any]:
    """``view`` with ``custom`` and each custom field at the top level (never over a field of the view).

    ``None`` values are left out, except the keys of ``nulls``, which Stream sends as ``null``.
    """
    result = {key: value for key, value in view.items() if value is not None or key in nulls}
    result["custom"] = dict(custom)
    for key, value in custom.items():
        result.setdefault(key, value)
    return result


def user_custom(user: User) -> dict[str, Any]:
    return {key: value for key, value in user.data.items() if key not in USER_FIELDS}


def user(store: Store, record: User) -> dict[str, Any]:
    """``UserResponse``."""
    data = record.data
    view: dict[str, Any] = {
        "id": record.id,
        "role": record.role,
        "teams": list(data.get("teams") or []),
        "language": data.get("language") or "",
        "invisible": bool(data.get("invisible", False)),
        "name": data.get("name"),
        "image": data.get("image"),
        "teams_role": data.get("teams_role"),
        "privacy_settings": data.get("privacy_settings"),
        "revoke_tokens_issued_before": data.get("revoke_tokens_issued_before"),
        "created_at": format_time(record.created_at),
        "updated_at": format_time(record.updated_at),
        "banned": record.banned,
        "ban_expires": _time(record.ban_expires),
        "online": False,
        "blocked_user_ids": [blocked for (blocker, blocked) in store.blocks if blocker == record.id],
        "shadow_banned": record.shadow_banned,
        "deactivated_at": _time(record.deactivated_at),
        "deleted_at": _time(record.deleted_at),
    }
    return _with_custom(view, user_custom(record))


def user_by_id(store: Store, user_id: str) -> dict[str, Any]:
    """``UserResponse`` of ``user_id``, or a bare one if the user was deleted for good."""
    record = store.users.get(user_id) or User(user_id, store.created_at, store.created_at)
    return user(store, record)


def full_user(store: Store, record: User) -> dict[str, Any]:
    """``FullUserResponse``: a user with devices, mutes and unread counts."""
    view = user(store, record)
    unread_channels = [
        read.unread_messages
        for channel in store.channels.values()
        if channel.deleted_at is None
        and record.id in channel.members
        and (read := channel.reads.get(record.id)) is not None
        and read.unread_messages
    ]
    view.update(
        {
            "devices": [device_view(device) for device in store.devices.values() if device.user_id == record.id],
            "mutes": [
                {
                    "user": user(store, record),
                    "target": user_by_id(store, target),
                    "created_at": format_time(mute.created_at),
                    "updated_at": format_time(mute.updated_at),
                    **({"expires": format_time(mute.expires)} if mute.expires else {}),
                }
                for target, mute in record.mutes.items()
            ],
            "channel_mutes": [
                {
                    "user": user(store, record),
                    "channel": channel(store, store.channels[cid]),
                    "created_at": format_time(mute.created_at),
                    "updated_at": format_time(mute.updated_at),
                    **({"expires": format_time(mute.expires)} if mute.expires else {}),
                }
                for cid, mute in record.channel_mutes.items()
                if cid in store.channels
            ],
            "unread_count": sum(unread_channels),
            "total_unread_count": sum(unread_channels),
            "unread_channels": len(unread_channels),
            "unread_threads": len(unread_threads(store, record.id)),
        }
    )
    return view


def device_view(device: Any) -> dict[str, Any]:
    view = {
        "id": device.id,
        "user_id": device.user_id,
        "push_provider": device.push_provider,
        "push_provider_name": device.push_provider_name,
        "created_at": format_time(device.created_at),
        "disabled": False,
    }
    return {key: value for key, value in view.items() if value is not None}


def command(name: str, store: Store | None = None) -> dict[str, Any]:
    """``Command``: a built-in or created command, or a bare one for a name the emulator does not know."""
    custom = store.commands.get(name) if store is not None else None
    if custom is not None:
        return {
            "name": name,
            "description": custom.description,
            "args": custom.args,
            "set": custom.set,
            "created_at": format_time(custom.created_at),
            "updated_at": format_time(custom.updated_at),
        }
    known = COMMANDS.get(name, {"description": "", "args": "", "set": ""})
    return {"name": name, **known}


def channel_type(
    record: ChannelType,
    *,
    command_objects: bool = True,
    store: Store | None = None,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A channel type's settings (``ChannelTypeConfig`` and friends); commands as objects or as names.

    ``overrides`` are a channel's ``config_overrides``, applied over the type's settings.
    """
    settings = {**record.config, **{key: value for key, value in (overrides or {}).items() if key in record.config}}
    config = {key: value for key, value in settings.items() if key != "commands"}
    commands = list(settings["commands"])
    return {
        "name": record.name,
        **config,
        "commands": [command(name, store) for name in commands] if command_objects else commands,
        "permissions": list(record.permissions),
        "grants": dict(record.grants),
        "created_at": format_time(record.created_at),
        "updated_at": format_time(record.updated_at),
    }


def channel(store: Store, record: Channel) -> dict[str, Any]:
    """``ChannelResponse``."""
    kind = store.channel_types.get(record.type)
    view: dict[str, Any] = {
        "id": record.id,
        "type": record.type,
        "cid": record.cid,
        "created_at": format_time(record.created_at),
        "updated_at": format_time(record.updated_at),
        "created_by": user_by_id(store, record.created_by_id) if record.created_by_id else None,
        "frozen": record.frozen,
        "disabled": record.disabled,
        "member_count": len(record.members),
        "config": channel_type(kind, store=store, overrides=record.config_overrides) if kind is not None else None,
        "last_message_at": _time(record.last_message_at),
        "truncated_at": _time(record.truncated_at),
        "truncated_by": user_by_id(store, record.truncated_by_id) if record.truncated_by_id else None,
        "deleted_at": _time(record.deleted_at),
        "team": record.team,
        "cooldown": record.cooldown,
        "filter_tags": list(record.filter_tags) or None,
    }
    if view["config"] is not None:
        for key in ("permissions", "grants"):
            view["config"].pop(key)
    return _with_custom(view, record.data)


def member(store: Store, record: Member) -> dict[str, Any]:
    """``ChannelMemberResponse``."""
    view: dict[str, Any] = {
        "user_id": record.user_id,
        "user": user_by_id(store, record.user_id),
        "created_at": format_time(record.created_at),
        "updated_at": format_time(record.updated_at),
        "role": record.role,
        "channel_role": record.channel_role,
        "is_moderator": record.channel_role == "channel_moderator" or None,
        "invited": record.invited or None,
        "invite_accepted_at": _time(record.invite_accepted_at),
        "invite_rejected_at": _time(record.invite_rejected_at),
        "status": record.status,
        "banned": record.banned,
        "shadow_banned": record.shadow_banned,
        "ban_expires": _time(record.ban_expires),
        "notifications_muted": record.notifications_muted,
        "pinned_at": _time(record.pinned_at),
        "archived_at": _time(record.archived_at),
    }
    return _with_custom(view, record.custom)


def reaction(store: Store, record: Reaction) -> dict[str, Any]:
    """``ReactionResponse``."""
    view: dict[str, Any] = {
        "message_id": record.message_id,
        "user_id": record.user_id,
        "user": user_by_id(store, record.user_id),
        "type": record.type,
        "score": record.score,
        "created_at": format_time(record.created_at),
        "updated_at": format_time(record.updated_at),
    }
    return _with_custom(view, record.custom)


def _reaction_groups(record: Message) -> dict[str, dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for item in record.reactions.values():
        group = groups.setdefault(
            item.type,
            {"count": 0, "sum_scores": 0, "first": item.created_at, "last": item.created_at},
        )
        group["count"] += 1
        group["sum_scores"] += item.score
        group["first"] = min(group["first"], item.created_at)
        group["last"] = max(group["last"], item.created_at)
    return {
        kind: {
            "count": group["count"],
            "sum_scores": group["sum_scores"],
            "first_reaction_at": format_time(group["first"]),
            "last_reaction_at": format_time(group["last"]),
            "latest_reactions_by": [],
        }
        for kind, group in groups.items()
    }


def message_html(text: str) -> str:
    """The ``html`` Stream renders for plain text."""
    return f"<p>{html.escape(text)}</p>\n" if text else ""


def message(store: Store, record: Message, *, quoted: bool = True) -> dict[str, Any]:
    """``MessageResponse``."""
    groups = _reaction_groups(record)
    latest = sorted(record.reactions.values(), key=lambda item: item.created_at, reverse=True)[:LATEST_REACTIONS]
    replies = [store.messages[reply_id] for reply_id in record.replies if reply_id in store.messages]
    participants = list(dict.fromkeys([record.user_id, *(reply.user_id for reply in replies)])) if replies else []
    quoted_record = store.messages.get(record.quoted_message_id) if record.quoted_message_id and quoted else None
    view: dict[str, Any] = {
        "id": record.id,
        "text": record.text,
        "html": message_html(record.text),
        "type": record.type,
        "user": user_by_id(store, record.user_id),
        "cid": record.cid,
        "attachments": [attachment(item) for item in record.attachments],
        "latest_reactions": [reaction(store, item) for item in latest],
        "own_reactions": [],
        "reaction_counts": {kind: group["count"] for kind, group in groups.items()},
        "reaction_scores": {kind: group["sum_scores"] for kind, group in groups.items()},
        "reaction_groups": groups or None,
        "reply_count": sum(1 for reply in replies if reply.deleted_at is None),
        "deleted_reply_count": sum(1 for reply in replies if reply.deleted_at is not None),
        "thread_participants": [user_by_id(store, user_id) for user_id in participants] or None,
        "parent_id": record.parent_id,
        "show_in_channel": record.show_in_channel,
        "quoted_message_id": record.quoted_message_id,
        "quoted_message": message(store, quoted_record, quoted=False) if quoted_record is not None else None,
        "created_at": format_time(record.created_at),
        "updated_at": format_time(record.updated_at),
        "message_text_updated_at": _time(record.text_updated_at),
        "deleted_at": _time(record.deleted_at),
        "shadowed": record.shadowed,
        "mentioned_users": [user_by_id(store, user_id) for user_id in record.mentioned_users],
        "mentioned_channel": record.mentioned_channel,
        "mentioned_here": record.mentioned_here,
        "silent": record.silent,
        "pinned": record.pinned,
        "pinned_at": _time(record.pinned_at),
        "pinned_by": user_by_id(store, record.pinned_by_id) if record.pinned_by_id else None,
        "pin_expires": _time(record.pin_expires),
        "restricted_visibility": list(record.restricted_visibility),
        "command": record.command,
        "i18n": dict(record.i18n) or None,
        "poll_id": record.poll_id,
        "poll": poll(store, store.polls[record.poll_id]) if record.poll_id in store.polls else None,
        "moderation": record.moderation,
    }
    if record.location is not None:
        view["shared_location"] = shared_location(store, record.location, with_message=False)
    return _with_custom(view, record.custom, MESSAGE_NULLS)


def visible_to(record: Message, viewer: str | None) -> bool:
    """Whether ``viewer`` sees the message: restricted visibility and shadowed messages hide from others."""
    if viewer is None or viewer == record.user_id:
        return True
    if record.shadowed:
        return False
    return not record.restricted_visibility or viewer in record.restricted_visibility


def attachment(data: dict[str, Any]) -> dict[str, Any]:
    """``Attachment``: its known fields, the rest as custom data."""
    custom = dict(data.get("custom") or {}) if isinstance(data.get("custom"), dict) else {}
    custom.update({key: value for key, value in data.items() if key not in ATTACHMENT_FIELDS})
    view = {key: value for key, value in data.items() if key in ATTACHMENT_FIELDS and key != "custom"}
    return _with_custom(view, custom)


def read_state(store: Store, user_id: str, record: Read) -> dict[str, Any]:
    """``ReadStateResponse``."""
    view: dict[str, Any] = {
        "user": user_by_id(store, user_id),
        "last_read": format_time(record.last_read),
        "unread_messages": record.unread_messages,
    }
    if record.last_read_message_id:
        view["last_read_message_id"] = record.last_read_message_id
    if record.last_delivered_at is not None:
        view["last_delivered_at"] = format_time(record.last_delivered_at)
        view["last_delivered_message_id"] = record.last_delivered_message_id
    return view


def channel_state(
    store: Store,
    record: Channel,
    *,
    messages_limit: int = 25,
    members_limit: int = 100,
    user_id: str | None = None,
) -> dict[str, Any]:
    """``ChannelStateResponseFields``: the channel with its latest messages, members and read states."""
    visible = [item for item in store.live_messages(record, user_id) if item.in_channel and visible_to(item, user_id)]
    latest = visible[-messages_limit:] if messages_limit > 0 else []
    pinned = [item for item in visible if item.pinned and item.deleted_at is None]
    state: dict[str, Any] = {
        "channel": channel(store, record),
        "messages": [message(store, item) for item in latest],
        "pinned_messages": [message(store, item) for item in pinned],
        "members": [member(store, item) for item in list(record.members.values())[:members_limit]],
        "read": [read_state(store, uid, read) for uid, read in record.reads.items()],
        "threads": [],
        "watcher_count": 0,
        "watchers": [],
    }
    now = store.clock.now()
    active = [
        shared_location(store, item, with_message=False)
        for item in store.locations.values()
        if item.cid == record.cid and item.end_at is not None and item.end_at > now
    ]
    if active:
        state["active_live_locations"] = active
    if user_id is not None:
        state["hidden"] = user_id in record.hidden_for
        if user_id in record.members:
            state["membership"] = member(store, record.members[user_id])
        own_draft = store.drafts.get((user_id, record.cid, ""))
        if own_draft is not None:
            state["draft"] = draft(store, own_draft, with_channel=False)
    return state


def thread_read(store: Store, user_id: str, record: Thread) -> dict[str, Any]:
    """``ReadStateResponse`` of a thread participant."""
    read = record.reads.get(user_id)
    view: dict[str, Any] = {
        "user": user_by_id(store, user_id),
        "last_read": format_time(read.last_read if read else record.created_at),
        "unread_messages": read.unread if read else 0,
    }
    if read is not None and read.last_read_message_id:
        view["last_read_message_id"] = read.last_read_message_id
    return view


def thread(
    store: Store,
    record: Thread,
    *,
    reply_limit: int | None = None,
    participant_limit: int = 100,
    viewer: str | None = None,
) -> dict[str, Any]:
    """``ThreadResponse``; ``ThreadStateResponse`` (``latest_replies``, ``read``) when ``reply_limit`` is given."""
    parent = store.messages[record.parent_id]
    replies = [
        store.messages[reply_id]
        for reply_id in parent.replies
        if reply_id in store.messages and store.messages[reply_id].deleted_at is None
    ]
    participants = list(record.participants.items())
    view: dict[str, Any] = {
        "parent_message_id": record.parent_id,
        "parent_message": message(store, parent),
        "channel_cid": record.cid,
        "channel": channel(store, store.channels[record.cid]) if record.cid in store.channels else None,
        "created_at": format_time(record.created_at),
        "updated_at": format_time(record.updated_at),
        "created_by_user_id": record.created_by_id,
        "created_by": user_by_id(store, record.created_by_id),
        "title": record.title,
        "custom": dict(record.custom),
        "reply_count": len(replies),
        "participant_count": len(participants),
        "active_participant_count": len(participants),
        "last_message_at": _time(record.last_message_at),
        "deleted_at": _time(parent.deleted_at),
        "thread_participants": [
            {
                "channel_cid": record.cid,
                "thread_id": record.parent_id,
                "user_id": user_id,
                "user": user_by_id(store, user_id),
                "created_at": format_time(joined),
                "last_read_at": format_time(record.reads[user_id].last_read if user_id in record.reads else joined),
                "custom": {},
            }
            for user_id, joined in participants[:participant_limit]
        ],
    }
    for key, value in record.custom.items():
        view.setdefault(key, value)
    if reply_limit is not None:
        shown = [item for item in replies if visible_to(item, viewer)]
        view["latest_replies"] = [message(store, item) for item in shown[-reply_limit:]] if reply_limit else []
        view["read"] = [thread_read(store, user_id, record) for user_id, _ in participants]
        own_draft = store.drafts.get((viewer, record.cid, record.parent_id)) if viewer else None
        if own_draft is not None:
            view["draft"] = draft(store, own_draft, with_channel=False)
    return {key: value for key, value in view.items() if value is not None}


def unread_threads(store: Store, user_id: str) -> list[tuple[Thread, int]]:
    """The threads with replies ``user_id`` has not read, and how many."""
    return [
        (record, read.unread)
        for record in store.threads.values()
        if (read := record.reads.get(user_id)) is not None and read.unread > 0 and record.parent_id in store.messages
    ]


def draft(store: Store, record: Draft, *, with_channel: bool = True) -> dict[str, Any]:
    """``DraftResponse``."""
    payload = record.message
    text = payload.get("text") or ""
    custom = dict(payload.get("custom") or {})
    body: dict[str, Any] = {
        "id": payload["id"],
        "text": text,
        "html": message_html(text),
        "custom": custom,
        "attachments": [attachment(item) for item in payload.get("attachments") or []],
        "mentioned_users": [
            user_by_id(store, uid) for uid in payload.get("mentioned_users") or [] if uid in store.users
        ],
        "parent_id": payload.get("parent_id"),
        "quoted_message_id": payload.get("quoted_message_id"),
        "poll_id": payload.get("poll_id"),
        "show_in_channel": payload.get("show_in_channel"),
        "silent": payload.get("silent"),
        "type": payload.get("type"),
        "mml": payload.get("mml"),
    }
    view: dict[str, Any] = {
        "channel_cid": record.cid,
        "created_at": format_time(record.created_at),
        "message": {key: value for key, value in body.items() if value is not None},
        "parent_id": record.parent_id,
    }
    if with_channel and record.cid in store.channels:
        view["channel"] = channel(store, store.channels[record.cid])
    if record.parent_id and record.parent_id in store.messages:
        view["parent_message"] = message(store, store.messages[record.parent_id])
    quoted = payload.get("quoted_message_id")
    if quoted and quoted in store.messages:
        view["quoted_message"] = message(store, store.messages[quoted])
    return {key: value for key, value in view.items() if value is not None}


def reminder(store: Store, record: Reminder) -> dict[str, Any]:
    """``ReminderResponseData``."""
    view: dict[str, Any] = {
        "channel_cid": record.cid,
        "message_id": record.message_id,
        "user_id": record.user_id,
        "user": user_by_id(store, record.user_id),
        "created_at": format_time(record.created_at),
        "updated_at": format_time(record.updated_at),
        "remind_at": _time(record.remind_at),
    }
    if record.message_id in store.messages:
        view["message"] = message(store, store.messages[record.message_id])
    if record.cid in store.channels:
        view["channel"] = channel(store, store.channels[record.cid])
    return {key: value for key, value in view.items() if value is not None}


def poll_vote(store: Store, record: PollVote, *, anonymous: bool = False) -> dict[str, Any]:
    """``PollVoteResponseData`` (without the voter for anonymous polls)."""
    view: dict[str, Any] = {
        "id": record.id,
        "poll_id": record.poll_id,
        "option_id": record.option_id,
        "created_at": format_time(record.created_at),
        "updated_at": format_time(record.updated_at),
    }
    if record.answer_text is not None:
        view.update({"answer_text": record.answer_text, "is_answer": True})
    if not anonymous:
        view.update({"user_id": record.user_id, "user": user_by_id(store, record.user_id)})
    return view


def poll(store: Store, record: Poll, viewer: str | None = None) -> dict[str, Any]:
    """``PollResponseData``; ``own_votes`` are ``viewer``'s."""
    anonymous = record.voting_visibility == "anonymous"
    votes = sorted(record.votes.values(), key=lambda item: item.created_at, reverse=True)
    answers = [item for item in votes if item.answer_text is not None]
    option_votes = [item for item in votes if item.answer_text is None]
    counts = dict.fromkeys(record.options, 0)
    latest: dict[str, list[dict[str, Any]]] = {}
    for item in option_votes:
        counts[item.option_id] = counts.get(item.option_id, 0) + 1
        latest.setdefault(item.option_id, [])
        if len(latest[item.option_id]) < LATEST_REACTIONS:
            latest[item.option_id].append(poll_vote(store, item, anonymous=anonymous))
    view: dict[str, Any] = {
        "id": record.id,
        "name": record.name,
        "description": record.description,
        "voting_visibility": record.voting_visibility,
        "enforce_unique_vote": record.enforce_unique_vote,
        "max_votes_allowed": record.max_votes_allowed,
        "allow_user_suggested_options": record.allow_user_suggested_options,
        "allow_answers": record.allow_answers,
        "is_closed": record.is_closed,
        "created_at": format_time(record.created_at),
        "updated_at": format_time(record.updated_at),
        "created_by_id": record.created_by_id,
        "created_by": user_by_id(store, record.created_by_id),
        "options": [{"id": option_id, **option} for option_id, option in record.options.items()],
        "vote_count": len(option_votes),
        "vote_counts_by_option": {key: value for key, value in counts.items() if value},
        "latest_votes_by_option": latest,
        "answers_count": len(answers),
        "latest_answers": [poll_vote(store, item, anonymous=anonymous) for item in answers[:LATEST_REACTIONS]],
        "own_votes": [poll_vote(store, item) for item in votes if viewer is not None and item.user_id == viewer],
    }
    return _with_custom(view, record.custom)


def flag(store: Store, record: Flag) -> dict[str, Any]:
    """``FlagResponse``."""
    view: dict[str, Any] = {
        "created_at": format_time(record.created_at),
        "updated_at": format_time(record.updated_at),
        "created_by_automod": False,
        "reason": record.reason,
        "custom": dict(record.custom),
        "user": user_by_id(store, record.user_id) if record.user_id else None,
        "target_message_id": record.target_message_id,
        "target_user": user_by_id(store, record.target_user_id) if record.target_user_id else None,
    }
    if record.target_message_id in store.messages:
        view["target_message"] = message(store, store.messages[record.target_message_id])
    return {key: value for key, value in view.items() if value is not None}


def shared_location(store: Store, record: SharedLocation, *, with_message: bool = True) -> dict[str, Any]:
    """``SharedLocationResponseData``."""
    view: dict[str, Any] = {
        "message_id": record.message_id,
        "channel_cid": record.cid,
        "user_id": record.user_id,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "created_by_device_id": record.created_by_device_id,
        "created_at": format_time(record.created_at),
        "updated_at": format_time(record.updated_at),
        "end_at": _time(record.end_at),
    }
    if with_message and record.message_id in store.messages:
        view["message"] = message(store, store.messages[record.message_id])
        if record.cid in store.channels:
            view["channel"] = channel(store, store.channels[record.cid])
    return {key: value for key, value in view.items() if value is not None}


def task(record: Task) -> dict[str, Any]:
    """``GetTaskResponse`` of a task that ran to completion."""
    return {
        "task_id": record.id,
        "status": "completed",
        "created_at": format_time(record.created_at),
        "updated_at": format_time(record.created_at),
        "result": record.result,
    }
