"""What mypy --strict and pyright (strict) say about a user's code: typos caught, drop-in code clean.

One run of each checker over small scripts: valid drop-in code (custom fields, open filters,
every sort form, dicts built elsewhere, options passed through ``**``) must have no error in
either; a misspelt response attribute, keyword option or sort key must be an error in both, on
its line.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT

HEADER = """\
# pyright: strict
from stream_chat import StreamChat

client = StreamChat("key", "secret")
channel = client.channel("messaging", "general")
"""

VALID = """\
from typing import Any

from stream_chat import UNSET, StreamChatAsync

client.upsert_user({"id": "alice", "name": "Alice", "favourite_colour": "green"})
client.upsert_users([{"id": "bob", "role": "user", "team_size": 3}])
channel.create("alice", data={"name": "General", "topic": "anything"})
channel.update({"name": "General", "colour": "blue"}, {"text": "updated", "user_id": "alice"})
channel.update_partial({"colour": "red"}, ["topic"])
channel.add_members([{"user_id": "bob", "channel_role": "channel_moderator", "nickname": "B"}])
channel.add_members(["carol"])
sent = channel.send_message({"text": "hi", "custom_rating": 5, "attachments": []}, "alice", skip_push=True)
channel.send_reaction(sent.model.message.id, {"type": "love", "score": 2, "emoji": "heart"}, "bob")
client.update_message_partial(sent.model.message.id, {"set": {"text": "edit", "mood": "ok"}, "unset": []}, "alice")
client.query_channels({"members": {"$in": ["alice"]}, "custom_field": {"$eq": 1}})
client.query_channels({"type": "messaging"}, {"last_message_at": -1}, limit=10, watch=False)
client.query_channels({"type": "messaging"}, [{"last_message_at": -1}, {"created_at": 1}])
client.query_channels({"type": "messaging"}, [{"field": "created_at", "direction": -1}], state=True)
client.query_users({"id": {"$autocomplete": "al"}}, {"created_at": -1}, limit=5, presence=True)
filters: dict[str, Any] = {"frozen": False}
options: dict[str, Any] = {"limit": 5, "offset": 0}
client.query_channels(filters, None, **options)
message: dict[str, Any] = {"text": "built elsewhere"}
channel.send_message(message, "alice")
members = channel.query_members({"name": {"$autocomplete": "b"}}, [{"field": "created_at", "direction": 1}])
client.unban_user("bob", type="messaging", id="general", reason="appeal")
client.shadow_ban("bob", user_id="alice", timeout=60)
client.remove_shadow_ban("bob", channel_cid="messaging:general")
channel.add_members(["carol"], hide_history=True, user_id="alice")
channel.accept_invite("bob", message={"text": "joined", "mood": "happy"})
client.query_message_flags({"user_id": "bob"}, limit=5, sort=[{"created_at": -1}])
client.query_future_channel_bans(user_id="alice", exclude_expired_bans=True)
client.query_team_usage_stats(month="2026-01")
client.export_channel("messaging", "general", format="json")
client.export_user("bob")
client.create_search_params({"type": "messaging"}, "hello", limit=10)
StreamChat("key", "secret", base_url="http://127.0.0.1:1", max_retries=0, deadline=5, pace_rate_limits=True)
StreamChatAsync("key", "secret", timeout=3.0, max_retries=1, deadline=None)
client.iter_channels({"type": "messaging"}, state=False, page_size=50)
client.bulk_delete_users(["bob"], "hard", messages="hard")
name = sent.model.message.user.name
if name is not UNSET:
    print(name.upper())


async def from_async(other: StreamChatAsync) -> str:
    return (await other.channel("messaging", "general").send_message({"text": "hi"}, "alice")).model.message.text
"""

# Each: one line that both checkers must reject.
INVALID = {
    "misspelt_attribute": 'print(channel.send_message({"text": "hi"}, "alice").model.message.txt)',
    "misspelt_option": 'client.query_channels({"type": "messaging"}, limt=10)',
    "misspelt_sort_key": 'client.query_channels({"type": "messaging"}, [{"feild": "created_at", "direction": -1}])',
    "misspelt_send_option": 'channel.send_message({"text": "hi"}, "alice", skip_psuh=True)',
    "misspelt_constructor_option": 'StreamChat("key", "secret", max_retry=3)',
    "misspelt_unban_option": 'client.unban_user("bob", reasn="appeal")',
    "misspelt_add_members_option": 'channel.add_members(["carol"], hide_histroy=True)',
    "misspelt_flags_option": 'client.query_message_flags({"user_id": "bob"}, limt=5)',
    "option_of_an_operation_without_options": 'client.delete_campaign("c1", hard=True)',
    "paging_option_of_an_iterator": 'client.iter_users({"role": "admin"}, limit=5)',
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, set[int]]]:
    """Per checker and script: the lines with an error."""
    folder = tmp_path_factory.mktemp("checked")
    scripts = {"valid": HEADER + VALID, **{name: HEADER + line + "\n" for name, line in INVALID.items()}}
    for name, text in scripts.items():
        (folder / f"{name}.py").write_text(text, encoding="utf-8")
    files = [str(folder / f"{name}.py") for name in scripts]
    found: dict[str, dict[str, set[int]]] = {"mypy": {}, "pyright": {}}
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "--no-incremental", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    for match in re.finditer(r"^(.+?)\.py:(\d+): error:", mypy.stdout, re.M):
        found["mypy"].setdefault(Path(match[1]).name, set()).add(int(match[2]))
    pyright = subprocess.run(
        [sys.executable, "-m", "pyright", "--pythonpath", sys.executable, "--outputjson", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    for diagnostic in json.loads(pyright.stdout)["generalDiagnostics"]:
        if diagnostic["severity"] == "error":
            line = diagnostic["range"]["start"]["line"] + 1
            found["pyright"].setdefault(Path(diagnostic["file"]).stem, set()).add(line)
    return found


@pytest.mark.parametrize("checker", ["mypy", "pyright"])
def test_valid_drop_in_code_has_no_error(reports: dict[str, dict[str, set[int]]], checker: str) -> None:
    assert reports[checker].get("valid", set()) == set()


@pytest.mark.parametrize("checker", ["mypy", "pyright"])
@pytest.mark.parametrize("name", sorted(INVALID))
def test_a_typo_is_an_error_on_its_line(reports: dict[str, dict[str, set[int]]], checker: str, name: str) -> None:
    assert reports[checker].get(name) == {HEADER.count("\n") + 1}
