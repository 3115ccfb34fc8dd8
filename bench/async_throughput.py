"""Async clients: requests per second with 50 requests in flight on one client.

Each client runs in its own worker process (one event loop, one client) and
keeps ``CONCURRENCY`` requests in flight until it has made a batch of
requests or its time is up; the clients take turns batch by batch, the order
rotating every round. The figures are medians over the rounds; the ratios
are taken round by round against the official ``StreamChatAsync``.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

from bench import payloads
from bench.common import GETSTREAM_SITE, OFFICIAL_SITE, Row, Section, quartiles
from bench.workers import ClientSpec, close_all, start_all

CONCURRENCY = 50
OPERATIONS = ("send_message", "query_channel")
LABELS = {"send_message": "send message", "query_channel": "query one channel (115 KB)"}
REQUESTS = {"send_message": 4000, "query_channel": 1200}  # per batch, fewer if its time runs out
OFFICIAL = "official StreamChatAsync (aiohttp)"
BASE = "ours, base install (aiohttp transport, stdlib json)"
OURS = "ours, `fast` extra (aiohttp transport, orjson)"
CLIENTS = [
    ClientSpec(OFFICIAL, "official", site=OFFICIAL_SITE),
    ClientSpec(BASE, "ours", block=("orjson",)),
    ClientSpec(OURS, "ours"),
    ClientSpec("ours, httpx transport by opt-in, stdlib json", "ours-httpx", block=("orjson",)),
    ClientSpec("raw aiohttp", "raw-aiohttp"),
    ClientSpec("raw httpx.AsyncClient", "raw-httpx"),
    ClientSpec("getstream AsyncStream", "getstream", site=GETSTREAM_SITE),
]
TARGET = 1.0
PROCESS_SETS = 3  # fresh worker processes for each third of the rounds (see measure)


def measure(base_url: str, rounds: int, batch_seconds: float) -> dict[str, dict[str, list[tuple[float, float]]]]:
    """Per client, per operation: (requests per second, CPU seconds per request), one pair per round.

    The rounds are shared out among ``PROCESS_SETS`` sets of worker processes, started one set after the
    other: a process's allocator state (which of its large buffers come from fresh, page-faulting memory)
    shifts its figures for as long as it lives, by more than the difference between two clients.
    """
    found: dict[str, dict[str, list[tuple[float, float]]]] = {}
    sets = min(PROCESS_SETS, rounds)
    for part in range(sets):
        workers = start_all("async", CLIENTS, base_url)
        for label in workers:
            found.setdefault(label, {op: [] for op in OPERATIONS})
        try:
            names = list(workers)
            for index in range(part * rounds // sets, (part + 1) * rounds // sets):
                for operation in OPERATIONS:
                    shift = (index + OPERATIONS.index(operation)) % len(names)
                    for label in names[shift:] + names[:shift]:
                        if label.startswith("getstream") and index > 0 and rounds > 2 and index % 2:
                            continue  # slow: every other round is enough
                        command = {
                            "op": operation,
                            "requests": REQUESTS[operation],
                            "concurrency": CONCURRENCY,
                            "seconds": batch_seconds,
                        }
                        answer = workers[label].ask(command)
                        found[label][operation].append((answer["rps"], answer["cpu"]))
        finally:
            close_all(workers)
    return found


def median_rps(found: dict[str, dict[str, list[tuple[float, float]]]], label: str, operation: str) -> float:
    return statistics.median(rps for rps, _ in found[label][operation])


def bench_async(base_url: str, rounds: int, batch_seconds: float) -> tuple[list[Row], Section]:
    found = measure(base_url, rounds, batch_seconds)
    labels = [spec.label for spec in CLIENTS if spec.label in found]
    table = [["client", *(f"{LABELS[op]}: req/s (CPU per request)" for op in OPERATIONS), "ratio to official"]]
    for label in labels:
        cells = [label]
        ratio_cells = []
        for operation in OPERATIONS:
            rps = statistics.median(r for r, _ in found[label][operation])
            cpu = statistics.median(c for _, c in found[label][operation])
            cells.append(f"{rps:,.0f} ({cpu * 1e6:.0f} µs)")
            if OFFICIAL in found and len(found[label][operation]) == len(found[OFFICIAL][operation]):
                per_round = [
                    r / o for (r, _), (o, _) in zip(found[label][operation], found[OFFICIAL][operation], strict=True)
                ]
                ratio_cells.append(f"{statistics.median(per_round):.2f}x")
            elif OFFICIAL in found:
                ratio_cells.append(f"{rps / statistics.median(o for o, _ in found[OFFICIAL][operation]):.2f}x")
        table.append([*cells, " / ".join(ratio_cells)])
    notes = [
        f"{CONCURRENCY} requests in flight on one client in one event loop; batches of up to "
        + ", ".join(f"{REQUESTS[op]} requests ({LABELS[op]})" for op in OPERATIONS)
        + f" or {batch_seconds:.1f} s; {rounds} rounds, clients interleaved, each third of the rounds in freshly "
        "started worker processes; medians. CPU per request: the "
        "client process's CPU time over the batch divided by its requests (the server runs in its own process).",
        "Ours, base install: `StreamChatAsync` as `pip install` gives it (aiohttp, no orjson). httpx transport: "
        "the same with `transport=httpx.AsyncHTTPTransport()` (httpcore). Raw httpx: one `httpx.AsyncClient`, "
        "`post(..., json=body)`, `response.json()`. Raw aiohttp: one `ClientSession`, `post(..., json=body)`, "
        "`json.loads(await response.read())`.",
    ]
    rows = []
    if OFFICIAL in found:
        for label, note in ((BASE, "base install"), (OURS, "`fast` extra")):
            for operation in OPERATIONS:
                per_round = [
                    r / o for (r, _), (o, _) in zip(found[label][operation], found[OFFICIAL][operation], strict=True)
                ]
                low, high = quartiles(per_round)
                rows.append(
                    Row(
                        f"async {LABELS[operation]} at {CONCURRENCY} in flight: ours ({note}) / official "
                        "StreamChatAsync, req/s",
                        statistics.median(per_round),
                        "x",
                        TARGET,
                        f"IQR {low:.2f} to {high:.2f}; medians {median_rps(found, label, operation):,.0f} and "
                        f"{median_rps(found, OFFICIAL, operation):,.0f} req/s; {rounds} rounds",
                        higher_is_better=True,
                    )
                )
    rows.append(layer_cost(rounds))
    return rows, Section(f"Async clients, {CONCURRENCY} requests in flight", table, notes)


def layer_cost(rounds: int, calls: int = 5000) -> Row:
    """CPU of our own code per async send message: the network is replaced by an answer that is there at once.

    ``AiohttpTransport.fetch`` of the client returns the canned answer of the
    bench server, so what is left is the client method, the generated endpoint,
    the request building, the retry loop and the ``StreamResponse``.
    """
    from multidict import CIMultiDict, CIMultiDictProxy  # noqa: PLC0415 - aiohttp's, installed with it

    from bench import clients, server  # noqa: PLC0415
    from stream_chat import StreamChatAsync  # noqa: PLC0415
    from stream_chat.transports import AiohttpTransport, Answer  # noqa: PLC0415

    body = payloads.encode(server.documents()["send_message"])
    headers = CIMultiDictProxy(CIMultiDict({"Content-Type": "application/json", "X-RateLimit-Limit": "300"}))
    raw_headers = tuple((name.encode(), value.encode()) for name, value in headers.items())

    class Canned(AiohttpTransport):
        async def fetch(self, *args: Any, **kwargs: Any) -> Answer:
            return Answer(200, headers, raw_headers, body, None, "OK")

    async def measure() -> list[float]:
        client = StreamChatAsync(clients.API_KEY, clients.API_SECRET, base_url="http://127.0.0.1:9", transport=Canned())
        channel = client.channel(clients.CHANNEL_TYPE, clients.CHANNEL_ID)
        per_call = []
        for _ in range(rounds + 1):  # the first round warms up
            started = time.process_time()
            for _ in range(calls):
                await channel.send_message(clients.MESSAGE, clients.USER_ID)
            per_call.append((time.process_time() - started) / calls)
        await client.close()
        return per_call[1:]

    per_call = asyncio.run(measure())
    low, high = quartiles(per_call)
    return Row(
        "our own CPU per async send message (`fast` extra), the network replaced by an answer at once",
        statistics.median(per_call) * 1e6,
        "µs",
        None,
        f"IQR {low * 1e6:.1f} to {high * 1e6:.1f} µs; {calls} calls per round, {rounds} rounds; the rest of "
        "a request's CPU time is aiohttp's and the event loop's",
    )
