"""The emulator's in-memory data: users, channel types, channels, members, messages, reactions and the rest."""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from typing import Any

from stream_chat.testing.clock import Clock
from stream_chat.testing.errors import input_error, not_found

ROLES = frozenset({"user", "admin", "moderator", "guest", "anonymous"})

# What Stream's built-in commands do, in our words.
COMMANDS: dict[str, dict[str, str]] = {
    "giphy": {"description": "Post a random GIF to the channel", "args": "[text]", "set": "fun_set"},
    "ban": {"description": "Ban a user", "args": "[@username] [text]", "set": "moderation_set"},
    "unban": {"description": "Unban a user", "args": "[@username]", "set": "moderation_set"},
    "mute": {"description": "Mute a user", "args": "[@username]", "set": "moderation_set"},
    "unmute": {"description": "Unmute a user", "args": "[@username]", "set": "moderation_set"},
}

_BASE_CONFIG: dict[str, Any] = {
    "typing_events": True,
    "read_events": True,
    "connect_events": True,
    "delivery_events": False,
    "search": True,
    "reactions": True,
    "replies": True,
    "quotes": True,
    "mutes": True,
    "uploads": True,
    "url_enrichment": True,
    "custom_events": True,
    "push_notifications": True,
    "reminders": False,
    "mark_messages_pending": False,
    "polls": False,
    "user_message_reminders": False,
    "shared_locations": False,
    "count_messages": False,
    "message_retention": "infinite",
    "max_message_length": 5000,
    "automod": "disabled",
    "automod_behavior": "flag",
    "skip_last_msg_update_for_system_msgs": False,
    "commands": ["giphy"],
}

# The built-in channel types, close to Stream's defaults for new apps.
BUILT_IN_TYPES: dict[str, dict[str, Any]] = {
    "messaging": {"automod": "simple"},
    "team": {"automod": "simple"},
    "livestream": {"typing_events": False, "read_events": False, "connect_events": False, "automod": "AI"},
    "gaming": {"typing_events": False, "read_events": False, "replies": False, "uploads": False, "automod": "AI"},
    "commerce": {"replies": False, "mutes": False, "automod": "AI"},
}

CONFIG_KEYS = frozenset(_BASE_CONFIG)


def new_id() -> str:
    """A fresh UUID, as Stream gives messages and tasks."""
    return str(uuid.uuid4())


def default_config(name: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """A channel type's settings: Stream's defaults, then ``overrides``."""
    config = copy.deepcopy(_BASE_CONFIG)
    config.update(BUILT_IN_TYPES.get(name, {}))
    config.update(overrides or {})
    return config


@dataclass
class ChannelType:
    name: str
    config: dict[str, Any]
    created_at: int
    updated_at: int
    permissions: list[dict[str, Any]] = field(default_factory=list)
    grants: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class User:
    """A user; ``data`` holds what clients set (``role``, ``name``, ``teams``, custom fields...)."""

    id: str
    created_at: int
    updated_at: int
    data: dict[str, Any] = field(default_factory=dict)
    banned: bool = False
    shadow_banned: bool = False
    ban_expires: int | None = None
    deactivated_at: int | None = None
    deleted_at: int | None = None
    mutes: dict[str, Mute] = field(default_factory=dict)
    channel_mutes: dict[str, Mute] = field(default_factory=dict)

    @property
    def role(self) -> str:
        role = self.data.get("role")
        return role if isinstance(role, str) else "user"


@dataclass
class Mute:
    created_at: int
    updated_at: int
    expires: int | None = None


@dataclass
class Ban:
    user_id: str
    created_at: int
    banned_by_id: str | None = None
    channel_cid: str | None = None
    reason: str | None = None
    expires: int | None = None
    shadow: bool = False


@dataclass
class Member:
    user_id: str
    created_at: int
    updated_at: int
    role: str = "member"
    channel_role: str = "channel_member"
    invited: bool = False
    invite_accepted_at: int | None = None
    invite_rejected_at: int | None = None
    banned: bool = False
    shadow_banned: bool = False
    ban_expires: int | None = None
    notifications_muted: bool = False
    pinned_at: int | None = None
    archived_at: int | None = None
    custom: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        if self.invite_rejected_at is not None:
            return "rejected"
        if self.invited and self.invite_accepted_at is None:
            return "pending"
        return "member"


@dataclass
class Read:
    last_read: int
    unread_messages: int = 0
    last_read_message_id: str | None = None


@dataclass
class Channel:
    type: str
    id: str
    created_at: int
    updated_at: int
    created_by_id: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    frozen: bool = False
    disabled: bool = False
    team: str | None = None
    cooldown: int | None = None
    filter_tags: list[str] = field(default_factory=list)
    members: dict[str, Member] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    reads: dict[str, Read] = field(default_factory=dict)
    hidden_for: set[str] = field(default_factory=set)
    hide_messages_before: dict[str, int] = field(default_factory=dict)
    last_message_at: int | None = None
    truncated_at: int | None = None
    truncated_by_id: str | None = None
    deleted_at: int | None = None

    @property
    def cid(self) -> str:
        return f"{self.type}:{self.id}"


@dataclass
class Reaction:
    message_id: str
    user_id: str
    type: str
    score: int
    created_at: int
    updated_at: int
    custom: dict[str, Any] = field(default_factory=dict)


@dataclass
class Message:
    id: str
    cid: str
    user_id: str
    created_at: int
    updated_at: int
    text: str = ""
    type: str = "regular"
    parent_id: str | None = None
    show_in_channel: bool | None = None
    quoted_message_id: str | None = None
    attachments: list[dict[str, Any]] = field(default_factory=list)
    custom: dict[str, Any] = field(default_factory=dict)
    mentioned_users: list[str] = field(default_factory=list)
    silent: bool = False
    pinned: bool = False
    pinned_at: int | None = None
    pinned_by_id: str | None = None
    pin_expires: int | None = None
    deleted_at: int | None = None
    deleted_for: set[str] = field(default_factory=set)
    text_updated_at: int | None = None
    reactions: dict[tuple[str, str], Reaction] = field(default_factory=dict)
    replies: list[str] = field(default_factory=list)
    moderation: dict[str, Any] | None = None

    @property
    def in_channel(self) -> bool:
        """Whether the message shows in the channel's list (not a reply kept in its thread)."""
        return self.parent_id is None or bool(self.show_in_channel)


@dataclass
class Device:
    id: str
    user_id: str
    push_provider: str
    created_at: int
    push_provider_name: str | None = None


@dataclass
class Task:
    id: str
    created_at: int
    result: dict[str, Any] = field(default_factory=dict)


@dataclass
class StoredFile:
    content_type: str
    content: bytes


class Store:
    """Everything the emulator remembers, plus lookups that answer Stream's errors when something is missing."""

    def __init__(self, clock: Clock, app_name: str) -> None:
        self.clock = clock
        now = clock.now()
        self.created_at = now
        self.app: dict[str, Any] = default_app(app_name)
        self.channel_types: dict[str, ChannelType] = {
            name: ChannelType(name, default_config(name), now, now) for name in BUILT_IN_TYPES
        }
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self.messages: dict[str, Message] = {}
        self.devices: dict[str, Device] = {}
        self.bans: list[Ban] = []
        self.files: dict[str, StoredFile] = {}
        self.tasks: dict[str, Task] = {}
        self.records = AppRecords()

    def user(self, operation: str, user_id: Any) -> User:
        if not isinstance(user_id, str) or not user_id:
            raise input_error(operation, "a user id is required")
        user = self.users.get(user_id)
        if user is None:
            raise not_found(operation, f"user {user_id!r} does not exist")
        return user

    def existing_users(self, operation: str, user_ids: list[str], context: str) -> None:
        """400 naming the users of ``user_ids`` that do not exist, as Stream does before creating channels."""
        missing = sorted({user_id for user_id in user_ids if user_id not in self.users})
        if missing:
            raise input_error(
                operation,
                f"The following users are involved in {context} operation, but don't exist: [{' '.join(missing)}]. "
                "Please create the user objects before setting up the channel.",
            )

    def channel_type(self, operation: str, name: str) -> ChannelType:
        channel_type = self.channel_types.get(name)
        if channel_type is None:
            raise not_found(operation, f"channel type {name!r} does not exist")
        return channel_type

    def channel(self, operation: str, channel_type: str, channel_id: str) -> Channel:
        channel = self.channels.get(f"{channel_type}:{channel_id}")
        if channel is None or channel.deleted_at is not None:
            raise not_found(operation, f'channel "{channel_type}:{channel_id}" does not exist')
        return channel

    def channel_by_cid(self, operation: str, cid: Any) -> Channel:
        if not isinstance(cid, str) or ":" not in cid:
            raise input_error(operation, f"{cid!r} is not a channel cid (type:id)")
        channel_type, channel_id = cid.split(":", 1)
        return self.channel(operation, channel_type, channel_id)

    def message(self, operation: str, message_id: str, *, deleted: bool = True) -> Message:
        message = self.messages.get(message_id)
        if message is None or (not deleted and message.deleted_at is not None):
            raise not_found(operation, f"message {message_id!r} does not exist")
        return message

    def live_messages(self, channel: Channel, viewer: str | None = None) -> list[Message]:
        """The channel's messages after its truncation, in order (soft-deleted ones included)."""
        floor = max(channel.truncated_at or 0, channel.hide_messages_before.get(viewer or "", 0))
        return [
            message
            for message_id in channel.messages
            if (message := self.messages.get(message_id)) is not None and message.created_at > floor
        ]


def default_app(name: str) -> dict[str, Any]:
    """The settings ``GetApp`` answers for a new app."""
    return {
        "id": 1,
        "name": name,
        "organization": "Stream Chat emulator",
        "placement": "emulator",
        "push_notifications": {
            "version": "v1",
            "offline_only": False,
            "apn": {"enabled": False, "development": False},
            "firebase": {"enabled": False},
            "huawei": {"enabled": False},
            "xiaomi": {"enabled": False},
        },
        "webhook_url": "",
        "moderation_webhook_url": "",
        "call_types": {},
        "policies": {},
        "suspended": False,
        "suspended_explanation": "",
        "disable_auth_checks": False,
        "disable_permissions_checks": False,
        "permission_version": "v2",
        "user_search_disallowed_roles": [],
        "multi_tenant_enabled": False,
        "allow_multi_user_devices": True,
        "image_moderation_enabled": False,
        "async_url_enrich_enabled": False,
        "auto_translation_enabled": False,
        "custom_action_handler_url": "",
        "enforce_unique_usernames": "no",
        "sqs_url": "",
        "sqs_key": "",
        "sqs_secret": "",
        "sns_topic_arn": "",
        "sns_key": "",
        "sns_secret": "",
        "file_upload_config": {"size_limit": 0},
        "image_upload_config": {"size_limit": 0},
        "grants": {},
        "campaign_enabled": False,
        "webhook_events": [],
        "reminders_interval": 60,
        "cdn_expiration_seconds": 1209600,
        "moderation_enabled": False,
        "moderation_multitenant_blocklist_enabled": False,
        "guest_user_creation_disabled": False,
        "event_hooks": [],
        "use_hook_v2": False,
        "user_response_time_enabled": False,
        "moderation_llm_configurability_enabled": False,
        "max_aggregated_activities_length": 0,
        "feed_audit_logs_enabled": False,
        "moderation_video_call_moderation_enabled": False,
        "moderation_audio_call_moderation_enabled": False,
        "member_custom_on_messages_enabled": False,
    }


@dataclass
class AppRecords:
    """App-level records: block lists, roles and permissions, user groups, push settings, imports, campaigns.

    Each maps an id or name to the JSON-shaped record its operations answer with (times as RFC 3339).
    """

    blocklists: dict[str, dict[str, Any]] = field(default_factory=dict)
    roles: dict[str, dict[str, Any]] = field(default_factory=dict)
    permissions: dict[str, dict[str, Any]] = field(default_factory=dict)
    user_groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    push_providers: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    push_templates: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    push_preferences: dict[str, dict[str, Any]] = field(default_factory=dict)
    channel_push_preferences: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    predefined_filters: dict[str, dict[str, Any]] = field(default_factory=dict)
    retention_policies: dict[str, dict[str, Any]] = field(default_factory=dict)
    imports: dict[str, dict[str, Any]] = field(default_factory=dict)
    import_uploads: dict[str, bytes | None] = field(default_factory=dict)
    import_v2_tasks: dict[str, dict[str, Any]] = field(default_factory=dict)
    external_storages: dict[str, dict[str, Any]] = field(default_factory=dict)
    importer_storage: dict[str, Any] | None = None
    campaigns: dict[str, dict[str, Any]] = field(default_factory=dict)
    segments: dict[str, dict[str, Any]] = field(default_factory=dict)
    segment_targets: dict[str, dict[str, str]] = field(default_factory=dict)
