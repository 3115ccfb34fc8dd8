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
    last_delivered_at: int | None = None
    last_delivered_message_id: str | None = None


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
    config_overrides: dict[str, Any] = field(default_factory=dict)

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
    restricted_visibility: list[str] = field(default_factory=list)
    shadowed: bool = False
    location: SharedLocation | None = None
    command: str | None = None
    i18n: dict[str, str] = field(default_factory=dict)
    poll_id: str | None = None
    mentioned_channel: bool = False
    mentioned_here: bool = False
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
        self.api_secret = ""
        self.commands: dict[str, CustomCommand] = {}
        self.threads: dict[str, Thread] = {}
        self.drafts: dict[tuple[str, str, str], Draft] = {}
        self.reminders: dict[tuple[str, str], Reminder] = {}
        self.polls: dict[str, Poll] = {}
        self.flags: list[Flag] = []
        self.blocks: dict[tuple[str, str], int] = {}
        self.future_bans: list[Ban] = []
        self.locations: dict[str, SharedLocation] = {}
        self.history: list[HistoryEntry] = []
        self.ephemeral: dict[str, Message] = {}
        self.pending: dict[str, Message] = {}
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

    def setting(self, channel: Channel, name: str, default: Any = None) -> Any:
        """A setting of ``channel``: its ``config_overrides``, else its type's."""
        if name in channel.config_overrides:
            return channel.config_overrides[name]
        kind = self.channel_types.get(channel.type)
        return kind.config.get(name, default) if kind is not None else default

    def note_message(self, message: Message) -> None:
        """What posting ``message`` changes beyond its channel: its thread, the author's draft, its location."""
        self.drafts.pop((message.user_id, message.cid, message.parent_id or ""), None)
        if message.location is not None:
            self.locations[message.id] = message.location
        if message.parent_id is None:
            return
        parent = self.messages[message.parent_id]
        thread = self.threads.get(parent.id)
        if thread is None:
            thread = Thread(parent.id, parent.cid, message.created_at, message.created_at, message.user_id)
            thread.participants[parent.user_id] = message.created_at
            self.threads[parent.id] = thread
        thread.participants.setdefault(message.user_id, message.created_at)
        thread.updated_at = thread.last_message_at = message.created_at
        for user_id in thread.participants:
            read = thread.reads.setdefault(user_id, ThreadRead(thread.created_at))
            if user_id == message.user_id:
                thread.reads[user_id] = ThreadRead(message.created_at, 0, message.id)
            else:
                read.unread += 1

    def forget_message(self, message_id: str) -> None:
        """Drop what refers to a message removed for good: its thread, reminders, flags, location and history."""
        self.threads.pop(message_id, None)
        self.locations.pop(message_id, None)
        self.reminders = {key: item for key, item in self.reminders.items() if item.message_id != message_id}
        self.flags = [item for item in self.flags if item.target_message_id != message_id]
        self.history = [entry for entry in self.history if entry.message_id != message_id]

    def forget_user(self, user_id: str) -> None:
        """Drop what belongs to a user removed for good: drafts, reminders, blocks, flags, votes, thread places."""
        self.drafts = {key: item for key, item in self.drafts.items() if item.user_id != user_id}
        self.reminders = {key: item for key, item in self.reminders.items() if item.user_id != user_id}
        self.blocks = {pair: created for pair, created in self.blocks.items() if user_id not in pair}
        self.flags = [item for item in self.flags if user_id not in (item.user_id, item.target_user_id)]
        self.future_bans = [ban for ban in self.future_bans if user_id not in (ban.user_id, ban.banned_by_id)]
        for poll in self.polls.values():
            poll.votes = {key: vote for key, vote in poll.votes.items() if vote.user_id != user_id}
        for thread in self.threads.values():
            thread.participants.pop(user_id, None)
            thread.reads.pop(user_id, None)

    def active_ban(self, user_id: str, cid: str | None, now: int) -> Ban | None:
        """The ban in force on ``user_id``: app-wide, in channel ``cid``, or from the channels its creator makes."""
        for ban in self.bans:
            if ban.user_id == user_id and ban.channel_cid in (None, cid) and (ban.expires is None or ban.expires > now):
                return ban
        channel = self.channels.get(cid or "")
        for ban in self.future_bans:
            if (
                channel is not None
                and ban.user_id == user_id
                and ban.banned_by_id == channel.created_by_id
                and channel.created_at > ban.created_at
                and (ban.expires is None or ban.expires > now)
            ):
                return ban
        return None

    def lift_expired(self, now: int) -> None:
        """End the bans and mutes whose time is up (the ban records stay for QueryBannedUsers)."""
        for user in self.users.values():
            if user.ban_expires is not None and user.ban_expires <= now:
                user.banned, user.shadow_banned, user.ban_expires = False, False, None
            for mutes in (user.mutes, user.channel_mutes):
                for key in [key for key, mute in mutes.items() if mute.expires is not None and mute.expires <= now]:
                    del mutes[key]
        for channel in self.channels.values():
            for member in channel.members.values():
                if member.ban_expires is not None and member.ban_expires <= now:
                    member.banned, member.shadow_banned, member.ban_expires = False, False, None

    def live_messages(self, channel: Channel, viewer: str | None = None) -> list[Message]:
        """The channel's messages after its truncation, in order (soft-deleted ones included)."""
        floor = max(channel.truncated_at or 0, channel.hide_messages_before.get(viewer or "", 0))
        return [
            message
            for message_id in channel.messages
            if (message := self.messages.get(message_id)) is not None and message.created_at > floor
        ]


@dataclass
class CustomCommand:
    """A command created with CreateCommand (usable as ``/name`` where a channel type lists it)."""

    name: str
    description: str
    args: str
    set: str
    created_at: int
    updated_at: int


@dataclass
class ThreadRead:
    last_read: int
    unread: int = 0
    last_read_message_id: str | None = None


@dataclass
class Thread:
    """The thread of a parent message: created by its first reply."""

    parent_id: str
    cid: str
    created_at: int
    updated_at: int
    created_by_id: str
    title: str = ""
    custom: dict[str, Any] = field(default_factory=dict)
    participants: dict[str, int] = field(default_factory=dict)
    reads: dict[str, ThreadRead] = field(default_factory=dict)
    last_message_at: int | None = None


@dataclass
class Draft:
    user_id: str
    cid: str
    parent_id: str | None
    created_at: int
    message: dict[str, Any] = field(default_factory=dict)


@dataclass
class Reminder:
    user_id: str
    message_id: str
    cid: str
    created_at: int
    updated_at: int
    remind_at: int | None = None


@dataclass
class PollVote:
    id: str
    poll_id: str
    user_id: str
    created_at: int
    updated_at: int
    option_id: str = ""
    answer_text: str | None = None


@dataclass
class Poll:
    id: str
    name: str
    created_by_id: str
    created_at: int
    updated_at: int
    description: str = ""
    voting_visibility: str = "public"
    enforce_unique_vote: bool = False
    max_votes_allowed: int | None = None
    allow_user_suggested_options: bool = False
    allow_answers: bool = False
    is_closed: bool = False
    custom: dict[str, Any] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    votes: dict[str, PollVote] = field(default_factory=dict)


@dataclass
class Flag:
    created_at: int
    updated_at: int
    user_id: str | None
    target_message_id: str | None = None
    target_user_id: str | None = None
    reason: str | None = None
    custom: dict[str, Any] = field(default_factory=dict)


@dataclass
class SharedLocation:
    message_id: str
    user_id: str
    cid: str
    latitude: float
    longitude: float
    created_at: int
    updated_at: int
    created_by_device_id: str = ""
    end_at: int | None = None


@dataclass
class HistoryEntry:
    """A message as it was before an update (QueryMessageHistory)."""

    message_id: str
    text: str
    attachments: list[dict[str, Any]]
    custom: dict[str, Any]
    updated_at: int
    updated_by_id: str
    is_deleted: bool = False


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
