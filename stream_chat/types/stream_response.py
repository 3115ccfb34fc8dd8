"""``StreamResponse``: the dict every client method returns, with typed access on top."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from stream_chat.types.rate_limit import RateLimitInfo

T = TypeVar("T")


class StreamResponse(dict[str, Any], Generic[T]):
    """The JSON body of a response as a ``dict``, plus its status, headers and rate limit.

    ``model`` parses the same body into the operation's generated attrs class on
    first access (``resp.model.message.text``); nothing is parsed until then.
    """

    def __init__(
        self,
        response_dict: Mapping[str, Any],
        headers: Mapping[str, Any],
        status_code: int,
        *,
        parse: Callable[[], T] | None = None,
    ) -> None:
        super().__init__(response_dict)
        self.__headers = headers
        self.__status_code = status_code
        self.__rate_limit: RateLimitInfo | None = None
        self.__rate_limit_read = False  # the headers are read on first use
        self.__parse = parse
        self.__model: T | None = None

    def rate_limit(self) -> RateLimitInfo | None:
        """The rate limit of the endpoint called, when the response carried one."""
        if not self.__rate_limit_read:
            self.__rate_limit = RateLimitInfo.from_headers(self.__headers)
            self.__rate_limit_read = True
        return self.__rate_limit

    def headers(self) -> Mapping[str, Any]:
        """The response headers (case-insensitive)."""
        return self.__headers

    def status_code(self) -> int:
        """The HTTP status code."""
        return self.__status_code

    def is_ok(self) -> bool:
        """Whether the status code is 2xx."""
        return 200 <= self.__status_code < 300

    @property
    def model(self) -> T:
        """The body as the operation's typed model, parsed once on first use."""
        if self.__model is None:
            if self.__parse is None:
                raise AttributeError("this response has no typed model (it came from a generic request)")
            self.__model = self.__parse()
        return self.__model
