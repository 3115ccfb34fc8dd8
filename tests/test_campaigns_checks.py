"""Campaigns, segments, batch updates, QueryThreads: bad input refused before any request, objects' state, returns."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from typing import Any

import pytest

from stream_chat.async_chat.campaign import Campaign as AsyncCampaign
from stream_chat.async_chat.channel_batch_updater import ChannelBatchUpdater as AsyncChannelBatchUpdater
from stream_chat.async_chat.segment import Segment as AsyncSegment
from stream_chat.campaign import Campaign
from stream_chat.channel_batch_updater import ChannelBatchUpdater
from stream_chat.query_threads import QueryThreads
from stream_chat.segment import Segment
from stream_chat.types.campaign import CampaignData
from stream_chat.types.segment import SegmentType
from stream_chat_gen.models import ChannelBatchUpdateResponse, GetCampaignResponse, QueryThreadsResponse
from tests.support import Recorder

BAD_CALLS: list[tuple[str, Callable[[Any], Any]]] = [
    ("create_segment_empty_id", lambda c: c.create_segment(SegmentType.USER, "")),
    ("create_segment_bad_type", lambda c: c.create_segment("people")),
    ("get_segment", lambda c: c.get_segment("")),
    ("update_segment", lambda c: c.update_segment(None, {"name": "x"})),
    ("delete_segment", lambda c: c.delete_segment("")),
    ("segment_target_exists_segment", lambda c: c.segment_target_exists("", "u1")),
    ("segment_target_exists_target", lambda c: c.segment_target_exists("seg-1", "")),
    ("add_segment_targets_segment", lambda c: c.add_segment_targets("", ["u1"])),
    ("add_segment_targets_lone_string", lambda c: c.add_segment_targets("seg-1", "u1")),
    ("add_segment_targets_empty_target", lambda c: c.add_segment_targets("seg-1", ["u1", ""])),
    ("query_segment_targets", lambda c: c.query_segment_targets(None)),
    ("remove_segment_targets_segment", lambda c: c.remove_segment_targets("", ["u1"])),
    ("remove_segment_targets_target", lambda c: c.remove_segment_targets("seg-1", [None])),
    ("create_campaign_empty_id", lambda c: c.create_campaign("", {"sender_id": "admin"})),
    ("get_campaign", lambda c: c.get_campaign("")),
    ("update_campaign", lambda c: c.update_campaign("", {"name": "x"})),
    ("delete_campaign", lambda c: c.delete_campaign(None, hard=True)),
    ("start_campaign", lambda c: c.start_campaign("")),
    ("stop_campaign", lambda c: c.stop_campaign(None)),
    ("test_campaign_campaign", lambda c: c.test_campaign("", ["u1"])),
    ("test_campaign_lone_string", lambda c: c.test_campaign("camp-1", "u1")),
    ("update_channels_batch_none", lambda c: c.update_channels_batch(None)),
    ("update_channels_batch_not_a_dict", lambda c: c.update_channels_batch([("operation", "hide")])),
    ("segment_object_empty_id", lambda c: c.segment(SegmentType.USER, "")),
    ("segment_object_bad_type", lambda c: c.segment("people", "seg-1")),
    ("segment_object_create_empty_id", lambda c: c.segment(SegmentType.USER).create("")),
    ("segment_object_get", lambda c: c.segment(SegmentType.USER).get()),
    ("segment_object_update", lambda c: c.segment(SegmentType.USER).update({"name": "x"})),
    ("segment_object_delete", lambda c: c.segment(SegmentType.CHANNEL).delete()),
    ("segment_object_target_exists", lambda c: c.segment(SegmentType.USER).target_exists("u1")),
    ("segment_object_target_exists_target", lambda c: c.segment(SegmentType.USER, "seg-1").target_exists("")),
    ("segment_object_add_targets", lambda c: c.segment(SegmentType.USER).add_targets(["u1"])),
    ("segment_object_query_targets", lambda c: c.segment(SegmentType.USER).query_targets()),
    ("segment_object_remove_targets", lambda c: c.segment(SegmentType.USER).remove_targets(["u1"])),
    ("campaign_object_empty_id", lambda c: c.campaign("")),
    ("campaign_object_create_empty_id", lambda c: c.campaign().create("")),
    ("campaign_object_get", lambda c: c.campaign().get()),
    ("campaign_object_update", lambda c: c.campaign().update({"name": "x"})),
    ("campaign_object_delete", lambda c: c.campaign().delete(hard=True)),
    ("campaign_object_start", lambda c: c.campaign().start()),
    ("campaign_object_stop", lambda c: c.campaign(data={"sender_id": "admin"}).stop()),
]

CANNED: dict[str, Any] = {
    "duration": "1ms",
    "campaign": {"id": "server-campaign-id", "name": "Spring"},
    "segment": {"id": "server-segment-id", "type": "user"},
    "task_id": "task-1",
    "threads": [],
}


@pytest.mark.parametrize(("name", "call"), BAD_CALLS, ids=[name for name, _ in BAD_CALLS])
def test_bad_input_refused_before_any_request_sync(name: str, call: Callable[[Any], Any]) -> None:
    recorder = Recorder(CANNED)
    with recorder.sync_client(max_retries=0) as client, pytest.raises(ValueError):
        call(client)
    assert recorder.requests == []


@pytest.mark.parametrize(("name", "call"), BAD_CALLS, ids=[name for name, _ in BAD_CALLS])
def test_bad_input_refused_before_any_request_async(name: str, call: Callable[[Any], Any]) -> None:
    recorder = Recorder(CANNED)

    async def run() -> None:
        async with recorder.async_client(max_retries=0) as client:
            with pytest.raises(ValueError):
                result = call(client)
                if asyncio.iscoroutine(result):
                    await result

    asyncio.run(run())
    assert recorder.requests == []


def test_verify_segment_id() -> None:
    with Recorder(CANNED).sync_client(max_retries=0) as client:
        client.segment(SegmentType.USER, "seg-1").verify_segment_id()
        with pytest.raises(ValueError, match="segment has no id"):
            client.segment(SegmentType.USER).verify_segment_id()


def test_factories_return_objects_bound_to_their_client() -> None:
    with Recorder(CANNED).sync_client(max_retries=0) as client:
        segment = client.segment(SegmentType.CHANNEL, "seg-1", {"name": "n"})
        campaign = client.campaign("camp-1", {"sender_id": "admin"})
        updater = client.channel_batch_updater()
    assert type(segment) is Segment and segment.client is client
    assert (segment.segment_type, segment.segment_id, segment.data) == (SegmentType.CHANNEL, "seg-1", {"name": "n"})
    assert type(campaign) is Campaign and campaign.client is client
    assert (campaign.campaign_id, campaign.data) == ("camp-1", {"sender_id": "admin"})
    assert type(updater) is ChannelBatchUpdater and updater.client is client

    async def run() -> None:
        async with Recorder(CANNED).async_client(max_retries=0) as aclient:
            assert type(aclient.segment(SegmentType.USER)) is AsyncSegment
            assert type(aclient.campaign()) is AsyncCampaign
            assert type(aclient.channel_batch_updater()) is AsyncChannelBatchUpdater

    asyncio.run(run())


def test_segment_type_given_as_its_value() -> None:
    recorder = Recorder(CANNED)
    with recorder.sync_client(max_retries=0) as client:
        segment = client.segment("user")  # type: ignore[arg-type]
        assert segment.segment_type is SegmentType.USER
        client.create_segment("channel", "seg-1")  # type: ignore[arg-type]
    assert recorder.json_bodies() == [{"type": "channel", "id": "seg-1"}]


def test_segment_create_remembers_the_server_id() -> None:
    recorder = Recorder(CANNED)
    with recorder.sync_client(max_retries=0) as client:
        segment = client.segment(SegmentType.USER, data={"name": "VIPs"})
        response = segment.create()
        assert response["segment"]["id"] == "server-segment-id"
        assert segment.segment_id == "server-segment-id"
        segment.get()
    assert recorder.json_bodies()[0] == {"type": "user", "name": "VIPs"}
    assert recorder.requests[1].url.path == "/segments/server-segment-id"


def test_segment_create_keeps_a_given_id() -> None:
    with Recorder(CANNED).sync_client(max_retries=0) as client:
        segment = client.segment(SegmentType.USER)
        segment.create("mine")
    assert segment.segment_id == "mine"


def test_async_segment_create_remembers_the_server_id() -> None:
    recorder = Recorder(CANNED)

    async def run() -> AsyncSegment:
        async with recorder.async_client(max_retries=0) as client:
            segment = client.segment(SegmentType.CHANNEL)
            await segment.create(data={"all_sender_channels": True})
            await segment.delete()
            return segment

    segment = asyncio.run(run())
    assert segment.segment_id == "server-segment-id"
    assert [request.method for request in recorder.requests] == ["POST", "DELETE"]
    assert recorder.requests[1].url.path == "/segments/server-segment-id"


def test_campaign_create_merges_data_without_touching_the_callers_dicts() -> None:
    recorder = Recorder(CANNED)
    initial: CampaignData = {"sender_id": "admin", "name": "first", "message_template": {"text": "hi"}}
    update: CampaignData = {"name": "second", "user_ids": ["u1"]}
    initial_before, update_before = copy.deepcopy(initial), copy.deepcopy(update)
    with recorder.sync_client(max_retries=0) as client:
        campaign = client.campaign("camp-1", initial)
        campaign.create(data=update)
    merged = {"sender_id": "admin", "name": "second", "message_template": {"text": "hi"}, "user_ids": ["u1"]}
    assert recorder.json_bodies() == [{"id": "camp-1", **merged}]
    assert campaign.data == merged
    assert initial == initial_before
    assert update == update_before


def test_async_campaign_create_merges_data_like_the_sync_one() -> None:
    recorder = Recorder(CANNED)
    initial: CampaignData = {"sender_id": "admin", "name": "first"}

    async def run() -> AsyncCampaign:
        async with recorder.async_client(max_retries=0) as client:
            campaign = client.campaign(data=initial)
            await campaign.create(data={"description": "d"})
            await campaign.start()
            return campaign

    campaign = asyncio.run(run())
    assert recorder.json_bodies()[0] == {"id": None, "sender_id": "admin", "name": "first", "description": "d"}
    assert campaign.data == {"sender_id": "admin", "name": "first", "description": "d"}
    assert initial == {"sender_id": "admin", "name": "first"}
    assert campaign.campaign_id == "server-campaign-id"
    assert recorder.requests[1].url.path == "/campaigns/server-campaign-id/start"
    assert recorder.json_bodies()[1] == {}


def test_campaign_create_keeps_a_given_id() -> None:
    recorder = Recorder(CANNED)
    with recorder.sync_client(max_retries=0) as client:
        campaign = client.campaign("camp-1")
        campaign.create()
        campaign.create("camp-2")
    assert campaign.campaign_id == "camp-2"
    assert recorder.json_bodies() == [{"id": "camp-1"}, {"id": "camp-2"}]


def test_campaign_create_without_campaign_in_the_response() -> None:
    with Recorder({"duration": "1ms"}).sync_client(max_retries=0) as client:
        campaign = client.campaign()
        campaign.create(data={"sender_id": "admin"})
    assert campaign.campaign_id is None


def test_query_bodies_leave_the_callers_dicts_alone() -> None:
    recorder = Recorder(CANNED)
    filter_conditions: dict[str, Any] = {"name": "x"}
    options: dict[str, Any] = {"limit": 3}
    with recorder.sync_client(max_retries=0) as client:
        client.query_campaigns(filter_conditions, None, options)  # type: ignore[arg-type]
        client.query_segments(filter_conditions, None, options)  # type: ignore[arg-type]
    assert recorder.json_bodies() == [{"filter": {"name": "x"}, "limit": 3}] * 2
    assert filter_conditions == {"name": "x"}
    assert options == {"limit": 3}


def test_responses_are_typed() -> None:
    with Recorder(CANNED).sync_client(max_retries=0) as client:
        campaign = client.get_campaign("camp-1")
        batch = client.channel_batch_updater().hide({"cids": ["messaging:a"]}, [{"user_id": "u1"}])
    assert isinstance(campaign.model, GetCampaignResponse)
    assert campaign["campaign"]["name"] == "Spring"
    assert isinstance(batch.model, ChannelBatchUpdateResponse)
    assert batch["task_id"] == "task-1"


def test_query_threads_object_sync_and_async() -> None:
    recorder = Recorder(CANNED)
    with recorder.sync_client(max_retries=0) as client:
        threads = QueryThreads(client)
        assert threads.url == "threads"
        response = threads.query_threads({"channel_cid": "messaging:a"}, [{"created_at": 1}], user_id="u1")
    assert isinstance(response.model, QueryThreadsResponse)

    async def run() -> None:
        async with recorder.async_client(max_retries=0) as aclient:
            aresponse = await QueryThreads(aclient).query_threads({}, [{"field": "created_at", "direction": -1}])
            assert isinstance(aresponse.model, QueryThreadsResponse)

    asyncio.run(run())
    assert [request.url.path for request in recorder.requests] == ["/threads", "/threads"]
    assert recorder.json_bodies() == [
        {"user_id": "u1", "filter": {"channel_cid": "messaging:a"}, "sort": [{"field": "created_at", "direction": 1}]},
        {"filter": {}, "sort": [{"field": "created_at", "direction": -1}]},
    ]


def test_query_threads_object_needs_a_client() -> None:
    with pytest.raises(TypeError, match="StreamChat or StreamChatAsync"):
        QueryThreads(object())  # type: ignore[type-var]
