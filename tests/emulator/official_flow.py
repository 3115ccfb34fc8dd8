"""The official ``stream-chat`` package's basic flow, run in its own process against an HTTP emulator.

argv: base_url api_key api_secret suffix; stdout: a JSON summary of what the client got back.
"""

import json
import sys

from stream_chat import StreamChat
from stream_chat.base.exceptions import StreamAPIException


def main() -> None:
    base_url, api_key, api_secret, suffix = sys.argv[1:5]
    client = StreamChat(api_key, api_secret, base_url=base_url)
    alice, bob = f"alice-{suffix}", f"bob-{suffix}"
    client.upsert_users([{"id": alice, "name": "Alice"}, {"id": bob, "name": "Bob"}])
    channel = client.channel("messaging", f"general-{suffix}", {"name": "General", "members": [alice, bob]})
    channel.create(alice)
    sent = channel.send_message({"text": "Hello from the official client"}, alice)
    message_id = sent["message"]["id"]
    channels = client.query_channels({"members": {"$in": [bob]}, "name": "General"}, [{"last_message_at": -1}])
    channel.send_reaction(message_id, {"type": "like"}, bob)
    liked = channel.send_reaction(message_id, {"type": "love", "score": 2}, alice)
    reactions = channel.get_reactions(message_id)
    removed = channel.delete_reaction(message_id, "like", bob)
    try:
        client.channel("messaging", f"missing-{suffix}").delete()
        missing = None
    except StreamAPIException as error:
        missing = [error.status_code, error.error_code]
    rate_limit = sent.rate_limit()
    summary = {
        "message_text": sent["message"]["text"],
        "queried": [item["channel"]["id"] for item in channels["channels"]],
        "queried_messages": [m["text"] for item in channels["channels"] for m in item["messages"]],
        "counts_after_love": liked["message"]["reaction_counts"],
        "reaction_types": sorted(r["type"] for r in reactions["reactions"]),
        "counts_after_delete": removed["message"]["reaction_counts"],
        "rate_limit": rate_limit.limit if rate_limit else None,
        "missing_channel": missing,
    }
    json.dump(summary, sys.stdout)


main()
