"""Wire comparison: app-wide methods (settings, permissions, roles, blocklists, commands, channel types, push)."""

from __future__ import annotations

import pytest

from tests.wire.harness import API_KEY, Case, Wire

QUERY = {"api_key": API_KEY}

CASES = [
    Case("update_app_settings", "client.update_app_settings(enforce_unique_usernames='app', custom_key={'a': 1})"),
    Case("update_app_settings_empty", "client.update_app_settings()"),
    Case(
        "update_app_settings_datetime",
        "client.update_app_settings(revoke_tokens_issued_before=datetime.datetime(2024, 1, 2, 3, 4, 5))",
        expected=(("PATCH", "/app", QUERY, {"revoke_tokens_issued_before": "2024-01-02T03:04:05Z"}),),
        reason="the official client cannot JSON-encode a datetime (TypeError); ours sends it as UTC RFC 3339",
    ),
    Case("get_app_settings", "client.get_app_settings()"),
    Case(
        "revoke_tokens_utc",
        "client.revoke_tokens(datetime.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=datetime.timezone.utc))",
    ),
    Case("revoke_tokens_str", "client.revoke_tokens('2024-01-02T03:04:05Z')"),
    Case(
        "revoke_tokens_naive",
        "client.revoke_tokens(datetime.datetime(2024, 1, 2, 3, 4, 5))",
        expected=(("PATCH", "/app", QUERY, {"revoke_tokens_issued_before": "2024-01-02T03:04:05+00:00"}),),
        reason="the official client sends a naive datetime without an offset (ambiguous); ours takes it as UTC",
    ),
    Case(
        "revoke_tokens_other_zone",
        "client.revoke_tokens(datetime.datetime(2024, 1, 2, 5, 4, 5,"
        " tzinfo=datetime.timezone(datetime.timedelta(hours=2))))",
        expected=(("PATCH", "/app", QUERY, {"revoke_tokens_issued_before": "2024-01-02T03:04:05+00:00"}),),
        reason="the same instant, converted to UTC (the official client sends the local time with its +02:00 offset)",
    ),
    Case("get_rate_limits", "client.get_rate_limits()"),
    Case("get_rate_limits_one", "client.get_rate_limits(ios=True)"),
    Case(
        "get_rate_limits_all",
        "client.get_rate_limits(server_side=True, android=True, ios=True, web=True,"
        " endpoints=['GetRateLimits', 'SendMessage'])",
    ),
    Case("get_rate_limits_false_flags", "client.get_rate_limits(server_side=False, web=True, endpoints=[])"),
    Case(
        "check_push",
        "client.check_push({'message_id': 'm1', 'user_id': 'u1', 'skip_devices': True,"
        " 'push_provider_type': 'firebase'})",
    ),
    Case("check_sqs", "client.check_sqs('key', 'secret', 'https://sqs.example.com/q')"),
    Case("check_sqs_defaults", "client.check_sqs()"),
    Case("check_sns", "client.check_sns(sns_key='key', sns_secret='secret', sns_topic_arn='arn:aws:sns:t')"),
    Case("check_sns_defaults", "client.check_sns()"),
    Case("get_permission", "client.get_permission('read-channel')"),
    Case(
        "create_permission",
        "client.create_permission({'id': 'p1', 'name': 'P1', 'action': 'DeleteChannel', 'owner': False,"
        " 'same_team': True, 'condition': {'$subject.magic_custom_field': {'$eq': 'true'}}})",
    ),
    Case("update_permission", "client.update_permission('p1', {'name': 'P1', 'action': 'DeleteChannel'})"),
    Case("delete_permission", "client.delete_permission('p1')"),
    Case("list_permissions", "client.list_permissions()"),
    Case("create_role", "client.create_role('moderator-2')"),
    Case("delete_role", "client.delete_role('moderator-2')"),
    Case("list_roles", "client.list_roles()"),
    Case("create_blocklist", "client.create_blocklist('bad', ['fudge', 'heck'])"),
    Case("create_blocklist_type", "client.create_blocklist('domains', ('example.com',), type='domain')"),
    Case("list_blocklists", "client.list_blocklists()"),
    Case("get_blocklist", "client.get_blocklist('bad')"),
    Case("update_blocklist", "client.update_blocklist('bad', ['fudge'])"),
    Case("delete_blocklist", "client.delete_blocklist('bad')"),
    Case("list_commands", "client.list_commands()"),
    Case("create_command", "client.create_command({'name': 'ticket', 'description': 'Open a ticket', 'args': '[t]'})"),
    Case("delete_command", "client.delete_command('ticket')"),
    Case("get_command", "client.get_command('ticket')"),
    Case("update_command", "client.update_command('ticket', description='Open a support ticket', set='support')"),
    Case("create_channel_type", "client.create_channel_type({'name': 'team2', 'typing_events': False})"),
    Case("create_channel_type_empty_commands", "client.create_channel_type({'commands': [], 'name': 'team2'})"),
    Case(
        "create_channel_type_commands",
        "client.create_channel_type({'name': 'team2', 'commands': ['giphy'], 'automod': 'disabled'})",
    ),
    Case("get_channel_type", "client.get_channel_type('team')"),
    Case("list_channel_types", "client.list_channel_types()"),
    Case(
        "update_channel_type",
        "client.update_channel_type('team', max_message_length=1000, commands=['giphy'], custom={'x': 1})",
    ),
    Case("update_channel_type_empty", "client.update_channel_type('team')"),
    Case("delete_channel_type", "client.delete_channel_type('team2')"),
    Case(
        "upsert_push_provider",
        "client.upsert_push_provider({'name': 'fcm-main', 'type': 'firebase',"
        " 'firebase_credentials': '{}', 'description': 'main'})",
    ),
    Case("delete_push_provider", "client.delete_push_provider('firebase', 'fcm-main')"),
    Case("list_push_providers", "client.list_push_providers()"),
    Case("query_team_usage_stats", "client.query_team_usage_stats()"),
    Case("query_team_usage_stats_month", "client.query_team_usage_stats(month='2026-01', limit=10)"),
    Case(
        "query_team_usage_stats_range",
        "client.query_team_usage_stats(start_date='2026-01-01', end_date='2026-01-31', next='cursor-1')",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_same_wire(case: Case, wire: Wire) -> None:
    wire.check(case)
