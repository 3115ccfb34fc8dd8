"""Wire comparison: channel queries, batch deletes, delivery receipts, exports, imports and tasks."""

from __future__ import annotations

import pytest

from tests.wire.harness import API_KEY, Case, Wire

UTC_SINCE = "datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)"
OFFSET_UNTIL = "datetime.datetime(2030, 2, 3, 4, 5, 6, 7, tzinfo=datetime.timezone(datetime.timedelta(hours=-5)))"
DELIVERED = "[{'cid': 'messaging:a', 'id': 'm1'}, {'cid': 'messaging:b', 'id': 'm2'}]"

CASES = [
    Case("query_channels", "client.query_channels({'type': 'messaging'})"),
    Case(
        "query_channels_sort_options",
        "client.query_channels({'members': {'$in': ['u1']}}, {'last_message_at': -1}, limit=10, offset=5,"
        " watch=True, state=False, user_id='u1')",
    ),
    Case(
        "query_channels_sort_list",
        "client.query_channels({}, [{'field': 'created_at', 'direction': 1}, {'name': -1}], member_limit=3)",
    ),
    Case("delete_channels", "client.delete_channels(['messaging:a', 'messaging:b'])"),
    Case("delete_channels_tuple", "client.delete_channels(('messaging:a', 'messaging:b'))"),
    Case("delete_channels_hard", "client.delete_channels(['messaging:a'], hard_delete=True)"),
    Case(
        "mark_delivered_user_id",
        f"client.mark_delivered({{'latest_delivered_messages': {DELIVERED}, 'user_id': 'u1'}})",
    ),
    Case(
        "mark_delivered_user",
        f"client.mark_delivered({{'latest_delivered_messages': {DELIVERED}, 'user': {{'id': 'u2', 'name': 'Bo'}}}})",
    ),
    Case("mark_delivered_simple", "client.mark_delivered_simple('u1', 'm1', 'messaging:a')"),
    Case("export_channel", "client.export_channel('messaging', 'general')"),
    Case(
        "export_channel_strings", "client.export_channel('messaging', 'general', '2030-01-01T00:00:00Z', '2030-02-01')"
    ),
    Case("export_channel_datetimes", f"client.export_channel('messaging', 'general', {UTC_SINCE}, {OFFSET_UNTIL})"),
    Case(
        "export_channel_options",
        "client.export_channel('messaging', 'general', clear_deleted_message_text=True,"
        " include_truncated_messages=True)",
    ),
    Case(
        "export_channel_naive",
        "client.export_channel('messaging', 'general', datetime.datetime(2030, 1, 2, 3, 4, 5))",
        expected=(
            (
                "POST",
                "/export_channels",
                {"api_key": API_KEY},
                {
                    "channels": [
                        {
                            "id": "general",
                            "type": "messaging",
                            "messages_since": "2030-01-02T03:04:05+00:00",
                            "messages_until": None,
                        }
                    ]
                },
            ),
        ),
        reason="a naive datetime is taken as UTC and sent with its offset (the official sends isoformat() without"
        " one, which is not RFC 3339)",
    ),
    Case("export_channels", "client.export_channels([{'type': 'messaging', 'id': 'a'}, {'type': 'team', 'id': 'b'}])"),
    Case(
        "export_channels_options",
        "client.export_channels([{'type': 'messaging', 'id': 'a', 'messages_since': '2030-01-01T00:00:00Z'}],"
        " version='v2', include_soft_deleted_channels=True)",
    ),
    Case(
        "export_channels_datetime",
        f"client.export_channels([{{'type': 'messaging', 'id': 'a', 'messages_since': {OFFSET_UNTIL}}}])",
        expected=(
            (
                "POST",
                "/export_channels",
                {"api_key": API_KEY},
                {"channels": [{"type": "messaging", "id": "a", "messages_since": "2030-02-03T09:05:06.000007Z"}]},
            ),
        ),
        reason="a datetime in the channels is sent as UTC RFC 3339 (the official client cannot JSON-encode it)",
    ),
    Case("get_export_channel_status", "client.get_export_channel_status('task-1')"),
    Case("get_task", "client.get_task('task-1')"),
    Case("create_import_url", "client.create_import_url('import.json')"),
    Case("create_import", "client.create_import('s3://bucket/import.json')"),
    Case("create_import_insert", "client.create_import('s3://bucket/import.json', 'insert')"),
    Case("get_import", "client.get_import('import-1')"),
    Case("list_imports", "client.list_imports()"),
    Case("list_imports_options", "client.list_imports({'limit': 10, 'offset': 5})"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_same_wire(case: Case, wire: Wire) -> None:
    wire.check(case)
