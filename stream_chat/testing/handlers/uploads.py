"""File and image uploads: kept in memory and served back by the emulator at the URL it answers."""

from __future__ import annotations

import email.parser
import email.policy
import json
import mimetypes
from typing import Any
from urllib.parse import quote, urlsplit

from stream_chat.testing.context import Call, handles
from stream_chat.testing.state import StoredFile, new_id

FILES_PATH = "/_emulator/files/"


def _form(call: Call) -> tuple[tuple[str, bytes, str], dict[str, str]]:
    """The uploaded file (name, content, media type) and the text fields of a multipart body."""
    if not call.content_type.lower().startswith("multipart/form-data"):
        raise call.fail("uploads must be sent as multipart/form-data")
    head = b"Content-Type: " + call.content_type.encode("latin-1") + b"\r\n\r\n"
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + call.body)
    upload: tuple[str, bytes, str] | None = None
    fields: dict[str, str] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        content = part.get_payload(decode=True)
        content = content if isinstance(content, bytes) else b""
        filename = part.get_filename()
        if name == "file" and filename is not None:
            declared = part.get("content-type")
            media = part.get_content_type() if declared else None
            upload = (filename, content, media or mimetypes.guess_type(filename)[0] or "application/octet-stream")
        elif isinstance(name, str):
            fields[name] = content.decode("utf-8", "replace")
    if upload is None:
        raise call.fail("the file field is required")
    return upload, fields


def _user(call: Call, fields: dict[str, str]) -> None:
    raw = fields.get("user")
    if raw is None:
        return
    try:
        user = json.loads(raw)
    except ValueError:
        raise call.fail("user must be a JSON object") from None
    if not isinstance(user, dict) or not user.get("id"):
        raise call.fail("user must be a JSON object with an id")


def _store(call: Call, image: bool) -> dict[str, Any]:
    (filename, content, media), fields = _form(call)
    _user(call, fields)
    if image and not media.startswith("image/"):
        raise call.fail(f"{filename} is not an image ({media})")
    path = f"{FILES_PATH}{new_id()}/{quote(filename)}"
    call.store.files[path] = StoredFile(media, content)
    url = call.base_url + path
    return {"file": url, "thumb_url": url} if image else {"file": url}


def _channel_check(call: Call) -> None:
    channel = call.store.channel(call.operation, call.params["type"], call.params["id"])
    if not call.store.channel_types[channel.type].config["uploads"]:
        raise call.fail(f"uploads are disabled for channel type {channel.type}", code=19)


@handles("UploadChannelFile", "UploadChannelImage")
def upload_channel_file(call: Call) -> dict[str, Any]:
    _channel_check(call)
    return _store(call, call.operation == "UploadChannelImage")


@handles("UploadFile", "UploadImage")
def upload_file(call: Call) -> dict[str, Any]:
    return _store(call, call.operation == "UploadImage")


@handles("DeleteChannelFile", "DeleteChannelImage", "DeleteFile", "DeleteImage")
def delete_file(call: Call) -> dict[str, Any]:
    if "type" in call.params:
        call.store.channel(call.operation, call.params["type"], call.params["id"])
    url = call.query.get("url", "")
    path = urlsplit(url).path
    if path not in call.store.files:
        raise call.missing(f"file {url!r} does not exist")
    del call.store.files[path]
    return {}
