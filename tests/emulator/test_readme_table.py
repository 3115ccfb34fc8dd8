"""README "What the emulator does" lists every operation of ``openapi/``, once."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from stream_chat.testing.routes import routes

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_table_lists_every_operation_once() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### What the emulator does") :]
    section = section[: section.index("\n## ")]
    rows = Counter(re.findall(r"^\| (\w+) \|", section, re.MULTILINE))
    rows.pop("operationId", None)
    operations = {route.operation_id for route in routes()}
    assert sorted(operations - set(rows)) == []
    assert sorted(set(rows) - operations) == []
    assert [name for name, count in rows.items() if count > 1] == []
