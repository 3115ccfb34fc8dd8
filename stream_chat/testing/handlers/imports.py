"""Imports: a file uploaded to the URL CreateImportURL gives, then CreateImport (or an import v2 task) loads it.

The upload URL is the emulator's own (``PUT /_emulator/imports/<id>/<file>``, as a presigned S3 URL
would be used; the in-process transports and the HTTP server both accept it). The file is Stream's
import format: a JSON array, or JSON lines, of ``{"type": user|channel|member|message|reaction,
"item": {...}}``. Every item is checked (fields, references to users, channels and messages in the
app or earlier in the file) before anything is written; an invalid file fails the import and changes
nothing. ``insert`` skips items that exist, ``upsert`` replaces them (``merge_custom`` merges custom
data). Imports run to completion while the request is answered. External storages are recorded and
checked for form only: the emulator never contacts S3, GCS or Azure.
"""

from __future__ import annotations

import copy
import itertools
import json
import re
from typing import Any
from urllib.parse import quote

from stream_chat.testing import render
from stream_chat.testing.clock import format_time
from stream_chat.testing.context import Call, boolean, handles, string, timestamp
from stream_chat.testing.handlers.exports import save_file
from stream_chat.testing.handlers.users import user_data
from stream_chat.testing.state import Channel, Member, Message, Reaction, Read, Store, User, new_id

IMPORTS_PATH = "/_emulator/imports/"
MODES = ("insert", "upsert")
ITEM_TYPES = ("user", "channel", "member", "message", "reaction")
STORAGE_TYPES = ("s3", "gcs", "abs")
IMPORTER_STORAGE_TYPES = ("aws_s3", "gcs")
# Import v2 task states: Stream does not publish its numbering; these are the emulator's.
V2_QUEUED, V2_PROCESSING, V2_COMPLETED, V2_FAILED, V2_CANCELLED = range(5)
_ROLE_ARN = re.compile(r"arn:aws:iam::\d{12}:role/[\w+=,.@/-]+")


class ImportFileError(ValueError):
    """The import file is not valid; nothing was written."""


def accept_upload(store: Store, path: str, content: bytes) -> bool:
    """Keep an upload to an import URL; ``False`` if no such URL was handed out."""
    key = path[len(IMPORTS_PATH) :]
    if key not in store.records.import_uploads:
        return False
    store.records.import_uploads[key] = content
    return True


@handles("CreateImportURL")
def create_import_url(call: Call) -> dict[str, Any]:
    filename = string(call, call.json(), "filename") or "import.json"
    if "/" in filename:
        raise call.fail("filename must not contain '/'")
    path = f"{new_id()}/{filename}"
    call.store.records.import_uploads[path] = None
    return {"path": path, "upload_url": call.base_url + IMPORTS_PATH + quote(path)}


def _items(content: bytes) -> list[tuple[str, dict[str, Any]]]:
    text = content.decode("utf-8").strip()
    if not text:
        raise ImportFileError("the file is empty")
    try:
        parsed = json.loads(text) if text.startswith("[") else [json.loads(line) for line in text.splitlines() if line]
    except ValueError as error:
        raise ImportFileError(f"the file is not a JSON array nor JSON lines: {error}") from None
    items = []
    for index, entry in enumerate(parsed):
        if (
            not isinstance(entry, dict)
            or entry.get("type") not in ITEM_TYPES
            or not isinstance(entry.get("item"), dict)
        ):
            raise ImportFileError(f"entry {index}: expected {{type: {'|'.join(ITEM_TYPES)}, item: {{...}}}}")
        items.append((str(entry["type"]), entry["item"]))
    return items


class _Importer:
    """Checks every item, then writes them all."""

    def __init__(self, call: Call, mode: str, merge_custom: bool) -> None:
        self.call = call
        self.store = call.store
        self.mode = mode
        self.merge_custom = merge_custom
        self.users: set[str] = set(self.store.users)
        self.channels: set[str] = {cid for cid, channel in self.store.channels.items() if channel.deleted_at is None}
        self.messages: set[str] = set(self.store.messages)
        self.writes: list[Any] = []
        self.counts: dict[str, int] = dict.fromkeys(ITEM_TYPES, 0)

    def fail(self, index: int, kind: str, detail: str) -> ImportFileError:
        return ImportFileError(f"entry {index} ({kind}): {detail}")

    def when(self, index: int, kind: str, item: dict[str, Any]) -> int | None:
        value = item.get("created_at")
        if value is None:
            return None
        try:
            return timestamp(self.call, value, "created_at")
        except Exception:
            raise self.fail(index, kind, f"created_at {value!r} is not an RFC 3339 date-time") from None

    def user_of(self, index: int, kind: str, item: dict[str, Any], key: str = "user_id") -> str:
        user = item.get("user")
        user_id = item.get(key) or (user.get("id") if isinstance(user, dict) else user)
        if not isinstance(user_id, str) or user_id not in self.users:
            raise self.fail(index, kind, f"user {user_id!r} does not exist")
        return user_id

    def check(self, items: list[tuple[str, dict[str, Any]]]) -> None:
        for index, (kind, item) in enumerate(items):
            getattr(self, f"_check_{kind}")(index, item)
            self.counts[kind] += 1

    def _check_user(self, index: int, item: dict[str, Any]) -> None:
        try:
            user_id, data = user_data(self.call, item)
        except Exception as error:
            raise self.fail(index, "user", str(getattr(error, "message", error))) from None
        self.users.add(user_id)
        self.writes.append(("user", user_id, data, self.when(index, "user", item)))

    def _check_channel(self, index: int, item: dict[str, Any]) -> None:
        channel_type, channel_id = item.get("type"), item.get("id")
        if not isinstance(channel_type, str) or channel_type not in self.store.channel_types:
            raise self.fail(index, "channel", f"channel type {channel_type!r} does not exist")
        if not isinstance(channel_id, str) or not channel_id:
            raise self.fail(index, "channel", "id is required")
        created_by = item.get("created_by")
        creator = created_by.get("id") if isinstance(created_by, dict) else created_by or item.get("created_by_id")
        if not isinstance(creator, str) or creator not in self.users:
            raise self.fail(index, "channel", f"created_by {creator!r} does not exist")
        custom = {key: value for key, value in item.items() if key not in render.CHANNEL_FIELDS}
        if isinstance(item.get("custom"), dict):
            custom.update(item["custom"])
        cid = f"{channel_type}:{channel_id}"
        self.channels.add(cid)
        self.writes.append(("channel", cid, creator, copy.deepcopy(custom), self.when(index, "channel", item)))

    def _cid(self, index: int, kind: str, item: dict[str, Any]) -> str:
        cid = item.get("cid") or f"{item.get('channel_type')}:{item.get('channel_id')}"
        if cid not in self.channels:
            raise self.fail(index, kind, f"channel {cid!r} does not exist")
        return str(cid)

    def _check_member(self, index: int, item: dict[str, Any]) -> None:
        cid = self._cid(index, "member", item)
        user_id = self.user_of(index, "member", item)
        role = item.get("channel_role") or "channel_member"
        if role not in ("channel_member", "channel_moderator"):
            raise self.fail(index, "member", "channel_role must be channel_member or channel_moderator")
        self.writes.append(("member", cid, user_id, role, self.when(index, "member", item)))

    def _check_message(self, index: int, item: dict[str, Any]) -> None:
        cid = self._cid(index, "message", item)
        user_id = self.user_of(index, "message", item)
        message_id = item.get("id") or new_id()
        if not isinstance(message_id, str):
            raise self.fail(index, "message", "id must be a string")
        text = item.get("text") or ""
        if not isinstance(text, str):
            raise self.fail(index, "message", "text must be a string")
        parent_id = item.get("parent_id")
        if parent_id is not None and parent_id not in self.messages:
            raise self.fail(index, "message", f"parent message {parent_id!r} does not exist")
        attachments = item.get("attachments") or []
        if not isinstance(attachments, list):
            raise self.fail(index, "message", "attachments must be a list")
        self.messages.add(message_id)
        custom = {key: value for key, value in item.items() if key not in render.MESSAGE_FIELDS}
        custom.pop("channel_type", None)
        custom.pop("channel_id", None)
        fields = {"text": text, "parent_id": parent_id, "attachments": copy.deepcopy(attachments), "custom": custom}
        self.writes.append(("message", cid, message_id, user_id, fields, self.when(index, "message", item)))

    def _check_reaction(self, index: int, item: dict[str, Any]) -> None:
        message_id = item.get("message_id")
        if message_id not in self.messages:
            raise self.fail(index, "reaction", f"message {message_id!r} does not exist")
        user_id = self.user_of(index, "reaction", item)
        kind = item.get("type")
        if not isinstance(kind, str) or not kind:
            raise self.fail(index, "reaction", "type is required")
        score = item.get("score", 1)
        if isinstance(score, bool) or not isinstance(score, int):
            raise self.fail(index, "reaction", "score must be an integer")
        self.writes.append(("reaction", message_id, user_id, kind, score, self.when(index, "reaction", item)))

    def write(self) -> None:
        for write in self.writes:
            getattr(self, f"_write_{write[0]}")(*write[1:])

    def _write_user(self, user_id: str, data: dict[str, Any], created: int | None) -> None:
        now = self.call.now()
        existing = self.store.users.get(user_id)
        if existing is None:
            self.store.users[user_id] = User(user_id, created or now, now, data)
        elif self.mode == "upsert":
            existing.data = {**existing.data, **data} if self.merge_custom else data
            existing.updated_at = now

    def _write_channel(self, cid: str, creator: str, custom: dict[str, Any], created: int | None) -> None:
        now = self.call.now()
        existing = self.store.channels.get(cid)
        if existing is not None and existing.deleted_at is None:
            if self.mode == "upsert":
                existing.data = {**existing.data, **custom} if self.merge_custom else custom
                existing.updated_at = now
            return
        channel_type, channel_id = cid.split(":", 1)
        self.store.channels[cid] = Channel(channel_type, channel_id, created or now, now, creator, custom)

    def _write_member(self, cid: str, user_id: str, role: str, created: int | None) -> None:
        channel = self.store.channels[cid]
        if user_id in channel.members and self.mode == "insert":
            return
        now = self.call.now()
        member = Member(user_id, created or now, now, role="owner" if user_id == channel.created_by_id else "member")
        member.channel_role = role
        channel.members[user_id] = member
        channel.reads.setdefault(user_id, Read(now))

    def _write_message(
        self, cid: str, message_id: str, user_id: str, fields: dict[str, Any], created: int | None
    ) -> None:
        if message_id in self.store.messages and self.mode == "insert":
            return
        now = self.call.now()
        channel = self.store.channels[cid]
        kind = "reply" if fields["parent_id"] else "regular"
        message = Message(message_id, cid, user_id, created or now, now, type=kind, **fields)
        replacing = message_id in self.store.messages
        self.store.messages[message_id] = message
        if not replacing:
            channel.messages.append(message_id)
            channel.messages.sort(key=lambda mid: self.store.messages[mid].created_at)
            if message.parent_id:
                self.store.messages[message.parent_id].replies.append(message_id)
        if message.parent_id is None:
            channel.last_message_at = max(channel.last_message_at or 0, message.created_at)

    def _write_reaction(self, message_id: str, user_id: str, kind: str, score: int, created: int | None) -> None:
        message = self.store.messages[message_id]
        if (user_id, kind) in message.reactions and self.mode == "insert":
            return
        now = self.call.now()
        message.reactions[(user_id, kind)] = Reaction(message_id, user_id, kind, score, created or now, now)


def run_import(call: Call, path: str, mode: str, merge_custom: bool) -> dict[str, int]:
    """Load the file uploaded at ``path``: the number of items per type; ``ImportFileError`` if invalid."""
    if path not in call.store.records.import_uploads:
        raise ImportFileError(f"no import URL was created for {path!r}")
    content = call.store.records.import_uploads[path]
    if content is None:
        raise ImportFileError(f"nothing was uploaded to the import URL of {path!r}")
    importer = _Importer(call, mode, merge_custom)
    importer.check(_items(content))
    importer.write()
    return importer.counts


def _mode(call: Call, value: Any) -> str:
    if value not in MODES:
        raise call.fail(f"mode must be one of {', '.join(MODES)}")
    return str(value)


@handles("CreateImport")
def create_import(call: Call) -> dict[str, Any]:
    data = call.json()
    path = string(call, data, "path", required=True) or ""
    mode = _mode(call, data.get("mode"))
    merge_custom = boolean(call, data, "merge_custom")
    if path not in call.store.records.import_uploads:
        raise call.fail(f"path {path!r} was not created with CreateImportURL")
    content = call.store.records.import_uploads[path]
    now = format_time(call.now())
    steps = ["uploaded", "analyzing"]
    failure: str | None = None
    try:
        run_import(call, path, mode, merge_custom)
        steps += ["waiting_for_confirmation", "importing", "completed"]
    except ImportFileError as error:
        steps.append("analyzing_failed")
        failure = str(error)
    record: dict[str, Any] = {
        "id": new_id(),
        "path": path,
        "mode": mode,
        "size": len(content or b""),
        "state": steps[-1],
        "created_at": now,
        "updated_at": now,
        "history": [
            {"created_at": now, "prev_state": previous, "next_state": following}
            for previous, following in itertools.pairwise(steps)
        ],
    }
    if failure is not None:
        record["_error"] = failure
    call.store.records.imports[record["id"]] = record
    return {"import_task": _import_view(record)}


def _import_view(record: dict[str, Any]) -> dict[str, Any]:
    return {key: copy.deepcopy(value) for key, value in record.items() if not key.startswith("_")}


@handles("ListImports")
def list_imports(call: Call) -> dict[str, Any]:
    return {"import_tasks": [_import_view(record) for record in call.store.records.imports.values()]}


@handles("GetImport")
def get_import(call: Call) -> dict[str, Any]:
    record = call.store.records.imports.get(call.params["id"])
    if record is None:
        raise call.missing(f"import {call.params['id']!r} does not exist")
    return {"import_task": _import_view(record)}


def _v2_view(record: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(record)


@handles("CreateImportV2Task")
def create_import_v2_task(call: Call) -> dict[str, Any]:
    data = call.json()
    product = data.get("product")
    if product not in ("chat", "feeds"):
        raise call.fail("product must be chat or feeds")
    settings = data.get("settings")
    if not isinstance(settings, dict):
        raise call.fail("settings is a required field")
    mode = _mode(call, settings.get("mode") or "upsert")
    now = format_time(call.now())
    record: dict[str, Any] = {
        "id": new_id(),
        "app_pk": call.store.app["id"],
        "product": product,
        "settings": copy.deepcopy(settings),
        "created_at": now,
        "updated_at": now,
    }
    path = settings.get("path")
    if product != "chat":
        record["state"], record["result"] = V2_FAILED, {"error": "the emulator imports chat data only"}
    elif not isinstance(path, str) or path not in call.store.records.import_uploads:
        record["state"] = V2_FAILED
        record["result"] = {"error": "settings.path must be a path from CreateImportURL (no external storage here)"}
    else:
        try:
            counts = run_import(call, path, mode, bool(settings.get("merge_custom")))
            record["state"], record["result"] = V2_COMPLETED, {"imported": counts}
        except ImportFileError as error:
            record["state"], record["result"] = V2_FAILED, {"error": str(error)}
    call.store.records.import_v2_tasks[record["id"]] = record
    return _v2_view(record)


def _v2_task(call: Call) -> dict[str, Any]:
    record = call.store.records.import_v2_tasks.get(call.params["id"])
    if record is None:
        raise call.missing(f"import task {call.params['id']!r} does not exist")
    return record


@handles("GetImportV2Task")
def get_import_v2_task(call: Call) -> dict[str, Any]:
    return _v2_view(_v2_task(call))


@handles("ListImportV2Tasks")
def list_import_v2_tasks(call: Call) -> dict[str, Any]:
    state = call.int_query("state")
    found = [
        _v2_view(record)
        for record in call.store.records.import_v2_tasks.values()
        if state is None or record["state"] == state
    ]
    return {"import_tasks": found}


@handles("DeleteImportV2Task")
def delete_import_v2_task(call: Call) -> dict[str, Any]:
    record = _v2_task(call)
    if record["state"] != V2_QUEUED:
        raise call.fail("only queued import tasks can be deleted; this one has run")
    del call.store.records.import_v2_tasks[record["id"]]
    return {}


@handles("CancelImportV2Task")
def cancel_import_v2_task(call: Call) -> dict[str, Any]:
    record = _v2_task(call)
    if record["state"] not in (V2_QUEUED, V2_PROCESSING):
        raise call.fail("only queued or processing import tasks can be cancelled; this one has finished")
    record["state"] = V2_CANCELLED
    return {}


def _storage_fields(call: Call, data: dict[str, Any]) -> dict[str, Any]:
    kind = data.get("storage_type")
    if kind not in STORAGE_TYPES:
        raise call.fail(f"storage_type must be one of {', '.join(STORAGE_TYPES)}")
    bucket = string(call, data, "bucket", required=True)
    if kind == "s3" and not (isinstance(data.get("aws_s3"), dict) and data["aws_s3"].get("s3_region")):
        raise call.fail("aws_s3.s3_region is required for s3 storage")
    if kind == "gcs" and not string(call, data, "gcs_credentials"):
        raise call.fail("gcs_credentials is required for gcs storage")
    if kind == "abs":
        azure = data.get("azure_blob")
        needed = ("abs_account_name", "abs_tenant_id", "abs_client_id", "abs_client_secret")
        if not isinstance(azure, dict) or not all(azure.get(key) for key in needed):
            raise call.fail(f"azure_blob needs {', '.join(needed)}")
    return {"type": kind, "bucket": bucket, "path": string(call, data, "path") or ""}


@handles("CreateExternalStorage")
def create_external_storage(call: Call) -> dict[str, Any]:
    data = call.json()
    name = string(call, data, "name", required=True) or ""
    storages = call.store.records.external_storages
    if name in storages:
        raise call.fail(f"external storage {name!r} already exists")
    storages[name] = {"name": name, **_storage_fields(call, data)}
    return {}


def _storage(call: Call) -> dict[str, Any]:
    record = call.store.records.external_storages.get(call.params["name"])
    if record is None:
        raise call.missing(f"external storage {call.params['name']!r} does not exist")
    return record


@handles("UpdateExternalStorage")
def update_external_storage(call: Call) -> dict[str, Any]:
    record = _storage(call)
    record.update(_storage_fields(call, call.json()))
    return dict(record)


@handles("ListExternalStorage")
def list_external_storage(call: Call) -> dict[str, Any]:
    return {"external_storages": {name: dict(record) for name, record in call.store.records.external_storages.items()}}


@handles("DeleteExternalStorage")
def delete_external_storage(call: Call) -> dict[str, Any]:
    del call.store.records.external_storages[_storage(call)["name"]]
    return {}


@handles("CheckExternalStorage")
def check_external_storage(call: Call) -> dict[str, Any]:
    """Writes the check file to the emulator's own file store (it never reaches the bucket) and answers its URL."""
    record = _storage(call)
    content = f"Stream Chat emulator check of external storage {record['name']}\n".encode()
    return {"file_url": save_file(call, "check.txt", content, "text/plain")}


@handles("UpsertImporterExternalStorage")
def upsert_importer_external_storage(call: Call) -> dict[str, Any]:
    data = call.json()
    kind = data.get("type")
    if kind not in IMPORTER_STORAGE_TYPES:
        raise call.fail(f"type must be one of {', '.join(IMPORTER_STORAGE_TYPES)}")
    settings = data.get(kind)
    required = ("role_arn", "bucket", "region") if kind == "aws_s3" else ("bucket", "credentials")
    if not isinstance(settings, dict) or not all(isinstance(settings.get(key), str) for key in required):
        raise call.fail(f"{kind} needs {', '.join(required)}")
    records = call.store.records
    now = format_time(call.now())
    created = records.importer_storage["created_at"] if records.importer_storage else now
    records.importer_storage = {"type": kind, kind: copy.deepcopy(settings), "created_at": created, "updated_at": now}
    return {}


def _importer_storage(call: Call) -> dict[str, Any]:
    record = call.store.records.importer_storage
    if record is None:
        raise call.missing("no external storage is configured for imports")
    return record


@handles("GetImporterExternalStorage")
def get_importer_external_storage(call: Call) -> dict[str, Any]:
    record = _importer_storage(call)
    view: dict[str, Any] = {key: record[key] for key in ("type", "created_at", "updated_at")}
    settings = record[record["type"]]
    if record["type"] == "aws_s3":
        view["aws_s3"] = {
            key: settings[key] for key in ("bucket", "region", "role_arn", "path_prefix") if key in settings
        }
    else:
        view["gcs"] = {"bucket": settings["bucket"], "credentials_set": bool(settings.get("credentials"))}
        if settings.get("path_prefix"):
            view["gcs"]["path_prefix"] = settings["path_prefix"]
    return view


@handles("DeleteImporterExternalStorage")
def delete_importer_external_storage(call: Call) -> dict[str, Any]:
    call.store.records.importer_storage = None
    return {}


@handles("ValidateImporterExternalStorage")
def validate_importer_external_storage(call: Call) -> dict[str, Any]:
    """Checks the configuration's form (a role ARN, JSON credentials); the emulator cannot reach AWS or GCS."""
    record = _importer_storage(call)
    settings = record[record["type"]]
    if record["type"] == "aws_s3" and not _ROLE_ARN.fullmatch(settings["role_arn"]):
        raise call.fail(f"role_arn {settings['role_arn']!r} is not an IAM role ARN")
    if record["type"] == "gcs":
        try:
            credentials = json.loads(settings["credentials"])
        except ValueError:
            credentials = None
        if not isinstance(credentials, dict):
            raise call.fail("credentials must be the JSON key of a service account")
    return {}
