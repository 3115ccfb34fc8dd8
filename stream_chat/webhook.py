"""Webhooks, SQS and SNS deliveries: decode, verify the signature, parse the event.

Stream signs the uncompressed JSON body with HMAC-SHA256 keyed by the app
secret and sends the hex digest in ``X-Signature``. Bodies may be gzipped
(HTTP webhooks) or base64 + gzip (SQS, SNS). ``parse_event`` returns a dict;
``parse_typed_event`` the generated model of the event's ``type``.

A gzipped body is inflated piece by piece up to ``max_inflated_bytes``
(``MAX_INFLATED_BYTES``, 16 MiB, by default): a body that would inflate past
it raises ``InvalidWebhookError`` after at most that much was produced (a
200 KB gzip bomb never becomes 200 MB in memory).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import zlib
from typing import TYPE_CHECKING, Any

from stream_chat.base.exceptions import InvalidWebhookError
from stream_chat_gen.unions import parse_wh_event

if TYPE_CHECKING:
    from stream_chat_gen.unions import WHEvent

GZIP_MAGIC = b"\x1f\x8b"
INVALID_WEBHOOK_SIGNATURE_MISMATCH = "signature mismatch"
INVALID_WEBHOOK_INVALID_BASE64 = "invalid base64 encoding"
INVALID_WEBHOOK_GZIP_FAILED = "gzip decompression failed"
INVALID_WEBHOOK_INVALID_JSON = "invalid JSON payload"
INVALID_WEBHOOK_TOO_LARGE = "inflated payload larger than max_inflated_bytes ({limit} bytes)"
MAX_INFLATED_BYTES = 16 * 1024 * 1024
_PIECE = 256 * 1024  # inflated at a time: past the cap, no more than this was allocated beyond it

BytesLike = bytes | bytearray | memoryview | str


def _to_bytes(body: BytesLike) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def gunzip_payload(body: BytesLike, max_inflated_bytes: int = MAX_INFLATED_BYTES) -> bytes:
    """The body, inflated when it starts with the gzip magic bytes (at most ``max_inflated_bytes`` of it)."""
    raw = _to_bytes(body)
    if not raw.startswith(GZIP_MAGIC):
        return raw
    pieces: list[bytes] = []
    size = 0
    rest = raw
    while rest:  # gzip members one after another, as gzip.decompress reads them
        if not rest.startswith(GZIP_MAGIC):
            raise InvalidWebhookError(INVALID_WEBHOOK_GZIP_FAILED)
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        pending = rest
        while not inflater.eof:
            try:
                # At most one byte more than the room left (that byte tells "too large"), a piece at a time.
                piece = inflater.decompress(pending, min(_PIECE, max_inflated_bytes - size + 1))
            except zlib.error as error:
                raise InvalidWebhookError(INVALID_WEBHOOK_GZIP_FAILED) from error
            size += len(piece)
            if size > max_inflated_bytes:
                raise InvalidWebhookError(INVALID_WEBHOOK_TOO_LARGE.format(limit=max_inflated_bytes))
            pending = inflater.unconsumed_tail
            if not piece and not pending:  # the stream ends before its last block: truncated
                raise InvalidWebhookError(INVALID_WEBHOOK_GZIP_FAILED)
            pieces.append(piece)
        rest = inflater.unused_data
    return pieces[0] if len(pieces) == 1 else b"".join(pieces)


def decode_sqs_payload(body: BytesLike, max_inflated_bytes: int = MAX_INFLATED_BYTES) -> bytes:
    """An SQS message body: base64, then gzip when compressed."""
    try:
        decoded = base64.b64decode(_to_bytes(body).strip(), validate=True)
    except (binascii.Error, ValueError) as error:
        raise InvalidWebhookError(INVALID_WEBHOOK_INVALID_BASE64) from error
    return gunzip_payload(decoded, max_inflated_bytes)


def decode_sns_payload(notification_body: BytesLike, max_inflated_bytes: int = MAX_INFLATED_BYTES) -> bytes:
    """An SNS notification: the ``Message`` of its JSON envelope (or the body itself), decoded as SQS."""
    raw = _to_bytes(notification_body)
    message = _sns_message(raw)
    return decode_sqs_payload(message if message is not None else raw, max_inflated_bytes)


def _sns_message(body: bytes) -> str | None:
    stripped = body.lstrip()
    if not stripped.startswith(b"{"):
        return None
    try:
        envelope = json.loads(stripped)
    except ValueError:
        return None
    message = envelope.get("Message") if isinstance(envelope, dict) else None
    return message if isinstance(message, str) else None


def verify_signature(body: BytesLike, signature: str | bytes, secret: str) -> bool:
    """Whether ``signature`` is the hex HMAC-SHA256 of ``body`` keyed by ``secret`` (constant-time).

    Anything that is not an ASCII string (or bytes) of the right digest is a mismatch, never an error.
    """
    if isinstance(signature, bytes):
        try:
            signature = signature.decode("ascii")
        except UnicodeDecodeError:
            return False
    if not isinstance(signature, str) or not signature.isascii():
        return False
    expected = hmac.new(secret.encode("utf-8"), _to_bytes(body), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def parse_event(payload: BytesLike) -> dict[str, Any]:
    """The event as a dict; ``InvalidWebhookError`` if it is not a JSON object."""
    try:
        event = json.loads(_to_bytes(payload))
    except ValueError as error:
        raise InvalidWebhookError(INVALID_WEBHOOK_INVALID_JSON) from error
    if not isinstance(event, dict):
        raise InvalidWebhookError(INVALID_WEBHOOK_INVALID_JSON)
    return event


def parse_typed_event(payload: BytesLike | dict[str, Any]) -> WHEvent | dict[str, Any]:
    """The event as the generated model of its ``type`` (``MessageNewEvent`` for ``message.new``...).

    Types this version does not know parse as ``CustomEvent``; unknown fields are kept on the model.
    """
    event = payload if isinstance(payload, dict) else parse_event(payload)
    return parse_wh_event(event)


def verify_and_parse_webhook(
    body: BytesLike, signature: str | bytes, secret: str, max_inflated_bytes: int = MAX_INFLATED_BYTES
) -> dict[str, Any]:
    """Inflate (if gzipped, up to ``max_inflated_bytes``), verify the signature, and parse an HTTP webhook body."""
    inflated = gunzip_payload(body, max_inflated_bytes)
    if not verify_signature(inflated, signature, secret):
        raise InvalidWebhookError(INVALID_WEBHOOK_SIGNATURE_MISMATCH)
    return parse_event(inflated)


def parse_sqs(message_body: BytesLike, max_inflated_bytes: int = MAX_INFLATED_BYTES) -> dict[str, Any]:
    """Decode and parse an SQS message body (SQS deliveries are not signed)."""
    return parse_event(decode_sqs_payload(message_body, max_inflated_bytes))


def parse_sns(message: BytesLike, max_inflated_bytes: int = MAX_INFLATED_BYTES) -> dict[str, Any]:
    """Decode and parse an SNS notification (SNS deliveries are not signed)."""
    return parse_event(decode_sns_payload(message, max_inflated_bytes))
