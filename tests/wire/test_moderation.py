"""Wire comparison: bans, flags, mutes and flag reports."""

from __future__ import annotations

from typing import Any

import pytest

from tests.wire.harness import API_KEY, Case, Wire

DATETIME_PAYLOAD = "a datetime in the payload is sent as UTC RFC 3339 (the official client cannot serialise it)"


def _get(path: str, payload: str) -> tuple[tuple[str, str, dict[str, str], Any], ...]:
    """The recording of one GET carrying ``payload`` (exact JSON text) in the query."""
    return (("GET", path, {"api_key": API_KEY, "payload": payload}, None),)


CASES = [
    Case("ban_user", "client.ban_user('bad')"),
    Case("ban_user_options", "client.ban_user('bad', user_id='mod', timeout=60, reason='spam', custom={'x': 1})"),
    Case("ban_user_channel", "client.ban_user('bad', type='messaging', id='general', user_id='mod')"),
    Case("shadow_ban", "client.shadow_ban('bad')"),
    Case("shadow_ban_options", "client.shadow_ban('bad', user_id='mod', type='messaging', id='general')"),
    Case("unban_user", "client.unban_user('bad')"),
    Case("unban_user_channel", "client.unban_user('bad', type='messaging', id='general')"),
    Case(
        "unban_user_declared",
        "client.unban_user('bad', channel_cid='messaging:general', created_by='mod',"
        " remove_future_channels_ban=True, reason='appeal')",
    ),
    Case("unban_user_false_and_none", "client.unban_user('bad', remove_future_channels_ban=False, reason=None)"),
    Case("remove_shadow_ban", "client.remove_shadow_ban('bad')"),
    Case("remove_shadow_ban_channel", "client.remove_shadow_ban('bad', type='messaging', id='general')"),
    Case(
        "query_banned_users",
        "client.query_banned_users({'filter_conditions': {'channel_cid': 'messaging:general'}, 'limit': 10})",
    ),
    Case(
        "query_banned_users_datetime",
        "client.query_banned_users({'filter_conditions': {'created_at': {'$gt': datetime.datetime(2024, 1, 2, 3, 4,"
        " 5, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))}}})",
        expected=_get("/query_banned_users", '{"filter_conditions": {"created_at": {"$gt": "2024-01-02T01:04:05Z"}}}'),
        reason=DATETIME_PAYLOAD,
    ),
    Case(
        "query_future_channel_bans",
        "client.query_future_channel_bans()",
    ),
    Case(
        "query_future_channel_bans_options",
        "client.query_future_channel_bans(user_id='mod', exclude_expired_bans=True, limit=5, offset=10)",
    ),
    Case("flag_message", "client.flag_message('msg-1', user_id='mod')"),
    Case(
        "flag_message_options",
        "client.flag_message('msg-1', user_id='mod', reason='spam', custom={'note': 'n'})",
    ),
    Case("unflag_message", "client.unflag_message('msg-1', user_id='mod')"),
    Case(
        "query_message_flags",
        "client.query_message_flags({'channel_cid': 'messaging:general'})",
    ),
    Case(
        "query_message_flags_options",
        "client.query_message_flags({'user_id': 'u1'}, limit=2, offset=4, user_id='mod')",
    ),
    Case("flag_user", "client.flag_user('bad', user_id='mod')"),
    Case("flag_user_options", "client.flag_user('bad', user_id='mod', reason='abuse')"),
    Case("unflag_user", "client.unflag_user('bad', user_id='mod')"),
    Case("query_flag_reports", "client._query_flag_reports()"),
    Case("query_flag_reports_options", "client._query_flag_reports(message_id='msg-1', user_id='u1')"),
    Case("review_flag_report", "client._review_flag_report('report-1', 'reviewed', 'mod')"),
    Case(
        "review_flag_report_details",
        "client._review_flag_report('report-1', 'unban', 'mod', note='ok', extra={'a': [1, 2]})",
    ),
    Case("mute_user", "client.mute_user('bad', 'u1')"),
    Case("mute_user_timeout", "client.mute_user('bad', 'u1', timeout=15)"),
    Case("mute_users", "client.mute_users(['bad', 'worse'], 'u1')"),
    Case("mute_users_timeout", "client.mute_users(['bad'], 'u1', timeout=15)"),
    Case("unmute_user", "client.unmute_user('bad', 'u1')"),
    Case("unmute_users", "client.unmute_users(['bad', 'worse'], 'u1')"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_same_wire(case: Case, wire: Wire) -> None:
    wire.check(case)
