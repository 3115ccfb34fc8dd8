"""Which resource group an operation belongs to, decided by its path.

The group names the sub-package of ``stream_chat_gen.api`` that holds the
endpoint module, and the file of ``openapi/`` that describes it. Stream tags
every operation ``product:chat``, so the grouping cannot come from tags; it
comes from these rules, applied the same way to our spec and to Stream's.

Stream's other specs put a version or product in front of the resource
(``/api/v2/chat/channels``, ``/video/call/{type}/{id}``, ``/automod/v1/...``);
those leading segments are dropped before the rules are applied, so
``/api/v2/chat/channels`` is in ``channels`` as ``/channels`` is.
"""

import re

# First match wins. A path no rule matches falls into a group named after its
# first segment, so a new resource in Stream's spec still gets a home.
RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), group)
    for pattern, group in (
        (r"^/channels/\{type\}/\{id\}/(message|messages|pinned_messages|event)$", "messages"),
        (r"^/channels/\{type\}/\{id\}/(file|image)$", "uploads"),
        (r"^/channels/\{type\}/\{id\}/draft$", "drafts"),
        (r"^/(channels|members|unread)", "channels"),
        (r"^/messages/\{id\}/reactions?(/|$)", "reactions"),
        (r"^/messages/\{message_id\}/polls", "polls"),
        (r"^/messages/\{message_id\}/reminders", "reminders"),
        (r"^/(messages|search$|og$)", "messages"),
        (r"^/uploads", "uploads"),
        (r"^/drafts", "drafts"),
        (r"^/reminders", "reminders"),
        (r"^/(channeltypes|commands)", "channel_types"),
        (r"^/(check_push|check_sns|check_sqs|push_)", "push"),
        (r"^/devices", "devices"),
        (r"^/(export/users|export_channels|tasks)", "exports"),
        (r"^/(imports|import_urls|external_storage)", "imports"),
        (r"^/(moderation|query_banned_users|query_future_channel_bans)", "moderation"),
        (r"^/users/(block|unblock)$", "moderation"),
        (r"^/(users|guest)", "users"),
        (r"^/(permissions|roles)", "permissions"),
        (r"^/polls", "polls"),
        (r"^/usergroups", "user_groups"),
        (r"^/(campaigns|segments)", "campaigns"),
        (r"^/(app|rate_limits|retention_policy|stats|predefined_filters|blocklists)", "app"),
        (r"^/threads", "threads"),
    )
)


# Leading segments that name an API version or a Stream product, not a resource. `moderation` is
# both a product and one of our groups, so it stays.
PRODUCTS = frozenset({"chat", "video", "feeds", "automod"})
VERSION = re.compile(r"api|v\d+(\.\d+)*")


def resource_path(path: str) -> str:
    """``path`` without its leading version and product segments (``/api/v2/chat/channels`` -> ``/channels``).

    At most one product segment goes (``/feeds/feeds/{id}`` keeps its resource), and never the
    segment before a parameter or the last one.
    """
    segments = path.strip("/").split("/")
    product_dropped = False
    while len(segments) > 1 and not segments[1].startswith("{"):
        if VERSION.fullmatch(segments[0]):
            segments.pop(0)
        elif segments[0] in PRODUCTS and not product_dropped:
            segments.pop(0)
            product_dropped = True
        else:
            break
    return "/" + "/".join(segments)


def group_of(path: str) -> str:
    """Return the resource group of an API path such as ``/channels/{type}/{id}``."""
    path = resource_path(path)
    for pattern, group in RULES:
        if pattern.search(path):
            return group
    first = path.strip("/").split("/", 1)[0]
    return re.sub(r"\W+", "_", first).strip("_").lower() or "root"
