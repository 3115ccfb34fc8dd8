"""The events of reminders, mutes, flags, threads, member changes and freezing, delivered as webhooks.

Each case does one operation through ``StreamChat`` against the emulator, with ``webhook_events`` set
to the one type it should emit; the handler on 127.0.0.1 verifies the signature, ``parse_typed_event``
gives the generated model of that type, and the body is checked against its schema in ``openapi/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from stream_chat import StreamChat
from stream_chat.base.exceptions import StreamAPIException
from stream_chat.testing import Emulator
from stream_chat_gen.models import (
    ChannelFrozenEvent,
    ChannelMutedEvent,
    ChannelUnFrozenEvent,
    ChannelUnmutedEvent,
    ChannelUpdatedEvent,
    MemberUpdatedEvent,
    MessageFlaggedEvent,
    ReminderCreatedEvent,
    ReminderDeletedEvent,
    ReminderUpdatedEvent,
    ThreadUpdatedEvent,
    UserFlaggedEvent,
    UserMutedEvent,
    UserUnmutedEvent,
)
from tests.emulator.conftest import API_KEY, API_SECRET
from tests.emulator.test_webhooks import Hook, _event_schema_errors
from tests.local_http import LocalServer

CID = "messaging:room"
LATER = "2030-01-01T00:00:00Z"


@dataclass
class Room:
    """What every case starts from: ann (owner) and bob in ``messaging:room``, a message of ann, carl outside."""

    emulator: Emulator
    client: StreamChat
    message_id: str

    @property
    def channel(self) -> Any:
        return self.client.channel("messaging", "room")

    def send_events_to(self, url: str, *types: str) -> None:
        """Turn webhooks on from here, for ``types`` (all types when none is given)."""
        self.client.update_app_settings(webhook_url=url, webhook_events=list(types))

    def delivered(self, state: Hook) -> list[str]:
        """The types of the events delivered so far, once every queued one is done."""
        assert self.emulator.wait_for_webhooks(timeout=20)
        return state.types()


@pytest.fixture
def hook() -> Iterator[tuple[Hook, str]]:
    state = Hook(StreamChat(API_KEY, API_SECRET))
    with LocalServer(state.handler()) as server:
        yield state, server.url + "/hooks"


@pytest.fixture
def room() -> Iterator[Room]:
    """The room, built before any webhook URL is set: its own events are never sent."""
    with Emulator(API_KEY, API_SECRET) as emulator, emulator.client(max_retries=0) as client:
        client.upsert_users([{"id": "ann"}, {"id": "bob"}, {"id": "carl"}])
        client.update_channel_type("messaging", user_message_reminders=True)
        client.channel("messaging", "room", {"members": ["ann", "bob"]}).create("ann")
        sent = client.channel("messaging", "room").send_message({"text": "hello"}, "ann")
        yield Room(emulator, client, sent["message"]["id"])


def _reply(room: Room) -> str:
    sent = room.channel.send_message({"text": "a reply", "parent_id": room.message_id}, "bob")
    reply_id: str = sent["message"]["id"]
    return reply_id


def _create_reminder(room: Room) -> None:
    room.client.create_reminder(room.message_id, "ann", LATER)


def _update_reminder(room: Room) -> None:
    room.client.create_reminder(room.message_id, "ann")
    room.client.update_reminder(room.message_id, "ann", LATER)


def _delete_reminder(room: Room) -> None:
    room.client.create_reminder(room.message_id, "ann", LATER)
    room.client.delete_reminder(room.message_id, "ann")


def _remind_of_reply(room: Room) -> None:
    room.client.create_reminder(_reply(room), "ann")


def _unmute_user(room: Room) -> None:
    room.client.mute_user("bob", "ann")
    room.client.unmute_user("bob", "ann")


def _unmute_channel(room: Room) -> None:
    room.channel.mute("bob")
    room.channel.unmute("bob")


def _update_thread(room: Room) -> None:
    _reply(room)
    room.client.patch(f"threads/{room.message_id}", data={"set": {"title": "Plans", "colour": "red"}})


def _unfreeze(room: Room) -> None:
    room.channel.update_partial({"frozen": True})
    room.channel.update_partial(to_unset=["frozen"])


def _check_reminder(room: Room, event: Any) -> None:
    assert (event.cid, event.message_id, event.user_id) == (CID, room.message_id, "ann")
    assert (event.reminder.message_id, event.reminder.user_id) == (room.message_id, "ann")


def _check_timed_reminder(room: Room, event: Any) -> None:
    _check_reminder(room, event)
    assert event.reminder.remind_at is not None


def _check_reply_reminder(room: Room, event: Any) -> None:
    assert event.parent_id == room.message_id
    assert event.message_id != room.message_id


def _check_user_mute(room: Room, event: Any) -> None:
    assert (event.user.id, event.target_user.id) == ("ann", "bob")


def _check_user_mutes(room: Room, event: Any) -> None:
    assert event.user.id == "ann"
    assert [user.id for user in event.target_users] == ["bob", "carl"]


def _check_channel_mute(room: Room, event: Any) -> None:
    assert (event.user.id, event.mute.user.id, event.mute.channel.cid) == ("bob", "bob", CID)


def _check_message_flag(room: Room, event: Any) -> None:
    assert (event.message_id, event.message.id, event.flag.target_message_id) == (room.message_id,) * 3
    assert (event.cid, event.channel_id, event.channel_type) == (CID, "room", "messaging")
    assert (event.user.id, event.reason, event.total_flags) == ("bob", "spam", 1)


def _check_user_flag(room: Room, event: Any) -> None:
    assert (event.user.id, event.target_user.id, event.reason, event.total_flags) == ("ann", "bob", "", 1)


def _check_thread(room: Room, event: Any) -> None:
    assert (event.cid, event.channel_id, event.channel_type) == (CID, "room", "messaging")
    assert (event.thread.parent_message_id, event.thread.title) == (room.message_id, "Plans")


def _check_member(**expected: Any) -> Callable[[Room, Any], None]:
    def check(room: Room, event: Any) -> None:
        assert event.cid == event.channel.cid == CID
        assert event.member.user_id == event.user.id == "bob"
        assert {key: getattr(event.member, key) for key in expected} == expected

    return check


def _check_frozen(room: Room, event: Any) -> None:
    assert (event.cid, event.channel_id, event.channel_type) == (CID, "room", "messaging")


@dataclass(frozen=True)
class Case:
    name: str
    event_type: str
    model: type
    operation: Callable[[Room], Any]
    check: Callable[[Room, Any], None]


CASES = [
    Case("reminder created", "reminder.created", ReminderCreatedEvent, _create_reminder, _check_timed_reminder),
    Case("reminder updated", "reminder.updated", ReminderUpdatedEvent, _update_reminder, _check_timed_reminder),
    Case("reminder deleted", "reminder.deleted", ReminderDeletedEvent, _delete_reminder, _check_reminder),
    Case("reminder on a reply", "reminder.created", ReminderCreatedEvent, _remind_of_reply, _check_reply_reminder),
    Case(
        "user muted",
        "user.muted",
        UserMutedEvent,
        lambda room: room.client.mute_user("bob", "ann", timeout=10),
        _check_user_mute,
    ),
    Case(
        "users muted",
        "user.muted",
        UserMutedEvent,
        lambda room: room.client.mute_users(["bob", "carl", "nobody"], "ann"),
        _check_user_mutes,
    ),
    Case("user unmuted", "user.unmuted", UserUnmutedEvent, _unmute_user, _check_user_mute),
    Case(
        "channel muted",
        "channel.muted",
        ChannelMutedEvent,
        lambda room: room.channel.mute("bob", expiration=60_000),
        _check_channel_mute,
    ),
    Case("channel unmuted", "channel.unmuted", ChannelUnmutedEvent, _unmute_channel, _check_channel_mute),
    Case(
        "message flagged",
        "message.flagged",
        MessageFlaggedEvent,
        lambda room: room.client.flag_message(room.message_id, user_id="bob", reason="spam"),
        _check_message_flag,
    ),
    Case(
        "user flagged",
        "user.flagged",
        UserFlaggedEvent,
        lambda room: room.client.flag_user("bob", user_id="ann"),
        _check_user_flag,
    ),
    Case("thread updated", "thread.updated", ThreadUpdatedEvent, _update_thread, _check_thread),
    Case(
        "member updated partially",
        "member.updated",
        MemberUpdatedEvent,
        lambda room: room.channel.update_member_partial("bob", {"colour": "red"}),
        _check_member(custom={"colour": "red"}),
    ),
    Case(
        "member role assigned",
        "member.updated",
        MemberUpdatedEvent,
        lambda room: room.channel.assign_roles([{"user_id": "bob", "channel_role": "channel_moderator"}]),
        _check_member(channel_role="channel_moderator"),
    ),
    Case(
        "member promoted",
        "member.updated",
        MemberUpdatedEvent,
        lambda room: room.channel.add_moderators(["bob"]),
        _check_member(channel_role="channel_moderator"),
    ),
    Case(
        "member banned in the channel",
        "member.updated",
        MemberUpdatedEvent,
        lambda room: room.channel.ban_user("bob", banned_by_id="ann"),
        _check_member(banned=True),
    ),
    Case(
        "channel frozen partially",
        "channel.frozen",
        ChannelFrozenEvent,
        lambda room: room.channel.update_partial({"frozen": True}),
        _check_frozen,
    ),
    Case(
        "channel frozen by an update",
        "channel.frozen",
        ChannelFrozenEvent,
        lambda room: room.channel.update({"frozen": True, "topic": "closed"}),
        _check_frozen,
    ),
    Case("channel unfrozen", "channel.unfrozen", ChannelUnFrozenEvent, _unfreeze, _check_frozen),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_operation_emits_its_event(case: Case, hook: tuple[Hook, str], room: Room) -> None:
    state, url = hook
    room.send_events_to(url, case.event_type)
    case.operation(room)
    assert room.delivered(state) == [case.event_type]
    (item,) = state.received
    assert item.verified
    assert isinstance(item.event, case.model), type(item.event)
    assert _event_schema_errors(item.body, case.model) == []
    case.check(room, item.event)


def test_a_member_unbanned_in_the_channel_is_updated(hook: tuple[Hook, str], room: Room) -> None:
    state, url = hook
    room.send_events_to(url, "member.updated")
    room.channel.ban_user("bob", banned_by_id="ann")
    room.channel.unban_user("bob")
    assert room.delivered(state) == ["member.updated", "member.updated"]
    for item in state.received:
        assert item.verified and _event_schema_errors(item.body, MemberUpdatedEvent) == []
    assert [item.event.member.banned for item in state.received] == [True, False]


def test_a_moderator_added_from_outside_the_channel_is_added_and_demoted_is_updated(
    hook: tuple[Hook, str], room: Room
) -> None:
    state, url = hook
    room.send_events_to(url, "member.added", "member.updated")
    room.channel.add_moderators(["carl"])
    room.channel.demote_moderators(["carl"])
    assert room.delivered(state) == ["member.added", "member.updated"]
    assert [item.event.member.channel_role for item in state.received] == ["channel_moderator", "channel_member"]


def test_freezing_sends_the_update_then_the_freeze_and_other_changes_only_the_update(
    hook: tuple[Hook, str], room: Room
) -> None:
    state, url = hook
    room.send_events_to(url)
    room.channel.update_partial({"frozen": True})
    room.channel.update_partial({"frozen": True, "topic": "still frozen"})
    room.channel.update({"topic": "the update keeps frozen"})
    room.channel.update({"frozen": False})
    assert room.delivered(state) == [
        "channel.updated",
        "channel.frozen",
        "channel.updated",
        "channel.updated",
        "channel.updated",
        "channel.unfrozen",
    ]
    first = state.received[0].event
    assert isinstance(first, ChannelUpdatedEvent) and first.channel.frozen is True


def _rejected_requests(room: Room) -> list[Callable[[], Any]]:
    client, channel = room.client, room.channel
    return [
        lambda: client.mute_user("ann", "ann"),
        lambda: client.mute_user("bob", "nobody"),
        lambda: client.mute_users([], "ann"),
        lambda: channel.mute("nobody"),
        lambda: client.unmute_user("bob", "nobody"),
        lambda: client.create_reminder("no-such-message", "ann"),
        lambda: client.create_reminder(room.message_id, "ann", "not a time"),
        lambda: client.create_reminder(room.message_id, "nobody"),
        lambda: client.update_reminder(room.message_id, "ann", LATER),
        lambda: client.delete_reminder(room.message_id, "ann"),
        lambda: client.flag_message("no-such-message", user_id="ann"),
        lambda: client.flag_user("nobody", user_id="ann"),
        lambda: client.patch(f"threads/{room.message_id}", data={"set": {"title": "T"}}),
        lambda: channel.update_member_partial("carl", {"colour": "red"}),
        lambda: channel.update_member_partial("bob", {"pinned": "yes"}),
        lambda: channel.assign_roles([{"user_id": "bob", "channel_role": "king"}]),
        lambda: channel.update_partial({"frozen": "yes"}),
        lambda: channel.update({"frozen": True}, {"text": "closing", "user_id": "nobody"}),
    ]


def test_a_rejected_request_emits_nothing(hook: tuple[Hook, str], room: Room) -> None:
    state, url = hook
    room.send_events_to(url)
    for request in _rejected_requests(room):
        with pytest.raises(StreamAPIException):
            request()
    room.client.mute_user("bob", "ann")
    assert room.delivered(state) == ["user.muted"]


def test_lifting_a_mute_that_is_not_there_emits_nothing(hook: tuple[Hook, str], room: Room) -> None:
    state, url = hook
    room.send_events_to(url)
    room.client.unmute_user("bob", "ann")
    room.channel.unmute("bob")
    room.client.mute_users(["nobody"], "ann")
    room.client.mute_user("carl", "ann")
    assert room.delivered(state) == ["user.muted"]
