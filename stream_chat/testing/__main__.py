"""``python -m stream_chat.testing``: the emulator as an HTTP server on 127.0.0.1 (Ctrl-C stops it)."""

from __future__ import annotations

import argparse
import sys
import threading

from stream_chat.testing.app import DEFAULT_API_KEY, DEFAULT_API_SECRET, DEFAULT_RATE_LIMIT, Emulator

DEFAULT_PORT = 3030


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m stream_chat.testing",
        description="A local, in-memory Stream Chat server-side API for tests (no Stream account needed).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port; 0 picks a free one (default: %(default)s)"
    )
    parser.add_argument("--api-key", default=DEFAULT_API_KEY, help="the app's API key (default: %(default)s)")
    parser.add_argument("--api-secret", default=DEFAULT_API_SECRET, help="the app's secret (default: %(default)s)")
    parser.add_argument(
        "--rate-limit",
        type=int,
        default=DEFAULT_RATE_LIMIT,
        help="requests per operation per window before 429 (default: %(default)s)",
    )
    parser.add_argument(
        "--rate-window", type=int, default=60, metavar="SECONDS", help="rate-limit window (default: %(default)s)"
    )
    parser.add_argument(
        "--webhook-url",
        default="",
        metavar="URL",
        help="POST every event here, signed with X-Signature, as Stream's webhooks do (default: none)",
    )
    parser.add_argument(
        "--exit-after", type=float, default=None, metavar="SECONDS", help="stop by itself after this long"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    emulator = Emulator(
        args.api_key,
        args.api_secret,
        rate_limit=args.rate_limit,
        rate_window=args.rate_window,
        webhook_url=args.webhook_url,
    )
    server = emulator.serve(args.host, args.port)
    print(f"Stream Chat emulator listening on {server.url} (api key {args.api_key})", flush=True)
    stop = threading.Event()
    try:
        stop.wait(args.exit_after)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        emulator.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
