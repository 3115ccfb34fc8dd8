"""File and image uploads."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, TypeAlias

from stream_chat.base.checks import require_id
from stream_chat.base.http import Call, Endpoint
from stream_chat.base.uploads import read_source, upload_form
from stream_chat.resources._base import AsyncResource, SyncResource
from stream_chat.types.stream_response import StreamResponse
from stream_chat_gen.api.uploads import upload_channel_file, upload_channel_image, upload_file, upload_image

if TYPE_CHECKING:
    from stream_chat_gen.models import (
        FileUploadResponse,
        ImageUploadResponse,
        UploadChannelFileResponse,
        UploadChannelResponse,
    )

UploadResponse: TypeAlias = (
    "UploadChannelFileResponse | UploadChannelResponse | FileUploadResponse | ImageUploadResponse"
)

_CHANNEL_UPLOAD = re.compile(r"channels/([^/]+)/([^/]+)/(file|image)")
_APP_UPLOAD = re.compile(r"uploads/(file|image)")
UPLOAD_URIS = "channels/<type>/<id>/file, channels/<type>/<id>/image, uploads/file or uploads/image"


def _upload_target(uri: str) -> tuple[Endpoint[Any], tuple[str, ...]]:
    """The endpoint and path arguments of ``uri``, one of the API's four upload paths (checked before any I/O)."""
    path = require_id(uri, "uri").strip("/")
    channel = _CHANNEL_UPLOAD.fullmatch(path)
    if channel is not None:
        channel_type, channel_id, kind = channel.groups()
        return (upload_channel_file if kind == "file" else upload_channel_image), (channel_type, channel_id)
    app = _APP_UPLOAD.fullmatch(path)
    if app is not None:
        return (upload_file if app.group(1) == "file" else upload_image), ()
    raise ValueError(f"uri must be one of {UPLOAD_URIS}, got {uri!r}")


def _send_file(
    uri: str, url: str, name: str, user: dict[str, Any], content_type: str | None, timeout: float
) -> Call[UploadResponse]:
    endpoint, path_args = _upload_target(uri)
    return Call(endpoint, *path_args, body=upload_form(read_source(url, timeout), name, user, content_type))


class SyncUploads(SyncResource):
    """Uploads of ``StreamChat``."""

    def send_file(
        self, uri: str, url: str, name: str, user: dict[str, Any], content_type: str | None = None
    ) -> StreamResponse[UploadResponse]:
        """Upload the file at ``url`` (a local path or a URL to download) to ``uri`` as multipart, as ``user``."""
        return self._send(_send_file(uri, url, name, user, content_type, self.timeout))


class AsyncUploads(AsyncResource):
    """Uploads of ``StreamChatAsync``."""

    async def send_file(
        self, uri: str, url: str, name: str, user: dict[str, Any], content_type: str | None = None
    ) -> StreamResponse[UploadResponse]:
        """Upload the file at ``url`` (a local path or a URL to download) to ``uri`` as multipart, as ``user``."""
        import asyncio  # noqa: PLC0415 - `import stream_chat` must not load asyncio for sync users

        return await self._send(await asyncio.to_thread(_send_file, uri, url, name, user, content_type, self.timeout))
