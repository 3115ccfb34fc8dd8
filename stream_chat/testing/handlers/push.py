"""Push: providers, templates, preferences, and the checks (CheckPush, CheckSQS, CheckSNS). Nothing is ever sent.

``CheckPush`` renders the templates that apply to the user (the request's, else the ones upserted for
the event and provider, else the provider's, else the defaults) with the message, its channel, sender
and receiver. Templates are JSON with ``{{ path }}`` (a value inside a JSON string), ``{{{ path }}}``
(a value as JSON) and the helpers ``truncate path n`` and ``json path``; problems are reported in
``general_errors`` as Stream does. ``CheckSQS``/``CheckSNS`` check that the settings are well formed
(the emulator never contacts AWS) and answer ``status: ok``, or ``status: error`` with the reason.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from stream_chat.testing import render
from stream_chat.testing.clock import format_time
from stream_chat.testing.context import Call, acting_user, boolean, handles, string, timestamp
from stream_chat.testing.state import Store, new_id

PROVIDER_TYPES = ("apn", "firebase", "huawei", "xiaomi")
TEMPLATE_EVENTS = ("message.new", "message.updated", "reaction.new", "reaction.updated", "notification.reminder_due")
PROVIDER_FIELDS = frozenset(
    {"apn_auth_key", "apn_auth_type", "apn_development", "apn_host", "apn_key_id", "apn_p12_cert", "apn_team_id"}
    | {"apn_topic", "description", "disabled_at", "disabled_reason", "firebase_apn_template", "firebase_credentials"}
    | {"firebase_data_template", "firebase_host", "firebase_notification_template", "firebase_server_key"}
    | {"huawei_app_id", "huawei_app_secret", "xiaomi_app_secret", "xiaomi_package_name"}
)
CHAT_LEVELS = ("all", "mentions", "direct_mentions", "all_mentions", "none", "default")
OTHER_LEVELS = ("all", "none", "default")
DEFAULT_APN_TEMPLATE = (
    '{"aps": {"alert": {"title": "{{ sender.name }} @ {{ channel.name }}", '
    '"body": "{{ truncate message.text 2000 }}"}, "badge": {{ unread_count }}, "mutable-content": 1}, '
    '"stream": {"sender": "stream.chat", "type": "{{ event_type }}", "id": "{{ message.id }}", '
    '"cid": "{{ channel.cid }}"}}'
)
DEFAULT_FIREBASE_TEMPLATE = (
    '{"title": "{{ sender.name }} @ {{ channel.name }}", "body": "{{ truncate message.text 2000 }}"}'
)
DEFAULT_FIREBASE_DATA_TEMPLATE = (
    '{"sender": "stream.chat", "type": "{{ event_type }}", "id": "{{ message.id }}", '
    '"channel_type": "{{ channel.type }}", "channel_id": "{{ channel.id }}", "cid": "{{ channel.cid }}"}'
)
_TAG = re.compile(r"\{\{\{\s*(.*?)\s*\}\}\}|\{\{\s*(.*?)\s*\}\}")
_SQS_URL = re.compile(r"https://sqs\.[a-z0-9-]+\.amazonaws\.com/\d{12}/[\w-]{1,80}(\.fifo)?")
_SNS_ARN = re.compile(r"arn:aws:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}(\.fifo)?")
_AWS_KEY = re.compile(r"[A-Z0-9]{16,128}")


def _now(call: Call) -> str:
    return format_time(call.now())


@handles("UpsertPushProvider")
def upsert_push_provider(call: Call) -> dict[str, Any]:
    raw = call.json().get("push_provider")
    if not isinstance(raw, dict):
        raise call.fail("push_provider is a required field")
    name = string(call, raw, "name", required=True) or ""
    kind = raw.get("type")
    if kind not in PROVIDER_TYPES:
        raise call.fail(f"push_provider.type must be one of {', '.join(PROVIDER_TYPES)}")
    providers = call.store.records.push_providers
    previous = providers.get((kind, name))
    now = _now(call)
    record: dict[str, Any] = {key: copy.deepcopy(value) for key, value in raw.items() if key in PROVIDER_FIELDS}
    if isinstance(raw.get("apn_notification_template"), str):  # kept, though providers are answered without it
        record["_apn_notification_template"] = raw["apn_notification_template"]
    record.update(
        {
            "name": name,
            "type": kind,
            "created_at": previous["created_at"] if previous else now,
            "updated_at": now,
            "_id": previous["_id"] if previous else new_id(),
        }
    )
    providers[(kind, name)] = record
    return {"push_provider": _provider_view(record)}


def _provider_view(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if not key.startswith("_")}


@handles("ListPushProviders")
def list_push_providers(call: Call) -> dict[str, Any]:
    return {"push_providers": [_provider_view(record) for record in call.store.records.push_providers.values()]}


@handles("DeletePushProvider")
def delete_push_provider(call: Call) -> dict[str, Any]:
    key = (call.params["type"], call.params["name"])
    if key not in call.store.records.push_providers:
        raise call.missing(f"push provider {key[1]!r} of type {key[0]!r} does not exist")
    del call.store.records.push_providers[key]
    for template_key in [k for k in call.store.records.push_templates if k[:2] == key]:
        del call.store.records.push_templates[template_key]
    return {}


def _provider(call: Call, kind: Any, name: str | None) -> dict[str, Any] | None:
    """The provider of this type (and name, if given); 404 if a named one does not exist."""
    if kind not in PROVIDER_TYPES:
        raise call.fail(f"push_provider_type must be one of {', '.join(PROVIDER_TYPES)}")
    providers = call.store.records.push_providers
    if name:
        record = providers.get((kind, name))
        if record is None:
            raise call.missing(f"push provider {name!r} of type {kind!r} does not exist")
        return record
    return next((record for (k, _), record in providers.items() if k == kind), None)


@handles("UpsertPushTemplate")
def upsert_push_template(call: Call) -> dict[str, Any]:
    data = call.json()
    event_type = string(call, data, "event_type", required=True) or ""
    kind = data.get("push_provider_type")
    provider = _provider(call, kind, string(call, data, "push_provider_name"))
    template = string(call, data, "template")
    if template is not None:
        problems = render_template(template, _sample_context(event_type))[1]
        if problems:
            raise call.fail(f"template is not valid: {problems[0]}")
    templates = call.store.records.push_templates
    provider_name = provider["name"] if provider else ""
    key = (str(kind), provider_name, event_type)
    previous = templates.get(key)
    now = _now(call)
    record = {
        "event_type": event_type,
        "push_provider_internal_id": provider["_id"] if provider else "",
        "enable_push": boolean(call, data, "enable_push", default=previous["enable_push"] if previous else True),
        "template": template if template is not None else (previous or {}).get("template", ""),
        "created_at": previous["created_at"] if previous else now,
        "updated_at": now,
    }
    templates[key] = record
    return {"template": dict(record)}


@handles("GetPushTemplates")
def get_push_templates(call: Call) -> dict[str, Any]:
    kind = call.query.get("push_provider_type")
    provider = _provider(call, kind, call.query.get("push_provider_name"))
    name = provider["name"] if provider else ""
    found = [dict(record) for key, record in call.store.records.push_templates.items() if key[:2] == (kind, name)]
    return {"templates": found}


def _level(call: Call, item: dict[str, Any], key: str, allowed: tuple[str, ...]) -> str | None:
    value = item.get(key)
    if value is not None and value not in allowed:
        raise call.fail(f"{key} must be one of {', '.join(allowed)}")
    return value


@handles("UpdatePushNotificationPreferences")
def update_push_preferences(call: Call) -> dict[str, Any]:
    preferences = call.json().get("preferences")
    if not isinstance(preferences, list) or not preferences:
        raise call.fail("preferences must be a non-empty list")
    records = call.store.records
    changed: list[tuple[str, str | None]] = []
    for item in preferences:
        if not isinstance(item, dict):
            raise call.fail("each preference must be an object")
        user = call.store.user(call.operation, acting_user(call, item, required=True))
        cid = string(call, item, "channel_cid")
        if cid:
            call.store.channel_by_cid(call.operation, cid)
        update: dict[str, Any] = {
            "chat_level": _level(call, item, "chat_level", CHAT_LEVELS),
            "call_level": None if cid else _level(call, item, "call_level", OTHER_LEVELS),
            "feeds_level": None if cid else _level(call, item, "feeds_level", OTHER_LEVELS),
        }
        disabled = timestamp(call, item.get("disabled_until"), "disabled_until")
        if isinstance(item.get("chat_preferences"), dict):
            update["chat_preferences"] = copy.deepcopy(item["chat_preferences"])
        target = records.channel_push_preferences.setdefault(user.id, {}).setdefault(cid, {}) if cid else None
        if target is None:
            target = records.push_preferences.setdefault(user.id, {})
        target.update({key: value for key, value in update.items() if value is not None})
        if disabled is not None:
            target["disabled_until"] = format_time(disabled)
        if boolean(call, item, "remove_disable"):
            target.pop("disabled_until", None)
        changed.append((user.id, cid))
    user_ids = list(dict.fromkeys(user_id for user_id, _ in changed))
    return {
        "user_preferences": {user_id: dict(records.push_preferences.get(user_id, {})) for user_id in user_ids},
        "user_channel_preferences": {
            user_id: {cid: dict(pref) for cid, pref in records.channel_push_preferences.get(user_id, {}).items()}
            for user_id in user_ids
        },
    }


def _lookup(context: dict[str, Any], path: str) -> Any:
    value: Any = context
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return None
    return value


def render_template(template: str, context: dict[str, Any]) -> tuple[Any, list[str]]:
    """The JSON a template renders to with ``context``, and the problems found (then the value is ``None``)."""
    problems: list[str] = []

    def substitute(match: re.Match[str]) -> str:
        raw, escaped = match.group(1), match.group(2)
        words = (raw if raw is not None else escaped).split()
        if not words:
            problems.append("an empty {{ }} tag")
            return ""
        if words[0] == "truncate" and len(words) == 3 and words[2].isdigit():
            value: Any = str(_lookup(context, words[1]) or "")[: int(words[2])]
        elif words[0] == "json" and len(words) == 2:
            return json.dumps(_lookup(context, words[1]))
        elif len(words) == 1:
            value = _lookup(context, words[0])
        else:
            problems.append(f"unknown helper {words[0]!r}")
            return ""
        if raw is not None or not isinstance(value, str):
            return json.dumps(value) if raw is not None or value is not None else ""
        return json.dumps(value)[1:-1]

    text = _TAG.sub(substitute, template)
    if problems:
        return None, problems
    try:
        return json.loads(text), []
    except ValueError as error:
        return None, [f"the rendered template is not valid JSON: {error}"]


def _sample_context(event_type: str) -> dict[str, Any]:
    person = {"id": "someone", "name": "Someone"}
    return {
        "event_type": event_type,
        "sender": person,
        "receiver": person,
        "message": {"id": "id", "text": "text"},
        "channel": {"id": "id", "type": "messaging", "cid": "messaging:id", "name": "name"},
        "unread_count": 1,
        "unread_channels": 1,
    }


def _context(store: Store, event_type: str, receiver_id: str, message_id: str | None) -> dict[str, Any]:
    receiver = store.users[receiver_id]
    context: dict[str, Any] = {"event_type": event_type, "receiver": render.user(store, receiver)}
    if message_id is not None:
        message = store.messages[message_id]
        channel = store.channels[message.cid]
        context["message"] = render.message(store, message)
        context["sender"] = render.user_by_id(store, message.user_id)
        context["channel"] = render.channel(store, channel)
        context["members"] = [render.member(store, member) for member in channel.members.values()]
    full = render.full_user(store, receiver)
    context["unread_count"] = full["total_unread_count"]
    context["unread_channels"] = full["unread_channels"]
    return context


@handles("CheckPush")
def check_push(call: Call) -> dict[str, Any]:
    data = call.json()
    store = call.store
    user = store.user(call.operation, acting_user(call, data, required=True))
    event_type = data.get("event_type") or "message.new"
    if event_type not in TEMPLATE_EVENTS:
        raise call.fail(f"event_type must be one of {', '.join(TEMPLATE_EVENTS)}")
    message_id = string(call, data, "message_id")
    if message_id is not None:
        store.message(call.operation, message_id)
    kind = data.get("push_provider_type")
    name = string(call, data, "push_provider_name")
    provider = _provider(call, kind, name) if kind is not None else None
    skip_devices = boolean(call, data, "skip_devices")
    general_errors: list[str] = []
    devices = [device for device in store.devices.values() if device.user_id == user.id]
    if kind is not None:
        devices = [device for device in devices if device.push_provider == kind]
    if not skip_devices and not devices:
        general_errors.append(f"user {user.id} has no devices{f' for {kind}' if kind else ''}")
    context = _context(store, event_type, user.id, message_id)
    response: dict[str, Any] = {"event_type": event_type, "skip_devices": skip_devices}
    apn = _template(call, data, provider, "apn", event_type, "apn_template", DEFAULT_APN_TEMPLATE)
    firebase = _template(call, data, provider, "firebase", event_type, "firebase_template", DEFAULT_FIREBASE_TEMPLATE)
    firebase_data = string(call, data, "firebase_data_template") or (provider or {}).get("firebase_data_template")
    for key, template in (("rendered_apn_template", apn), ("rendered_firebase_template", firebase)):
        rendered, problems = render_template(template, context)
        general_errors += problems
        if rendered is not None:
            response[key] = json.dumps(rendered)
    rendered_data, problems = render_template(firebase_data or DEFAULT_FIREBASE_DATA_TEMPLATE, context)
    general_errors += problems
    if isinstance(rendered_data, dict):
        response["rendered_message"] = {key: str(value) for key, value in rendered_data.items()}
    response["general_errors"] = general_errors
    response["device_errors"] = {}
    return response


def _template(
    call: Call,
    data: dict[str, Any],
    provider: dict[str, Any] | None,
    kind: str,
    event_type: str,
    request_key: str,
    default: str,
) -> str:
    """The template that applies: the request's, the upserted one, the provider's, else the default."""
    given = string(call, data, request_key)
    if given:
        return given
    provider_name = provider["name"] if provider and provider["type"] == kind else ""
    upserted = call.store.records.push_templates.get((kind, provider_name, event_type))
    if upserted and upserted.get("template"):
        return str(upserted["template"])
    if provider and provider["type"] == kind:
        field = "_apn_notification_template" if kind == "apn" else "firebase_notification_template"
        if provider.get(field):
            return str(provider[field])
    return default


def _aws_check(call: Call, fields: dict[str, tuple[str, re.Pattern[str]]]) -> dict[str, Any]:
    data = call.json()
    problems = []
    for key, (label, pattern) in fields.items():
        value = data.get(key) or call.store.app.get(key) or ""
        if not isinstance(value, str) or not value:
            problems.append(f"{key} is missing")
        elif not pattern.fullmatch(value):
            problems.append(f"{key} is not a valid {label}")
    if problems:
        return {"status": "error", "error": "; ".join(problems), "data": {}}
    return {"status": "ok"}


_SECRET = re.compile(r"\S{16,}")


@handles("CheckSQS")
def check_sqs(call: Call) -> dict[str, Any]:
    return _aws_check(
        call,
        {
            "sqs_url": ("SQS queue URL", _SQS_URL),
            "sqs_key": ("AWS access key id", _AWS_KEY),
            "sqs_secret": ("AWS secret access key", _SECRET),
        },
    )


@handles("CheckSNS")
def check_sns(call: Call) -> dict[str, Any]:
    return _aws_check(
        call,
        {
            "sns_topic_arn": ("SNS topic ARN", _SNS_ARN),
            "sns_key": ("AWS access key id", _AWS_KEY),
            "sns_secret": ("AWS secret access key", _SECRET),
        },
    )
