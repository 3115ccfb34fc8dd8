"""The keyword options of the client methods are the keys of their request schemas in ``openapi/``.

Each ``...Options`` of ``stream_chat.types.requests`` must list every key of the operation's
request schema that the method does not set from its own arguments (so that no valid option is a
type error), and nothing else but what the official client also sends (so that a misspelt
keyword is one).
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest

import stream_chat.async_chat.client as async_client_module
import stream_chat.base.client as base_client_module
import stream_chat.client as client_module
from generator.bundle import bundle, operations
from stream_chat.base.client import StreamChatInterface
from stream_chat.pagination import PAGINATION_KEYS
from stream_chat.resources.iterators import AsyncIterators, SyncIterators
from stream_chat.resources.scale import AsyncScale, SyncScale
from stream_chat.types import requests
from stream_chat.types.campaign import QueryCampaignsOptions
from stream_chat.types.draft import QueryDraftsOptions
from stream_chat.types.segment import QuerySegmentsOptions, QuerySegmentTargetsOptions
from stream_chat_gen import typed_dicts
from tests.support import OPENAPI_DIR

# (options, request schema, keys the method sets from its own arguments, keys beyond the schema)
OPTIONS: list[tuple[Any, str, set[str], set[str]]] = [
    (requests.QueryChannelsOptions, "QueryChannelsRequest", {"filter_conditions", "sort"}, {"watch", "presence"}),
    (requests.QueryUsersOptions, "QueryUsersPayload", {"filter_conditions", "sort"}, set()),
    (requests.SendMessageOptions, "SendMessageRequest", {"message"}, set()),
    (requests.UpdateMessagePartialOptions, "UpdateMessagePartialRequest", {"set", "unset", "user_id"}, set()),
    (requests.ChannelQueryOptions, "ChannelGetOrCreateRequest", set(), {"watch", "presence"}),
    (requests.TruncateOptions, "TruncateChannelRequest", set(), set()),
    (requests.DeleteChannelsOptions, "DeleteChannelsRequest", {"cids"}, set()),
    (requests.DeactivateUserOptions, "DeactivateUserRequest", set(), set()),
    (requests.ReactivateUserOptions, "ReactivateUserRequest", set(), set()),
    (requests.BanOptions, "BanRequest", {"target_user_id"}, {"type", "id"}),
    (requests.FlagOptions, "FlagRequest", {"target_message_id", "target_user_id"}, set()),
    (requests.MuteOptions, "MuteUserRequest", {"target_ids", "user_id"}, set()),
    (requests.QueryMembersOptions, "QueryMembersPayload", {"filter_conditions", "sort", "type", "id"}, set()),
    (requests.MarkReadOptions, "MarkReadRequest", {"user_id"}, set()),
    (requests.MarkUnreadOptions, "MarkUnreadRequest", {"user_id"}, set()),
    (
        requests.SearchOptions,
        "SearchPayload",
        {"filter_conditions", "query", "message_filter_conditions", "sort"},
        set(),
    ),
    (requests.DeactivateUsersOptions, "DeactivateUsersRequest", {"user_ids"}, set()),
    (requests.DeleteUsersOptions, "DeleteUsersRequest", {"user_ids", "user"}, set()),
    (requests.UnflagOptions, "UnflagRequest", {"target_message_id", "target_user_id"}, set()),
    (requests.BlockOptions, "BlockUsersRequest", {"blocked_user_id", "user_id"}, set()),
    (requests.QueryThreadsOptions, "QueryThreadsRequest", {"filter", "sort"}, set()),
    (requests.QueryMessageHistoryOptions, "QueryMessageHistoryRequest", {"filter", "sort"}, set()),
    (requests.ExportChannelsOptions, "ExportChannelsRequest", {"channels"}, set()),
    (requests.AddMembersOptions, "UpdateChannelRequest", {"add_members", "message"}, set()),
    # ``user_id`` is the method's argument; the answer is sent as ``user`` and one of the two flags.
    (
        requests.InviteAnswerOptions,
        "UpdateChannelRequest",
        {"user", "user_id", "accept_invite", "reject_invite"},
        set(),
    ),
    (requests.ShadowBanOptions, "BanRequest", {"target_user_id", "shadow"}, {"type", "id"}),
    (requests.QueryMessageFlagsOptions, "QueryMessageFlagsPayload", {"filter_conditions"}, set()),
    (requests.QueryFutureChannelBansOptions, "QueryFutureChannelBansPayload", set(), set()),
    (requests.QueryTeamUsageStatsOptions, "QueryTeamUsageStatsRequest", set(), set()),
    (requests.ReactivateUsersOptions, "ReactivateUsersRequest", {"user_ids"}, set()),
    (requests.QueryRemindersOptions, "QueryRemindersRequest", {"filter", "sort", "user_id"}, set()),
    (
        requests.IterBannedUsersOptions,
        "QueryBannedUsersPayload",
        {"filter_conditions", "sort", "limit", "offset"},
        set(),
    ),
]
# Each ``iter_*`` method: the options it takes, and those of the method it calls for each page.
ITERATORS: dict[str, tuple[Any, Any]] = {
    "iter_channels": (requests.IterChannelsOptions, requests.QueryChannelsOptions),
    "iter_users": (requests.IterUsersOptions, requests.QueryUsersOptions),
    "iter_members": (requests.IterMembersOptions, requests.QueryMembersOptions),
    "iter_banned_users": (requests.IterBannedUsersOptions, requests.IterBannedUsersOptions),
    "iter_future_channel_bans": (requests.IterFutureChannelBansOptions, requests.QueryFutureChannelBansOptions),
    "iter_message_flags": (requests.IterMessageFlagsOptions, requests.QueryMessageFlagsOptions),
    "iter_replies": (requests.IterRepliesOptions, requests.GetRepliesOptions),
    "iter_threads": (requests.IterThreadsOptions, requests.QueryThreadsOptions),
    "iter_drafts": (requests.NoOptions, QueryDraftsOptions),
    "iter_message_history": (requests.NoOptions, requests.QueryMessageHistoryOptions),
    "iter_search_results": (requests.IterSearchOptions, requests.SearchOptions),
    "iter_segments": (requests.NoOptions, QuerySegmentsOptions),
    "iter_segment_targets": (requests.NoOptions, QuerySegmentTargetsOptions),
    "iter_campaigns": (requests.NoOptions, QueryCampaignsOptions),
    "iter_team_usage_stats": (requests.IterTeamUsageStatsOptions, requests.QueryTeamUsageStatsOptions),
    "iter_blocked_users": (requests.NoOptions, requests.NoOptions),
    "iter_reminders": (requests.IterRemindersOptions, requests.QueryRemindersOptions),
}
# Options sent in the query: (options, operationId), every query parameter of the operation.
QUERY_OPTIONS: list[tuple[Any, str]] = [
    (requests.DeleteUserOptions, "DeleteUser"),
    (requests.GetMessageOptions, "GetMessage"),
    (requests.GetReactionsOptions, "GetReactions"),
    (requests.GetRepliesOptions, "GetReplies"),
]
# Query options where the method sets some parameters itself, or the official client sends more:
# (options, operationId, those parameters, keys beyond the operation's).
PARTIAL_QUERY_OPTIONS: list[tuple[Any, str, set[str], set[str]]] = [
    (requests.DeleteMessageOptions, "DeleteMessage", {"deleted_by", "delete_for_me"}, set()),
    (requests.UnbanOptions, "Unban", {"target_user_id"}, set()),
    (requests.UnbanUserOptions, "Unban", {"target_user_id"}, {"type", "id"}),
    # Operations that take nothing beyond the method's arguments.
    (requests.NoOptions, "ExportUser", set(), set()),
    (requests.NoOptions, "GetBlockedUsers", {"user_id"}, set()),
    (requests.NoOptions, "GetUserLiveLocations", {"user_id"}, set()),
    (requests.NoOptions, "DeleteCampaign", set(), set()),
]


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return bundle(OPENAPI_DIR)


@pytest.fixture(scope="module")
def schemas(spec: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"]
    return found


@pytest.mark.parametrize(
    ("options", "schema", "set_by_method", "beyond"), OPTIONS, ids=lambda v: getattr(v, "__name__", "")
)
def test_options_are_the_schemas_keys_the_method_leaves_to_the_caller(
    schemas: dict[str, Any], options: Any, schema: str, set_by_method: set[str], beyond: set[str]
) -> None:
    keys = set(schemas[schema]["properties"])
    assert set_by_method <= keys
    assert set(options.__optional_keys__) == (keys - set_by_method) | beyond
    assert not options.__required_keys__


def test_the_request_dicts_cover_every_key_of_their_schemas(schemas: dict[str, Any]) -> None:
    for name in ("MessageRequest", "UserRequest", "ChannelInput", "SortParamRequest", "UpdateMessagePartialRequest"):
        generated = getattr(typed_dicts, name + "Dict")
        assert set(generated.__optional_keys__) == set(schemas[name]["properties"]), name


@pytest.mark.parametrize(
    ("options", "operation_id", "set_by_method", "beyond"),
    [
        *((options, operation_id, set[str](), set[str]()) for options, operation_id in QUERY_OPTIONS),
        *PARTIAL_QUERY_OPTIONS,
    ],
    ids=lambda v: getattr(v, "__name__", "") if not isinstance(v, str) else v,
)
def test_query_options_are_the_operations_query_parameters(
    spec: dict[str, Any], options: Any, operation_id: str, set_by_method: set[str], beyond: set[str]
) -> None:
    (operation,) = [operation for _, _, operation in operations(spec) if operation["operationId"] == operation_id]
    parameters = {parameter["name"] for parameter in operation["parameters"] if parameter["in"] == "query"}
    assert set_by_method <= parameters
    assert "requestBody" not in operation
    assert set(options.__optional_keys__) == (parameters - set_by_method) | beyond
    assert not options.__required_keys__


@pytest.mark.parametrize("options", [requests.StreamChatOptions, requests.StreamChatAsyncOptions])
def test_constructor_options_are_the_ones_the_client_reads_and_documents(options: Any) -> None:
    documented = set(re.findall(r"``(\w+)``", StreamChatInterface.__doc__ or ""))
    sources = [inspect.getsource(module) for module in (base_client_module, client_module, async_client_module)]
    read = {key for source in sources for key in re.findall(r"options\.get\(\"(\w+)\"", source)}
    assert set(options.__optional_keys__) == read
    assert read <= documented
    assert set(requests.ClientOptions.__optional_keys__) == read


@pytest.mark.parametrize("iterators", [SyncIterators, AsyncIterators], ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("method", sorted(ITERATORS))
def test_iterator_options_are_the_pages_options_but_paging(iterators: type, method: str) -> None:
    options, per_page = ITERATORS[method]
    parameter = inspect.signature(getattr(iterators, method)).parameters["options"]
    assert parameter.annotation == f"Unpack[{options.__name__}]"
    assert set(options.__optional_keys__) == set(per_page.__optional_keys__) - PAGINATION_KEYS


def test_every_iterator_with_options_is_held() -> None:
    for iterators in (SyncIterators, AsyncIterators):
        with_options = {
            name
            for name, member in inspect.getmembers(iterators, inspect.isfunction)
            if name.startswith("iter_") and "options" in inspect.signature(member).parameters
        }
        assert with_options == set(ITERATORS)


# The bulk and wait helpers: the options they pass on, those of the method they call.
SCALE: dict[str, Any] = {
    "export_channels_and_wait": requests.ExportChannelsOptions,
    "delete_channels_and_wait": requests.DeleteChannelsOptions,
    "bulk_deactivate_users": requests.DeactivateUsersOptions,
    "bulk_reactivate_users": requests.ReactivateUsersOptions,
    "bulk_delete_users": requests.DeleteUsersOptions,
}


@pytest.mark.parametrize("helpers", [SyncScale, AsyncScale], ids=lambda cls: cls.__name__)
def test_bulk_and_wait_helpers_take_the_options_they_pass_on(helpers: type) -> None:
    for name, member in inspect.getmembers(helpers, inspect.isfunction):
        parameter = inspect.signature(member).parameters.get("options")
        if name in SCALE or (parameter is not None and member.__qualname__.startswith(helpers.__name__)):
            assert parameter is not None and parameter.annotation == f"Unpack[{SCALE[name].__name__}]", name
