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
    Member,
    Message,
    Reaction,
    Read,
    Store,
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


def _time(ns: int | None) -> str | None:
    return format_time(ns) if ns is not None else None


def _with_custom(view: dict[str, Any], custom: dict[str, Any]) -> dict[str, Any]:
    """``view`` with ``custom`` and each custom field at the top level (never over a field of the view)."""
    result = {key: value for key, value in view.items() if value is not None}
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
        "blocked_user_ids": [],
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
            "unread_threads": 0,
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


def command(name: str) -> dict[str, str]:
    """``Command``: a built-in command, or a bare one for a name the emulator does not know."""
    known = COMMANDS.get(name, {"description": "", "args": "", "set": ""})
    return {"name": name, **known}


def channel_type(record: ChannelType, *, command_objects: bool = True) -> dict[str, Any]:
    """A channel type's settings (``ChannelTypeConfig`` and friends); commands as objects or as names."""
    config = {key: value for key, value in record.config.items() if key != "commands"}
    commands = list(record.config["commands"])
    return {
        "name": record.name,
        **config,
        "commands": [command(name) for name in commands] if command_objects else commands,
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
        "config": channel_type(kind) if kind is not None else None,
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
        "shadowed": False,
        "mentioned_users": [user_by_id(store, user_id) for user_id in record.mentioned_users],
        "mentioned_channel": False,
        "mentioned_here": False,
        "silent": record.silent,
        "pinned": record.pinned,
        "pinned_at": _time(record.pinned_at),
        "pinned_by": user_by_id(store, record.pinned_by_id) if record.pinned_by_id else None,
        "pin_expires": _time(record.pin_expires),
        "restricted_visibility": [],
        "moderation": record.moderation,
    }
    return _with_custom(view, record.custom)


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
    visible = [item for item in store.live_messages(record, user_id) if item.in_channel]
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
    if user_id is not None:
        state["hidden"] = user_id in record.hidden_for
        if user_id in record.members:
            state["membership"] = member(store, record.members[user_id])
    return state
