"""Wire comparison: segments, campaigns, batch channel updates and thread queries (client methods and objects)."""

from __future__ import annotations

import pytest

from tests.wire.harness import Case, Wire

QUERY = {"api_key": "wire-test-key"}
UTC_CET = "datetime.timezone(datetime.timedelta(hours=1))"
BATCH_FILTER = "{'cids': {'$in': ['messaging:a', 'messaging:b']}}"
BATCH_MEMBERS = "[{'user_id': 'u1'}, {'user_id': 'u2', 'channel_role': 'channel_moderator'}]"
THREAD_QUERY = "QueryThreads(client).query_threads"
QUERY_THREADS = f"__import__('stream_chat.query_threads', fromlist=['QueryThreads']).{THREAD_QUERY}"

CASES = [
    # Segments, through the client.
    Case(
        "create_segment",
        "client.create_segment(SegmentType.USER, 'seg-1',"
        " {'name': 'VIPs', 'filter': {'vip': True}, 'all_users': False})",
    ),
    Case("create_segment_without_id", "client.create_segment(SegmentType.CHANNEL)"),
    Case("get_segment", "client.get_segment('seg-1')"),
    Case("query_segments_empty", "client.query_segments()"),
    Case(
        "query_segments",
        "client.query_segments({'name': {'$in': ['VIPs']}}, [{'field': 'created_at', 'direction': -1}],"
        " {'limit': 10, 'next': 'cursor-1'})",
    ),
    Case("update_segment", "client.update_segment('seg-1', {'name': 'VIP users', 'description': 'the best'})"),
    Case("delete_segment", "client.delete_segment('seg-1')"),
    Case("segment_target_exists", "client.segment_target_exists('seg-1', 'user-7')"),
    Case("add_segment_targets", "client.add_segment_targets('seg-1', ['u1', 'u2'])"),
    Case("query_segment_targets_empty", "client.query_segment_targets('seg-1')"),
    Case(
        "query_segment_targets",
        "client.query_segment_targets('seg-1', {'target_id': {'$gte': 'u'}}, [{'field': 'target_id', 'direction': 1}],"
        " {'limit': 5, 'prev': 'p'})",
    ),
    Case("remove_segment_targets", "client.remove_segment_targets('seg-1', ['u1'])"),
    # Segments, through Segment objects.
    Case(
        "segment_object_create",
        "client.segment(SegmentType.USER, data={'name': 'VIPs', 'filter': {'vip': True}}).create('seg-2')",
    ),
    Case(
        "segment_object_create_replaces_data",
        "client.segment(SegmentType.CHANNEL, 'seg-2', {'name': 'old'}).create(data={'name': 'new'})",
    ),
    Case("segment_object_create_without_id", "client.segment(SegmentType.USER).create()"),
    Case("segment_object_get", "client.segment(SegmentType.USER, 'seg-1').get()"),
    Case("segment_object_update", "client.segment(SegmentType.USER, 'seg-1').update({'filter': {'team': 'red'}})"),
    Case("segment_object_delete", "client.segment(SegmentType.USER, 'seg-1').delete()"),
    Case("segment_object_target_exists", "client.segment(SegmentType.USER, 'seg-1').target_exists('u9')"),
    Case("segment_object_add_targets", "client.segment(SegmentType.USER, 'seg-1').add_targets(['u1', 'u2', 'u3'])"),
    Case(
        "segment_object_query_targets",
        "client.segment(SegmentType.USER, 'seg-1').query_targets({'target_id': {'$in': ['u1']}}, None, {'limit': 2})",
    ),
    Case("segment_object_query_targets_empty", "client.segment(SegmentType.USER, 'seg-1').query_targets()"),
    Case("segment_object_remove_targets", "client.segment(SegmentType.USER, 'seg-1').remove_targets(['u3'])"),
    # Campaigns, through the client.
    Case(
        "create_campaign",
        "client.create_campaign('camp-1', {'message_template': {'text': 'Hello', 'custom': {'promo': 1}},"
        " 'sender_id': 'admin', 'segment_ids': ['seg-1'], 'create_channels': True,"
        " 'channel_template': {'type': 'messaging', 'members_template': [{'user_id': 'u1', 'channel_role': 'admin'}]},"
        " 'name': 'Spring', 'skip_push': False, 'team_x': 'custom'})",
    ),
    Case("create_campaign_without_id", "client.create_campaign(data={'sender_id': 'admin', 'user_ids': ['u1']})"),
    Case("create_campaign_nothing", "client.create_campaign()"),
    Case(
        "create_campaign_datetime_in_data",
        "client.create_campaign('camp-1', {'sender_id': 'admin', 'message_template': {'text': 'hi',"
        " 'custom': {'sent_at': datetime.datetime(2025, 3, 1, 12, 30, tzinfo=datetime.timezone.utc)}}})",
        expected=(
            (
                "POST",
                "/campaigns",
                QUERY,
                {
                    "id": "camp-1",
                    "sender_id": "admin",
                    "message_template": {"text": "hi", "custom": {"sent_at": "2025-03-01T12:30:00Z"}},
                },
            ),
        ),
        reason="the official client cannot serialise a datetime in the body (TypeError); ours sends it as UTC RFC 3339",
    ),
    Case("get_campaign", "client.get_campaign('camp-1')"),
    Case("query_campaigns_empty", "client.query_campaigns()"),
    Case(
        "query_campaigns",
        "client.query_campaigns({'status': {'$eq': 'scheduled'}}, [{'field': 'created_at', 'direction': 1}],"
        " {'limit': 25, 'next': 'n'})",
    ),
    Case("query_campaigns_options_only", "client.query_campaigns(options={'limit': 1})"),
    Case("update_campaign", "client.update_campaign('camp-1', {'name': 'Summer', 'sender_id': 'admin'})"),
    Case("delete_campaign", "client.delete_campaign('camp-1')"),
    Case("delete_campaign_options", "client.delete_campaign('camp-1', hard=True, reason='done')"),
    Case("start_campaign_now", "client.start_campaign('camp-1')"),
    Case(
        "start_campaign_aware_utc",
        "client.start_campaign('camp-1', datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.timezone.utc),"
        " datetime.datetime(2025, 3, 2, 9, 0, 0, 250000, tzinfo=datetime.timezone.utc))",
    ),
    Case("start_campaign_strings", "client.start_campaign('camp-1', '2025-03-01T09:00:00Z', stop_at='2025-03-02')"),
    Case(
        "start_campaign_naive",
        "client.start_campaign('camp-1', datetime.datetime(2025, 3, 1, 9, 0))",
        expected=(("POST", "/campaigns/camp-1/start", QUERY, {"scheduled_for": "2025-03-01T09:00:00+00:00"}),),
        reason="the official client sends a naive datetime without a zone; ours takes it as UTC and says so",
    ),
    Case(
        "start_campaign_other_zone",
        f"client.start_campaign('camp-1', stop_at=datetime.datetime(2025, 3, 1, 10, 0, tzinfo={UTC_CET}))",
        expected=(("POST", "/campaigns/camp-1/start", QUERY, {"stop_at": "2025-03-01T09:00:00+00:00"}),),
        reason="the official client sends the local time with its offset; ours sends the same instant in UTC",
    ),
    Case("stop_campaign", "client.stop_campaign('camp-1')"),
    Case("test_campaign", "client.test_campaign('camp-1', ['u1', 'u2'])"),
    Case("test_campaign_tuple", "client.test_campaign('camp-1', ('u1',))"),
    # Campaigns, through Campaign objects.
    Case(
        "campaign_object_create_merges_data",
        "client.campaign('camp-2', {'sender_id': 'admin', 'name': 'first'})"
        ".create(data={'name': 'second', 'user_ids': ['u1']})",
    ),
    Case("campaign_object_create_new_id", "client.campaign(data={'sender_id': 'admin'}).create('camp-3')"),
    Case("campaign_object_create_without_id", "client.campaign().create(data={'sender_id': 'admin'})"),
    Case("campaign_object_get", "client.campaign('camp-1').get()"),
    Case("campaign_object_update", "client.campaign('camp-1').update({'description': 'new'})"),
    Case("campaign_object_delete", "client.campaign('camp-1').delete()"),
    Case("campaign_object_delete_options", "client.campaign('camp-1').delete(hard=False)"),
    Case("campaign_object_start", "client.campaign('camp-1').start()"),
    Case(
        "campaign_object_start_scheduled",
        "client.campaign('camp-1').start(datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc), '2030-01-02')",
    ),
    Case("campaign_object_stop", "client.campaign('camp-1').stop()"),
    # Batch channel updates.
    Case(
        "update_channels_batch",
        f"client.update_channels_batch({{'operation': 'addMembers', 'filter': {BATCH_FILTER},"
        f" 'members': {BATCH_MEMBERS}}})",
    ),
    Case(
        "update_channels_batch_data",
        "client.update_channels_batch({'operation': 'updateData', 'filter': {'types': {'$in': ['messaging']}},"
        " 'data': {'frozen': True, 'custom': {'color': 'red'}}})",
    ),
    *(
        Case(f"batch_updater_{method}", f"client.channel_batch_updater().{method}({BATCH_FILTER}, {BATCH_MEMBERS})")
        for method in (
            "add_members",
            "remove_members",
            "invite_members",
            "add_moderators",
            "demote_moderators",
            "assign_roles",
            "hide",
            "show",
            "archive",
            "unarchive",
        )
    ),
    Case(
        "batch_updater_update_data",
        f"client.channel_batch_updater().update_data({BATCH_FILTER}, {{'disabled': False, 'team': 'blue'}})",
    ),
    # QueryThreads: the official class cannot be instantiated (its __init__ is abstract); ours sends what
    # the official StreamChat.query_threads sends for the same arguments.
    Case(
        "query_threads_object",
        f"{QUERY_THREADS}({{'channel_cid': {{'$eq': 'messaging:general'}}}}, [{{'last_message_at': -1}}],"
        " user_id='u1', limit=10)",
        expected=(
            (
                "POST",
                "/threads",
                QUERY,
                {
                    "user_id": "u1",
                    "limit": 10,
                    "filter": {"channel_cid": {"$eq": "messaging:general"}},
                    "sort": [{"field": "last_message_at", "direction": -1}],
                },
            ),
        ),
        reason="the official QueryThreads(client) raises TypeError; expected is official client.query_threads(...)",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_same_wire(case: Case, wire: Wire) -> None:
    wire.check(case)
