"""Wire comparison: Channel methods and file uploads."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.wire.harness import API_KEY, Case, Wire

# Uploads read a real file (the official client opens the path it is given).
UPLOAD_DIR = Path(tempfile.gettempdir()) / f"stream-chat-wire-channel-{os.getpid()}"
UPLOAD = str(UPLOAD_DIR / "hello.txt")
UPLOAD_CONTENT = b"hello, wire\n"

CH = "client.channel('messaging', 'general')"
QUERY = {"api_key": API_KEY}


def _members(payload: dict[str, Any]) -> tuple[tuple[str, str, dict[str, str], Any], ...]:
    """The recording of one ``GET /members`` whose ``payload`` is this value, JSON-encoded as ``json.dumps`` does."""
    return (("GET", "/members", {**QUERY, "payload": json.dumps(payload)}, None),)


CASES = [
    Case("create", f"{CH}.create('u1')"),
    Case(
        "create_with_data",
        "client.channel('messaging', 'general', {'name': 'General', 'members': ['u1']}).create('u1')",
    ),
    Case("query_distinct", "client.channel('messaging', None, {'members': ['u1', 'u2']}).query(watch=False)"),
    Case("send_message", f"{CH}.send_message({{'text': 'hi', 'custom': 1}}, 'u1')"),
    Case("send_message_options", f"{CH}.send_message({{'text': 'hi'}}, 'u1', skip_push=True)"),
    Case("send_event", f"{CH}.send_event({{'type': 'typing.start', 'extra': 1}}, 'u1')"),
    Case("send_reaction", f"{CH}.send_reaction('m1', {{'type': 'love', 'score': 2}}, 'u1')"),
    Case("delete_reaction", f"{CH}.delete_reaction('m1', 'love', 'u1')"),
    Case("get_messages", f"{CH}.get_messages(['m1', 'm2'])"),
    Case("query_members", f"{CH}.query_members({{'name': 'Ann'}})"),
    Case(
        "query_members_sort_options",
        f"{CH}.query_members({{'banned': True}}, [{{'created_at': -1}}], limit=10, offset=5)",
    ),
    Case(
        "query_members_distinct",
        "client.channel('messaging', None, {'members': ['u1', 'u2']}).query_members({}, members=['u1', 'u2'])",
    ),
    Case(
        "query_members_datetime",
        f"{CH}.query_members({{'created_at': {{'$gt': datetime.datetime(2024, 5, 6, 7, 8, 9)}}}})",
        expected=_members(
            {
                "id": "general",
                "type": "messaging",
                "filter_conditions": {"created_at": {"$gt": "2024-05-06T07:08:09Z"}},
                "sort": [],
            }
        ),
        reason="a datetime in the payload is sent as UTC RFC 3339 (the official client cannot JSON-encode it)",
    ),
    Case("update", f"{CH}.update({{'name': 'New', 'color': 'blue'}})"),
    Case("update_with_message", f"{CH}.update({{'name': 'New'}}, {{'text': 'renamed', 'user_id': 'u1'}})"),
    Case("update_partial", f"{CH}.update_partial({{'color': 'red'}}, ['age'])"),
    Case("update_partial_empty", f"{CH}.update_partial()"),
    Case("delete", f"{CH}.delete()"),
    Case("delete_hard", f"{CH}.delete(hard=True)"),
    Case("delete_hard_positional", f"{CH}.delete(True)"),
    Case("delete_skip_truncate", f"{CH}.delete(hard=True, skip_truncate=True)"),
    Case("truncate", f"{CH}.truncate()"),
    Case(
        "truncate_options",
        f"{CH}.truncate(hard_delete=True, skip_push=True, message={{'text': 'gone', 'user_id': 'u1'}})",
    ),
    Case("add_members_ids", f"{CH}.add_members(['u1', 'u2'])"),
    Case(
        "add_members_dicts",
        f"{CH}.add_members([{{'user_id': 'u1', 'channel_role': 'channel_moderator'}}], "
        "{'text': 'welcome', 'user_id': 'u1'}, hide_history=True)",
    ),
    Case(
        "add_members_hide_history_before_utc",
        f"{CH}.add_members(['u1'], hide_history_before="
        "datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc))",
    ),
    Case(
        "add_members_hide_history_before_offset",
        f"{CH}.add_members(['u1'], hide_history_before="
        "datetime.datetime(2024, 5, 6, 9, 8, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=2))))",
    ),
    Case(
        "add_members_hide_history_before_naive",
        f"{CH}.add_members(['u1'], hide_history_before=datetime.datetime(2024, 5, 6, 7, 8, 9))",
        expected=(
            (
                "POST",
                "/channels/messaging/general",
                QUERY,
                {"add_members": ["u1"], "message": None, "hide_history_before": "2024-05-06T07:08:09+00:00"},
            ),
        ),
        reason="a naive datetime is taken as UTC; the official client sends it without an offset",
    ),
    Case(
        "assign_roles",
        f"{CH}.assign_roles([{{'user_id': 'u1', 'channel_role': 'channel_moderator'}}], {{'text': 'promoted'}})",
    ),
    Case("invite_members", f"{CH}.invite_members(['u1', 'u2'])"),
    Case("add_moderators", f"{CH}.add_moderators(['u1'])"),
    Case("remove_members", f"{CH}.remove_members(['u1'], {{'text': 'bye', 'user_id': 'u2'}})"),
    Case("demote_moderators", f"{CH}.demote_moderators(['u1'])"),
    Case("mark_read", f"{CH}.mark_read('u1')"),
    Case("mark_read_message", f"{CH}.mark_read('u1', message_id='m1')"),
    Case("mark_unread", f"{CH}.mark_unread('u1', message_id='m1')"),
    Case("get_replies", f"{CH}.get_replies('m1')"),
    Case("get_replies_options", f"{CH}.get_replies('m1', limit=10, id_lt='m9')"),
    Case("get_reactions", f"{CH}.get_reactions('m1')"),
    Case("get_reactions_options", f"{CH}.get_reactions('m1', limit=5, offset=10)"),
    Case("ban_user", f"{CH}.ban_user('u2')"),
    Case("ban_user_options", f"{CH}.ban_user('u2', timeout=30, reason='spam', user_id='mod', shadow=True)"),
    Case("unban_user", f"{CH}.unban_user('u2')"),
    Case("unban_user_options", f"{CH}.unban_user('u2', shadow=True, created_by='mod')"),
    Case("accept_invite", f"{CH}.accept_invite('u1')"),
    Case("accept_invite_message", f"{CH}.accept_invite('u1', message={{'text': 'hello'}})"),
    Case("reject_invite", f"{CH}.reject_invite('u1')"),
    Case("send_file", f"{CH}.send_file({UPLOAD!r}, 'hello.txt', {{'id': 'u1'}})"),
    Case("send_file_content_type", f"{CH}.send_file({UPLOAD!r}, 'notes.txt', {{'id': 'u1'}}, 'text/plain')"),
    Case("send_image", f"{CH}.send_image({UPLOAD!r}, 'pic.png', {{'id': 'u1', 'name': 'Ann'}}, 'image/png')"),
    Case("delete_file", f"{CH}.delete_file('https://cdn.example.com/a b.txt?x=1&y=2')"),
    Case("delete_image", f"{CH}.delete_image('https://cdn.example.com/pic.png')"),
    Case("hide", f"{CH}.hide('u1')"),
    Case("show", f"{CH}.show('u1')"),
    Case("mute", f"{CH}.mute('u1')"),
    Case("mute_expiration", f"{CH}.mute('u1', expiration=60000)"),
    Case("unmute", f"{CH}.unmute('u1')"),
    Case("pin", f"{CH}.pin('u1')"),
    Case("unpin", f"{CH}.unpin('u1')"),
    Case("archive", f"{CH}.archive('u1')"),
    Case("unarchive", f"{CH}.unarchive('u1')"),
    Case("update_member_partial", f"{CH}.update_member_partial('u1', {{'color': 'red'}}, ['age'])"),
    Case("update_member_partial_empty", f"{CH}.update_member_partial('u1')"),
    Case("create_draft", f"{CH}.create_draft({{'text': 'draft', 'parent_id': 'm1'}}, 'u1')"),
    Case("delete_draft", f"{CH}.delete_draft('u1')"),
    Case("delete_draft_thread", f"{CH}.delete_draft('u1', parent_id='m1')"),
    Case("get_draft", f"{CH}.get_draft('u1')"),
    Case("get_draft_thread", f"{CH}.get_draft('u1', 'm1')"),
    Case("add_filter_tags", f"{CH}.add_filter_tags(['vip', 'sales'])"),
    Case("remove_filter_tags", f"{CH}.remove_filter_tags(['vip'], {{'text': 'untagged'}})"),
    Case("client_send_file_channel", f"client.send_file('channels/messaging/general/file', {UPLOAD!r}, 'a.txt', {{}})"),
    Case(
        "client_send_file_channel_image",
        f"client.send_file('channels/messaging/general/image', {UPLOAD!r}, 'a.png', {{'id': 'u1'}}, 'image/png')",
    ),
    Case("client_send_file_app", f"client.send_file('uploads/file', {UPLOAD!r}, 'a.txt', {{'id': 'u1'}})"),
    Case("client_send_file_app_image", f"client.send_file('uploads/image', {UPLOAD!r}, 'a.jpg', {{'id': 'u1'}})"),
    Case(
        "client_send_file_download",
        "client.send_file('uploads/file', client.base_url + '/download/remote.txt', 'remote.txt', {'id': 'u1'})",
    ),
]


@pytest.fixture(scope="module", autouse=True)
def upload_file() -> Iterator[None]:
    UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    Path(UPLOAD).write_bytes(UPLOAD_CONTENT)
    yield
    shutil.rmtree(UPLOAD_DIR, ignore_errors=True)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_same_wire(case: Case, wire: Wire) -> None:
    wire.check(case)


def test_naive_hide_history_before_is_the_official_instant(wire: Wire) -> None:
    """The naive case sends the official text plus the UTC offset it leaves implicit."""
    (official,) = wire.server.cases["add_members_hide_history_before_naive"]
    assert official.body["hide_history_before"] == "2024-05-06T07:08:09"
