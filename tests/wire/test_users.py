"""Wire comparison: user methods (users, blocks, tokens, devices, live locations, unread counts)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.wire.harness import API_KEY, Case, Wire

Q = {"api_key": API_KEY}


def _get_users(payload: str) -> tuple[tuple[str, str, dict[str, str], Any], ...]:
    """The recording of one ``GET /users`` carrying ``payload`` (exact JSON text)."""
    return (("GET", "/users", {**Q, "payload": payload}, None),)


CASES = [
    Case("set_guest_user", "client.set_guest_user({'id': 'guest-1', 'name': 'Guest'})"),
    Case("update_user", "client.update_user({'id': 'u1', 'name': 'Ann'})"),
    Case("update_users", "client.update_users([{'id': 'u1'}, {'id': 'u2', 'team': 'red'}])"),
    Case("upsert_user", "client.upsert_user({'id': 'u1', 'name': 'Ann', 'team': 'blue'})"),
    Case("upsert_users", "client.upsert_users([{'id': 'u1'}, {'id': 'u2', 'role': 'admin'}])"),
    Case(
        "update_users_partial",
        "client.update_users_partial([{'id': 'u1', 'set': {'name': 'A'}}, {'id': 'u2', 'unset': ['team']}])",
    ),
    Case("update_user_partial", "client.update_user_partial({'id': 'u1', 'set': {'field': 'value', 'n': 1}})"),
    Case("delete_user", "client.delete_user('u1')"),
    Case("delete_user_options", "client.delete_user('u1', mark_messages_deleted=True, hard_delete=False)"),
    Case("delete_users", "client.delete_users(['u1', 'u2'], 'hard')"),
    Case(
        "delete_users_options",
        "client.delete_users(('u1',), 'soft', conversations='hard', messages='pruning', new_channel_owner_id='u9')",
    ),
    Case("restore_users", "client.restore_users(['u1', 'u2'])"),
    Case("deactivate_user", "client.deactivate_user('u1')"),
    Case("deactivate_user_options", "client.deactivate_user('u1', mark_messages_deleted=True, created_by_id='admin')"),
    Case("deactivate_users", "client.deactivate_users(['u1', 'u2'])"),
    Case(
        "deactivate_users_options",
        "client.deactivate_users(['u1'], mark_messages_deleted=True, mark_channels_deleted=False)",
    ),
    Case("reactivate_user", "client.reactivate_user('u1')"),
    Case("reactivate_user_options", "client.reactivate_user('u1', restore_messages=True, name='Back')"),
    Case("export_user", "client.export_user('u1')"),
    Case("export_user_options", "client.export_user('u1', include_deleted=True)"),
    Case(
        "query_users",
        "client.query_users({'id': {'$in': ['u1', 'u2']}})",
    ),
    Case(
        "query_users_sort_options",
        "client.query_users({'role': 'admin'}, {'last_active': -1}, limit=10, offset=5, presence=True)",
    ),
    Case(
        "query_users_sort_list",
        "client.query_users({'name': 'Zoë'}, [{'field': 'created_at', 'direction': 1}, {'name': -1}],"
        " include_deactivated_users=True)",
    ),
    Case(
        "query_users_datetime",
        "client.query_users({'created_at': {'$gte': datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.timezone.utc)}})",
        expected=_get_users('{"filter_conditions": {"created_at": {"$gte": "2024-05-01T12:00:00Z"}}, "sort": []}'),
        reason="the official client cannot JSON-encode a datetime in a filter (TypeError); we send it as UTC",
    ),
    Case("block_user", "client.block_user('u2', 'u1')"),
    Case("block_user_options", "client.block_user('u2', 'u1', reason='spam')"),
    Case("unblock_user", "client.unblock_user('u2', 'u1')"),
    Case("get_blocked_users", "client.get_blocked_users('u1')"),
    Case("get_blocked_users_options", "client.get_blocked_users('u1', limit=10, include_deleted=False)"),
    Case("revoke_user_token", "client.revoke_user_token('u1', '2024-05-01T12:00:00Z')"),
    Case("revoke_users_token", "client.revoke_users_token(['u1', 'u2'], '2024-05-01T12:00:00Z')"),
    Case(
        "revoke_users_token_datetime",
        "client.revoke_users_token(['u1'], datetime.datetime(2024, 5, 1, 14, 30,"
        " tzinfo=datetime.timezone(datetime.timedelta(hours=2))))",
        expected=(
            (
                "PATCH",
                "/users",
                Q,
                {"users": [{"id": "u1", "set": {"revoke_tokens_issued_before": "2024-05-01T12:30:00Z"}}]},
            ),
        ),
        reason="datetimes are sent as UTC '...Z' (the official sends isoformat(): '2024-05-01T14:30:00+02:00')",
    ),
    Case(
        "revoke_user_token_naive_datetime",
        "client.revoke_user_token('u1', datetime.datetime(2024, 5, 1, 12, 0, 0, 250000))",
        expected=(
            (
                "PATCH",
                "/users",
                Q,
                {"users": [{"id": "u1", "set": {"revoke_tokens_issued_before": "2024-05-01T12:00:00.250000Z"}}]},
            ),
        ),
        reason="a naive datetime is taken as UTC and marked so (the official sends it without any offset)",
    ),
    Case("send_user_custom_event", "client.send_user_custom_event('u1', {'type': 'friendship_request', 'n': 1})"),
    Case("add_device", "client.add_device('device-1', 'apn', 'u1')"),
    Case("add_device_provider_name", "client.add_device('device-1', 'firebase', 'u1', 'my-firebase')"),
    Case("delete_device", "client.delete_device('device-1', 'u1')"),
    Case("get_devices", "client.get_devices('u1')"),
    Case("get_user_locations", "client.get_user_locations('u1')"),
    Case("get_user_locations_options", "client.get_user_locations('u1', limit=5)"),
    Case("update_user_location", "client.update_user_location('u1', 'msg-1', {'latitude': 52.5, 'longitude': 13})"),
    Case(
        "update_user_location_no_options",
        "client.update_user_location('u1', 'msg-1')",
        expected=(("PUT", "/users/live_locations", {**Q, "user_id": "u1"}, {"message_id": "msg-1"}),),
        reason="the official client raises TypeError ('**None') when options is omitted",
    ),
    Case(
        "update_user_location_end_at",
        "client.update_user_location('u1', 'msg-1', {'latitude': 1.5, 'longitude': 2.5,"
        " 'end_at': datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.timezone.utc)})",
        expected=(
            (
                "PUT",
                "/users/live_locations",
                {**Q, "user_id": "u1", "latitude": "1.5", "longitude": "2.5", "end_at": "2024-05-01T12:00:00Z"},
                {"message_id": "msg-1", "latitude": 1.5, "longitude": 2.5, "end_at": "2024-05-01T12:00:00Z"},
            ),
        ),
        reason="the official client cannot JSON-encode end_at (TypeError); we send it as UTC, in body and query",
    ),
    Case("unread_counts", "client.unread_counts('u1')"),
    Case("unread_counts_batch", "client.unread_counts_batch(['u1', 'u2'])"),
    Case("export_users", "client.export_users(['u1', 'u2'])"),
]

DEPRECATED = {"update_user": "upsert_user", "update_users": "upsert_users"}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_same_wire(case: Case, wire: Wire) -> None:
    replacement = DEPRECATED.get(case.name)
    if replacement is None:
        wire.check(case)
        return
    with pytest.warns(DeprecationWarning, match=f"Use {replacement} instead"):
        wire.check(case)
