"""Block lists: create, list, get, update, delete, import; and their use on messages of channel types.

A channel type names block lists with ``blocklist`` + ``blocklist_behavior`` or ``blocklists``
(``[{blocklist, behavior}]``). A new message that matches one is, by behavior: ``block``: not stored,
answered as a message of type ``error``; ``flag``: stored with ``moderation.action`` ``flag``;
``shadow_block``: stored with ``moderation.action`` ``shadow``. Word lists match as Stream documents:
case-insensitive whole words, text split at white space and hyphens.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from stream_chat.testing import render
from stream_chat.testing.clock import format_time
from stream_chat.testing.context import Call, boolean, handles, string, string_list
from stream_chat.testing.state import Channel, Flag, Message, new_id

TYPES = ("word", "regex", "domain", "domain_allowlist", "email", "email_allowlist")
BEHAVIORS = ("flag", "block", "shadow_block")
OPTIONS = (
    "is_confusable_folding_enabled",
    "is_leet_check_enabled",
    "is_plural_check_enabled",
    "is_substring_matching_enabled",
)
MAX_LISTS = 15
MAX_WORDS = 10_000
MAX_WORD_LENGTH = 40
BLOCKED_TEXT = "Message was blocked by moderation policies"
_LEET = str.maketrans({"4": "a", "@": "a", "3": "e", "1": "i", "!": "i", "0": "o", "5": "s", "$": "s", "7": "t"})
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DOMAIN = re.compile(r"(?:https?://)?((?:[\w-]+\.)+[a-z]{2,})", re.IGNORECASE)


def _words(call: Call, data: dict[str, Any], kind: str, *, required: bool) -> list[str] | None:
    if "words" not in data and not required:
        return None
    words = string_list(call, data, "words")
    if len(words) > MAX_WORDS:
        raise call.fail(f"a block list holds at most {MAX_WORDS} words")
    if kind == "regex":
        for pattern in words:
            try:
                re.compile(pattern)
            except re.error as error:
                raise call.fail(f"{pattern!r} is not a valid regular expression: {error}") from None
        return words
    for word in words:
        if len(word) > MAX_WORD_LENGTH:
            raise call.fail(f"word {word!r} is longer than {MAX_WORD_LENGTH} characters")
        if word != word.lower():
            raise call.fail(f"word {word!r} must be lowercase")
    return words


def _options(call: Call, data: dict[str, Any], record: dict[str, Any]) -> None:
    for key in OPTIONS:
        if key in data:
            record[key] = boolean(call, data, key)


def _record(call: Call, name: str, team: str | None = None) -> dict[str, Any]:
    record = call.store.records.blocklists.get(name)
    if record is None or (team is not None and record.get("team") != team):
        raise call.missing(f"blocklist {name!r} does not exist")
    return record


@handles("CreateBlockList")
def create_blocklist(call: Call) -> dict[str, Any]:
    data = call.json()
    lists = call.store.records.blocklists
    name = string(call, data, "name", required=True) or ""
    if name in lists:
        raise call.fail(f"blocklist {name!r} already exists")
    if len(lists) >= MAX_LISTS:
        raise call.fail(f"an app has at most {MAX_LISTS} block lists")
    kind = data.get("type") or "word"
    if kind not in TYPES:
        raise call.fail(f"type must be one of {', '.join(TYPES)}")
    now = format_time(call.now())
    record: dict[str, Any] = {
        "id": new_id(),
        "name": name,
        "type": kind,
        "words": _words(call, data, kind, required=True),
        "created_at": now,
        "updated_at": now,
        **dict.fromkeys(OPTIONS, False),
    }
    _options(call, data, record)
    team = string(call, data, "team")
    if team:
        record["team"] = team
    owner = data.get("user_id") or (data.get("user") or {}).get("id")
    if owner:
        record["owner_user_id"] = call.store.user(call.operation, owner).id
    lists[name] = record
    return {"blocklist": dict(record)}


@handles("ListBlockLists")
def list_blocklists(call: Call) -> dict[str, Any]:
    team = call.query.get("team")
    found = [dict(item) for item in call.store.records.blocklists.values() if team is None or item.get("team") == team]
    cursor = call.query.get("cursor")
    if cursor:
        names = [item["name"] for item in found]
        if cursor not in names:
            raise call.fail("cursor is not a next_cursor this endpoint returned")
        found = found[names.index(cursor) :]
    limit = call.int_query("limit")
    if limit is not None and limit < 1:
        raise call.fail("limit must be a positive integer")
    answer: dict[str, Any] = {"blocklists": found[:limit] if limit else found}
    if limit and len(found) > limit:
        answer["next_cursor"] = found[limit]["name"]
    return answer


@handles("GetBlockList")
def get_blocklist(call: Call) -> dict[str, Any]:
    return {"blocklist": dict(_record(call, call.params["name"], call.query.get("team")))}


@handles("UpdateBlockList")
def update_blocklist(call: Call) -> dict[str, Any]:
    data = call.json()
    record = _record(call, call.params["name"])
    words = _words(call, data, record["type"], required=False)
    _options(call, data, record)
    if words is not None:
        record["words"] = words
    team = string(call, data, "team")
    if team:
        record["team"] = team
    record["updated_at"] = format_time(call.now())
    return {"blocklist": dict(record)}


@handles("DeleteBlockList")
def delete_blocklist(call: Call) -> dict[str, Any]:
    name = call.params["name"]
    _record(call, name, call.query.get("team"))
    del call.store.records.blocklists[name]
    return {}


@handles("ImportBlockList")
def import_blocklist(call: Call) -> dict[str, Any]:
    """Adds ``items`` (words) to the block list whose ``id`` is in the path, as a task that completes at once."""
    from stream_chat.testing.handlers.exports import new_task  # noqa: PLC0415 - exports uses this module's neighbours

    data = call.json()
    record = next((item for item in call.store.records.blocklists.values() if item["id"] == call.params["id"]), None)
    if record is None:
        raise call.missing(f"blocklist with id {call.params['id']!r} does not exist")
    items = _words(call, {"words": data.get("items")}, record["type"], required=True) or []
    if not items:
        raise call.fail("items must name at least one word")
    added = [item for item in items if item not in record["words"]]
    if len(record["words"]) + len(added) > MAX_WORDS:
        raise call.fail(f"a block list holds at most {MAX_WORDS} words")
    record["words"] = record["words"] + added
    record["updated_at"] = format_time(call.now())
    return {"task_id": new_task(call, {"added": len(added), "total": len(record["words"])}).id}


def configure(call: Call, config: dict[str, Any], data: dict[str, Any]) -> None:
    """Keep a channel type's ``blocklist``, ``blocklist_behavior`` and ``blocklists`` settings in ``config``."""
    for key in ("blocklist", "blocklist_behavior"):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise call.fail(f"{key} must be a string")
        if key == "blocklist_behavior" and value not in BEHAVIORS:
            raise call.fail(f"blocklist_behavior must be one of {', '.join(BEHAVIORS)}")
        if key == "blocklist" and value and value not in call.store.records.blocklists:
            raise call.fail(f"blocklist {value!r} does not exist")
        config[key] = value
    options = data.get("blocklists")
    if options is None:
        return
    if not isinstance(options, list) or not all(isinstance(item, dict) for item in options):
        raise call.fail("blocklists must be a list of {blocklist, behavior}")
    for item in options:
        if item.get("behavior") not in BEHAVIORS:
            raise call.fail(f"blocklists behavior must be one of {', '.join(BEHAVIORS)}")
        if item.get("blocklist") not in call.store.records.blocklists:
            raise call.fail(f"blocklist {item.get('blocklist')!r} does not exist")
    config["blocklists"] = [{"blocklist": item["blocklist"], "behavior": item["behavior"]} for item in options]


def _normalized(text: str, record: dict[str, Any]) -> str:
    text = text.lower()
    if record.get("is_confusable_folding_enabled"):
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text


def _matches(record: dict[str, Any], text: str) -> bool:
    kind, words = record["type"], record["words"]
    if kind == "regex":
        return any(re.search(pattern, text) for pattern in words)
    if kind in ("email", "email_allowlist"):
        found = {email.lower() for email in _EMAIL.findall(text)}
        return bool(found & set(words)) if kind == "email" else bool(found - set(words))
    if kind in ("domain", "domain_allowlist"):
        hosts = {host.lower() for host in _DOMAIN.findall(_EMAIL.sub(" ", text))}

        def listed(host: str) -> bool:
            return any(host == domain or host.endswith("." + domain) for domain in words)

        return any(listed(host) for host in hosts) if kind == "domain" else any(not listed(h) for h in hosts)
    normalized = _normalized(text, record)
    if record.get("is_substring_matching_enabled"):
        return any(word in normalized for word in words)
    tokens = {token.strip(".,;:!?\"'()[]{}<>*_~`") for token in re.split(r"[\s-]+", normalized)}
    if record.get("is_leet_check_enabled"):
        tokens |= {token.translate(_LEET) for token in tokens}
    if record.get("is_plural_check_enabled"):
        tokens |= {token[:-1] for token in tokens if token.endswith("s")}
    return bool(tokens & set(words))


def _applied(call: Call, channel: Channel) -> list[tuple[str, str]]:
    kind = call.store.channel_types.get(channel.type)
    if kind is None:
        return []
    config = kind.config
    applied = [(item["blocklist"], item["behavior"]) for item in config.get("blocklists") or []]
    if config.get("blocklist"):
        applied.append((config["blocklist"], config.get("blocklist_behavior") or "flag"))
    return applied


def screen(call: Call, channel: Channel, message: Message) -> dict[str, Any] | None:
    """Apply the channel type's block lists to a new message: the ``error`` message to answer if blocked.

    A flagged or shadow-blocked message gets its ``moderation`` result and is stored as usual; a flagged one
    is also a flag in QueryMessageFlags, a shadow-blocked one is ``shadowed`` (hidden from everyone else).
    """
    severity = {"flag": 0, "shadow_block": 1, "block": 2}
    hits = [
        (name, behavior)
        for name, behavior in _applied(call, channel)
        if (record := call.store.records.blocklists.get(name)) is not None and _matches(record, message.text)
    ]
    if not hits:
        return None
    name, behavior = max(hits, key=lambda hit: severity[hit[1]])
    action = {"flag": "flag", "shadow_block": "shadow", "block": "bounce"}[behavior]
    message.moderation = {
        "action": action,
        "original_text": message.text,
        "blocklist_matched": name,
        "blocklists_matched": sorted({hit[0] for hit in hits}),
    }
    if behavior == "flag":
        now = call.now()
        call.store.flags.append(Flag(now, now, None, target_message_id=message.id, reason=f"blocklist {name}"))
    if behavior == "shadow_block":
        message.shadowed = True
    if behavior != "block":
        return None
    view = render.message(call.store, message)
    view.update({"type": "error", "text": BLOCKED_TEXT, "html": render.message_html(BLOCKED_TEXT)})
    return view
