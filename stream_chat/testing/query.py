"""Stream's query language over plain documents: filters (``$eq``, ``$in``, ``$autocomplete``...), sort, pagination.

A document is the JSON object of a user, channel, member or message. A list-valued field (``teams``,
``members``) matches a single value when it contains it, as in Stream.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from typing import Any

from stream_chat.testing.clock import parse_time


class QueryError(ValueError):
    """A filter, sort or page the API would refuse (answered as 400, code 4)."""


_MISSING = object()
COMPARISONS = ("$gt", "$gte", "$lt", "$lte")


def lookup(document: Mapping[str, Any], key: str) -> Any:
    """The value at ``key`` (dotted keys reach into objects), or a marker when absent."""
    if key in document:
        return document[key]
    value: Any = document
    for part in key.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _comparable(value: Any) -> Any:
    """Timestamps as nanoseconds, so ``2024-01-01T00:00:00Z`` and Stream's nanosecond form compare."""
    ns = parse_time(value)
    return ns if ns is not None else value


def _equal(value: Any, operand: Any) -> bool:
    if isinstance(value, list) and not isinstance(operand, list):
        return any(_equal(item, operand) for item in value)
    if isinstance(value, list) and isinstance(operand, list):
        return sorted(map(repr, value)) == sorted(map(repr, operand))
    if isinstance(value, bool) != isinstance(operand, bool):
        return False
    return bool(_comparable(value) == _comparable(operand))


def _compare(operator: str, value: Any, operand: Any) -> bool:
    left, right = _comparable(value), _comparable(operand)
    numbers = (int, float)
    if isinstance(left, bool) or isinstance(right, bool):
        return False
    if not (isinstance(left, numbers) and isinstance(right, numbers)) and type(left) is not type(right):
        return False
    try:
        if operator == "$gt":
            return bool(left > right)
        if operator == "$gte":
            return bool(left >= right)
        if operator == "$lt":
            return bool(left < right)
        return bool(left <= right)
    except TypeError:
        return False


def _words(text: str) -> list[str]:
    return [word for word in "".join(c if c.isalnum() else " " for c in text.lower()).split() if word]


def _apply(operator: str, value: Any, operand: Any) -> bool:
    present = value is not _MISSING and value is not None
    if operator == "$eq":
        return present and _equal(value, operand)
    if operator == "$ne":
        return not (present and _equal(value, operand))
    if operator in ("$in", "$nin"):
        if not isinstance(operand, list):
            raise QueryError(f"{operator} needs a list, got {operand!r}")
        found = present and any(_equal(value, item) for item in operand)
        return found if operator == "$in" else not found
    if operator in COMPARISONS:
        return present and _compare(operator, value, operand)
    if operator == "$exists":
        if not isinstance(operand, bool):
            raise QueryError(f"$exists needs true or false, got {operand!r}")
        return present == operand
    if operator == "$contains":
        return present and isinstance(value, (list, str)) and operand in value
    if operator == "$autocomplete":
        if not isinstance(operand, str):
            raise QueryError(f"$autocomplete needs a string, got {operand!r}")
        prefixes = _words(operand)
        words = _words(value) if present and isinstance(value, str) else []
        return bool(prefixes) and all(any(word.startswith(prefix) for word in words) for prefix in prefixes)
    if operator == "$q":
        if not isinstance(operand, str):
            raise QueryError(f"$q needs a string, got {operand!r}")
        terms = _words(operand)
        vocabulary = set(_words(value)) if present and isinstance(value, str) else set()
        return bool(terms) and all(term in vocabulary for term in terms)
    raise QueryError(f"operator {operator} is not supported")


def matches(document: Mapping[str, Any], conditions: Any) -> bool:
    """Whether ``document`` satisfies Stream filter ``conditions`` (``{}`` matches everything)."""
    if not isinstance(conditions, Mapping):
        raise QueryError(f"a filter must be an object, got {conditions!r}")
    for key, condition in conditions.items():
        if key in ("$and", "$or", "$nor"):
            if not isinstance(condition, list) or not condition:
                raise QueryError(f"{key} needs a non-empty list of filters")
            results = [matches(document, part) for part in condition]
            ok = all(results) if key == "$and" else any(results) if key == "$or" else not any(results)
        elif key.startswith("$"):
            raise QueryError(f"operator {key} is not supported at the top of a filter")
        elif isinstance(condition, Mapping) and condition and all(str(op).startswith("$") for op in condition):
            value = lookup(document, key)
            ok = all(_apply(str(op), value, operand) for op, operand in condition.items())
        else:
            ok = _apply("$eq", lookup(document, key), condition)
        if not ok:
            return False
    return True


def parse_sort(sort: Any) -> list[tuple[str, int]]:
    """``[{"field": f, "direction": 1|-1}, ...]`` (or ``{"f": 1}``) as ``[(field, direction)]``."""
    if sort is None:
        return []
    items = [sort] if isinstance(sort, Mapping) else sort
    if not isinstance(items, list):
        raise QueryError(f"sort must be a list of {{field, direction}}, got {sort!r}")
    result: list[tuple[str, int]] = []
    for item in items:
        if not isinstance(item, Mapping):
            raise QueryError(f"sort must be a list of {{field, direction}}, got {sort!r}")
        pairs = [(item.get("field"), item.get("direction", 1))] if "field" in item else list(item.items())
        for field, direction in pairs:
            if not isinstance(field, str) or not field or direction not in (1, -1):
                raise QueryError(f"invalid sort {item!r}: field must be a name and direction 1 or -1")
            result.append((field, int(direction)))
    return result


def _sort_key(value: Any) -> tuple[int, Any]:
    value = _comparable(value)
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, (int, float)):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, repr(value))


def sort_documents(
    items: list[Any], order: list[tuple[str, int]], document: Callable[[Any], Mapping[str, Any]]
) -> list[Any]:
    """``items`` ordered by ``order`` (stable; documents missing a field come last either way)."""
    result = list(items)
    for field, direction in reversed(order):
        present = [item for item in result if lookup(document(item), field) not in (_MISSING, None)]
        absent = [item for item in result if lookup(document(item), field) in (_MISSING, None)]
        present.sort(key=lambda item: _sort_key(lookup(document(item), field)), reverse=direction < 0)
        result = present + absent
    return result


def page(items: list[Any], limit: Any, offset: Any, *, default: int, maximum: int) -> list[Any]:
    """One page: ``offset`` items skipped, at most ``limit`` (default ``default``, capped at ``maximum``)."""
    limit = default if limit is None else limit
    offset = 0 if offset is None else offset
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise QueryError(f"limit must be a non-negative integer, got {limit!r}")
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise QueryError(f"offset must be a non-negative integer, got {offset!r}")
    if limit > maximum:
        raise QueryError(f"limit must be {maximum} or less, got {limit}")
    return items[offset : offset + limit]


def _encode(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _decode(cursor: Any) -> int:
    try:
        text = base64.urlsafe_b64decode(str(cursor).encode()).decode()
        prefix, _, number = text.partition(":")
        if prefix != "offset":
            raise ValueError(text)
        return int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise QueryError(f"{cursor!r} is not a cursor this query returned") from None


def cursor_page(
    items: list[Any], options: Mapping[str, Any], *, default: int, maximum: int
) -> tuple[list[Any], dict[str, str]]:
    """The page of ``items`` that ``limit`` and the ``next``/``prev`` cursor of ``options`` select, and its cursors."""
    limit = options.get("limit")
    limit = default if limit is None else limit
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise QueryError(f"limit must be a non-negative integer, got {limit!r}")
    if limit > maximum:
        raise QueryError(f"limit must be {maximum} or less, got {limit}")
    if options.get("next") and options.get("prev"):
        raise QueryError("give next or prev, not both")
    start = 0
    if options.get("next"):
        start = _decode(options["next"])
    elif options.get("prev"):
        start = max(0, _decode(options["prev"]))
    found = items[start : start + limit]
    cursors: dict[str, str] = {}
    if limit and len(found) == limit:  # as Stream does, a full page has a next cursor, even to an empty page
        cursors["next"] = _encode(start + limit)
    if start > 0:
        cursors["prev"] = _encode(max(0, start - limit))
    return found, cursors
