"""Deterministic, Stream-shaped JSON payloads for the benchmarks.

The shapes follow the schemas in ``openapi/`` (``ChannelStateResponse``,
``ChannelResponse``, ``ChannelConfigWithInfo``, ``MessageResponse``,
``UserResponse``, ``ReactionResponse``, ``ReactionGroupResponse``,
``ChannelMemberResponse``, ``ReadStateResponse``, ``Attachment``,
``QueryChannelsResponse``...), with the values Stream sends: RFC 3339
timestamps with nanoseconds, ``custom`` objects, HTML renderings of message
text, reaction counts and groups, own capabilities. A few keys the description
does not list (as a newer API version would send) exercise
``additional_properties``, and one capability unknown to the enum exercises the
open-enum path.

Everything is derived from the arguments: the same call always gives the same
bytes. Sizes (compact JSON) with the defaults:

- ``channel_state()`` (20 members, 30 messages): 177 KB, a channel page;
- ``channel_state(members=10, messages=20)``: 115 KB, "query one channel";
- ``query_channels()`` (10 channels of 7 members, 4 messages): 345 KB.

``python -m bench.payloads`` prints the sizes.
"""

from __future__ import annotations

import datetime
import json
import random
from collections.abc import Callable
from typing import Any

JSON = dict[str, Any]

_EPOCH = datetime.datetime(2024, 3, 4, 8, 30, tzinfo=datetime.UTC)
_FIRST = ["Alice", "Bruno", "Chen", "Dalia", "Emeka", "Fatima", "Gustav", "Hana", "Ivan", "Jun", "Keira", "Luis"]
_LAST = ["Moreau", "Okafor", "Schmidt", "Tanaka", "Novak", "Haddad", "Silva", "Larsen", "Kowalski", "Park"]
_TEXT = (
    "the release is ready for review and the build passed on every platform we should ship it tomorrow "
    "morning after the standup unless someone finds a blocker in the migration scripts or the new "
    "dashboard which still shows stale numbers for the eu region thanks for the quick turnaround"
)
_WORDS = _TEXT.split()
_REACTIONS = ["like", "love", "haha", "wow", "sad", "fire"]
_CAPABILITIES = [
    "ban-channel-members",
    "cast-poll-vote",
    "connect-events",
    "create-attachment",
    "delete-own-message",
    "delivery-events",
    "flag-message",
    "join-channel",
    "leave-channel",
    "mute-channel",
    "pin-message",
    "query-poll-votes",
    "quote-message",
    "read-events",
    "search-messages",
    "send-custom-events",
    "send-links",
    "send-message",
    "send-poll",
    "send-reaction",
    "send-reply",
    "send-typing-events",
    "share-location",
    "typing-events",
    "update-own-message",
    "update-thread",
    "upload-file",
    "send-video-call",  # not in ChannelOwnCapability: kept as a plain str
]


def timestamp(seconds: float, nanos: int = 0) -> str:
    """An RFC 3339 UTC timestamp with nanoseconds, the way Stream writes them."""
    moment = _EPOCH + datetime.timedelta(seconds=int(seconds))
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{nanos % 1_000_000_000:09d}Z"


class _Builder:
    """One payload's worth of users, times and ids, all from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seed = seed

    def time(self, seconds: float) -> str:
        return timestamp(seconds, self.rng.randrange(1_000_000_000))

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(_WORDS) for _ in range(self.rng.randrange(low, high)))

    def uid(self, index: int) -> str:
        return f"user-{self.seed:02d}-{index:03d}"

    def user(self, index: int) -> JSON:
        """A ``UserResponse``."""
        first, last = _FIRST[index % len(_FIRST)], _LAST[(index * 7) % len(_LAST)]
        user: JSON = {
            "id": self.uid(index),
            "name": f"{first} {last}",
            "image": f"https://getstream.io/random_png/?id={self.uid(index)}&name={first}+{last}",
            "language": ["en", "fr", "de", "ja"][index % 4],
            "role": "admin" if index == 0 else "user",
            "teams": ["blue"] if index % 3 else ["blue", "green"],
            "created_at": self.time(-86_400 * 200 + index * 3_600),
            "updated_at": self.time(-86_400 * 20 + index * 60),
            "last_active": self.time(-600 + index * 7),
            "online": index % 3 == 0,
            "banned": False,
            "shadow_banned": False,
            "invisible": False,
            "blocked_user_ids": [],
            "custom": {"department": ["eng", "design", "sales"][index % 3], "title": "Engineer", "desk": 100 + index},
        }
        if index % 4 == 0:
            user["privacy_settings"] = {
                "typing_indicators": {"enabled": True},
                "read_receipts": {"enabled": index % 8 != 0},
            }
        if index % 5 == 1:
            user["avg_response_time"] = 120 + index
        return user

    def member(self, index: int) -> JSON:
        """A ``ChannelMemberResponse`` with its user."""
        return {
            "user_id": self.uid(index),
            "user": self.user(index),
            "status": "member",
            "created_at": self.time(-86_400 * 30 + index * 600),
            "updated_at": self.time(-86_400 * 30 + index * 600),
            "banned": False,
            "shadow_banned": False,
            "role": "owner" if index == 0 else "member",
            "channel_role": "channel_moderator" if index == 0 else "channel_member",
            "notifications_muted": index % 6 == 5,
            "is_moderator": index == 0,
            "custom": {"nickname": f"{_FIRST[index % len(_FIRST)].lower()}{index}"} if index % 2 else {},
        }

    def reaction(self, message_id: str, kind: str, user: int, at: float) -> JSON:
        """A ``ReactionResponse``."""
        return {
            "message_id": message_id,
            "user_id": self.uid(user),
            "user": self.user(user),
            "type": kind,
            "score": 1,
            "created_at": self.time(at),
            "updated_at": self.time(at),
            "custom": {},
        }

    def attachment(self, index: int) -> JSON:
        """An ``Attachment``: an image upload or a link preview."""
        if index % 2:
            return {
                "type": "image",
                "image_url": f"https://us-east.stream-io-cdn.com/1234/images/photo-{index}.jpg?Key-Pair-Id=APKA&Signature=abc",
                "thumb_url": f"https://us-east.stream-io-cdn.com/1234/images/photo-{index}-thumb.jpg",
                "fallback": f"photo-{index}.jpg",
                "original_width": 1600,
                "original_height": 1200,
                "custom": {},
            }
        return {
            "type": "image",
            "og_scrape_url": f"https://example.com/posts/{index}",
            "title_link": f"https://example.com/posts/{index}",
            "title": "Shipping the new dashboard",
            "text": self.words(12, 20),
            "author_name": "Example Blog",
            "image_url": f"https://example.com/images/{index}.png",
            "thumb_url": f"https://example.com/images/{index}-thumb.png",
            "custom": {},
        }

    def message(self, channel: str, index: int, members: int, at: float) -> JSON:
        """A ``MessageResponse`` with its user, reactions and sometimes attachments or mentions."""
        author = index % members
        message_id = f"{channel.split(':')[1]}-msg-{index:04d}"
        text = self.words(10, 40)
        reactors = [(index + k * 3) % members for k in range(index % 5)]
        latest = [
            self.reaction(message_id, _REACTIONS[(index + k) % len(_REACTIONS)], user, at + 30 + k)
            for k, user in enumerate(reactors)
        ]
        counts: dict[str, int] = {}
        for item in latest:
            counts[item["type"]] = counts.get(item["type"], 0) + 1
        groups = {
            kind: {
                "count": count,
                "sum_scores": count,
                "first_reaction_at": latest[0]["created_at"],
                "last_reaction_at": latest[-1]["created_at"],
                "latest_reactions_by": [],
            }
            for kind, count in counts.items()
        }
        mentioned = [self.user((author + 1) % members)] if index % 6 == 0 else []
        message: JSON = {
            "id": message_id,
            "text": text,
            "html": f"<p>{text}</p>\n",
            "type": "regular",
            "user": self.user(author),
            "attachments": [self.attachment(index)] if index % 5 == 0 else [],
            "latest_reactions": latest,
            "own_reactions": latest[:1],
            "reaction_counts": counts,
            "reaction_scores": dict(counts),
            "reaction_groups": groups or None,
            "reply_count": index % 3,
            "deleted_reply_count": 0,
            "cid": channel,
            "created_at": self.time(at),
            "updated_at": self.time(at + 5),
            "custom": {"client_msg_id": f"c-{index:06d}", "priority": index % 3},
            "shadowed": False,
            "mentioned_users": mentioned,
            "mentioned_channel": False,
            "mentioned_here": False,
            "silent": False,
            "pinned": index % 10 == 0,
            "pinned_at": self.time(at + 60) if index % 10 == 0 else None,
            "pin_expires": None,
            "pinned_by": self.user(0) if index % 10 == 0 else None,
            "restricted_visibility": [],
            "i18n": {"language": "en", "fr_text": text, "en_text": text} if index % 10 == 3 else None,
            "message_text_updated_at": self.time(at + 5) if index % 7 == 2 else None,
            "quoted_message_id": f"{channel.split(':')[1]}-msg-{index - 1:04d}" if index % 11 == 4 else None,
            "thread_participants": [self.user(author)] if index % 3 else [],
            "member": {"channel_role": "channel_member", "notifications_muted": False},
            "poll_id": None,
            "command": None,
            "before_message_send_failed": False,  # not in MessageResponse: kept in additional_properties
        }
        return message

    def config(self) -> JSON:
        """A ``ChannelConfigWithInfo``."""
        at = self.time(-86_400 * 400)
        return {
            "created_at": at,
            "updated_at": self.time(-86_400 * 5),
            "name": "messaging",
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
            "polls": True,
            "user_message_reminders": False,
            "shared_locations": False,
            "count_messages": True,
            "message_retention": "infinite",
            "max_message_length": 5000,
            "automod": "disabled",
            "automod_behavior": "flag",
            "blocklist_behavior": "flag",
            "skip_last_msg_update_for_system_msgs": False,
            "commands": [
                {"name": "giphy", "description": "Post a random gif to the channel", "args": "[text]", "set": "fun_set"}
            ],
        }

    def channel(self, cid: str, members: int, message_count: int, last_at: float) -> JSON:
        """A ``ChannelResponse``."""
        kind, channel_id = cid.split(":")
        return {
            "id": channel_id,
            "type": kind,
            "cid": cid,
            "created_at": self.time(-86_400 * 60),
            "updated_at": self.time(-86_400 * 2),
            "created_by": self.user(0),
            "frozen": False,
            "disabled": False,
            "member_count": members,
            "message_count": message_count,
            "last_message_at": self.time(last_at),
            "config": self.config(),
            "own_capabilities": _CAPABILITIES,
            "hidden": False,
            "custom": {"name": f"Project {channel_id}", "image": f"https://example.com/{channel_id}.png"},
            "name": f"Project {channel_id}",  # custom data also sent at top level: additional_properties
        }

    def read(self, index: int, last_message_id: str, at: float) -> JSON:
        """A ``ReadStateResponse``."""
        return {
            "user": self.user(index),
            "last_read": self.time(at - index * 40),
            "unread_messages": index % 4,
            "last_read_message_id": last_message_id,
            "last_delivered_at": self.time(at - index * 20),
            "last_delivered_message_id": last_message_id,
        }

    def channel_state(self, members: int, messages: int, *, fields_only: bool = False) -> JSON:
        """A ``ChannelStateResponse`` (or ``ChannelStateResponseFields`` inside ``QueryChannelsResponse``)."""
        cid = f"messaging:proj-{self.seed:02d}"
        members = max(members, 1)
        start = -3_600.0 * messages
        page = [self.message(cid, index, members, start + index * 3_600) for index in range(messages)]
        last_id = page[-1]["id"] if page else ""
        state: JSON = {
            "channel": self.channel(cid, members, messages * 7, start + messages * 3_600),
            "members": [self.member(index) for index in range(members)],
            "messages": page,
            "pinned_messages": [item for item in page if item["pinned"]],
            "threads": [],
            "read": [self.read(index, last_id, 0.0) for index in range(members)],
            "membership": self.member(0),
            "watchers": [self.user(index) for index in range(min(3, members))],
            "watcher_count": min(3, members),
            "hidden": False,
            "push_preferences": {"chat_level": "all"},
            "active_live_locations": [],
        }
        if not fields_only:
            state["duration"] = "18.42ms"
        return state


def channel_state(members: int = 20, messages: int = 30, seed: int = 1) -> JSON:
    """A ``ChannelStateResponse`` (GetOrCreateChannel), as decoded JSON."""
    return _Builder(seed).channel_state(members, messages)


def query_channels(channels: int = 10, members: int = 7, messages: int = 4, seed: int = 1) -> JSON:
    """A ``QueryChannelsResponse`` of ``channels`` channel states, as decoded JSON."""
    states = [_Builder(seed + index).channel_state(members, messages, fields_only=True) for index in range(channels)]
    return {"channels": states, "duration": "41.07ms"}


def encode(payload: JSON) -> bytes:
    """Compact UTF-8 JSON, as the API sends it."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


PRESETS: dict[str, Callable[[], JSON]] = {
    "channel page (20 members, 30 messages)": lambda: channel_state(),
    "query one channel (10 members, 20 messages)": lambda: channel_state(members=10, messages=20),
    "query channels (10 channel states)": lambda: query_channels(),
}


def main() -> None:
    for name, build in PRESETS.items():
        print(f"{len(encode(build())) / 1000:7.1f} KB  {name}")


if __name__ == "__main__":
    main()
