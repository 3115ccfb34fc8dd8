"""Wire comparison: message, thread, search, draft and reminder methods of the client."""

from __future__ import annotations

import pytest

from tests.wire.harness import API_KEY, Case, Wire

UTC_TIME = "datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)"
PARIS_TIME = "datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))"


CASES = [
    Case(
        "run_message_action",
        "client.run_message_action('m1', {'user_id': 'u1', 'form_data': {'image_action': 'shuffle'}})",
    ),
    Case("mark_all_read", "client.mark_all_read('u1')"),
    Case("translate_message", "client.translate_message('m1', 'fr')"),
    Case("commit_message", "client.commit_message('m1')"),
    Case("pin_message", "client.pin_message('m1', 'u1')"),
    Case("pin_message_expiration", "client.pin_message('m1', 'u1', 3600)"),
    Case("unpin_message", "client.unpin_message('m1', 'u1')"),
    Case("update_message", "client.update_message({'id': 'm1', 'text': 'edited', 'user_id': 'u1', 'mood': 'ok'})"),
    Case(
        "update_message_partial",
        "client.update_message_partial('m1', {'set': {'text': 'x', 'mood': 1}, 'unset': ['tag']}, 'u1')",
    ),
    Case(
        "update_message_partial_options",
        "client.update_message_partial('m1', {'set': {'text': 'x'}}, 'u1', skip_enrich_url=True)",
    ),
    Case("update_message_partial_no_user", "client.update_message_partial('m1', {'set': {'text': 'x'}}, None)"),
    Case("delete_message", "client.delete_message('m1')"),
    Case("delete_message_hard", "client.delete_message('m1', hard=True)"),
    Case("delete_message_deleted_by", "client.delete_message('m1', deleted_by='u1', hard=False)"),
    Case("delete_message_for_me", "client.delete_message('m1', delete_for_me=True, deleted_by='u1')"),
    Case("delete_message_for_me_options", "client.delete_message('m1', True, 'u1', hard=True)"),
    Case("undelete_message", "client.undelete_message('m1', 'u1')"),
    Case("get_message", "client.get_message('m1')"),
    Case("get_message_options", "client.get_message('m1', show_deleted_message=True)"),
    Case("query_message_history", "client.query_message_history()"),
    Case(
        "query_message_history_args",
        "client.query_message_history({'message_id': 'm1'}, [{'message_updated_at': -1}], limit=10)",
    ),
    Case("query_threads", "client.query_threads()"),
    Case(
        "query_threads_args",
        "client.query_threads({'channel_cid': {'$eq': 'messaging:a'}}, {'last_message_at': -1}, user_id='u1', limit=5)",
    ),
    Case("search_text", "client.search({'type': 'messaging'}, 'hello', limit=2)"),
    Case(
        "search_filter_sort",
        "client.search({'members': {'$in': ['u1']}}, {'text': {'$autocomplete': 'he'}},"
        " [{'created_at': -1}, {'field': 'id', 'direction': 1}], next='abc')",
    ),
    Case("search_offset", "client.search({'type': 'messaging'}, 'hello', offset=10, limit=5)"),
    Case(
        "search_datetime",
        f"client.search({{'type': 'messaging'}}, {{'created_at': {{'$gt': {PARIS_TIME}}}}})",
        expected=(
            (
                "GET",
                "/search",
                {
                    "api_key": API_KEY,
                    "payload": '{"message_filter_conditions": {"created_at": {"$gt": "2030-01-02T02:04:05Z"}},'
                    ' "filter_conditions": {"type": "messaging"}}',
                },
                None,
            ),
        ),
        reason="a datetime in the payload is sent as UTC RFC 3339 (the official client cannot JSON-encode it)",
    ),
    Case("query_drafts", "client.query_drafts('u1')"),
    Case(
        "query_drafts_args",
        "client.query_drafts('u1', {'channel_cid': 'messaging:a'}, [{'field': 'created_at', 'direction': -1}],"
        " {'limit': 5, 'next': 'n1'})",
    ),
    Case("create_reminder", "client.create_reminder('m1', 'u1')"),
    Case("create_reminder_utc", f"client.create_reminder('m1', 'u1', {UTC_TIME})"),
    Case("create_reminder_naive", "client.create_reminder('m1', 'u1', datetime.datetime(2030, 1, 2, 3, 4, 5, 678))"),
    Case(
        "create_reminder_offset",
        f"client.create_reminder('m1', 'u1', {PARIS_TIME})",
        expected=(
            (
                "POST",
                "/messages/m1/reminders",
                {"api_key": API_KEY},
                {"user_id": "u1", "remind_at": "2030-01-02T02:04:05Z"},
            ),
        ),
        reason="the official sync client writes the local wall time with a Z suffix (one hour off); we send the UTC"
        " instant",
    ),
    Case("update_reminder", "client.update_reminder('m1', 'u1')"),
    Case("update_reminder_utc", f"client.update_reminder('m1', 'u1', {UTC_TIME})"),
    Case(
        "update_reminder_offset",
        f"client.update_reminder('m1', 'u1', {PARIS_TIME})",
        expected=(
            (
                "PATCH",
                "/messages/m1/reminders",
                {"api_key": API_KEY},
                {"user_id": "u1", "remind_at": "2030-01-02T02:04:05Z"},
            ),
        ),
        reason="the official sync client writes the local wall time with a Z suffix (one hour off); we send the UTC"
        " instant",
    ),
    Case("delete_reminder", "client.delete_reminder('m1', 'u1')"),
    Case("query_reminders", "client.query_reminders('u1')"),
    Case(
        "query_reminders_args",
        "client.query_reminders('u1', {'channel_cid': 'messaging:a'}, [{'field': 'created_at', 'direction': -1}],"
        " limit=10)",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_same_wire(case: Case, wire: Wire) -> None:
    wire.check(case)
