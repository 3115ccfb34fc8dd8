"""Polls: options, votes and answers; a message carries a poll by ``poll_id`` where the channel type allows polls."""

from __future__ import annotations

import copy
from typing import Any

from stream_chat.testing import render
from stream_chat.testing.clock import format_time
from stream_chat.testing.context import Call, acting_user, boolean, handles, required_object, string, string_list
from stream_chat.testing.query import cursor_page, matches, parse_sort, sort_documents
from stream_chat.testing.state import Poll, PollVote, new_id

VISIBILITIES = ("public", "anonymous")
# Settings of a poll (``UpdatePollPartial`` may set them); anything else is custom data.
POLL_SETTINGS = frozenset(
    {"name", "description", "voting_visibility", "enforce_unique_vote", "max_votes_allowed", "is_closed"}
    | {"allow_user_suggested_options", "allow_answers"}
)
READ_ONLY = frozenset(
    {"id", "options", "created_at", "updated_at", "created_by", "created_by_id", "vote_count", "answers_count"}
    | {"vote_counts_by_option", "latest_votes_by_option", "latest_answers", "own_votes", "user", "user_id"}
)
MAX_VOTES = 10


def _poll(call: Call) -> Poll:
    poll_id = call.params["poll_id"]
    record = call.store.polls.get(poll_id)
    if record is None:
        raise call.missing(f"poll {poll_id!r} does not exist")
    return record


def _settings(call: Call, record: Poll, data: dict[str, Any]) -> None:
    """Apply the poll settings of ``data`` to ``record``, validated."""
    if "name" in data:
        record.name = string(call, data, "name", required=True) or ""
    if "description" in data:
        record.description = string(call, data, "description") or ""
    if "voting_visibility" in data:
        visibility = data["voting_visibility"] or "public"
        if visibility not in VISIBILITIES:
            raise call.fail(f"voting_visibility must be one of {', '.join(VISIBILITIES)}")
        record.voting_visibility = visibility
    for key in ("enforce_unique_vote", "is_closed", "allow_user_suggested_options", "allow_answers"):
        if key in data:
            setattr(record, key, boolean(call, data, key))
    if "max_votes_allowed" in data:
        value = data["max_votes_allowed"]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_VOTES):
            raise call.fail(f"max_votes_allowed must be between 1 and {MAX_VOTES}")
        record.max_votes_allowed = value
    if record.enforce_unique_vote and record.max_votes_allowed not in (None, 1):
        raise call.fail("enforce_unique_vote allows one vote: max_votes_allowed cannot be more than 1")


def _option(call: Call, record: Poll, raw: Any, option_id: str | None = None) -> str:
    """Add or replace an option; its text must be unique in the poll."""
    if not isinstance(raw, dict):
        raise call.fail("each option must be an object with a text")
    text = string(call, raw, "text", required=True) or ""
    if any(option["text"] == text for key, option in record.options.items() if key != option_id):
        raise call.fail(f"the poll already has an option {text!r}")
    custom = raw.get("custom") or {}
    if not isinstance(custom, dict):
        raise call.fail("custom must be an object")
    option_id = option_id or new_id()
    record.options[option_id] = {"text": text, "custom": copy.deepcopy(custom)}
    return option_id


def _custom(data: dict[str, Any]) -> dict[str, Any]:
    custom = dict(data.get("custom") or {}) if isinstance(data.get("custom"), dict) else {}
    custom.update({key: value for key, value in data.items() if key not in POLL_SETTINGS | READ_ONLY | {"custom"}})
    return copy.deepcopy(custom)


@handles("CreatePoll")
def create_poll(call: Call) -> dict[str, Any]:
    store = call.store
    data = call.json()
    creator = acting_user(call, data, required=True)
    store.user(call.operation, creator)
    poll_id = string(call, data, "id") or new_id()
    if poll_id in store.polls:
        raise call.fail(f"poll {poll_id} already exists")
    now = call.now()
    record = Poll(poll_id, "", str(creator), now, now, custom=_custom(data))
    _settings(call, record, {"name": data.get("name"), **{k: v for k, v in data.items() if k in POLL_SETTINGS}})
    options = data.get("options") or []
    if not isinstance(options, list):
        raise call.fail("options must be a list")
    for raw in options:
        _option(call, record, raw)
    store.polls[poll_id] = record
    return {"poll": render.poll(store, record)}


@handles("GetPoll")
def get_poll(call: Call) -> dict[str, Any]:
    return {"poll": render.poll(call.store, _poll(call), call.query.get("user_id"))}


@handles("UpdatePoll")
def update_poll(call: Call) -> dict[str, Any]:
    store = call.store
    data = call.json()
    poll_id = string(call, data, "id", required=True) or ""
    record = store.polls.get(poll_id)
    if record is None:
        raise call.missing(f"poll {poll_id!r} does not exist")
    updated = copy.deepcopy(record)
    defaults: dict[str, Any] = {"description": "", "voting_visibility": "public", "max_votes_allowed": None}
    flags = ("enforce_unique_vote", "is_closed", "allow_answers", "allow_user_suggested_options")
    defaults.update(dict.fromkeys(flags, False))
    _settings(call, updated, {**defaults, **{k: v for k, v in data.items() if k in POLL_SETTINGS}})
    if "options" in data:
        options = data["options"] or []
        if not isinstance(options, list):
            raise call.fail("options must be a list")
        updated.options = {}
        for raw in options:
            option_id = string(call, raw, "id", required=True) if isinstance(raw, dict) else None
            _option(call, updated, raw, option_id)
        updated.votes = {
            key: vote
            for key, vote in updated.votes.items()
            if vote.option_id in updated.options or vote.answer_text is not None
        }
    updated.custom = _custom(data)
    updated.updated_at = call.now()
    store.polls[poll_id] = updated
    return {"poll": render.poll(store, updated)}


@handles("UpdatePollPartial")
def update_poll_partial(call: Call) -> dict[str, Any]:
    record = _poll(call)
    data = call.json()
    to_set = data.get("set") or {}
    if not isinstance(to_set, dict):
        raise call.fail("set must be an object")
    to_unset = string_list(call, data, "unset")
    reserved = sorted((set(to_set) | set(to_unset)) & READ_ONLY)
    if reserved:
        raise call.fail(f"fields {', '.join(reserved)} cannot be updated")
    if "name" in to_unset:
        raise call.fail("name cannot be unset")
    updated = copy.deepcopy(record)
    _settings(call, updated, {key: value for key, value in to_set.items() if key in POLL_SETTINGS})
    updated.custom.update(copy.deepcopy({k: v for k, v in to_set.items() if k not in POLL_SETTINGS}))
    defaults: dict[str, Any] = {"description": "", "voting_visibility": "public", "max_votes_allowed": None}
    _settings(call, updated, {key: defaults.get(key, False) for key in to_unset if key in POLL_SETTINGS})
    for key in to_unset:
        updated.custom.pop(key, None)
    updated.updated_at = call.now()
    call.store.polls[record.id] = updated
    return {"poll": render.poll(call.store, updated)}


@handles("DeletePoll")
def delete_poll(call: Call) -> dict[str, Any]:
    record = _poll(call)
    del call.store.polls[record.id]
    return {}


def _option_view(record: Poll, option_id: str) -> dict[str, Any]:
    return {"poll_option": {"id": option_id, **copy.deepcopy(record.options[option_id])}}


@handles("CreatePollOption")
def create_poll_option(call: Call) -> dict[str, Any]:
    record = _poll(call)
    data = call.json()
    user_id = acting_user(call, data)
    if user_id is not None:
        call.store.user(call.operation, user_id)
    option_id = _option(call, record, data)
    record.updated_at = call.now()
    return _option_view(record, option_id)


def _existing_option(call: Call, record: Poll, option_id: Any) -> str:
    if not isinstance(option_id, str) or option_id not in record.options:
        raise call.missing(f"poll option {option_id!r} does not exist")
    return option_id


@handles("GetPollOption")
def get_poll_option(call: Call) -> dict[str, Any]:
    record = _poll(call)
    return _option_view(record, _existing_option(call, record, call.params["option_id"]))


@handles("UpdatePollOption")
def update_poll_option(call: Call) -> dict[str, Any]:
    record = _poll(call)
    data = call.json()
    option_id = _existing_option(call, record, string(call, data, "id", required=True))
    _option(call, record, data, option_id)
    record.updated_at = call.now()
    return _option_view(record, option_id)


@handles("DeletePollOption")
def delete_poll_option(call: Call) -> dict[str, Any]:
    record = _poll(call)
    option_id = _existing_option(call, record, call.params["option_id"])
    del record.options[option_id]
    record.votes = {key: vote for key, vote in record.votes.items() if vote.option_id != option_id}
    record.updated_at = call.now()
    return {}


def _message_poll(call: Call) -> Poll:
    message = call.store.message(call.operation, call.params["message_id"], deleted=False)
    record = _poll(call)
    if message.poll_id != record.id:
        raise call.fail(f"message {message.id} does not carry poll {record.id}")
    return record


@handles("CastPollVote")
def cast_poll_vote(call: Call) -> dict[str, Any]:
    store = call.store
    record = _message_poll(call)
    data = call.json()
    user_id = str(acting_user(call, data, required=True))
    store.user(call.operation, user_id)
    if record.is_closed:
        raise call.fail(f"poll {record.id} is closed")
    vote = required_object(call, data, "vote")
    answer = string(call, vote, "answer_text")
    now = call.now()
    mine = [item for item in record.votes.values() if item.user_id == user_id]
    if answer is not None:
        if not record.allow_answers:
            raise call.fail(f"poll {record.id} does not allow answers")
        for item in mine:
            if item.answer_text is not None:
                del record.votes[item.id]
        cast = PollVote(new_id(), record.id, user_id, now, now, answer_text=answer)
    else:
        option_id = _existing_option(call, record, vote.get("option_id"))
        option_votes = [item for item in mine if item.answer_text is None]
        same = next((item for item in option_votes if item.option_id == option_id), None)
        if record.enforce_unique_vote:
            for item in option_votes:
                if item is not same:
                    del record.votes[item.id]
        if same is not None:
            return {"poll": render.poll(store, record, user_id), "vote": render.poll_vote(store, same)}
        if (
            not record.enforce_unique_vote
            and record.max_votes_allowed
            and len(option_votes) >= record.max_votes_allowed
        ):
            raise call.fail(f"user {user_id} has cast the {record.max_votes_allowed} votes this poll allows")
        cast = PollVote(new_id(), record.id, user_id, now, now, option_id=option_id)
    record.votes[cast.id] = cast
    record.updated_at = now
    return {"poll": render.poll(store, record, user_id), "vote": render.poll_vote(store, cast)}


@handles("DeletePollVote")
def delete_poll_vote(call: Call) -> dict[str, Any]:
    record = _message_poll(call)
    vote = record.votes.get(call.params["vote_id"])
    user_id = call.query.get("user_id")
    if vote is None or (user_id and vote.user_id != user_id):
        raise call.missing(f"vote {call.params['vote_id']!r} does not exist")
    del record.votes[vote.id]
    record.updated_at = call.now()
    return {"poll": render.poll(call.store, record, vote.user_id), "vote": render.poll_vote(call.store, vote)}


@handles("QueryPolls")
def query_polls(call: Call) -> dict[str, Any]:
    store = call.store
    body = call.json()
    polls = list(store.polls.values())
    documents = {
        record.id: {
            **record.custom,
            "id": record.id,
            "name": record.name,
            "created_by_id": record.created_by_id,
            "is_closed": record.is_closed,
            "voting_visibility": record.voting_visibility,
            "created_at": format_time(record.created_at),
            "updated_at": format_time(record.updated_at),
        }
        for record in polls
    }
    found = [record for record in polls if matches(documents[record.id], body.get("filter") or {})]
    order = parse_sort(body.get("sort")) or [("created_at", -1)]
    found = sort_documents(found, order, lambda record: documents[record.id])
    shown, cursors = cursor_page(found, body, default=10, maximum=100)
    viewer = call.query.get("user_id")
    return {"polls": [render.poll(store, record, viewer) for record in shown], **cursors}


@handles("QueryPollVotes")
def query_poll_votes(call: Call) -> dict[str, Any]:
    store = call.store
    record = _poll(call)
    body = call.json()
    votes = list(record.votes.values())
    documents = {
        vote.id: {
            "id": vote.id,
            "option_id": vote.option_id,
            "user_id": vote.user_id,
            "is_answer": vote.answer_text is not None,
            "answer_text": vote.answer_text,
            "created_at": format_time(vote.created_at),
        }
        for vote in votes
    }
    found = [vote for vote in votes if matches(documents[vote.id], body.get("filter") or {})]
    order = parse_sort(body.get("sort")) or [("created_at", -1)]
    found = sort_documents(found, order, lambda vote: documents[vote.id])
    shown, cursors = cursor_page(found, body, default=25, maximum=300)
    anonymous = record.voting_visibility == "anonymous"
    return {"votes": [render.poll_vote(store, vote, anonymous=anonymous) for vote in shown], **cursors}
