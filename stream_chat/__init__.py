"""Stream Chat server-side client: ``StreamChat`` (sync) and ``StreamChatAsync``.

``UNSET`` marks a field of a typed model (``resp.model``) that the API left out, unlike ``None``
for null; ``if value is not UNSET:`` narrows ``str | Unset`` to ``str`` in mypy and pyright.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stream_chat.__pkg__ import __version__
from stream_chat.client import StreamChat
from stream_chat_gen.types import UNSET, Unset

if TYPE_CHECKING:
    from stream_chat.async_chat import StreamChatAsync

__all__ = ["UNSET", "StreamChat", "StreamChatAsync", "Unset", "__version__"]


def __getattr__(name: str) -> Any:
    # The async client loads on first use, so sync users never import it.
    if name == "StreamChatAsync":
        from stream_chat.async_chat import StreamChatAsync  # noqa: PLC0415

        return StreamChatAsync
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
