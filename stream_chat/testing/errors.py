"""Errors the emulator answers with, shaped as Stream's ``APIError`` body."""

from __future__ import annotations

from typing import Any

MORE_INFO = "https://getstream.io/chat/docs/api_errors_response"


class APIError(Exception):
    """An error answer: HTTP ``status``, Stream's ``code`` and a ``message``."""

    def __init__(self, status: int, code: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}

    def body(self, duration: str) -> dict[str, Any]:
        """The JSON body Stream sends for this error."""
        return {
            "code": self.code,
            "message": self.message,
            "StatusCode": self.status,
            "duration": duration,
            "more_info": MORE_INFO,
            "details": [],
        }


def failed(operation: str, detail: str) -> str:
    """Stream's wording of an operation's error: ``Op failed with error: "detail"``."""
    return f'{operation} failed with error: "{detail}"'


def input_error(operation: str, detail: str, code: int = 4) -> APIError:
    """400: the request was rejected (code 4 unless given)."""
    return APIError(400, code, failed(operation, detail))


def not_found(operation: str, detail: str) -> APIError:
    """404, code 16: what the request names does not exist."""
    return APIError(404, 16, failed(operation, detail))


def not_implemented(operation: str, why: str = "") -> APIError:
    """501: the emulator does not implement this operation (never a fake success)."""
    reason = f" ({why})" if why else ""
    return APIError(
        501,
        -1,
        f"{operation} is not implemented by the Stream Chat emulator{reason}; run this call against a real Stream app",
    )
