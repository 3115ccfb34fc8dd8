"""Webhooks, SQS and SNS deliveries: decode, verify the signature, parse the event.

Stream signs the uncompressed JSON body with HMAC-SHA256 keyed by the app
secret and sends the hex digest in ``X-Signature``. Bodies may be gzipped
(HTTP webhooks) or base64 + gzip (SQS, SNS). ``parse_event`` returns a dict;
``parse_typed_event`` the generated model of the event's ``type``.
"""

from __future__ import annotations

import base64
import binascii
import gzip
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

BytesLike = bytes | bytearray | memoryview | str


def _to_bytes(body: BytesLike) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def gunzip_payload(body: BytesLike) -> bytes:
    """The body, inflated when it starts with the gzip magic bytes."""
    raw = _to_bytes(body)
    if not raw.startswith(GZIP_MAGIC):
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as error:
        raise InvalidWebhookError(INVALID_WEBHOOK_GZIP_FAILED) from error


def decode_sqs_payload(body: BytesLike) -> bytes:
    """An SQS message body: base64, then gzip when compressed."""
    try:
        decoded = base64.b64decode(_to_bytes(body).strip(), validate=True)
    except (binascii.Error, ValueError) as error:
        raise InvalidWebhookError(INVALID_WEBHOOK_INVALID_BASE64) from error
    return gunzip_payload(decoded)


def decode_sns_payload(notification_body: BytesLike) -> bytes:
    """An SNS notification: the ``Message`` of its JSON envelope (or the body itself), decoded as SQS."""
    raw = _to_bytes(notification_body)
    message = _sns_message(raw)
    return decode_sqs_payload(message if message is not None else raw)


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


def verify_and_parse_webhook(body: BytesLike, signature: str | bytes, secret: str) -> dict[str, Any]:
    """Inflate (if gzipped), verify the signature, and parse an HTTP webhook body."""
    inflated = gunzip_payload(body)
    if not verify_signature(inflated, signature, secret):
        raise InvalidWebhookError(INVALID_WEBHOOK_SIGNATURE_MISMATCH)
    return parse_event(inflated)


def parse_sqs(message_body: BytesLike) -> dict[str, Any]:
    """Decode and parse an SQS message body (SQS deliveries are not signed)."""
    return parse_event(decode_sqs_payload(message_body))


def parse_sns(message: BytesLike) -> dict[str, Any]:
    """Decode and parse an SNS notification (SNS deliveries are not signed)."""
    return parse_event(decode_sns_payload(message))
