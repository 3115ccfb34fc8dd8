"""Where the layer's requests knowingly go beyond ``openapi/``: the one list the request validator accepts.

``stream_chat`` sends what the official ``stream-chat`` 4.x client sends for the
same call (``tests/wire/`` compares them request by request). In the places
listed here that wire format is not what our description (which follows
Stream's published spec) says. ``tests/contract/validator.py`` validates every
request strictly — undescribed keys and parameters included — and accepts a
problem only if one entry below names its operation, its place and its kind.

``where`` is a dotted path into the request: ``query.<name>`` (a query
parameter; ``query.payload.<key>…`` goes into the JSON ``payload`` parameter)
or ``body`` / ``body.<key>…`` (the JSON body). ``*`` matches any one key or list
index; as the last segment of an ``undescribed`` entry it means "any key the
schema does not describe there" (custom data).

``kind`` says what is accepted there:

- ``undescribed``: a key (or query parameter, or — for ``where="body"`` — a
  whole JSON body) the description does not have. ``schema``, if given, is what
  the value must still be.
- ``missing``: a key the description requires may be left out.
- ``instead``: the value may break the described schema if it satisfies
  ``schema`` (required) instead.
- ``operation``: an operation the description lacks; ``operation`` is then
  ``"METHOD /path/{template}"`` and only authentication is checked.

``tests/contract/test_differences.py`` checks that every entry still points at
a real place (an entry the description has since fixed must go), and the
session summary says how many entries the suite exercised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["undescribed", "missing", "instead", "operation"]

NULL: dict[str, Any] = {"nullable": True, "enum": [None]}
STRING: dict[str, Any] = {"type": "string"}
ANY: dict[str, Any] = {}


@dataclass(frozen=True)
class Difference:
    """One documented way the layer's requests differ from the description."""

    operation: str
    where: str
    kind: Kind
    why: str
    schema: dict[str, Any] | None = field(default=None, hash=False, compare=False)


def _custom(operation: str, where: str, why: str) -> Difference:
    return Difference(operation, where, "undescribed", why)


def _null(operation: str, where: str, why: str) -> Difference:
    return Difference(operation, where, "instead", why, NULL)


# Reasons shared by several entries.
CUSTOM_FIELDS = (
    "custom data: Stream stores unknown top-level keys of this object as custom fields,"
    " and the official client sends them there"
)
OPTIONS = "the caller's keyword options are sent as given, as the official client does (its signature takes **options)"
QUERY_OPTIONS = "the caller's options are sent as query parameters, as the official client does"
NULL_DEFAULT = "the official client sends null for an argument the caller left at its None default"
MEMBER_IDS = (
    "the official client sends member user IDs as plain strings, which the API accepts in place of member objects"
)
CALLER_VALUE = (
    "the caller's value is sent as given (the official client does not check it);"
    " tests/wire passes one the spec does not allow"
)
ONE_JSON_PART = (
    "multipart: the list travels as one JSON-encoded part, as the official client sends it"
    " (the description's default encoding would be one part per item, so the validator reads it as a list in a list)"
)
LIST_OF_OBJECTS: dict[str, Any] = {"type": "array", "items": {"type": "object"}}
NOT_REQUIRED = (
    "the official client sends only what the caller gave;"
    " the API fills in the rest, although the spec marks it required"
)

DIFFERENCES: tuple[Difference, ...] = (
    # -- app and channel types -------------------------------------------------------------------------------------
    _custom("UpdateApp", "body.*", OPTIONS),
    Difference("UpdatePermission", "body.condition", "missing", NOT_REQUIRED),
    Difference("CreateChannelType", "body.automod", "missing", NOT_REQUIRED),
    Difference("CreateChannelType", "body.automod_behavior", "missing", NOT_REQUIRED),
    Difference("CreateChannelType", "body.max_message_length", "missing", NOT_REQUIRED),
    _custom("UpdateChannelType", "body.*", OPTIONS),
    Difference("UpdateChannelType", "body.automod", "missing", NOT_REQUIRED),
    Difference("UpdateChannelType", "body.automod_behavior", "missing", NOT_REQUIRED),
    Difference("UpdateChannelType", "body.max_message_length", "missing", NOT_REQUIRED),
    _null("CheckSQS", "body.sqs_key", NULL_DEFAULT),
    _null("CheckSQS", "body.sqs_secret", NULL_DEFAULT),
    _null("CheckSQS", "body.sqs_url", NULL_DEFAULT),
    _null("CheckSNS", "body.sns_key", NULL_DEFAULT),
    _null("CheckSNS", "body.sns_secret", NULL_DEFAULT),
    _null("CheckSNS", "body.sns_topic_arn", NULL_DEFAULT),
    # -- campaigns and segments ------------------------------------------------------------------------------------
    _custom("CreateCampaign", "body.*", "the caller's campaign dict is sent as given, as the official client does"),
    _null("CreateCampaign", "body.id", "the official client sends `id: null` when the caller gives no campaign ID"),
    Difference("CreateCampaign", "body.message_template", "missing", NOT_REQUIRED),
    Difference("CreateCampaign", "body.sender_id", "missing", NOT_REQUIRED),
    Difference("UpdateCampaign", "body.message_template", "missing", NOT_REQUIRED),
    Difference("UpdateCampaign", "body.sender_id", "missing", NOT_REQUIRED),
    Difference("DeleteCampaign", "query.*", "undescribed", QUERY_OPTIONS),
    Difference("StartCampaign", "body.stop_at", "instead", CALLER_VALUE, STRING),
    Difference(
        "StopCampaign", "body", "undescribed", "the official client posts an empty JSON object", {"type": "object"}
    ),
    Difference(
        "QuerySegments", "body.filter", "missing", "the official client sends no filter when the caller gives none"
    ),
    Difference(
        "QuerySegmentTargets",
        "body.filter",
        "undescribed",
        "the official client sends `filter`; the spec spells it `Filter`",
        {"type": "object"},
    ),
    Difference(
        "QuerySegmentTargets",
        "body.sort",
        "undescribed",
        "the official client sends `sort`; the spec spells it `Sort`",
        {"type": "array"},
    ),
    # -- channels --------------------------------------------------------------------------------------------------
    Difference(
        "QueryChannels", "body.watch", "undescribed", "the official client sends it (always false)", {"type": "boolean"}
    ),
    Difference(
        "QueryChannels",
        "body.presence",
        "undescribed",
        "the official client sends it (always false)",
        {"type": "boolean"},
    ),
    Difference(
        "GetOrCreateChannel", "body.watch", "undescribed", "the official client sends it on create", {"type": "boolean"}
    ),
    Difference(
        "GetOrCreateChannel",
        "body.presence",
        "undescribed",
        "the official client sends it on create",
        {"type": "boolean"},
    ),
    _custom("GetOrCreateChannel", "body.data.*", CUSTOM_FIELDS),
    Difference("GetOrCreateChannel", "body.data.members.*", "instead", MEMBER_IDS, STRING),
    Difference(
        "GetOrCreateDistinctChannel", "body.watch", "undescribed", "the official client sends it", {"type": "boolean"}
    ),
    _custom("GetOrCreateDistinctChannel", "body.data.*", CUSTOM_FIELDS),
    Difference("GetOrCreateDistinctChannel", "body.data.members.*", "instead", MEMBER_IDS, STRING),
    _custom("UpdateChannel", "body.data.*", CUSTOM_FIELDS),
    _null("UpdateChannel", "body.message", NULL_DEFAULT),
    Difference("UpdateChannel", "body.add_members.*", "instead", MEMBER_IDS, STRING),
    Difference("UpdateChannel", "body.invites.*", "instead", MEMBER_IDS, STRING),
    Difference("DeleteChannel", "query.*", "undescribed", QUERY_OPTIONS),
    _null("QueryMembers", "query.payload.id", "the official client sends `id: null` for a distinct channel"),
    Difference("QueryMembers", "query.payload.members.*", "instead", MEMBER_IDS, STRING),
    Difference(
        "MarkDelivered", "body.user_id", "undescribed", "the official client sends the user at the top level", STRING
    ),
    Difference(
        "MarkDelivered",
        "body.user",
        "undescribed",
        "the official client sends the user at the top level",
        {"type": "object"},
    ),
    _null("ExportChannels", "body.channels.*.messages_since", NULL_DEFAULT),
    _null("ExportChannels", "body.channels.*.messages_until", NULL_DEFAULT),
    Difference("ExportChannels", "body.channels.*.messages_until", "instead", CALLER_VALUE, STRING),
    Difference("ListImports", "query.*", "undescribed", QUERY_OPTIONS),
    _null("QueryThreads", "body.filter", NULL_DEFAULT),
    # -- messages --------------------------------------------------------------------------------------------------
    Difference("SendMessage", "body.message.custom", "instead", CALLER_VALUE, ANY),
    _custom("SendEvent", "body.event.*", CUSTOM_FIELDS),
    _custom("UpdateMessage", "body.message.*", CUSTOM_FIELDS),
    Difference(
        "CommitMessage", "body", "undescribed", "the official client posts an empty JSON object", {"type": "object"}
    ),
    Difference(
        "DeleteMessage",
        "body",
        "undescribed",
        "delete_message(delete_for_me=True) sends its options as a JSON body, as the official client does",
        {"type": "object"},
    ),
    _null("QueryMessageHistory", "body.filter", NULL_DEFAULT),
    _custom("UploadChannelImage", "body.user.*", "the official client sends the caller's user dict as given"),
    Difference("UploadChannelImage", "body.upload_sizes.*", "instead", ONE_JSON_PART, LIST_OF_OBJECTS),
    Difference("UploadImage", "body.upload_sizes.*", "instead", ONE_JSON_PART, LIST_OF_OBJECTS),
    Difference("UploadChannelFile", "body.user.id", "missing", CALLER_VALUE),
    # -- moderation ------------------------------------------------------------------------------------------------
    Difference("Ban", "body.type", "undescribed", "the official client sends the channel as `type`/`id`", STRING),
    Difference("Ban", "body.id", "undescribed", "the official client sends the channel as `type`/`id`", STRING),
    _custom("Ban", "body.*", OPTIONS),
    Difference("Unban", "query.type", "undescribed", "the official client sends the channel as `type`/`id`"),
    Difference("Unban", "query.id", "undescribed", "the official client sends the channel as `type`/`id`"),
    Difference("Unban", "query.shadow", "undescribed", "the official client sends `shadow` to lift a shadow ban"),
    Difference(
        "MuteUser", "body.target_id", "undescribed", "the official client sends one muted user as `target_id`", STRING
    ),
    Difference(
        "MuteUser", "body.timeout", "missing", "the official client sends no timeout when the caller gives none"
    ),
    Difference(
        "UnmuteUser", "body.target_id", "undescribed", "the official client sends one user as `target_id`", STRING
    ),
    Difference(
        "MuteChannel",
        "body.channel_cid",
        "undescribed",
        "the official client sends one channel as `channel_cid`",
        STRING,
    ),
    Difference(
        "UnmuteChannel",
        "body.channel_cid",
        "undescribed",
        "the official client sends one channel as `channel_cid`",
        STRING,
    ),
    Difference(
        "POST /moderation/reports", "", "operation", "query_flag_reports uses the v1 reports endpoint the spec lacks"
    ),
    Difference(
        "PATCH /moderation/reports/{id}",
        "",
        "operation",
        "review_flag_report uses the v1 reports endpoint the spec lacks",
    ),
    # -- users -----------------------------------------------------------------------------------------------------
    _custom("UpdateUsers", "body.users.*.*", CUSTOM_FIELDS),
    _custom("BlockUsers", "body.*", OPTIONS),
    _custom("SendUserCustomEvent", "body.event.*", CUSTOM_FIELDS),
    _null("CreateDevice", "body.push_provider_name", NULL_DEFAULT),
    Difference("ExportUser", "query.*", "undescribed", QUERY_OPTIONS),
    Difference("GetBlockedUsers", "query.*", "undescribed", QUERY_OPTIONS),
    Difference("GetUserLiveLocations", "query.*", "undescribed", QUERY_OPTIONS),
    Difference(
        "UpdateLiveLocation",
        "query.*",
        "undescribed",
        "the official client sends the caller's options as query parameters",
    ),
)
