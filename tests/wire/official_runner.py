"""Run wire cases with the official ``stream-chat`` package (in its own process: it is also named stream_chat).

stdin: {"base_url", "api_key", "api_secret", "cases": [[name, expression], ...]}
stdout: {name: error text or null}
"""

import datetime
import json
import sys
import urllib.parse
import urllib.request

from stream_chat import StreamChat
from stream_chat.types.segment import SegmentType


def main() -> None:
    """Run every case, recording only whether it raised."""
    spec = json.load(sys.stdin)
    client = StreamChat(spec["api_key"], spec["api_secret"], base_url=spec["base_url"])
    namespace = {"client": client, "datetime": datetime, "SegmentType": SegmentType}
    errors: dict[str, str | None] = {}
    for name, expression in spec["cases"]:
        urllib.request.urlopen(spec["base_url"] + "/__case__/" + urllib.parse.quote(name, safe="")).read()
        try:
            eval(expression, dict(namespace))
            errors[name] = None
        except Exception as error:  # reported to the test, which decides
            errors[name] = f"{type(error).__name__}: {error}"
    json.dump(errors, sys.stdout)


main()
