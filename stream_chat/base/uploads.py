"""What file and image uploads share: reading the content to send and the multipart form around it."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from stream_chat_gen import _serde
from stream_chat_gen.types import File

# The official client downloads with this User-Agent (some hosts refuse urllib's default).
DOWNLOAD_USER_AGENT = "Mozilla/5.0"


def read_source(url: str, timeout: float) -> bytes:
    """The bytes of ``url``: a local file path, or a URL (http, https, file...) downloaded with urllib.

    A path with no scheme, or a one-letter one (a Windows drive, ``C:\\...``), is read from disk.
    """
    if not isinstance(url, str) or not url:
        raise ValueError(f"url must be a non-empty path or URL, got {url!r}")
    if len(urlsplit(url).scheme) <= 1:
        with open(url, "rb") as source:
            return source.read()
    request = urllib.request.Request(url, headers={"User-Agent": DOWNLOAD_USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        content: bytes = response.read()
    return content


def upload_form(content: bytes, name: str, user: Mapping[str, Any], content_type: str | None) -> dict[str, Any]:
    """The multipart fields of an upload: ``file`` (name, bytes, media type) and ``user`` as JSON text.

    ``user`` is encoded as ``json.dumps`` does by default (the official client's exact text);
    datetimes in it are sent as UTC RFC 3339.
    """
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a non-empty file name, got {name!r}")
    if not isinstance(user, Mapping):
        raise ValueError(f"user must be a dict such as {{'id': 'user-1'}}, got {user!r}")
    return {
        "user": json.dumps(dict(user), default=_serde.json_default),
        "file": File(content, file_name=name, mime_type=content_type),
    }
