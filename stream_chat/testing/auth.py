"""Server-side authentication as Stream checks it: the API key, ``Stream-Auth-Type`` and the JWT."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

from stream_chat.testing.errors import APIError, not_implemented

# Seconds of clock skew tolerated on ``nbf`` and ``iat``.
LEEWAY = 5


def _unauthorized(code: int, message: str) -> APIError:
    return APIError(401, code, message)


def authenticate(
    query: Mapping[str, str], headers: Mapping[str, str], api_key: str, api_secret: str, now: float
) -> None:
    """Raise ``APIError`` unless the request is a server-side call of this app.

    ``headers`` have lower-case names. Codes: 2 (API key missing or unknown), 5 (auth type or token
    missing or malformed, or signed with another secret), 40/41/42 (expired, not yet valid, issued in
    the future). Stream's error table also lists 43 for a bad signature, but its servers answer a
    token signed with the wrong secret with 5, as the emulator does.
    """
    key = query.get("api_key")
    if not key:
        raise _unauthorized(2, "api_key not found: pass the app's API key as the api_key query parameter")
    if key != api_key:
        raise _unauthorized(2, f'api_key not valid: no app has the API key "{key}"')
    auth_type = headers.get("stream-auth-type", "")
    if auth_type.lower() != "jwt":
        detail = f'"{auth_type}"' if auth_type else "missing"
        raise _unauthorized(5, f'Stream-Auth-Type header is {detail}: server-side calls send "jwt" and a token')
    token = headers.get("authorization", "").strip()
    if token.lower().startswith("bearer "):
        token = token[7:].strip()
    if not token:
        raise _unauthorized(5, "Authorization header is missing: send a JWT signed with the app secret")
    claims = _verified_claims(token, api_secret, key)
    _check_times(claims, now)
    if claims.get("server") is not True:
        if claims.get("user_id"):
            raise not_implemented("client-side auth", 'user tokens; sign {"server": true} for server-side calls')
        raise _unauthorized(5, 'JWTAuth error: a server-side token needs the claim "server": true')


def _verified_claims(token: str, api_secret: str, key: str) -> dict[str, Any]:
    """The claims of an HS256 JWT signed with ``api_secret`` (checked here, without PyJWT's key-length warnings)."""
    parts = token.split(".")
    try:
        if len(parts) != 3:
            raise ValueError("not three dot-separated parts")
        header, claims = (json.loads(_b64decode(part)) for part in parts[:2])
        signature = _b64decode(parts[2])
    except (ValueError, binascii.Error) as error:
        raise _unauthorized(5, f"JWTAuth error: the token is not a valid JWT ({error})") from None
    if not isinstance(header, dict) or header.get("alg") != "HS256" or not isinstance(claims, dict):
        raise _unauthorized(5, "JWTAuth error: the token must be an HS256 JWT with a JSON object of claims")
    expected = hmac.new(api_secret.encode(), f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, signature):
        detail = f'Make sure the token is signed with the secret of API key "{key}"'
        raise _unauthorized(5, f"JWTAuth error: signature is not valid. {detail}")
    return claims


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _check_times(claims: Mapping[str, object], now: float) -> None:
    for name, code, message in (
        ("exp", 40, "token has expired"),
        ("nbf", 41, "token is not valid yet"),
        ("iat", 42, "token was issued in the future"),
    ):
        value = claims.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _unauthorized(5, f"JWTAuth error: claim {name} must be a Unix time")
        if (name == "exp" and value <= now) or (name != "exp" and value > now + LEEWAY):
            raise _unauthorized(code, f"JWTAuth error: {message}")
