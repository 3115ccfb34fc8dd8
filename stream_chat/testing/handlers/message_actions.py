"""What happens to a message after it is sent: translation, giphy actions, pending and ephemeral messages, edit
history, and link previews. Integrations are emulated deterministically: nothing leaves the emulator."""

from __future__ import annotations

import copy
import re
from typing import Any
from urllib.parse import urlsplit

from stream_chat.testing import render
from stream_chat.testing.clock import format_time
from stream_chat.testing.context import Call, acting_user, handles, required, required_object, string, string_list
from stream_chat.testing.handlers.messages import GIFS, add_message, giphy
from stream_chat.testing.query import cursor_page, matches, parse_sort, sort_documents
from stream_chat.testing.state import Message

_LANGUAGE = re.compile(r"[a-z]{2}(-[A-Za-z]{2,})?")


def translated(text: str, language: str) -> str:
    """The emulator's translation: the text marked with the target language, so tests can predict it."""
    return f"[{language}] {text}"


@handles("TranslateMessage")
def translate_message(call: Call) -> dict[str, Any]:
    store = call.store
    message = store.message(call.operation, call.params["id"], deleted=False)
    language = string(call, call.json(), "language", required=True) or ""
    if not _LANGUAGE.fullmatch(language):
        raise call.fail(f"language {language!r} is not a language code such as fr or zh-TW")
    author = store.users.get(message.user_id)
    source = (author.data.get("language") if author is not None else None) or "en"
    message.i18n["language"] = source
    message.i18n[f"{language}_text"] = message.text if language == source else translated(message.text, language)
    return {"message": render.message(store, message)}


def _ephemeral(call: Call, user_id: str | None) -> Message:
    message = call.store.ephemeral.get(call.params["id"])
    if message is None:
        raise call.missing(f"ephemeral message {call.params['id']!r} does not exist")
    if user_id is not None and user_id != message.user_id:
        raise call.fail(f"message {message.id} belongs to user {message.user_id}")
    return message


@handles("RunMessageAction")
def run_message_action(call: Call) -> dict[str, Any]:
    """Giphy previews: ``image_action`` send (post it), shuffle (the next canned GIF) or cancel (drop it)."""
    store = call.store
    body = call.json()
    form = required_object(call, body, "form_data")
    message = _ephemeral(call, acting_user(call, body))
    action = form.get("image_action")
    if action == "shuffle":
        current = message.attachments[0].get("image_url") if message.attachments else None
        giphy(message, GIFS.index(current) + 1 if current in GIFS else 0)
        return {"message": render.message(store, message)}
    if action == "send":
        del store.ephemeral[message.id]
        message.type = "regular"
        for item in message.attachments:
            item.pop("actions", None)
        add_message(call, store.channel(call.operation, *message.cid.split(":", 1)), message)
        return {"message": render.message(store, message)}
    if action == "cancel":
        del store.ephemeral[message.id]
        return {}
    raise call.fail("form_data.image_action must be send, shuffle or cancel")


@handles("EphemeralMessageUpdate")
def ephemeral_message_update(call: Call) -> dict[str, Any]:
    body = call.json()
    message = _ephemeral(call, acting_user(call, body))
    to_set = body.get("set") or {}
    if not isinstance(to_set, dict):
        raise call.fail("set must be an object")
    for key, value in to_set.items():
        if key == "text":
            if not isinstance(value, str):
                raise call.fail("text must be a string")
            message.text = value
        elif key == "attachments":
            if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
                raise call.fail("attachments must be a list of objects")
            message.attachments = copy.deepcopy(value)
        elif key in render.MESSAGE_FIELDS:
            raise call.fail(f"field {key} cannot be updated")
        else:
            message.custom[key] = copy.deepcopy(value)
    for key in string_list(call, body, "unset"):
        message.custom.pop(key, None)
    message.updated_at = call.now()
    return {"message": render.message(call.store, message)}


@handles("CommitMessage")
def commit_message(call: Call) -> dict[str, Any]:
    """Publish a message sent with ``pending: true``."""
    store = call.store
    message = store.pending.get(call.params["id"])
    if message is None:
        raise call.missing(f"pending message {call.params['id']!r} does not exist")
    channel = store.channel(call.operation, *message.cid.split(":", 1))
    del store.pending[message.id]
    add_message(call, channel, message)
    return {"message": render.message(store, message)}


@handles("QueryMessageHistory")
def query_message_history(call: Call) -> dict[str, Any]:
    """Earlier versions of messages, one entry per update, newest first unless sorted otherwise."""
    body = call.json()
    conditions = required(call, body, "filter")
    if not isinstance(conditions, dict) or "message_id" not in conditions:
        raise call.fail("filter must name the message_id")
    entries = list(call.store.history)
    documents = {
        id(entry): {
            "message_id": entry.message_id,
            "message_updated_by_id": entry.updated_by_id,
            "message_updated_at": format_time(entry.updated_at),
            "is_deleted": entry.is_deleted,
        }
        for entry in entries
    }
    found = [entry for entry in entries if matches(documents[id(entry)], conditions)]
    order = parse_sort(body.get("sort")) or [("message_updated_at", -1)]
    found = sort_documents(found, order, lambda entry: documents[id(entry)])
    shown, cursors = cursor_page(found, body, default=10, maximum=100)
    history = [
        {
            **documents[id(entry)],
            "text": entry.text,
            "attachments": [render.attachment(item) for item in entry.attachments],
            "custom": dict(entry.custom),
        }
        for entry in shown
    ]
    return {"message_history": history, **cursors}


@handles("GetOG")
def get_og(call: Call) -> dict[str, Any]:
    """A link preview built from the URL alone: the emulator does not fetch pages."""
    url = call.query.get("url", "")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise call.fail(f"url {url!r} is not an http(s) URL")
    return {
        "type": "link",
        "og_scrape_url": url,
        "title_link": url,
        "title": parts.hostname,
        "custom": {},
    }
